// The change-tracking calls the RCT and replica-log suites make through a Session: sealing a
// reference point on a VM group (collection CreateReferencePoint, waiting for its job), reading
// every per-VM point's disks and ids (VirtualDiskIdentifiers / ResilientChangeTrackingIdentifiers
// resolved to HostResource paths), destroying a group point, and GetVirtualDiskChanges paged by
// ProcessedByteLength. Not synchronised; failures come back as codes and empty lists.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "conformance/oracle/written_ranges.h"
#include "conformance/target/target.h"

namespace conformance::suites {

// One disk of one Msvm_VirtualSystemReferencePoint.
struct PointDisk {
  std::string point_id;  // the point's InstanceID
  std::string path;      // the disk's HostResource[0]
  std::string rct_id;    // "" for a log-based point
};

// Every disk of every per-VM reference point, in query order.
std::vector<PointDisk> point_disks(Session& session);

// The HostResource paths of the disks of `group`'s members that an RCT point seals.
std::vector<std::string> group_disks(Session& session, const wmi::ObjectPath& group);

// The Msvm_ReferencePointCollection paths, in query order.
std::vector<wmi::ObjectPath> group_points(Session& session);

// Collection CreateReferencePoint(`group`, type) settled: 0 or the failure's code.
std::uint32_t create_group_point(Session& session, const wmi::ObjectPath& group,
                                 std::uint16_t type);
// Collection DestroyReferencePoint settled.
std::uint32_t destroy_group_point(Session& session, const wmi::ObjectPath& point);

struct ChangesAnswer {
  std::uint32_t code = 0;  // the ReturnValue (a failed job's ErrorCode)
  std::vector<oracle::ByteRange> ranges;
  std::vector<std::uint64_t> processed;  // each page's ProcessedByteLength
  std::uint32_t largest_page = 0;        // most ranges one page returned
  std::string problem;                   // a malformed answer ("" when well-formed)
};

// GetVirtualDiskChanges over [window.offset, window.end()), one call per page, each resuming at
// the previous ByteOffset + ProcessedByteLength until the window is done.
ChangesAnswer disk_changes(Session& session, const std::string& path, const std::string& rct_id,
                           oracle::ByteRange window);

}  // namespace conformance::suites
