#include "sim/host/collection_lookup.h"

#include "sim/host/cim_paths.h"
#include "sim/host/class_names.h"
#include "wmi/cim/cim_name.h"

namespace sim::host {

namespace {

const wmi::ObjectPath* path_of(const wmi::CimValue& reference) {
  return reference.is_null() || reference.is_array() ? nullptr : reference.as_reference();
}

std::string_view class_for(control::GroupType type) {
  return type == control::GroupType::kVirtualMachines ? cls::kVirtualSystemCollection
                                                      : cls::kManagementCollection;
}

}  // namespace

const Collection* find_collection_by_id(const HostState& state, const wmi::CimValue& reference) {
  const wmi::ObjectPath* path = path_of(reference);
  if (path == nullptr) return nullptr;
  const auto it = state.collections.find(key_text(*path, "CollectionID"));
  return it == state.collections.end() ? nullptr : &it->second;
}

const Collection* find_vm_group(const HostState& state, const wmi::CimValue& reference,
                                std::uint32_t wrong_class_code, std::uint32_t not_found_code,
                                MethodOutcome& refused) {
  const wmi::ObjectPath* path = path_of(reference);
  if (path != nullptr && !wmi::iequals(path->class_name, cls::kVirtualSystemCollection)) {
    refused = MethodOutcome::error(wrong_class_code, "Collection is a " + path->class_name +
                                                         ", not a Msvm_VirtualSystemCollection");
    return nullptr;
  }
  const Collection* group = find_collection_by_id(state, reference);
  if (group == nullptr) {
    refused = MethodOutcome::error(not_found_code, "Collection does not name an existing VM group");
    return nullptr;
  }
  if (group->type != control::GroupType::kVirtualMachines) {
    refused = MethodOutcome::error(wrong_class_code, "Collection names a group of groups");
    return nullptr;
  }
  return group;
}

const Collection* find_collection(const HostState& state, const wmi::CimValue& reference) {
  const Collection* group = find_collection_by_id(state, reference);
  if (group == nullptr || !wmi::iequals(path_of(reference)->class_name, class_for(group->type))) {
    return nullptr;
  }
  return group;
}

Collection* find_collection(HostState& state, const wmi::CimValue& reference) {
  return const_cast<Collection*>(find_collection(std::as_const(state), reference));
}

const Vm* find_vm(const HostState& state, const wmi::CimValue& reference) {
  const wmi::ObjectPath* path = path_of(reference);
  if (path == nullptr || !wmi::iequals(path->class_name, cls::kComputerSystem)) return nullptr;
  return state.find_vm(key_text(*path, "Name"));
}

const VmReferencePoint* find_vm_reference_point(const HostState& state,
                                                const wmi::CimValue& reference) {
  const wmi::ObjectPath* path = path_of(reference);
  if (path == nullptr || !wmi::iequals(path->class_name, cls::kVirtualSystemReferencePoint)) {
    return nullptr;
  }
  const auto it = state.vm_reference_points.find(key_text(*path, "InstanceID"));
  if (it == state.vm_reference_points.end() ||
      !wmi::iequals(it->second.vm_guid, key_text(*path, "VirtualSystemIdentifier"))) {
    return nullptr;
  }
  return &it->second;
}

VmReferencePoint* find_vm_reference_point(HostState& state, const wmi::CimValue& reference) {
  return const_cast<VmReferencePoint*>(find_vm_reference_point(std::as_const(state), reference));
}

const ReferencePointCollection* find_reference_point_collection(const HostState& state,
                                                                const wmi::CimValue& reference) {
  const wmi::ObjectPath* path = path_of(reference);
  if (path == nullptr || !wmi::iequals(path->class_name, cls::kReferencePointCollection)) {
    return nullptr;
  }
  const auto it = state.reference_point_collections.find(key_text(*path, "CollectionID"));
  // Both keys name the instance: the right CollectionID under another group's id is no instance
  // (a Get of that path is kNotFound too).
  if (it == state.reference_point_collections.end() ||
      !wmi::iequals(it->second.vs_collection_id, key_text(*path, "VirtualSystemCollectionId"))) {
    return nullptr;
  }
  return &it->second;
}

const Checkpoint* find_checkpoint(const HostState& state, const wmi::CimValue& reference) {
  const wmi::ObjectPath* path = path_of(reference);
  if (path == nullptr || !wmi::iequals(path->class_name, cls::kVirtualSystemSettingData)) {
    return nullptr;
  }
  const auto it = state.checkpoints.find(key_text(*path, "InstanceID"));
  return it == state.checkpoints.end() ? nullptr : &it->second;
}

const SnapshotCollection* find_snapshot_collection(const HostState& state,
                                                   const wmi::CimValue& reference) {
  const wmi::ObjectPath* path = path_of(reference);
  if (path == nullptr || !wmi::iequals(path->class_name, cls::kSnapshotCollection)) return nullptr;
  const auto it = state.snapshot_collections.find(key_text(*path, "CollectionID"));
  return it == state.snapshot_collections.end() ? nullptr : &it->second;
}

}  // namespace sim::host
