#include "conformance/suites/backup_replay.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <map>
#include <optional>
#include <thread>

#include "conformance/backup_client/backup_client.h"
#include "conformance/catalogue/conformance_test.h"
#include "conformance/suites/collection_calls.h"
#include "conformance/suites/suite_calls.h"
#include "wmi/cim/cim_name.h"

namespace conformance::suites {
namespace {

constexpr std::uint64_t kSector = 4096;  // aligned for 512- and 4096-byte sectors

std::string string_of(const wmi::Instance& instance, std::string_view name) {
  const wmi::CimValue* value = instance.find(name);
  return value != nullptr && value->as_string() != nullptr ? *value->as_string() : "";
}

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && wmi::iequals(text.substr(0, prefix.size()), prefix);
}

// The fault-rule JSON (FaultControl) of `fault`.
std::string fault_rules_json(const StepFault& fault) {
  const std::string action =
      fault.kind == FaultKind::kReturnCode
          ? R"({"type": "return-code", "code": )" + std::to_string(fault.code) + "}"
          : R"({"type": "fail-job", "at_percent": )" + std::to_string(fault.at_percent) +
                R"(, "error_code": )" + std::to_string(fault.code) + "}";
  return R"({"rules": [{"match": {"method": ")" + std::string(fault.method) + R"("}, "action": )" +
         action + R"(, "skip": )" + std::to_string(fault.skip) + "}]}";
}

// Installs a step's fault rule for the scope; `problem` when the session refuses it.
class FaultScope {
 public:
  FaultScope(Session& session, const StepFault& fault) : session_(session) {
    if (fault.kind == FaultKind::kNone) return;
    FaultControl* control = session.fault_control();
    if (control == nullptr) {
      problem = "no FaultControl";
      return;
    }
    const wmi::Status installed = control->install(fault_rules_json(fault));
    if (!installed.ok()) problem = "fault rule refused: " + installed.to_string();
    installed_ = installed.ok();
  }
  ~FaultScope() {
    if (installed_) session_.fault_control()->clear();
  }
  FaultScope(const FaultScope&) = delete;
  FaultScope& operator=(const FaultScope&) = delete;
  std::string problem;

 private:
  Session& session_;
  bool installed_ = false;
};

struct BackedUpVm {
  std::string guid;
  wmi::ObjectPath path;
  std::vector<std::string> disks;  // the live disks' SASD InstanceIDs
};

// Disk bytes by live SASD InstanceID.
using Images = std::map<std::string, std::vector<std::byte>>;

class Replayer {
 public:
  Replayer(Session& session, const BackupScenario& scenario)
      : session_(session),
        scenario_(scenario),
        client_(session.connection(), *session.data_plane(),
                {.control_namespace = std::string(scenario.ns), .poll = session_polls()}) {}

  // Finds the VMs and their disks and shrinks the disks; false with out.unusable set when the
  // target cannot run the scenario.
  bool start(ReplayOutcome& out) {
    wmi::Connection& connection = session_.connection();
    const auto groups = vm_groups(connection, scenario_.ns);
    if (groups.empty()) {
      out.unusable = "no VM group in " + std::string(scenario_.ns);
      return false;
    }
    group_ = groups.front();
    auto members =
        connection.query(scenario_.ns, "ASSOCIATORS OF {" + path_text(*group_) +
                                           "} WHERE AssocClass=Msvm_CollectedVirtualSystems");
    if (!members.ok() || members->empty()) {
      out.unusable = "the first VM group has no members";
      return false;
    }
    const auto sasds = all_of(connection, kV2, "Msvm_StorageAllocationSettingData");
    for (const wmi::Instance& member : *members) {
      if (!member.path()) continue;
      BackedUpVm vm{string_of(member, "Name"), *member.path(), {}};
      for (const wmi::Instance& sasd : sasds) {
        const std::string id = string_of(sasd, "InstanceID");
        if (starts_with_nocase(id, "Microsoft:" + vm.guid + "\\")) vm.disks.push_back(id);
      }
      std::sort(vm.disks.begin(), vm.disks.end());
      vms_.push_back(std::move(vm));
    }
    if (vms_.empty()) {
      out.unusable = "the first VM group's members have no paths";
      return false;
    }
    if (scenario_.path == BackupPath::kSingleVm) {
      vms_ = {vms_[scenario_.vm % vms_.size()]};
    }
    for (const BackedUpVm& vm : vms_) {
      for (const std::string& disk : vm.disks) {
        const wmi::Status shrunk = session_.data_plane()->resize(disk, kBackupDiskSize);
        if (!shrunk.ok()) {
          out.unusable = "cannot shrink " + disk + ": " + shrunk.to_string();
          return false;
        }
        disks_.push_back(disk);
      }
    }
    if (disks_.empty()) out.unusable = "the VMs to back up have no disks";
    return disks_.size() > 0;
  }

  void run(std::size_t index, const Step& step, ReplayOutcome& out) {
    const std::string where = "step " + std::to_string(index) + ": ";
    switch (step.kind) {
      case StepKind::kWrite: {
        const std::string& disk = disks_[step.disk % disks_.size()];
        const std::uint64_t length = std::min(step.length / kSector * kSector, kBackupDiskSize);
        const std::uint64_t offset =
            std::min(step.offset / kSector * kSector, kBackupDiskSize - length);
        const wmi::Status written =
            session_.data_plane()->write(disk, offset, write_bytes(step.pattern, length));
        if (!written.ok()) out.findings.push_back(where + "write failed: " + written.to_string());
        return;
      }
      case StepKind::kCheckpoint:
        take_checkpoint(where, step.fault, out);
        return;
      case StepKind::kBackUp:
        back_up(where, step.fault, out);
        return;
    }
  }

  // Removes a checkpoint a sequence ending mid-cycle left.
  void finish(ReplayOutcome& out) {
    if (pending_ && !abandon(*pending_).ok()) {
      out.findings.push_back("the last checkpoint cannot be removed");
    }
  }

 private:
  wmi::PollPolicy session_polls() {
    wmi::PollPolicy polls;
    polls.interval = std::chrono::milliseconds(250);
    polls.max_polls = 400;
    polls.wait = [this](std::chrono::milliseconds wait) {
      if (!session_.advance_clock(static_cast<std::uint64_t>(wait.count()))) {
        std::this_thread::sleep_for(wait);
      }
    };
    return polls;
  }

  bool group_path() const { return scenario_.path == BackupPath::kVmGroup; }

  wmi::Status abandon(const wmi::ObjectPath& checkpoint) {
    return group_path() ? client_.abandon_group(checkpoint) : client_.abandon(checkpoint);
  }

  void take_checkpoint(const std::string& where, const StepFault& fault, ReplayOutcome& out) {
    if (pending_) {  // two checkpoints in a row (only a hand-written sequence does that)
      (void)abandon(*pending_);
      pending_.reset();
    }
    cycle_faulted_ = fault.kind != FaultKind::kNone;
    const wmi::Result<wmi::ObjectPath> taken = [&] {
      FaultScope scope(session_, fault);
      if (!scope.problem.empty()) out.findings.push_back(where + scope.problem);
      return group_path() ? client_.take_group_checkpoint(*group_)
                          : client_.take_checkpoint(vms_.front().path);
    }();
    if (!taken.ok()) {
      if (!cycle_faulted_) {
        out.findings.push_back(
            where + "a checkpoint without a fault rule failed: " + taken.status().to_string());
      }
      return;
    }
    pending_ = *taken;
    // The oracle: the disks as they are at the checkpoint's instant.
    at_checkpoint_.clear();
    for (const std::string& disk : disks_) {
      auto bytes = session_.data_plane()->read(disk, 0, kBackupDiskSize);
      if (!bytes.ok()) {
        out.findings.push_back(where + "cannot read " + disk + ": " + bytes.status().to_string());
        continue;
      }
      at_checkpoint_[disk] = std::move(*bytes);
    }
  }

  void back_up(const std::string& where, const StepFault& fault, ReplayOutcome& out) {
    const bool faulted = cycle_faulted_ || fault.kind != FaultKind::kNone;
    cycle_faulted_ = false;
    std::string problem = "no checkpoint";
    bool succeeded = false;
    if (pending_) {
      bool left = false;
      {
        FaultScope scope(session_, fault);
        if (!scope.problem.empty()) out.findings.push_back(where + scope.problem);
        const wmi::Status backed_up =
            group_path() ? client_.back_up_group(*pending_) : client_.back_up(*pending_);
        succeeded = backed_up.ok();
        problem = backed_up.to_string();
        left = !succeeded && !abandon(*pending_).ok();
      }
      if (left && !abandon(*pending_).ok()) {  // retried without the rule
        out.findings.push_back(where + "a failed cycle's checkpoint cannot be removed");
      }
      pending_.reset();
    }
    if (succeeded) {
      committed_ = std::move(at_checkpoint_);
      at_checkpoint_.clear();
      committed_any_ = true;
      ++out.cycles_succeeded;
    } else {
      ++out.cycles_failed;
      if (!faulted) {
        out.findings.push_back(where + "a cycle without a fault rule failed: " + problem);
      }
    }
    check_chain(where, faulted, out);
  }

  // The promises of backup_replay.h after a cycle.
  void check_chain(const std::string& where, bool faulted, ReplayOutcome& out) {
    wmi::Connection& connection = session_.connection();
    const std::size_t held = (committed_any_ ? 1 : 0) + client_.stale_points();
    const auto points = all_of(connection, scenario_.ns, "Msvm_VirtualSystemReferencePoint");
    const auto settings = all_of(connection, scenario_.ns, "Msvm_VirtualSystemSettingData");
    for (const BackedUpVm& vm : vms_) {
      compare_images(where, vm, out);
      const auto of_vm = [&](const wmi::Instance& instance) {
        return wmi::iequals(string_of(instance, "VirtualSystemIdentifier"), vm.guid);
      };
      const auto vm_points = std::count_if(points.begin(), points.end(), of_vm);
      if (static_cast<std::size_t>(vm_points) != held) {
        out.findings.push_back(where + vm.guid + " holds " + std::to_string(vm_points) +
                               " reference points; the client keeps " + std::to_string(held));
      }
      const auto checkpoints =
          std::count_if(settings.begin(), settings.end(), [&](const wmi::Instance& s) {
            return of_vm(s) && starts_with_nocase(string_of(s, "VirtualSystemType"),
                                                  "Microsoft:Hyper-V:Snapshot");
          });
      if (checkpoints != 0) {
        out.findings.push_back(where + vm.guid + " is left with " + std::to_string(checkpoints) +
                               " checkpoints");
      }
    }
    if (group_path()) {
      const auto collections = all_of(connection, scenario_.ns, "Msvm_ReferencePointCollection");
      if (collections.size() != held) {
        out.findings.push_back(where + std::to_string(collections.size()) +
                               " Msvm_ReferencePointCollection; the client keeps " +
                               std::to_string(held));
      }
      const auto snapshots = all_of(connection, scenario_.ns, "Msvm_SnapshotCollection");
      if (!snapshots.empty()) {
        out.findings.push_back(where + std::to_string(snapshots.size()) +
                               " Msvm_SnapshotCollection left");
      }
    }
    out.point_went_stale = out.point_went_stale || client_.stale_points() != 0;
    if (!faulted && client_.stale_points() != 0) {
      out.findings.push_back(where + std::to_string(client_.stale_points()) +
                             " stale points after a cycle without a fault rule");
    }
  }

  void compare_images(const std::string& where, const BackedUpVm& vm, ReplayOutcome& out) {
    const auto& images = client_.images(vm.guid);
    const auto& ids = client_.disk_ids(vm.guid);
    if (!committed_any_) {
      if (!images.empty()) out.findings.push_back(where + "images before any successful cycle");
      return;
    }
    for (const std::string& disk : vm.disks) {
      const auto restored = std::find_if(
          ids.begin(), ids.end(), [&](const std::string& id) { return wmi::iequals(id, disk); });
      const auto index = static_cast<std::size_t>(restored - ids.begin());
      if (restored == ids.end() || index >= images.size()) {
        out.findings.push_back(where + "no restored image of " + disk);
        continue;
      }
      const std::vector<std::byte>& expected = committed_[disk];
      const std::vector<std::byte>& image = images[index];
      if (image.size() == expected.size() &&
          std::memcmp(image.data(), expected.data(), image.size()) == 0) {
        continue;
      }
      const auto differ =
          std::mismatch(image.begin(), image.end(), expected.begin(), expected.end());
      out.findings.push_back(where + "the restored image of " + disk + " (" +
                             std::to_string(image.size()) + " bytes) differs from the disk at " +
                             "its checkpoint (" + std::to_string(expected.size()) +
                             " bytes) from byte " + std::to_string(differ.first - image.begin()));
    }
  }

  Session& session_;
  BackupScenario scenario_;
  backup_client::BackupClient client_;
  std::optional<wmi::ObjectPath> group_;
  std::vector<BackedUpVm> vms_;
  std::vector<std::string> disks_;  // every backed-up disk, VM by VM
  std::optional<wmi::ObjectPath> pending_;
  bool cycle_faulted_ = false;
  Images at_checkpoint_;
  Images committed_;  // the disks at the newest checkpoint whose cycle succeeded
  bool committed_any_ = false;
};

}  // namespace

std::string ReplayOutcome::to_string() const {
  std::string out = unusable;
  for (const std::string& finding : findings) out += (out.empty() ? "" : "\n") + finding;
  return out;
}

ReplayOutcome replay(Session& session, const BackupScenario& scenario,
                     const std::vector<Step>& steps) {
  ReplayOutcome out;
  if (session.data_plane() == nullptr) {
    out.unusable = "no DataPlane";
    return out;
  }
  Replayer replayer(session, scenario);
  if (!replayer.start(out)) return out;
  for (std::size_t i = 0; i < steps.size(); ++i) replayer.run(i, steps[i], out);
  replayer.finish(out);
  return out;
}

void replay_backup_steps(const BackupScenario& scenario, const std::vector<Step>& steps) {
  auto session = current_target().open(scenario.session_seed);
  const bool faults = std::any_of(steps.begin(), steps.end(), [](const Step& step) {
    return step.fault.kind != FaultKind::kNone;
  });
  CONFORMANCE_REQUIRE(*session, {.mutation = true, .data_plane = true, .fault_rules = faults});
  const ReplayOutcome outcome = replay(*session, scenario, steps);
  EXPECT_TRUE(outcome.ok()) << outcome.to_string();
}

}  // namespace conformance::suites
