// Change-tracking sequences that once failed, pasted from the snippet a failing property prints
// (rct_regression_snippet). Each replays its commands on a fresh session and expects no finding.
#include "conformance/catalogue/conformance_test.h"
#include "conformance/suites/rct_sequence.h"

namespace conformance::suites {
namespace {

// Printed by RCT-SOUND-001 under `--mutant rct-drops-block` (seed 7): one write, one query.
CONFORMANCE_TEST(ChangeTrackingRegression, Seed0_8e76a0b2, "RCT-SOUND-001") {
  expect_no_rct_findings(0u, {
                                 {RctOp::kWrite, 2, 0, 0, 4096},
                                 {RctOp::kQuery, 0, 0, 0, 262144},
                             });
}

}  // namespace
}  // namespace conformance::suites
