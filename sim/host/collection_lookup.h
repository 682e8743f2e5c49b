// Resolving reference arguments that name VM groups, VMs, reference points and checkpoints to the
// model.
// Pure functions over HostState.
#pragma once

#include "sim/host/host_state.h"
#include "wmi/cim/cim_value.h"

namespace sim::host {

// The group a Msvm_VirtualSystemCollection or Msvm_ManagementCollection reference names (its
// class must match the group's kind); nullptr otherwise, or for a null value.
Collection* find_collection(HostState& state, const wmi::CimValue& reference);
const Collection* find_collection(const HostState& state, const wmi::CimValue& reference);

// The group with CollectionID `id` whatever class the reference names; nullptr when none.
const Collection* find_collection_by_id(const HostState& state, const wmi::CimValue& reference);

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
