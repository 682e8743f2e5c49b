// Resolving reference arguments that name VM groups, VMs, reference points and checkpoints to the
// model.
// Pure functions over HostState.
#pragma once

#include <cstdint>

#include "sim/host/class_def.h"
#include "sim/host/host_state.h"
#include "wmi/cim/cim_value.h"

namespace sim::host {

// The group a Msvm_VirtualSystemCollection or Msvm_ManagementCollection reference names (its
// class must match the group's kind); nullptr otherwise, or for a null value.
Collection* find_collection(HostState& state, const wmi::CimValue& reference);
const Collection* find_collection(const HostState& state, const wmi::CimValue& reference);

// The group with CollectionID `id` whatever class the reference names; nullptr when none.
const Collection* find_collection_by_id(const HostState& state, const wmi::CimValue& reference);

// The group of VMs a method's Collection argument names, or nullptr with `refused` set: a
// reference of another class than Msvm_VirtualSystemCollection, or one naming a group of groups,
// answers `wrong_class_code`; one naming no group answers `not_found_code`.
const Collection* find_vm_group(const HostState& state, const wmi::CimValue& reference,
                                std::uint32_t wrong_class_code, std::uint32_t not_found_code,
                                MethodOutcome& refused);

// The VM a Msvm_ComputerSystem reference names (not the host); nullptr otherwise.
const Vm* find_vm(const HostState& state, const wmi::CimValue& reference);

// The Msvm_VirtualSystemReferencePoint a reference names (both keys matching); nullptr otherwise.
VmReferencePoint* find_vm_reference_point(HostState& state, const wmi::CimValue& reference);
const VmReferencePoint* find_vm_reference_point(const HostState& state,
                                                const wmi::CimValue& reference);

// The Msvm_ReferencePointCollection a reference names; nullptr otherwise.
const ReferencePointCollection* find_reference_point_collection(const HostState& state,
                                                                const wmi::CimValue& reference);

// The checkpoint a Msvm_VirtualSystemSettingData reference names (a VM's own settings are no
// checkpoint); nullptr otherwise.
const Checkpoint* find_checkpoint(const HostState& state, const wmi::CimValue& reference);

// The Msvm_SnapshotCollection a reference names; nullptr otherwise.
const SnapshotCollection* find_snapshot_collection(const HostState& state,
                                                   const wmi::CimValue& reference);

}  // namespace sim::host
