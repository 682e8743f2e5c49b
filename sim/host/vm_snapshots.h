// Checkpoints (Hyper-V snapshots, spec §3-§5): one VM's checkpoint freezes every disk's bytes with
// a copy-on-write storage::DiskSnapshot. A recovery checkpoint (what backup tools take) also seals
// every disk's RCT id at its instant, so that converting it to a reference point
// (reference_points.h) yields a point whose ids mark exactly that instant; a standard ("Realized")
// checkpoint seals nothing. A checkpoint depends on the one its VM ran from when it was taken
// (its parent); destroying one destroys its dependants. A VM group's checkpoint
// (SnapshotCollection) holds one checkpoint per member VM.
//
// Plain data and model operations over HostState; not synchronised (HostState's rules).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/host/class_def.h"
#include "sim/host/model.h"
#include "sim/storage/disk_snapshot.h"
#include "wmi/cim/datetime.h"
#include "wmi/cim/status.h"

namespace sim::host {

class HostState;

enum class CheckpointType : std::uint8_t {
  kStandard,  // VirtualSystemType "Microsoft:Hyper-V:Snapshot:Realized"
  kRecovery,  // "Microsoft:Hyper-V:Snapshot:Recovery"
};

// One disk of a checkpoint: its own Msvm_StorageAllocationSettingData and the frozen bytes.
struct CheckpointDisk {
  std::string instance_id;  // "Microsoft:<checkpoint GUID>\<rest of the VM disk's InstanceID>"
  std::string path;         // HostResource[0]
  std::string vm_disk_id;   // the VM disk's InstanceID (VmDisk::instance_id)
  std::size_t index = 0;    // position of the disk in its VM and in its checkpoint
  std::shared_ptr<storage::DiskSnapshot> snapshot;
};

struct Checkpoint {
  std::string instance_id;  // "Microsoft:<checkpoint GUID>"
  std::string vm_guid;
  CheckpointType type = CheckpointType::kStandard;
  std::string name;  // ElementName
  wmi::TimePoint created;
  std::string parent_id;      // the checkpoint this one depends on; "" for none
  std::string collection_id;  // its SnapshotCollection; "" when taken on its own
  Consistency consistency = Consistency::kApplication;
  std::vector<CheckpointDisk> disks;        // the VM's disks, in order
  std::vector<std::string> sealed_rct_ids;  // recovery: each disk's id sealed at creation
};

// A VM group's checkpoint (Msvm_SnapshotCollection).
struct SnapshotCollection {
  std::string id;  // CollectionID
  std::string vs_collection_id;
  std::string name;  // ElementName
  CheckpointType type = CheckpointType::kStandard;
  wmi::TimePoint created;
  std::vector<std::string> members;  // Checkpoint instance ids, in member order
};

// Whether `vm` can take a recovery checkpoint: code 0, or the profile's error (configuration
// version below 6.2, a disk that is not VHDX) with its reason.
MethodOutcome check_recovery_checkpoint(const HostState& state, const Vm& vm);

// Takes `vm`'s checkpoint of `type` under a new InstanceID (parent: the VM's current checkpoint,
// which it then becomes). Preconditions (the caller checked them): recovery — every disk is
// tracked. Fails with the storage error's text, leaving nothing behind (no sealed id, no
// snapshot), when a tracker cannot issue an id.
wmi::Result<std::string> take_checkpoint(HostState& state, Vm& vm, CheckpointType type,
                                         Consistency consistency, const std::string& collection_id);

// `id` and every checkpoint depending on it, directly or not (dependants after their parents).
std::vector<std::string> checkpoint_and_dependants(const HostState& state, const std::string& id);

// Removes the checkpoint alone: its dependants now depend on its parent, its VM's current
// checkpoint becomes its parent if it was current, its snapshot collection loses it, and its
// sealed RCT ids (still held unless a conversion took them) are forgotten.
void unlink_checkpoint(HostState& state, const std::string& id);

// Destroys the checkpoint and its dependants (as unlink_checkpoint, each).
void destroy_checkpoint(HostState& state, const std::string& id);

// Destroys the group checkpoint and every checkpoint in it (with their dependants).
void destroy_snapshot_collection(HostState& state, const std::string& id);

// Applies the checkpoint: every disk of its VM reverts to the checkpoint's bytes (observers hear
// an offline modification, so RCT ids sealed before become invalid) and the checkpoint becomes
// the VM's current one. Fails with the storage error's text when a disk cannot revert; disks
// reverted before it stay reverted (callers check applies_cleanly first).
wmi::Status apply_checkpoint(HostState& state, const std::string& id);

// The checkpoint seen as an RCT-based reference point, for exporting it (ExportSnapshot,
// reference_point_export.h) or using it as an export's base: same InstanceID and VM, its group
// checkpoint's CollectionID, its disks' frozen bytes and, for a recovery checkpoint, the RCT ids
// sealed at its instant (a standard one has none: an empty id per disk, so it exports in full
// only and cannot serve as a base). Shares the disk snapshots; stores nothing.
VmReferencePoint checkpoint_export_point(const Checkpoint& checkpoint);

// Whether every disk of the checkpoint can revert now (its VM and disks still exist).
bool applies_cleanly(const HostState& state, const Checkpoint& checkpoint);

}  // namespace sim::host
