# Proves that the layer checks of analyzer/layers.cmake turn a back-arrow into a build failure:
#   cmake -DSOURCE=<tests/layers> -DWORK=<scratch dir> -DGENERATOR=<gen> -DCXX=<compiler>
#         -DTARSIER_SOURCE_DIR=<project root> -P run_probe.cmake
# The project without the back-arrow must build; with it, the link of low's layer check must fail
# on the call into high.
function(build_probe name back_arrow out_result out_log)
  set(dir ${WORK}/${name})
  file(REMOVE_RECURSE ${dir})
  execute_process(
    COMMAND ${CMAKE_COMMAND} -S ${SOURCE} -B ${dir} -G ${GENERATOR} -DCMAKE_CXX_COMPILER=${CXX}
            -DTARSIER_SOURCE_DIR=${TARSIER_SOURCE_DIR} -DPROBE_BACK_ARROW=${back_arrow}
    RESULT_VARIABLE configured OUTPUT_VARIABLE log ERROR_VARIABLE log)
  if(NOT configured EQUAL 0)
    message(FATAL_ERROR "the ${name} probe did not configure:\n${log}")
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} --build ${dir} RESULT_VARIABLE built
                  OUTPUT_VARIABLE log ERROR_VARIABLE log)
  set(${out_result} ${built} PARENT_SCOPE)
  set(${out_log} "${log}" PARENT_SCOPE)
endfunction()

build_probe(layered OFF result log)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "the probe without a back-arrow failed to build:\n${log}")
endif()

build_probe(back_arrow ON result log)
if(result EQUAL 0)
  message(FATAL_ERROR "low called high, and the build still passed:\n${log}")
endif()
if(NOT log MATCHES "tarsier_low_layer_check" OR NOT log MATCHES "undefined reference to `probe::high_value")
  message(FATAL_ERROR "the back-arrow build failed, but not on low's layer check:\n${log}")
endif()
message(STATUS "the back-arrow from low to high failed to link, as it must")
