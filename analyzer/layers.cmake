# One static library per module, linked only to the modules its layer may use (ARCHITECTURE.md).
#
#   tarsier_module(NAME DIR [USES module...])
#
# builds every .cpp under DIR (relative to the project root, globbed again when files are added)
# into tarsier_NAME, linked PUBLIC to tarsier_<module> for each module in USES and nothing else
# of ours. The calls in analyzer/CMakeLists.txt are the one table of layers: ci/check-deps reads
# them for the include check, and each call stays on one line for that reason.
#
# A static library links even when it calls a module it does not list, so every module also gets
# a layer check: an executable that links ALL of the module's objects (whole archive) against only
# the libraries it lists. A call from a module into a module above it has no definition there and
# fails that link: "undefined reference to ...", naming the object file that made the call.
option(TARSIER_LAYER_CHECKS "Link every module against only its allowed modules" ON)

set(TARSIER_LAYER_CHECK_MAIN ${PROJECT_BINARY_DIR}/generated/layer_check_main.cpp)
if(NOT EXISTS ${TARSIER_LAYER_CHECK_MAIN})
  file(WRITE ${TARSIER_LAYER_CHECK_MAIN} "int main() { return 0; }\n")
endif()

function(tarsier_module name dir)
  cmake_parse_arguments(PARSE_ARGV 2 arg "" "" "USES")
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/${dir}/*.cpp)
  add_library(tarsier_${name} STATIC ${sources})
  target_include_directories(tarsier_${name} PUBLIC ${PROJECT_SOURCE_DIR})
  list(TRANSFORM arg_USES PREPEND tarsier_ OUTPUT_VARIABLE uses)
  target_link_libraries(tarsier_${name} PUBLIC ${uses} PRIVATE tarsier_warnings)
  target_compile_definitions(tarsier_${name} PRIVATE TARSIER_VERSION="${PROJECT_VERSION}")
  set_property(GLOBAL APPEND PROPERTY TARSIER_MODULE_DIRS ${dir})
  set_property(GLOBAL APPEND PROPERTY TARSIER_MODULES tarsier_${name})
  if(TARSIER_LAYER_CHECKS)
    tarsier_layer_check(tarsier_${name})
  endif()
endfunction()

# Links every object of LIBRARY into a throwaway executable with LIBRARY's own link interface.
function(tarsier_layer_check library)
  add_executable(${library}_layer_check ${TARSIER_LAYER_CHECK_MAIN})
  target_link_libraries(${library}_layer_check PRIVATE "$<LINK_LIBRARY:WHOLE_ARCHIVE,${library}>")
  set_target_properties(${library}_layer_check PROPERTIES RUNTIME_OUTPUT_DIRECTORY
                                                          ${PROJECT_BINARY_DIR}/layer_checks)
endfunction()

# Every folder of analyzer/ must be a module of the table (or the command line).
function(tarsier_require_layers)
  get_property(known GLOBAL PROPERTY TARSIER_MODULE_DIRS)
  file(GLOB folders LIST_DIRECTORIES true CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/analyzer/*)
  foreach(folder ${folders})
    file(RELATIVE_PATH dir ${PROJECT_SOURCE_DIR} ${folder})
    if(IS_DIRECTORY ${folder} AND NOT dir IN_LIST known AND NOT dir STREQUAL "analyzer/cli")
      message(FATAL_ERROR "${dir} has no layer: add one line for it to the table in "
                          "analyzer/CMakeLists.txt (tarsier_module(NAME ${dir} USES ...), listing "
                          "the modules it may use) and its row to ARCHITECTURE.md")
    endif()
  endforeach()
endfunction()
