// BackupChainClient: a test-only backup client written the way a vendor writes one, speaking only
// wmi::Connection and wmi::DataPlane (spec §5 single-VM workflow). A cycle is
//   take_checkpoint: CreateSnapshot (recovery, 32768) on Msvm_VirtualSystemSnapshotService; with a
//                    job, wait for it and find the checkpoint through Msvm_AffectedJobElement;
//   back_up:         read the checkpoint's disks through the DataPlane (the first cycle every byte;
//                    later cycles only the ranges GetVirtualDiskChanges reports against the
//                    previous point's RCT ids, paging with ProcessedByteLength),
//                    ConvertToReferencePoint, and DestroyReferencePoint on the previous point
//                    (unless keep_old_points).
// The client keeps one restored image per disk: the full copy with every incremental applied.
// A failed step returns a Status naming it (ReturnValue or job ErrorCode in the message) and
// leaves the restored images untouched; abandon() destroys a checkpoint left by a failed cycle.
// Not synchronised.
#pragma once

#include <cstddef>
#include <cstdint>
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

  wmi::Result<wmi::ObjectPath> take_checkpoint(const wmi::ObjectPath& vm);
  wmi::Status back_up(const wmi::ObjectPath& checkpoint);
  // DestroySnapshot of a checkpoint a failed cycle left behind.
  wmi::Status abandon(const wmi::ObjectPath& checkpoint);

  // One image per disk of the VM, in the order of the checkpoint's disks; empty before the first
  // successful cycle.
  const std::vector<std::vector<std::byte>>& images() const { return images_; }
  const std::optional<wmi::ObjectPath>& last_point() const { return last_point_; }

 private:
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
  std::vector<std::vector<std::byte>> images_;
  std::optional<wmi::ObjectPath> last_point_;
  std::vector<std::string> last_rct_ids_;  // parallel to images_
};

}  // namespace sim::host::test
