#include "conformance/suites/log_apply_case.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace conformance::suites {
namespace {

TEST(LogApplySnippet, IsAConformanceTestReplayingTheCase) {
  EXPECT_EQ(log_apply_snippet(7, {1, {}, {{0, 1}, {3, 16}}}),
            "// Regression: paste into conformance/suites/replica_log_regressions.cc\n"
            "CONFORMANCE_TEST(ReplicaLogRegression, Seed7_6a796cbb, \"LOG-APPLY-001\") {\n"
            "  expect_log_apply_reproduces(7u, {1, {}, {{0, 1}, {3, 16}}});\n"
            "}\n");
}

RC_GTEST_PROP(LogApplyCase, WritesStayInTheRegionAndOneLandsBetweenThePoints, ()) {
  const LogApplyCase c = *gen_log_apply_case();
  RC_ASSERT(!c.between.empty());
  for (const auto* writes : {&c.before, &c.between}) {
    for (const LogWrite& w : *writes) {
      RC_ASSERT(w.sectors >= 1u);
      RC_ASSERT((w.sector + w.sectors) * kLogSector <= kLogRegion);
    }
  }
}

}  // namespace
}  // namespace conformance::suites
