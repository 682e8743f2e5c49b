#include "sim/host/replication.h"

#include <algorithm>

#include "sim/host/embedded_instance_argument.h"
#include "wmi/cim/cim_name.h"

namespace sim::host {

namespace {

constexpr std::size_t kReplicaSlabBytes = std::size_t{1} << 20;

bool resync_required(const Vm& vm) {
  return std::any_of(vm.disks.begin(), vm.disks.end(), [](const VmDisk& disk) {
    return disk.replica_log != nullptr && disk.replica_log->state().resync_required;
  });
}

}  // namespace

ReplicationStatus replication_status(const Vm& vm) {
  if (!vm.replication) return {};
  if (!vm.replication->started) {
    return {kModePrimary, kWaitingForInitialReplication, kHealthOk};
  }
  if (resync_required(vm)) return {kModePrimary, kWaitingToResynchronize, kHealthCritical};
  return {kModePrimary, kReplicating, kHealthOk};
}

ReplicationStatus group_replication_status(const HostState& state, const Collection& group) {
  const std::vector<const Vm*> members = state.members_of(group);
  ReplicationStatus out;
  if (members.empty()) return out;
  std::uint16_t least = kReplicating;
  bool any_resync = false;
  for (const Vm* vm : members) {
    const ReplicationStatus member = replication_status(*vm);
    if (member.mode != kModeNone) out.mode = kModePrimary;
    any_resync = any_resync || member.state == kWaitingToResynchronize;
    least = std::min(least, member.state);
  }
  if (out.mode == kModeNone) return out;
  out.state = any_resync ? kWaitingToResynchronize : least;
  return out;
}

std::optional<ReplicationRefusal> refusal(const control::Profile& profile, const Vm& vm,
                                          ReplicationOperation operation) {
  const control::ErrorCodes& codes = profile.codes;
  switch (operation) {
    case ReplicationOperation::kCreate:
      if (vm.replication) {
        return ReplicationRefusal{codes.replication_already_replicating,
                                  vm.name + " already has a replication relationship"};
      }
      if (vm.configuration_version < control::kMinGroupConfigurationVersion) {
        return ReplicationRefusal{codes.replication_configuration_version_too_old,
                                  vm.name + " has configuration version " +
                                      control::to_string(vm.configuration_version) +
                                      "; 6.2 is needed"};
      }
      return std::nullopt;
    case ReplicationOperation::kStart:
    case ReplicationOperation::kRemove:
    case ReplicationOperation::kResynchronize:
      break;
  }
  if (!vm.replication) {
    return ReplicationRefusal{codes.replication_not_replicating,
                              vm.name + " has no replication relationship"};
  }
  if (operation == ReplicationOperation::kStart && vm.replication->started) {
    return ReplicationRefusal{codes.replication_already_replicating,
                              vm.name + " already replicates"};
  }
  if (operation == ReplicationOperation::kResynchronize &&
      replication_status(vm).state != kWaitingToResynchronize) {
    return ReplicationRefusal{codes.replication_resynchronize_not_required,
                              vm.name + " is not waiting to resynchronize"};
  }
  return std::nullopt;
}

wmi::Status check_replication_settings(const wmi::CimValue& settings, std::string_view parameter,
                                       std::string_view setting_data_class) {
  auto instance = decode_embedded_instance(settings, parameter, setting_data_class);
  if (!instance.ok()) return instance.status();
  if (!instance->has_value()) return {};
  const wmi::CimValue* interval = (*instance)->find("ReplicationInterval");
  if (interval == nullptr || interval->is_null()) return {};
  const auto seconds = interval->is_array() ? std::nullopt : interval->as_uint();
  if (!seconds || (*seconds != 30 && *seconds != 300 && *seconds != 900)) {
    return wmi::invalid_argument("ReplicationInterval must be 30, 300 or 900 seconds");
  }
  return {};
}

bool valid_initial_replication_type(const wmi::CimValue& value) {
  const auto type = value.is_null() || value.is_array() ? std::nullopt : value.as_uint();
  return type && *type >= 1 && *type <= 3;
}

void create_relationship(Vm& vm) { vm.replication = Replication{}; }

void start_replication(Vm& vm, wmi::TimePoint now) {
  for (VmDisk& disk : vm.disks) {
    auto options = storage::ReplicaLogOptions::for_disk(disk.disk->size());
    options.slab_bytes = kReplicaSlabBytes;
    disk.replica_log = std::make_unique<storage::ReplicaLog>(options);
    disk.disk->add_observer(*disk.replica_log);
  }
  vm.replication->started = now;
}

void remove_relationship(HostState& state, Vm& vm) {
  for (VmDisk& disk : vm.disks) {
    if (disk.replica_log == nullptr) continue;
    disk.disk->remove_observer(*disk.replica_log);
    disk.replica_log.reset();
  }
  // The marks named positions in logs that no longer exist: a later relationship's logs number
  // their marks afresh, so a kept mark could pass for (or release) one of theirs.
  for (auto& [id, point] : state.vm_reference_points) {
    if (point.type != kLogBased || !wmi::iequals(point.vm_guid, vm.guid)) continue;
    point.log_marks.clear();
    point.data_removed = true;
  }
  vm.replication.reset();
}

void resynchronize(Vm& vm, wmi::TimePoint now) {
  for (VmDisk& disk : vm.disks) {
    if (disk.replica_log != nullptr) disk.replica_log->resynchronize();
  }
  vm.replication->started = now;
}

}  // namespace sim::host
