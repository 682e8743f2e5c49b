// generate_inventory: a deterministic large host for benchmarks and soak runs (`hvsim inventory
// generate --vms N --disks-per-vm M --disk-size 1TiB`).
//
// The result: host "HVSIM-HOST"; VMs named "vm-0001", "vm-0002", ... (zero-padded to at least 4
// digits and the width of the count), running, configuration version 9.0, not replicating, each
// with `disks_per_vm` VHDX disks of `disk_size` bytes and 512-byte sectors (profile granularity);
// and, when there is at least one VM, one VM group "all-vms" holding every VM. VM and group GUIDs
// are uppercase version-4 GUIDs drawn from RandomStreams(seed).stream("inventory"): the same
// arguments give the same inventory, byte for byte once saved. Pure function; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>

#include "sim/control/inventory.h"
#include "wmi/cim/status.h"

namespace sim::control {

inline constexpr std::size_t kMaxGeneratedVms = 100000;
inline constexpr std::size_t kMaxDisksPerVm = 256;  // 4 SCSI controllers × 64 locations

// Fails with kInvalidArgument when `vms` > kMaxGeneratedVms, `disks_per_vm` > kMaxDisksPerVm, or
// `disk_size` is not a valid VHDX size with 512-byte sectors (inventory.h).
wmi::Result<Inventory> generate_inventory(std::size_t vms, std::size_t disks_per_vm,
                                          std::uint64_t disk_size, std::uint64_t seed);

}  // namespace sim::control
