// Replica-log apply cases that once failed, pasted from the snippet LOG-APPLY-001 prints
// (log_apply_snippet). Each replays its writes on a fresh session and expects the exported
// segment, applied, to reproduce the primary.
#include "conformance/catalogue/conformance_test.h"
#include "conformance/suites/log_apply_case.h"

namespace conformance::suites {
namespace {

// Printed under `--mutant log-apply-loses-record` (seed 7): one write between the two points.
CONFORMANCE_TEST(ReplicaLogRegression, Seed0_e6592b48, "LOG-APPLY-001") {
  expect_log_apply_reproduces(0u, {0, {}, {{0, 1}}});
}

}  // namespace
}  // namespace conformance::suites
