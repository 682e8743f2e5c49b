#include "sim/host/vm_snapshots.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>

#include "sim/host/host_state.h"
#include "sim/host/reference_points.h"
#include "wmi/cim/cim_name.h"

namespace sim::host {

namespace {

constexpr std::string_view kPrefix = "Microsoft:";

// The VM disk's InstanceID after "Microsoft:<VM GUID>" ("\<controller>\0\<n>\L").
std::string instance_id_rest(const VmDisk& disk, std::size_t index) {
  const std::size_t slash = disk.instance_id.find('\\');
  if (slash == std::string::npos) return "\\" + std::to_string(index);
  return disk.instance_id.substr(slash);
}

// The VM disk path's extension (".vhdx"), or ".vhdx" when it has none.
std::string extension_of(const std::string& path) {
  const std::size_t dot = path.rfind('.');
  const std::size_t slash = path.find_last_of("\\/");
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return ".vhdx";
  return path.substr(dot);
}

std::vector<std::string> children_of(const HostState& state, const std::string& id) {
  std::vector<std::string> out;
  for (const auto& [key, checkpoint] : state.checkpoints) {
    if (!checkpoint.parent_id.empty() && wmi::iequals(checkpoint.parent_id, id)) {
      out.push_back(key);
    }
  }
  return out;
}

}  // namespace

MethodOutcome check_recovery_checkpoint(const HostState& state, const Vm& vm) {
  const control::ErrorCodes& codes = state.profile.codes;
  if (vm.configuration_version < control::kMinGroupConfigurationVersion) {
    return MethodOutcome::error(codes.configuration_version_too_old,
                                vm.name + " has configuration version " +
                                    control::to_string(vm.configuration_version) +
                                    "; 6.2 is needed for a recovery checkpoint");
  }
  if (!disks_support(vm, kRctBased)) {
    return MethodOutcome::error(codes.vhd_disk, vm.name + " has a disk that is not VHDX");
  }
  return {};
}

wmi::Result<std::string> take_checkpoint(HostState& state, Vm& vm, CheckpointType type,
                                         Consistency consistency,
                                         const std::string& collection_id) {
  const std::string guid = state.new_guid();
  Checkpoint checkpoint;
  checkpoint.instance_id = std::string(kPrefix) + guid;
  checkpoint.vm_guid = vm.guid;
  checkpoint.type = type;
  checkpoint.created = state.now();
  // Hyper-V's default checkpoint name: "<VM name> - (<date> - <time>)".
  checkpoint.name = fmt::format("{} - ({:%m/%d/%Y - %H:%M:%S})", vm.name,
                                std::chrono::floor<std::chrono::seconds>(checkpoint.created));
  checkpoint.parent_id = vm.current_checkpoint;
  checkpoint.collection_id = collection_id;
  checkpoint.consistency = consistency;
  if (type == CheckpointType::kRecovery) {
    for (VmDisk& disk : vm.disks) {
      auto id = disk.disk->change_tracker().seal();
      if (!id.ok()) {
        for (std::size_t i = 0; i < checkpoint.sealed_rct_ids.size(); ++i) {
          (void)vm.disks[i].disk->change_tracker().forget(checkpoint.sealed_rct_ids[i]);
        }
        return wmi::invalid_argument(disk.instance_id + ": " + id.error().to_string());
      }
      checkpoint.sealed_rct_ids.push_back(id->to_string());
    }
  }
  checkpoint.disks.reserve(vm.disks.size());
  for (std::size_t i = 0; i < vm.disks.size(); ++i) {
    VmDisk& disk = vm.disks[i];
    CheckpointDisk frozen;
    frozen.instance_id = checkpoint.instance_id + instance_id_rest(disk, i);
    frozen.path = "C:\\Hyper-V\\" + vm.guid + "\\Snapshots\\" + guid + "\\Disk" +
                  std::to_string(i) + extension_of(disk.path);
    frozen.vm_disk_id = disk.instance_id;
    frozen.index = i;
    frozen.snapshot = disk.disk->take_snapshot();
    checkpoint.disks.push_back(std::move(frozen));
  }
  vm.current_checkpoint = checkpoint.instance_id;
  std::string instance_id = checkpoint.instance_id;
  state.checkpoints.emplace(instance_id, std::move(checkpoint));
  return instance_id;
}

std::vector<std::string> checkpoint_and_dependants(const HostState& state, const std::string& id) {
  std::vector<std::string> out;
  const auto root = state.checkpoints.find(id);
  if (root == state.checkpoints.end()) return out;
  out.push_back(root->first);
  for (std::size_t i = 0; i < out.size(); ++i) {
    for (std::string& child : children_of(state, out[i])) out.push_back(std::move(child));
  }
  return out;
}

void unlink_checkpoint(HostState& state, const std::string& id) {
  const auto it = state.checkpoints.find(id);
  if (it == state.checkpoints.end()) return;
  const Checkpoint& checkpoint = it->second;
  for (const std::string& child : children_of(state, checkpoint.instance_id)) {
    state.checkpoints.at(child).parent_id = checkpoint.parent_id;
  }
  Vm* vm = state.find_vm(checkpoint.vm_guid);
  if (vm != nullptr) {
    if (wmi::iequals(vm->current_checkpoint, checkpoint.instance_id)) {
      vm->current_checkpoint = checkpoint.parent_id;
    }
    for (std::size_t i = 0; i < checkpoint.sealed_rct_ids.size() && i < vm->disks.size(); ++i) {
      (void)vm->disks[i].disk->change_tracker().forget(checkpoint.sealed_rct_ids[i]);
    }
  }
  const auto group = state.snapshot_collections.find(checkpoint.collection_id);
  if (group != state.snapshot_collections.end()) {
    std::vector<std::string>& members = group->second.members;
    members.erase(std::remove_if(members.begin(), members.end(),
                                 [&](const std::string& member) {
                                   return wmi::iequals(member, checkpoint.instance_id);
                                 }),
                  members.end());
  }
  state.checkpoints.erase(it);
}

void destroy_checkpoint(HostState& state, const std::string& id) {
  const std::vector<std::string> doomed = checkpoint_and_dependants(state, id);
  for (auto it = doomed.rbegin(); it != doomed.rend(); ++it) unlink_checkpoint(state, *it);
}

void destroy_snapshot_collection(HostState& state, const std::string& id) {
  const auto it = state.snapshot_collections.find(id);
  if (it == state.snapshot_collections.end()) return;
  const std::vector<std::string> members = it->second.members;
  for (const std::string& member : members) destroy_checkpoint(state, member);
  state.snapshot_collections.erase(id);
}

bool applies_cleanly(const HostState& state, const Checkpoint& checkpoint) {
  const Vm* vm = state.find_vm(checkpoint.vm_guid);
  if (vm == nullptr || vm->disks.size() != checkpoint.disks.size()) return false;
  for (const CheckpointDisk& disk : checkpoint.disks) {
    const VmDisk& live = vm->disks[disk.index];
    if (!wmi::iequals(live.instance_id, disk.vm_disk_id) ||
        live.disk->size() != disk.snapshot->size()) {
      return false;
    }
  }
  return true;
}

wmi::Status apply_checkpoint(HostState& state, const std::string& id) {
  const auto it = state.checkpoints.find(id);
  if (it == state.checkpoints.end()) return wmi::not_found("no checkpoint " + id);
  const Checkpoint& checkpoint = it->second;
  Vm* vm = state.find_vm(checkpoint.vm_guid);
  if (vm == nullptr) return wmi::not_found("no VM " + checkpoint.vm_guid);
  for (const CheckpointDisk& disk : checkpoint.disks) {
    if (auto s = vm->disks.at(disk.index).disk->revert_to(*disk.snapshot); !s.ok()) {
      return wmi::invalid_argument(disk.vm_disk_id + ": " + s.error().to_string());
    }
  }
  vm->current_checkpoint = checkpoint.instance_id;
  return {};
}

VmReferencePoint checkpoint_export_point(const Checkpoint& checkpoint) {
  VmReferencePoint point;
  point.instance_id = checkpoint.instance_id;
  point.vm_guid = checkpoint.vm_guid;
  point.collection_id = checkpoint.collection_id;
  point.type = kRctBased;
  point.consistency = checkpoint.consistency;
  for (std::size_t i = 0; i < checkpoint.disks.size(); ++i) {
    point.disk_ids.push_back(checkpoint.disks[i].vm_disk_id);
    point.frozen_disks.push_back(checkpoint.disks[i].snapshot);
    point.rct_ids.push_back(i < checkpoint.sealed_rct_ids.size() ? checkpoint.sealed_rct_ids[i]
                                                                 : std::string());
  }
  return point;
}

}  // namespace sim::host
