# libFuzzer targets for hvsim's parsers. Every <name>_fuzz.cc defines LLVMFuzzerTestOneInput.
# Always built: <name>_fuzz_replay (the fuzz entry linked with wmi/cim/fuzz/replay_main.cc), which
# runs the seed corpus <folder>/corpus/<name>/ as the ctest test fuzz_corpus.<name>, so every input
# a fuzzer ever found is replayed by ci/test.
# With -DHVSIM_FUZZ=ON (clang only): <name>_fuzz, the libFuzzer binary ci/fuzz runs; the parser's
# library is then instrumented for coverage and built with ASan + UBSan.
option(HVSIM_FUZZ "Build libFuzzer targets for every parser (needs clang)" OFF)
if(HVSIM_FUZZ AND NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "HVSIM_FUZZ=ON needs clang: configure with -DCMAKE_CXX_COMPILER=clang++")
endif()
set(HVSIM_FUZZ_SANITIZERS -fsanitize=address,undefined -fno-sanitize-recover=all)

# Usage: hvsim_fuzz_targets(LIBRARY real_target_name NAMES a b ...)  (from the fuzz folder)
function(hvsim_fuzz_targets)
  cmake_parse_arguments(F "" "LIBRARY" "NAMES" ${ARGN})
  if(HVSIM_FUZZ)
    target_compile_options(${F_LIBRARY} PRIVATE -fsanitize=fuzzer-no-link ${HVSIM_FUZZ_SANITIZERS})
    target_link_options(${F_LIBRARY} INTERFACE ${HVSIM_FUZZ_SANITIZERS})
  endif()
  foreach(name IN LISTS F_NAMES)
    add_executable(${name}_fuzz_replay ${name}_fuzz.cc
                                       ${PROJECT_SOURCE_DIR}/wmi/cim/fuzz/replay_main.cc)
    target_link_libraries(${name}_fuzz_replay PRIVATE ${F_LIBRARY})
    hvsim_strict(${name}_fuzz_replay)
    add_test(NAME fuzz_corpus.${name}
             COMMAND ${name}_fuzz_replay ${CMAKE_CURRENT_SOURCE_DIR}/corpus/${name})
    if(HVSIM_FUZZ)
      add_executable(${name}_fuzz ${name}_fuzz.cc)
      target_link_libraries(${name}_fuzz PRIVATE ${F_LIBRARY})
      target_compile_options(${name}_fuzz PRIVATE -fsanitize=fuzzer ${HVSIM_FUZZ_SANITIZERS})
      target_link_options(${name}_fuzz PRIVATE -fsanitize=fuzzer)
      hvsim_strict(${name}_fuzz)
    endif()
  endforeach()
endfunction()
