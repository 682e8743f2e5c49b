// The backup workflow suite's command sequences (area 6, spec §5), as plain values: writes to the
// VMs' disks, checkpoints and back-ups, each checkpoint or back-up possibly under one fault rule.
// The properties generate them; backup_replay.h runs them on a Session; to_cpp() prints them as
// C++ that builds the same sequence, so that a failing property's shrunk sequence pastes into
// backup_workflow_regressions.cc as a regression test:
//
//   CONFORMANCE_TEST(BackupWorkflowRegression, SingleVmSeed7_0c1d2e3f, "BACKUP-CHAIN-001") {
//     replay_backup_steps({.path = BackupPath::kSingleVm, .session_seed = 42}, {
//         {.kind = StepKind::kWrite, .disk = 1, .offset = 8192, .length = 4096, .pattern = 17},
//         {.kind = StepKind::kCheckpoint},
//         {.kind = StepKind::kBackUp},
//     });
//   }
//
// Pure values and functions; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace conformance::suites {

// Which spec §5 workflow a sequence runs: one VM (Msvm_VirtualSystemSnapshotService) or a VM
// group (Msvm_CollectionSnapshotService).
enum class BackupPath { kSingleVm, kVmGroup };

enum class StepKind {
  kWrite,       // the guest writes to a disk (DataPlane)
  kCheckpoint,  // the client takes a recovery checkpoint; the oracle reads the disks
  kBackUp,      // the client backs the checkpoint up; the chain is checked after it
};

enum class FaultKind { kNone, kReturnCode, kFailJob };

// One fault rule, installed for one step: `method` (of any class) answers `code` at once, or
// answers 4096 and its job fails at `at_percent` with ErrorCode `code`; the first `skip` matching
// calls pass.
struct StepFault {
  FaultKind kind = FaultKind::kNone;
  std::string_view method = {};  // a string literal: "CreateSnapshot", ...
  std::uint32_t code = 0;
  std::uint32_t at_percent = 0;
  std::uint32_t skip = 0;
  friend bool operator==(const StepFault&, const StepFault&) = default;
};

struct Step {
  StepKind kind = StepKind::kWrite;
  std::uint32_t disk = 0;     // write: index into the backed-up VMs' disks (modulo their count)
  std::uint64_t offset = 0;   // write: byte offset (moved back so that the write fits the disk)
  std::uint64_t length = 0;   // write: bytes, a multiple of 4096 (at most the disk's size)
  std::uint32_t pattern = 0;  // write: what the bytes are made from
  StepFault fault = {};       // checkpoint or back-up: the rule the step runs under
  friend bool operator==(const Step&, const Step&) = default;
};

// Where a sequence runs: the path, the namespace its checkpoints and points are made in, which
// member of the target's first VM group the single-VM path backs up (modulo the member count),
// and the seed of the Session it opens.
struct BackupScenario {
  BackupPath path = BackupPath::kSingleVm;
  std::string_view ns = "root/virtualization/v2";  // a string literal
  std::uint32_t vm = 0;
  std::uint64_t session_seed = 1;
};

// The bytes a write step writes (`length` of them).
std::vector<std::byte> write_bytes(std::uint32_t pattern, std::uint64_t length);

// C++ expressions building the same values; members at their defaults are left out.
std::string to_cpp(const Step& step);
std::string to_cpp(const std::vector<Step>& steps);  // "{\n    {...},\n    ...\n}"
std::string to_cpp(const BackupScenario& scenario);

// How RapidCheck shows a step in a counterexample (found by argument-dependent lookup): to_cpp.
void showValue(const Step& step, std::ostream& os);

// The regression test reproducing `steps`: a comment naming the file to paste it into and a
// CONFORMANCE_TEST named `test_name` checking `assertion_id` that calls replay_backup_steps.
std::string regression_snippet(std::string_view test_name, std::string_view assertion_id,
                               const BackupScenario& scenario, const std::vector<Step>& steps);

}  // namespace conformance::suites
