// Runs a backup workflow sequence (backup_steps.h) on a Session through the reference backup
// client (conformance/backup_client/), and checks, after every back-up step, what spec §5 promises
// a vendor:
//   - the client's restored images equal, byte for byte, the disks as the oracle read them through
//     the DataPlane at the instant of the last checkpoint whose cycle succeeded (the disks are
//     shrunk to kBackupDiskSize first, so that the oracle's full copies stay small);
//   - a cycle without a fault rule succeeds, and then no stale point is left;
//   - no checkpoint is left (ConvertToReferencePoint deletes it; a failed cycle's is abandoned);
//   - each backed-up VM holds exactly its newest point plus the older ones the client keeps to
//     retry (Msvm_VirtualSystemReferencePoint; for a group also Msvm_ReferencePointCollection).
// The oracle shares no code with the client or sim/: it reads disks and counts instances through
// the Session. Not synchronised; failures are returned as text, never thrown.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "conformance/suites/backup_steps.h"
#include "conformance/target/target.h"

namespace conformance::suites {

// The size every backed-up disk is shrunk to (DataPlane resize) before the first step.
inline constexpr std::uint64_t kBackupDiskSize = 512 * 1024;

struct ReplayOutcome {
  std::string unusable;               // why the target cannot run the scenario ("" when it can)
  std::vector<std::string> findings;  // what broke a promise, step by step
  int cycles_succeeded = 0;
  int cycles_failed = 0;
  bool point_went_stale = false;  // a DestroyReferencePoint failed and was retried later
  bool ok() const { return unusable.empty() && findings.empty(); }
  std::string to_string() const;  // the findings, one per line
};

// Runs `steps` on `session` (which needs mutation rights, the DataPlane, and FaultControl when a
// step carries a fault) in the scenario's namespace. Uses the target's first VM group.
ReplayOutcome replay(Session& session, const BackupScenario& scenario,
                     const std::vector<Step>& steps);

// For regression tests (backup_workflow_regressions.cc): opens a session of current_target() with
// the scenario's seed, skips the test when the session lacks a need, runs `steps` and fails the
// running GoogleTest test with the findings.
void replay_backup_steps(const BackupScenario& scenario, const std::vector<Step>& steps);

}  // namespace conformance::suites
