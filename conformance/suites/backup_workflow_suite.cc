// Area 6, backup workflow (spec §5): the full + incremental cycle run through the reference backup
// client (conformance/backup_client/) while the guest writes between cycles and during them (after
// the checkpoint, before the reads). After every cycle the restored chain equals the disks as the
// oracle read them at the checkpoint's instant, and the target holds no checkpoint and only the
// points the client keeps (backup_replay.h). Single VMs in root/virtualization/v2 (the per-VM
// services are v2-only, spec §2); VM groups in every namespace the target serves that has
// Msvm_CollectionSnapshotService; and both under random fault rules on the cycle's methods, after
// which the next fault-free cycle restores exactly again.
//
// The properties generate explicit step sequences (backup_steps.h). A failing one prints, beside
// RapidCheck's seed, the shrunk sequence as a regression test for backup_workflow_regressions.cc.
#include <rapidcheck.h>

#include <string>
#include <vector>

#include "conformance/catalogue/conformance_test.h"
#include "conformance/oracle/namespace_classes.h"
#include "conformance/suites/backup_replay.h"
#include "conformance/suites/backup_steps.h"
#include "conformance/suites/regression_name.h"
#include "conformance/target/run_seed.h"
#include "conformance/target/target.h"

namespace conformance::suites {
namespace {

constexpr std::uint64_t kSector = 4096;
constexpr std::uint64_t kDiskSectors = kBackupDiskSize / kSector;

rc::Gen<Step> gen_write() {
  return rc::gen::apply(
      [](std::uint32_t disk, std::uint64_t sector, std::uint64_t sectors, std::uint8_t pattern) {
        return Step{.kind = StepKind::kWrite,
                    .disk = disk,
                    .offset = sector * kSector,
                    .length = sectors * kSector,
                    .pattern = pattern};
      },
      rc::gen::inRange<std::uint32_t>(0, 8), rc::gen::inRange<std::uint64_t>(0, kDiskSectors),
      rc::gen::inRange<std::uint64_t>(1, 17), rc::gen::arbitrary<std::uint8_t>());
}

// A rule on one of the methods a cycle calls: an error code at once, or a job that fails.
rc::Gen<StepFault> gen_fault() {
  return rc::gen::apply(
      [](std::string_view method, bool fail_job, std::uint32_t code, std::uint32_t at_percent,
         std::uint32_t skip) {
        return StepFault{.kind = fail_job ? FaultKind::kFailJob : FaultKind::kReturnCode,
                         .method = method,
                         .code = code,
                         .at_percent = fail_job ? at_percent : 0,
                         .skip = skip};
      },
      rc::gen::weightedElement<std::string_view>({{2, "CreateSnapshot"},
                                                  {2, "GetVirtualDiskChanges"},
                                                  {2, "ConvertToReferencePoint"},
                                                  {3, "DestroyReferencePoint"},
                                                  {1, "DestroySnapshot"}}),
      rc::gen::arbitrary<bool>(), rc::gen::element<std::uint32_t>(2, 5, 32768, 32775),
      rc::gen::inRange<std::uint32_t>(0, 101), rc::gen::inRange<std::uint32_t>(0, 3));
}

// One cycle: writes, a checkpoint, writes during the cycle, the back-up; with `faults`, each of
// the checkpoint and the back-up may run under a rule.
rc::Gen<std::vector<Step>> gen_cycle(bool faults) {
  const auto maybe_fault = [faults] {
    return faults ? rc::gen::oneOf(rc::gen::just(StepFault{}), gen_fault())
                  : rc::gen::just(StepFault{});
  };
  return rc::gen::apply(
      [](std::vector<Step> between, StepFault checkpoint_fault, std::vector<Step> during,
         StepFault back_up_fault) {
        std::vector<Step> out = std::move(between);
        out.push_back({.kind = StepKind::kCheckpoint, .fault = checkpoint_fault});
        out.insert(out.end(), during.begin(), during.end());
        out.push_back({.kind = StepKind::kBackUp, .fault = back_up_fault});
        return out;
      },
      rc::gen::resize(8, rc::gen::container<std::vector<Step>>(gen_write())), maybe_fault(),
      rc::gen::resize(8, rc::gen::container<std::vector<Step>>(gen_write())), maybe_fault());
}

// Up to four cycles; with `faults`, a last fault-free cycle follows them.
std::vector<Step> draw_steps(bool faults) {
  const auto cycles = *rc::gen::resize(
      4, rc::gen::nonEmpty(rc::gen::container<std::vector<std::vector<Step>>>(gen_cycle(faults))));
  std::vector<Step> steps;
  for (const std::vector<Step>& cycle : cycles)
    steps.insert(steps.end(), cycle.begin(), cycle.end());
  if (faults) {
    const auto last = *gen_cycle(false);
    steps.insert(steps.end(), last.begin(), last.end());
  }
  return steps;
}

// The namespaces the target serves whose Msvm_CollectionSnapshotService the oracle expects.
std::vector<std::string> group_namespaces() {
  std::vector<std::string> out;
  for (const std::string& ns : current_target().namespaces()) {
    for (const oracle::NamespaceClass& row : oracle::namespace_classes()) {
      if (row.class_name == "Msvm_CollectionSnapshotService" && oracle::served_in(row, ns)) {
        out.push_back(ns);
      }
    }
  }
  return out;
}

// Draws a scenario of `path` (a single VM of the first group in root/virtualization/v2, or the
// group in one of group_namespaces()) and a step sequence, runs it, and on a broken promise fails
// with the findings and the regression test that replays the sequence.
void check_drawn(BackupPath path, bool faults, std::string_view test_name,
                 std::string_view assertion_id) {
  BackupScenario scenario{.path = path, .session_seed = *rc::gen::arbitrary<std::uint64_t>()};
  std::string ns(scenario.ns);
  if (path == BackupPath::kVmGroup) {
    const auto namespaces = group_namespaces();
    RC_PRE(!namespaces.empty());
    ns = *rc::gen::elementOf(namespaces);
  } else {
    scenario.vm = *rc::gen::inRange<std::uint32_t>(0, 2);
  }
  scenario.ns = ns;
  const std::vector<Step> steps = draw_steps(faults);
  auto session = current_target().open(scenario.session_seed);
  RC_PRE(!unmet_need(*session, {.mutation = true, .data_plane = true, .fault_rules = faults}));
  const ReplayOutcome outcome = replay(*session, scenario, steps);
  RC_PRE(outcome.unusable.empty());
  if (path == BackupPath::kVmGroup) RC_TAG(ns);
  RC_CLASSIFY(outcome.cycles_failed > 0, "a cycle failed");
  RC_CLASSIFY(outcome.point_went_stale, "a point went stale");
  if (!outcome.ok()) {
    RC_FAIL(
        outcome.to_string() + "\n" +
        regression_snippet(std::string(test_name) + regression_test_name(run_seed(), to_cpp(steps)),
                           assertion_id, scenario, steps));
  }
}

CONFORMANCE_PROP(BackupWorkflowSuite, SingleVmChainRestoresEveryPoint, "BACKUP-CHAIN-001") {
  check_drawn(BackupPath::kSingleVm, /*faults=*/false, "SingleVm", "BACKUP-CHAIN-001");
}

CONFORMANCE_PROP(BackupWorkflowSuite, GroupChainRestoresEveryPoint, "BACKUP-CHAIN-002") {
  check_drawn(BackupPath::kVmGroup, /*faults=*/false, "Group", "BACKUP-CHAIN-002");
}

CONFORMANCE_PROP(BackupWorkflowSuite, FailedSingleVmCyclesNeverCorruptTheChain,
                 "BACKUP-FAULT-001") {
  check_drawn(BackupPath::kSingleVm, /*faults=*/true, "SingleVmFaults", "BACKUP-FAULT-001");
}

CONFORMANCE_PROP(BackupWorkflowSuite, FailedGroupCyclesNeverCorruptTheChain, "BACKUP-FAULT-002") {
  check_drawn(BackupPath::kVmGroup, /*faults=*/true, "GroupFaults", "BACKUP-FAULT-002");
}

}  // namespace
}  // namespace conformance::suites
