// wmi::DataPlane: what the Hyper-V API cannot do over WMI but the conformance suites need — write
// and read a VM's virtual disk, stop the host uncleanly, change a disk behind the tracker's back.
// The simulator serves it in process (sim::Host) and, over WS-Man, through its vendor namespace;
// against a real host it is absent unless a workload agent is configured, and assertions that need
// it are reported not-tested.
//
// A disk is named by its Msvm_StorageAllocationSettingData InstanceID or by its HostResource path
// (either spelling; exact match). Failure contract: kNotFound for an unknown disk; kInvalidArgument
// for an offset or length that is not sector-aligned or lies outside the disk (nothing changes).
// Thread-safety is the implementation's to state.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "wmi/cim/status.h"

namespace wmi {

class DataPlane {
 public:
  virtual ~DataPlane() = default;

  virtual Status write(std::string_view disk, std::uint64_t offset,
                       std::span<const std::byte> data) = 0;
  // At most 1 GiB per call (kInvalidArgument beyond).
  virtual Result<std::vector<std::byte>> read(std::string_view disk, std::uint64_t offset,
                                              std::uint64_t length) = 0;
  // The host stopped uncleanly and came back: change tracking may coarsen, replica logs need
  // resynchronization; content survives.
  virtual Status crash_host() = 0;
  // Changes content without the tracker seeing the write (a disk patched offline): every earlier
  // RCT id of the disk becomes invalid.
  virtual Status modify_offline(std::string_view disk, std::uint64_t offset,
                                std::span<const std::byte> data) = 0;
  // Grows or shrinks the disk; earlier RCT ids become invalid.
  virtual Status resize(std::string_view disk, std::uint64_t new_size) = 0;
};

}  // namespace wmi
