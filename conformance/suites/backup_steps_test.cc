#include "conformance/suites/backup_steps.h"

#include <gtest/gtest.h>

namespace conformance::suites {
namespace {

// The sequence below is written in to_cpp()'s own format, so this also proves the format compiles.
const std::vector<Step> kSequence = {
    {.kind = StepKind::kWrite, .disk = 1, .offset = 8192, .length = 4096, .pattern = 17},
    {.kind = StepKind::kCheckpoint,
     .fault = {.kind = FaultKind::kFailJob,
               .method = "CreateSnapshot",
               .code = 32768,
               .at_percent = 40,
               .skip = 1}},
    {.kind = StepKind::kWrite, .length = 65536},
    {.kind = StepKind::kBackUp,
     .fault = {.kind = FaultKind::kReturnCode, .method = "DestroyReferencePoint", .code = 5}},
};

TEST(BackupStepsTest, ToCppPrintsEachStepAsTheInitializerThatBuildsIt) {
  EXPECT_EQ(to_cpp(kSequence),
            "{\n"
            "    {.kind = StepKind::kWrite, .disk = 1, .offset = 8192, .length = 4096, "
            ".pattern = 17},\n"
            "    {.kind = StepKind::kCheckpoint, .fault = {.kind = FaultKind::kFailJob, "
            ".method = \"CreateSnapshot\", .code = 32768, .at_percent = 40, .skip = 1}},\n"
            "    {.kind = StepKind::kWrite, .length = 65536},\n"
            "    {.kind = StepKind::kBackUp, .fault = {.kind = FaultKind::kReturnCode, "
            ".method = \"DestroyReferencePoint\", .code = 5}},\n"
            "}");
}

TEST(BackupStepsTest, DefaultsAreLeftOut) {
  EXPECT_EQ(to_cpp(Step{.kind = StepKind::kBackUp}), "{.kind = StepKind::kBackUp}");
  EXPECT_EQ(to_cpp(std::vector<Step>()), "{\n}");
  EXPECT_EQ(to_cpp(BackupScenario{}), "{.path = BackupPath::kSingleVm}");
  EXPECT_EQ(to_cpp(BackupScenario{.path = BackupPath::kVmGroup,
                                  .ns = "root/HyperVCluster/v2",
                                  .vm = 1,
                                  .session_seed = 18446744073709551615u}),
            "{.path = BackupPath::kVmGroup, .ns = \"root/HyperVCluster/v2\", .vm = 1, "
            ".session_seed = 18446744073709551615u}");
}

TEST(BackupStepsTest, RegressionSnippetIsATestCallingReplay) {
  const std::vector<Step> steps = {{.kind = StepKind::kCheckpoint}, {.kind = StepKind::kBackUp}};
  EXPECT_EQ(
      regression_snippet("SingleVmSeed7_7c0ebf24", "BACKUP-CHAIN-001",
                         {.path = BackupPath::kSingleVm, .session_seed = 42}, steps),
      "// regression: paste into conformance/suites/backup_workflow_regressions.cc\n"
      "CONFORMANCE_TEST(BackupWorkflowRegression, SingleVmSeed7_7c0ebf24, \"BACKUP-CHAIN-001\") "
      "{\n"
      "  replay_backup_steps({.path = BackupPath::kSingleVm, .session_seed = 42u}, {\n"
      "    {.kind = StepKind::kCheckpoint},\n"
      "    {.kind = StepKind::kBackUp},\n"
      "});\n"
      "}\n");
}

TEST(BackupStepsTest, WriteBytesDependOnPatternAndPosition) {
  const auto a = write_bytes(1, 8192);
  ASSERT_EQ(a.size(), 8192u);
  EXPECT_EQ(a, write_bytes(1, 8192));
  EXPECT_NE(a, write_bytes(2, 8192));
  EXPECT_NE(a[0], a[1]);
}

}  // namespace
}  // namespace conformance::suites
