// Regression tests of the backup workflow suite (area 6): sequences that once broke a promise, as
// the failing property printed them (backup_steps.h: regression_snippet). Paste a new one below
// as printed and run clang-format-14 on the file; replay_backup_steps (backup_replay.h) runs it on
// a fresh session of the target.
#include "conformance/catalogue/conformance_test.h"
#include "conformance/suites/backup_replay.h"
#include "conformance/suites/backup_steps.h"

namespace conformance::suites {
namespace {

// hvconform --target sim:async-jobs --seed 7 --mutant rct-drops-block: the incremental missed the
// one block written since the full backup.
// regression: paste into conformance/suites/backup_workflow_regressions.cc
CONFORMANCE_TEST(BackupWorkflowRegression, SingleVmSeed7_7c0ebf24, "BACKUP-CHAIN-001") {
  replay_backup_steps({.path = BackupPath::kSingleVm, .session_seed = 0u},
                      {
                          {.kind = StepKind::kCheckpoint},
                          {.kind = StepKind::kBackUp},
                          {.kind = StepKind::kWrite, .length = 4096},
                          {.kind = StepKind::kCheckpoint},
                          {.kind = StepKind::kBackUp},
                      });
}

}  // namespace
}  // namespace conformance::suites
