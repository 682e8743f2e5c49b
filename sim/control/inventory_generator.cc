#include "sim/control/inventory_generator.h"

#include <algorithm>
#include <string>

#include "sim/control/byte_size.h"
#include "sim/control/random_streams.h"

namespace sim::control {

wmi::Result<Inventory> generate_inventory(std::size_t vms, std::size_t disks_per_vm,
                                          std::uint64_t disk_size, std::uint64_t seed) {
  if (vms > kMaxGeneratedVms) {
    return wmi::invalid_argument("generate inventory: " + std::to_string(vms) +
                                 " VMs is more than " + std::to_string(kMaxGeneratedVms));
  }
  if (disks_per_vm > kMaxDisksPerVm) {
    return wmi::invalid_argument("generate inventory: " + std::to_string(disks_per_vm) +
                                 " disks per VM is more than " + std::to_string(kMaxDisksPerVm));
  }
  if (disk_size == 0 || disk_size % 512 != 0 || disk_size > kMaxVhdxSize) {
    return wmi::invalid_argument("generate inventory: disk size " + format_byte_size(disk_size) +
                                 " is not a positive multiple of 512 bytes up to 64TiB");
  }
  RandomStream ids = RandomStreams(seed).stream(stream::kInventory);
  const std::size_t width = std::max<std::size_t>(4, std::to_string(vms).size());

  Inventory inventory;
  inventory.description = "generated: " + std::to_string(vms) + " VMs x " +
                          std::to_string(disks_per_vm) + " disks of " +
                          format_byte_size(disk_size) + ", seed " + std::to_string(seed);
  inventory.vms.reserve(vms);
  for (std::size_t v = 1; v <= vms; ++v) {
    VmInventory vm;
    vm.guid = ids.guid();
    std::string number = std::to_string(v);
    vm.name = "vm-" + std::string(width > number.size() ? width - number.size() : 0, '0') + number;
    vm.disks.assign(disks_per_vm, DiskInventory{disk_size, 512, DiskFormat::kVhdx, std::nullopt});
    inventory.vms.push_back(std::move(vm));
  }
  if (vms > 0) {
    GroupInventory all{ids.guid(), "all-vms", GroupType::kVirtualMachines, {}};
    all.members.reserve(vms);
    for (const VmInventory& vm : inventory.vms) all.members.push_back(vm.guid);
    inventory.groups.push_back(std::move(all));
  }
  return inventory;
}

}  // namespace sim::control
