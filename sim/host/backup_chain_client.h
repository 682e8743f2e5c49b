// BackupChainClient: a test-only backup client written the way a vendor writes one, speaking only
// wmi::Connection and wmi::DataPlane (spec §5 single-VM workflow). A cycle is
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
// collection on Msvm_CollectionReferencePointService. A failed step before the new point exists
// returns a Status naming it (ReturnValue or job ErrorCode in the message) and leaves the restored
// images untouched; abandon() destroys a checkpoint left by a failed cycle. Not synchronised.
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

namespace sim::host::test {

class BackupChainClient {
 public:
  BackupChainClient(wmi::Connection& connection, wmi::DataPlane& data_plane, wmi::PollPolicy poll,
                    std::string namespace_name, bool keep_old_points = false);

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

  // Points (per VM or collections) whose DestroyReferencePoint failed, to be retried.
  std::size_t stale_points() const { return stale_points_.size(); }

 private:
  // One VM's chain: the restored images and the RCT ids of its newest point (parallel).
  struct Chain {
    std::vector<std::vector<std::byte>> images;
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
  wmi::Result<std::vector<std::byte>> read(const std::string& disk, std::uint64_t offset,
                                           std::uint64_t length);
  wmi::ObjectPath service(std::string_view class_name) const;

  wmi::Connection& connection_;
  wmi::DataPlane& data_plane_;
  wmi::PollPolicy poll_;
  std::string ns_;
  bool keep_old_points_;
  std::map<std::string, Chain> chains_;  // by VM GUID
  std::optional<wmi::ObjectPath> last_group_point_;
  struct StalePoint {
    wmi::ObjectPath path;
    bool collection;  // a Msvm_ReferencePointCollection, else a Msvm_VirtualSystemReferencePoint
  };
  std::vector<StalePoint> stale_points_;
};

}  // namespace sim::host::test
