// Test support for Msvm_ImageManagementService.GetVirtualDiskChanges: the service's path, the call,
// its answer read back as ranges, and the disks an RCT reference point sealed (HostResource path
// and RCT id), all through wmi::Connection. Builds on host_test_support.h. Test-only; not
// synchronised.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/host/host_test_support.h"

namespace sim::host::test {

inline constexpr std::string_view kImsService = "Msvm_ImageManagementService";

wmi::ObjectPath ims_service(std::string_view ns = kV2);

// GetVirtualDiskChanges with every in-parameter given.
wmi::Result<wmi::MethodResult> get_virtual_disk_changes(
    wmi::Connection& c, std::string_view path, std::string_view limit_id, std::uint64_t byte_offset,
    std::uint64_t byte_length, std::string_view target_snapshot_id = "", std::string_view ns = kV2);

struct ChangedRange {
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
  friend bool operator==(const ChangedRange&, const ChangedRange&) = default;
};

struct DiskChanges {
  std::uint64_t processed_length = 0;
  std::vector<ChangedRange> ranges;
};

// The out-parameters of an answer: nullopt unless ProcessedByteLength is a uint64 and
// ChangedByteOffsets / ChangedByteLengths are uint64 arrays of the same length.
std::optional<DiskChanges> changes_of(const wmi::MethodResult& result);

// One disk of an RCT-based Msvm_VirtualSystemReferencePoint.
struct SealedDisk {
  std::string vm_guid;
  std::string instance_id;  // Msvm_StorageAllocationSettingData.InstanceID
  std::string path;         // its HostResource[0]
  std::string rct_id;       // the point's ResilientChangeTrackingIdentifiers entry
};

// Every disk of every VM reference point in `ns`, in query order (a failed gtest expectation when
// a disk's setting data cannot be read).
std::vector<SealedDisk> sealed_disks(wmi::Connection& c, std::string_view ns = kV2);

// The HostResource path of the first disk whose path ends in `suffix` (".vhd"); "" when none.
std::string disk_path_ending(wmi::Connection& c, std::string_view suffix,
                             std::string_view ns = kV2);

}  // namespace sim::host::test
