#include "conformance/suites/rct_command.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace conformance::suites {
namespace {

TEST(RctRegressionSnippet, IsAConformanceTestReplayingTheSequence) {
  const std::string snippet = rct_regression_snippet("RCT-SOUND-001", 42,
                                                     {{RctOp::kSeal, 0, 0, 0, 0},
                                                      {RctOp::kWrite, 1, 7, 8192, 4096},
                                                      {RctOp::kQuery, 0, 3, 0, 1048576}});
  EXPECT_EQ(snippet,
            "// Regression: paste into conformance/suites/change_tracking_regressions.cc\n"
            "CONFORMANCE_TEST(ChangeTrackingRegression, Seed42_ec5ee33b, \"RCT-SOUND-001\") {\n"
            "  expect_no_rct_findings(42u, {\n"
            "      {RctOp::kSeal, 0, 0, 0, 0},\n"
            "      {RctOp::kWrite, 1, 7, 8192, 4096},\n"
            "      {RctOp::kQuery, 0, 3, 0, 1048576},\n"
            "  });\n"
            "}\n");
}

TEST(RctRegressionSnippet, SequencesFoundWithTheSameSeedGetDifferentNames) {
  const auto first_line = [](const std::vector<RctCommand>& commands) {
    const std::string snippet = rct_regression_snippet("RCT-SOUND-001", 0, commands);
    return snippet.substr(0, snippet.find('{'));
  };
  EXPECT_NE(first_line({{RctOp::kSeal, 0, 0, 0, 0}}), first_line({{RctOp::kCrash, 0, 0, 0, 0}}));
}

RC_GTEST_PROP(RctCommand, WritesAndQueriesStayInTheirAreas, ()) {
  const RctCommand c = *gen_rct_command();
  if (c.op == RctOp::kWrite || c.op == RctOp::kModifyOffline) {
    RC_ASSERT(c.length > 0);
    RC_ASSERT(c.offset % kRctSector == 0 && c.length % kRctSector == 0);
    RC_ASSERT(c.offset + c.length <= kRctWriteArea);
  } else if (c.op == RctOp::kQuery) {
    RC_ASSERT(c.length > 0);
    RC_ASSERT(c.offset + c.length <= kRctQueryArea);
  } else {
    RC_ASSERT(c.offset == 0u && c.length == 0u);
  }
}

}  // namespace
}  // namespace conformance::suites
