// Model operations on reference points, shared by the services that create and destroy them (per
// VM and per VM group): taking one VM's point (sealing each disk's RCT id, or marking each disk's
// replica log), dropping points (forgetting their RCT ids, releasing their log marks), removing a
// log-based point's data, and what a VM holds and can hold. Not synchronised (HostState's rules).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "sim/host/host_state.h"

namespace sim::host {

// Takes `vm`'s reference point of `type` (kRctBased or kLogBased) and stores it under a new
// InstanceID, freezing every disk's bytes (a copy-on-write snapshot each; dropping the point drops
// them). Preconditions (the caller checked them): RCT — every disk is tracked; log — every
// disk has a replica log. Fails with the storage error's text, leaving nothing behind, when a
// tracker cannot issue an id.
wmi::Result<std::string> take_vm_reference_point(HostState& state, Vm& vm, std::uint16_t type,
                                                 Consistency consistency,
                                                 const std::string& collection_id);

// Turns the recovery checkpoint `checkpoint_id` into an RCT-based per-VM point under a new
// InstanceID: one RCT id per disk, the ids sealed when the checkpoint was taken (so changes since
// them are changes since the checkpoint's instant), its disk snapshots moved into frozen_disks.
// The checkpoint goes (its dependants now depend on its parent). Precondition (the caller
// checked it): the checkpoint exists and is a recovery checkpoint. Returns the point's InstanceID.
std::string convert_checkpoint_to_reference_point(HostState& state,
                                                  const std::string& checkpoint_id,
                                                  Consistency consistency,
                                                  const std::string& collection_id);

// Removes the per-VM point: forgets its RCT ids, releases its log marks and its frozen disks.
void drop_vm_reference_point(HostState& state, const std::string& instance_id);

// Destroys one per-VM point on its own: drops it (as above) and takes it out of the group point it
// belongs to, if any, which keeps its other members.
void destroy_vm_reference_point(HostState& state, const std::string& instance_id);

// Removes the group point and every per-VM point in it.
void drop_reference_point_collection(HostState& state, const std::string& id);

// RemoveAssociatedData on one per-VM point: a log-based point releases its replica-log data (and
// has_associated_data() becomes false); an RCT-based point has none, and nothing changes.
void remove_associated_data(HostState& state, VmReferencePoint& point);

// A log-based point whose records are all still retained and whose data was not removed.
bool has_associated_data(const HostState& state, const VmReferencePoint& point);

// How many per-VM points `vm` holds (its own and those of group points), for the profile's
// reference_point.limit_per_vm.
std::size_t reference_point_count(const HostState& state, const Vm& vm);

// Whether a VM can hold a point of `type` now: RCT needs every disk tracked (VHDX), log needs
// every disk replicating.
bool disks_support(const Vm& vm, std::uint16_t type);

}  // namespace sim::host
