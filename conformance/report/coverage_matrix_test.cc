#include "conformance/report/coverage_matrix.h"

#include <gtest/gtest.h>

#include "conformance/report/sample_run_result.h"

namespace conformance {
namespace {

constexpr const char* kCreate = "Msvm_CollectionReferencePointService.CreateReferencePoint";

TEST(CoverageMatrix, ReferencePointTypeClassesSplitAtTheDocumentedBoundaries) {
  EXPECT_EQ(reference_point_type_class(0), "0");
  EXPECT_EQ(reference_point_type_class(1), "1");
  EXPECT_EQ(reference_point_type_class(2), "2");
  EXPECT_EQ(reference_point_type_class(3), "3..32767");
  EXPECT_EQ(reference_point_type_class(32767), "3..32767");
  EXPECT_EQ(reference_point_type_class(32768), "32768..65535");
  EXPECT_EQ(reference_point_type_class(65535), "32768..65535");
}

TEST(CoverageMatrix, TypeMatrixCellsTakeTheWorstVerdictOfTheObservingAssertions) {
  RunResult run = testing::sample_run_result();
  CoverageMatrix m = reference_point_type_matrix(run);
  EXPECT_EQ(m.rows.size(), 5u);
  EXPECT_EQ(m.columns, (std::vector<std::uint32_t>{0, 4096, 4097}));
  EXPECT_EQ(m.status("0", 4096), Verdict::kPass);
  EXPECT_EQ(m.status("1", 0), Verdict::kPass);
  EXPECT_EQ(m.status("0", 4097), Verdict::kFail);
  EXPECT_EQ(m.status("32768..65535", 4097), Verdict::kFail);
  EXPECT_EQ(m.status("2", 0), std::nullopt) << "a code that class never answered";

  // A failing assertion observing the same cell as a passing one makes it FAIL.
  run.assertions[2].tests[0].evidence.push_back(testing::create_reference_point(1, 0));
  EXPECT_EQ(reference_point_type_matrix(run).status("1", 0), Verdict::kFail);
}

TEST(CoverageMatrix, WarnOutranksPassButNotFail) {
  RunResult run = testing::sample_run_result();
  run.assertions[1].tests[0].evidence.push_back(testing::create_reference_point(1, 0));
  EXPECT_EQ(reference_point_type_matrix(run).status("1", 0), Verdict::kWarn);
}

TEST(CoverageMatrix, MethodMatrixShowsDocumentedButUnprovokedCodesAsNotTested) {
  RunResult run = testing::sample_run_result();
  CoverageMatrix m = method_matrix(run);
  EXPECT_EQ(m.rows, (std::vector<std::string>{kCreate, "Msvm_ConcreteJob.RequestStateChange"}));
  EXPECT_EQ(m.columns, (std::vector<std::uint32_t>{0, 4096, 4097, 32768, 32775}));
  EXPECT_EQ(m.status(kCreate, 32775), Verdict::kNotTested);
  EXPECT_EQ(m.status(kCreate, 4096), Verdict::kPass);
  EXPECT_EQ(m.status(kCreate, 4097), Verdict::kFail);
  EXPECT_EQ(m.status("Msvm_ConcreteJob.RequestStateChange", 4096), Verdict::kWarn);
  EXPECT_EQ(m.status("Msvm_ConcreteJob.RequestStateChange", 32768), Verdict::kWarn);  // its job's
}

TEST(CoverageMatrix, AJobsErrorCodeIsTheCodeItsCallGave) {
  RunResult run;
  static const Assertion a{"X-Y-001", "s", "", Evidence::kDoc, Namespaces::kBoth, {}};
  Observation failed = testing::create_reference_point(2, 4096);
  failed.job_error_code = 5;
  Observation succeeded = testing::create_reference_point(2, 4096);
  succeeded.job_error_code = 0;
  Observation running = testing::create_reference_point(2, 4096);
  running.job_error_code.reset();
  run.assertions.push_back(
      AssertionResult{&a,
                      Verdict::kPass,
                      "",
                      {TestOutcome{"T.t", Verdict::kPass, "", 0, {failed, succeeded, running}}}});
  const CoverageMatrix m = method_matrix(run);
  EXPECT_EQ(m.columns, (std::vector<std::uint32_t>{0, 5, 4096}));
  EXPECT_EQ(m.status(kCreate, 5), Verdict::kPass);
  EXPECT_EQ(m.status(kCreate, 0), Verdict::kPass);
}

TEST(CoverageMatrix, MethodMatrixCellsNeitherDocumentedNorObservedHaveNoStatus) {
  RunResult run = testing::sample_run_result();
  CoverageMatrix m = method_matrix(run);
  // 32775 is documented for CreateReferencePoint only; 4097 was observed on it only.
  EXPECT_EQ(m.status("Msvm_ConcreteJob.RequestStateChange", 32775), std::nullopt);
  EXPECT_EQ(m.status("Msvm_ConcreteJob.RequestStateChange", 4097), std::nullopt);
  EXPECT_EQ(cell_status_name(m.status("Msvm_ConcreteJob.RequestStateChange", 4097)), "N/A");
  EXPECT_EQ(cell_status_name(m.status(kCreate, 32775)), "NOT-TESTED");
}

TEST(CoverageMatrix, CallsWithoutAReturnValueAreNotCells) {
  RunResult run;
  static const Assertion a{"X-Y-001", "s", "", Evidence::kDoc, Namespaces::kBoth, {}};
  Observation failed_call = testing::create_reference_point(0, 0);
  failed_call.return_value.reset();
  run.assertions.push_back(AssertionResult{
      &a, Verdict::kFail, "", {TestOutcome{"T.t", Verdict::kFail, "", 0, {failed_call}}}});
  EXPECT_TRUE(reference_point_type_matrix(run).columns.empty());
  EXPECT_TRUE(method_matrix(run).cells.empty());
}

}  // namespace
}  // namespace conformance
