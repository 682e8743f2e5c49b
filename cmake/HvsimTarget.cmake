# Project-wide settings for hvsim's own targets (never applied to dependencies).

# Strict warnings for code we write.
function(hvsim_strict target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror)
endfunction()

# A GoogleTest binary whose every test (including RapidCheck properties) ctest lists.
# Usage: hvsim_test(NAME name SOURCES a_test.cc ... LIBS lib ...)
function(hvsim_test)
  cmake_parse_arguments(T "" "NAME" "SOURCES;LIBS" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  hvsim_strict(${T_NAME})
  target_link_libraries(${T_NAME} PRIVATE ${T_LIBS} rapidcheck_gtest rapidcheck GTest::gmock GTest::gtest_main)
  gtest_discover_tests(${T_NAME} DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT 600)
endfunction()
