// conformance::backup_client::BackupClient: a reference backup client written the way a vendor
// writes one, speaking only wmi::Connection and wmi::DataPlane (spec §5). The conformance suite
// runs the backup workflow through it, the simulator's own tests use it, and the README shows it
// as the example of a client. A cycle is
//   take_checkpoint: CreateSnapshot (recovery, 32768) on Msvm_VirtualSystemSnapshotService; with a
//                    job, wait for it and find the checkpoint through Msvm_AffectedJobElement;
//   back_up:         read the checkpoint's disks through the DataPlane (the first cycle every byte;
//                    later cycles only the ranges GetVirtualDiskChanges reports against the
//                    previous point's RCT ids, paging with ProcessedByteLength),
//                    ConvertToReferencePoint, and DestroyReferencePoint on the previous point
//                    (unless keep_old_points). The cycle succeeds once the new point exists: a
//                    previous point that cannot be destroyed is kept as stale and retried at the
//                    end of every later cycle.
// The client keeps one restored image per disk: the full copy with every incremental applied.
// The group path does the same for a VM group: CreateSnapshot (recovery, 2) on
// Msvm_CollectionSnapshotService, the members' checkpoints through Msvm_CollectedSnapshots,
// ConvertToReferencePoint to a Msvm_ReferencePointCollection whose members
// (Msvm_CollectedReferencePoints) carry the RCT ids, and DestroyReferencePoint of the previous
// collection on Msvm_CollectionReferencePointService. Checkpoints and points are made in the
// options' control namespace (root/virtualization/v2 or root/HyperVCluster/v2); disks, their
// changes and per-VM points are handled in the host namespace (root/virtualization/v2, the only
// one serving Msvm_ImageManagementService and Msvm_VirtualSystemReferencePointService, spec §2).
// Failure contract: a failed step before the new point exists returns a Status naming it
// (ReturnValue or job ErrorCode in the message) and leaves the restored images untouched;
// abandon() destroys a checkpoint left by a failed cycle. Not synchronised.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "wmi/cim/connection.h"
#include "wmi/cim/data_plane.h"
#include "wmi/cim/job_wait.h"

namespace conformance::backup_client {

struct BackupClientOptions {
  std::string control_namespace = "root/virtualization/v2";
  std::string host_namespace = "root/virtualization/v2";
  wmi::PollPolicy poll = {};     // how jobs are waited for
  bool keep_old_points = false;  // a client that forgets DestroyReferencePoint
};

class BackupClient {
 public:
  BackupClient(wmi::Connection& connection, wmi::DataPlane& data_plane,
               BackupClientOptions options);

  // Per VM.
  wmi::Result<wmi::ObjectPath> take_checkpoint(const wmi::ObjectPath& vm);
  wmi::Status back_up(const wmi::ObjectPath& checkpoint);
  // DestroySnapshot of a checkpoint a failed cycle left behind.
  wmi::Status abandon(const wmi::ObjectPath& checkpoint);

  // Per VM group.
  wmi::Result<wmi::ObjectPath> take_group_checkpoint(const wmi::ObjectPath& group);
  wmi::Status back_up_group(const wmi::ObjectPath& snapshot_collection);
  // DestroySnapshot of a snapshot collection a failed cycle left behind.
  wmi::Status abandon_group(const wmi::ObjectPath& snapshot_collection);

  // One image per disk of the VM (by GUID), in the order of the checkpoint's disks; empty before
  // the VM's first successful cycle.
  const std::vector<std::vector<std::byte>>& images(const std::string& vm_guid) const;
  // The live disks' Msvm_StorageAllocationSettingData InstanceIDs, parallel to images().
  const std::vector<std::string>& disk_ids(const std::string& vm_guid) const;

  // Points (per VM or collections) whose DestroyReferencePoint failed, to be retried.
  std::size_t stale_points() const { return stale_points_.size(); }

 private:
  // One VM's chain: the restored images, their live disks and the RCT ids of its newest point
  // (parallel).
  struct Chain {
    std::vector<std::vector<std::byte>> images;
    std::vector<std::string> live_ids;
    std::vector<std::string> rct_ids;
    std::optional<wmi::ObjectPath> point;  // per-VM path only
  };
  // Bytes a cycle read, applied to a chain only when the whole cycle succeeds.
  struct Piece {
    std::size_t disk;
    std::uint64_t offset;
    std::vector<std::byte> bytes;
  };
  struct CheckpointRead {
    std::string vm_guid;
    std::vector<std::string> live_ids;  // the VM's SASD InstanceIDs, one per checkpoint disk
    bool full = false;
    std::vector<Piece> pieces;
  };
  wmi::Result<CheckpointRead> read_checkpoint(const wmi::ObjectPath& checkpoint);
  // The size of `disk` as the DataPlane shows it (which reads it refuses).
  wmi::Result<std::uint64_t> disk_size(const std::string& disk);
  // Every byte of `disk`, in 1 MiB reads, as pieces of the checkpoint's disk `index`.
  wmi::Status read_whole(const std::string& disk, std::size_t index, CheckpointRead& out);
  // The point's RCT ids in the order of `read.live_ids`.
  wmi::Result<std::vector<std::string>> rct_ids_of(const wmi::ObjectPath& point,
                                                   const CheckpointRead& read);
  void commit(CheckpointRead& read, std::vector<std::string> rct_ids);
  // DestroyReferencePoint on every stale point; keeps those that fail.
  void destroy_stale_points();

  // Invokes `method` on `service`; with ReturnValue 4096 waits for the job. The out-parameter
  // `resulting` (or, after a job, the job's Msvm_AffectedJobElement of `resulting_class`).
  wmi::Result<std::optional<wmi::ObjectPath>> call(const wmi::ObjectPath& service,
                                                   std::string_view method,
                                                   const wmi::PropertyList& in,
                                                   std::string_view resulting,
                                                   std::string_view resulting_class);
  // The singleton `class_name` in `ns` (a path naming only the class when not found, so that
  // the call fails with the connection's own error).
  wmi::ObjectPath service(const std::string& ns, std::string_view class_name) const;

  wmi::Connection& connection_;
  wmi::DataPlane& data_plane_;
  BackupClientOptions options_;
  std::map<std::string, Chain> chains_;  // by VM GUID
  std::optional<wmi::ObjectPath> last_group_point_;
  struct StalePoint {
    wmi::ObjectPath path;
    bool collection;  // a Msvm_ReferencePointCollection, else a Msvm_VirtualSystemReferencePoint
  };
  std::vector<StalePoint> stale_points_;
};

}  // namespace conformance::backup_client
