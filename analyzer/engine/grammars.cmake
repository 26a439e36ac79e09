# Tree-sitter grammars compiled from the pinned npm sources (ci/grammars, ABI 14), linked against
# Debian's libtree-sitter. Each grammar's own src/ comes first on the include path so its newer
# tree_sitter/parser.h wins over the system one.
function(tarsier_add_grammar name dir)
  if(NOT EXISTS ${dir}/parser.c)
    message(FATAL_ERROR "Grammar source ${dir}/parser.c is missing: run ci/setup "
                        "(or: cd ci/grammars && npm ci --ignore-scripts)")
  endif()
  set(srcs ${dir}/parser.c)
  if(EXISTS ${dir}/scanner.c)
    list(APPEND srcs ${dir}/scanner.c)
  endif()
  add_library(ts_grammar_${name} STATIC ${srcs})
  target_include_directories(ts_grammar_${name} PRIVATE ${dir})
  set_target_properties(ts_grammar_${name} PROPERTIES C_STANDARD 11 POSITION_INDEPENDENT_CODE ON)
  target_compile_options(ts_grammar_${name} PRIVATE -w -O2)
  if(TARSIER_SANITIZE OR TARSIER_FUZZ)
    # Generated parse tables, built like Debian's uninstrumented libtree-sitter that runs them:
    # instrumenting them (bash's parser.c alone took 238 s) checks none of tarsier's own code.
    target_compile_options(ts_grammar_${name} PRIVATE -fno-sanitize=all)
  endif()
  if(TARSIER_FUZZ)
    # Under libFuzzer (clang only) their coverage, every lexer state of a grammar, is not
    # tarsier's either.
    target_compile_options(ts_grammar_${name} PRIVATE -fsanitize-coverage=0)
  endif()
endfunction()

set(_g ${TARSIER_GRAMMARS_DIR})
tarsier_add_grammar(javascript ${_g}/tree-sitter-javascript/src)
tarsier_add_grammar(typescript ${_g}/tree-sitter-typescript/typescript/src)
tarsier_add_grammar(tsx ${_g}/tree-sitter-typescript/tsx/src)
tarsier_add_grammar(python ${_g}/tree-sitter-python/src)
tarsier_add_grammar(bash ${_g}/tree-sitter-bash/src)
tarsier_add_grammar(json ${_g}/tree-sitter-json/src)

add_library(tarsier_grammars INTERFACE)
target_link_libraries(tarsier_grammars INTERFACE ts_grammar_javascript ts_grammar_typescript
                      ts_grammar_tsx ts_grammar_python ts_grammar_bash ts_grammar_json
                      PkgConfig::TREESITTER)
