# Embeds every file under rules/ into the binary so build/tarsier works from any directory.
# Produces ${TARSIER_EMBEDDED_RULES_CPP}, defining tarsier::embedded_rules() (engine/embedded_rules.h).
file(GLOB_RECURSE _rule_files CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/rules/*)
set(TARSIER_EMBEDDED_RULES_CPP ${PROJECT_BINARY_DIR}/generated/embedded_rules.cpp)
add_custom_command(
  OUTPUT ${TARSIER_EMBEDDED_RULES_CPP}
  COMMAND ${CMAKE_COMMAND} -DRULES_DIR=${PROJECT_SOURCE_DIR}/rules -DOUT=${TARSIER_EMBEDDED_RULES_CPP}
          -P ${CMAKE_CURRENT_LIST_DIR}/embed_rules.cmake
  DEPENDS ${_rule_files} ${CMAKE_CURRENT_LIST_DIR}/embed_rules.cmake
  COMMENT "Embedding rules/")
