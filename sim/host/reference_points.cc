#include "sim/host/reference_points.h"

#include <algorithm>

#include "wmi/cim/cim_name.h"

namespace sim::host {

namespace {

// Disk i of `point`: found through its VM (points list their VM's disks in order, and VMs and
// their disks are fixed at creation), else by name.
template <typename State, typename VmType>
auto* disk_of(State& state, VmType* vm, const VmReferencePoint& point, std::size_t i) {
  if (vm != nullptr && i < vm->disks.size() && vm->disks[i].instance_id == point.disk_ids[i]) {
    return &vm->disks[i];
  }
  return state.find_disk(point.disk_ids[i]);
}

}  // namespace

wmi::Result<std::string> take_vm_reference_point(HostState& state, Vm& vm, std::uint16_t type,
                                                 Consistency consistency,
                                                 const std::string& collection_id) {
  VmReferencePoint point;
  point.instance_id = "Microsoft:" + state.new_guid();
  point.vm_guid = vm.guid;
  point.collection_id = collection_id;
  point.type = type;
  point.consistency = consistency;
  point.disk_ids.reserve(vm.disks.size());
  point.frozen_disks.reserve(vm.disks.size());
  if (type == kLogBased) {
    point.log_marks.reserve(vm.disks.size());
  } else {
    point.rct_ids.reserve(vm.disks.size());
  }
  for (VmDisk& disk : vm.disks) {
    point.disk_ids.push_back(disk.instance_id);
    if (type == kLogBased) {
      point.log_marks.push_back(disk.replica_log->mark());
      continue;
    }
    auto id = disk.disk->change_tracker().seal();
    if (!id.ok()) {
      for (std::size_t i = 0; i < point.rct_ids.size(); ++i) {
        (void)vm.disks[i].disk->change_tracker().forget(point.rct_ids[i]);
      }
      return wmi::Status(wmi::StatusKind::kInvalidArgument,
                         disk.instance_id + ": " + id.error().to_string());
    }
    point.rct_ids.push_back(id->to_string());
  }
  for (VmDisk& disk : vm.disks) point.frozen_disks.push_back(disk.disk->take_snapshot());
  std::string instance_id = point.instance_id;
  state.vm_reference_points.emplace(instance_id, std::move(point));
  return instance_id;
}

std::string convert_checkpoint_to_reference_point(HostState& state,
                                                  const std::string& checkpoint_id,
                                                  Consistency consistency,
                                                  const std::string& collection_id) {
  Checkpoint& checkpoint = state.checkpoints.at(checkpoint_id);
  VmReferencePoint point;
  point.instance_id = "Microsoft:" + state.new_guid();
  point.vm_guid = checkpoint.vm_guid;
  point.collection_id = collection_id;
  point.type = kRctBased;
  point.consistency = consistency;
  point.rct_ids = std::move(checkpoint.sealed_rct_ids);
  checkpoint.sealed_rct_ids.clear();  // the point holds them now: unlinking must not forget them
  for (CheckpointDisk& disk : checkpoint.disks) {
    point.disk_ids.push_back(disk.vm_disk_id);
    point.frozen_disks.push_back(std::move(disk.snapshot));
  }
  unlink_checkpoint(state, checkpoint_id);
  std::string instance_id = point.instance_id;
  state.vm_reference_points.emplace(instance_id, std::move(point));
  return instance_id;
}

void drop_vm_reference_point(HostState& state, const std::string& instance_id) {
  const auto it = state.vm_reference_points.find(instance_id);
  if (it == state.vm_reference_points.end()) return;
  const VmReferencePoint& point = it->second;
  Vm* vm = state.find_vm(point.vm_guid);
  for (std::size_t i = 0; i < point.disk_ids.size(); ++i) {
    VmDisk* disk = disk_of(state, vm, point, i);
    if (disk == nullptr) continue;
    if (i < point.rct_ids.size()) (void)disk->disk->change_tracker().forget(point.rct_ids[i]);
    if (i < point.log_marks.size() && disk->replica_log) {
      disk->replica_log->release(point.log_marks[i]);
    }
  }
  state.vm_reference_points.erase(it);
}

void destroy_vm_reference_point(HostState& state, const std::string& instance_id) {
  const auto it = state.vm_reference_points.find(instance_id);
  if (it == state.vm_reference_points.end()) return;
  const auto group = state.reference_point_collections.find(it->second.collection_id);
  if (group != state.reference_point_collections.end()) {
    std::vector<std::string>& members = group->second.members;
    members.erase(std::remove_if(
                      members.begin(), members.end(),
                      [&](const std::string& member) { return wmi::iequals(member, instance_id); }),
                  members.end());
  }
  drop_vm_reference_point(state, instance_id);
}

void drop_reference_point_collection(HostState& state, const std::string& id) {
  const auto it = state.reference_point_collections.find(id);
  if (it == state.reference_point_collections.end()) return;
  for (const std::string& member : it->second.members) drop_vm_reference_point(state, member);
  state.reference_point_collections.erase(it);
}

void remove_associated_data(HostState& state, VmReferencePoint& point) {
  if (point.type != kLogBased) return;
  Vm* vm = state.find_vm(point.vm_guid);
  for (std::size_t i = 0; i < point.log_marks.size(); ++i) {
    VmDisk* disk = disk_of(state, vm, point, i);
    if (disk != nullptr && disk->replica_log) {
      disk->replica_log->remove_associated_data(point.log_marks[i]);
    }
  }
  point.data_removed = true;
}

bool has_associated_data(const HostState& state, const VmReferencePoint& point) {
  if (point.type != kLogBased || point.data_removed) return false;
  const Vm* vm = state.find_vm(point.vm_guid);
  for (std::size_t i = 0; i < point.log_marks.size(); ++i) {
    const VmDisk* disk = disk_of(state, vm, point, i);
    if (disk == nullptr || !disk->replica_log ||
        !disk->replica_log->has_associated_data(point.log_marks[i])) {
      return false;
    }
  }
  return true;
}

std::size_t reference_point_count(const HostState& state, const Vm& vm) {
  return static_cast<std::size_t>(std::count_if(
      state.vm_reference_points.begin(), state.vm_reference_points.end(),
      [&](const auto& entry) { return wmi::iequals(entry.second.vm_guid, vm.guid); }));
}

bool disks_support(const Vm& vm, std::uint16_t type) {
  return std::all_of(vm.disks.begin(), vm.disks.end(), [&](const VmDisk& disk) {
    if (type == kLogBased) return disk.replica_log != nullptr;
    if (disk.disk->format() != storage::DiskFormat::kVhdx) return false;
    // A tracker holds live ids only while enabled; state() (which formats the newest id) is
    // needed only when none is live.
    const storage::ChangeTracker& tracker = disk.disk->change_tracker();
    return tracker.live_id_count() > 0 || tracker.state().enabled;
  });
}

}  // namespace sim::host
