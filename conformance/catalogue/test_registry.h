// The map from GoogleTest test names ("Suite.Name") to the assertion each checks, filled by the
// CONFORMANCE_TEST / CONFORMANCE_PROP macros (conformance_test.h) before main runs, and the
// self-check over it. Registration happens during static initialisation on one thread; reading
// afterwards is thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace conformance {

// Records that test `test_name` checks `assertion_id`. Returns true (for a static initialiser).
// A second registration of the same test name is remembered as a self-check problem.
bool register_conformance_test(std::string_view test_name, std::string_view assertion_id);

// The assertion id `test_name` registered, or "" when it registered none.
std::string_view assertion_of_test(std::string_view test_name);

// Problems with the binary's GoogleTest tests (call after InitGoogleTest): a test not registered
// through conformance_test.h, a registered id the catalogue lacks or that is malformed, a test
// registered twice, a registration naming no test. Empty: the self-check passes.
std::vector<std::string> self_check_problems();

}  // namespace conformance
