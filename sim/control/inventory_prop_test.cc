// Properties: for any valid inventory x, load(save(x)) == x and save(load(save(x))) is
// byte-identical to save(x); generated hosts are valid and round-trip too.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cctype>
#include <string>
#include <vector>

#include "sim/control/byte_size.h"
#include "sim/control/inventory.h"
#include "sim/control/inventory_generator.h"
#include "sim/control/inventory_json.h"

namespace sim::control {
namespace {

rc::Gen<std::string> from_pieces(std::vector<std::string> pieces, std::size_t min,
                                 std::size_t max) {
  return rc::gen::exec([pieces, min, max] {
    const auto n = *rc::gen::inRange(min, max + 1);
    std::string s;
    for (std::size_t i = 0; i < n; ++i)
      s += pieces[*rc::gen::inRange<std::size_t>(0, pieces.size())];
    return s;
  });
}

// 1..100 characters, valid UTF-8, no controls; JSON metacharacters on purpose.
rc::Gen<std::string> display_name() {
  return from_pieces({"a", "Z", "7", " ", "-", "_", ".", "\"", "\\", "/", "'", "<", "&", "{",
                      "\xc3\xa9", "\xe2\x82\xac", "\xe6\x97\xa5", "\xf0\x9f\x98\x80"},
                     1, 100);
}

rc::Gen<std::string> host_name() {
  return rc::gen::exec([] {
    const std::string edge = "ABCXYZabcxyz0189";
    std::string name(1, edge[*rc::gen::inRange<std::size_t>(0, edge.size())]);
    name += *from_pieces({"A", "z", "5", "-"}, 0, 61);
    if (name.size() > 1) name += edge[*rc::gen::inRange<std::size_t>(0, edge.size())];
    return name;
  });
}

// Unique by construction (the index leads), random elsewhere, random case.
std::string guid_for(std::size_t index) {
  static const char* kHex = "0123456789abcdef";
  std::string g = std::to_string(index);
  g = std::string(8 - g.size(), '0') + g;
  for (int i = 8; i < 36; ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      g += '-';
    } else {
      g += kHex[*rc::gen::inRange(0, 16)];
    }
  }
  if (*rc::gen::arbitrary<bool>()) {
    for (char& c : g) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return g;
}

DiskInventory disk() {
  DiskInventory d;
  d.format = *rc::gen::element(DiskFormat::kVhdx, DiskFormat::kVhd);
  d.logical_sector_size = d.format == DiskFormat::kVhd ? 512 : *rc::gen::element(512u, 4096u);
  const std::uint64_t max = d.format == DiskFormat::kVhd ? kMaxVhdSize : kMaxVhdxSize;
  const std::uint64_t sectors = max / d.logical_sector_size;
  // Mostly round sizes (saved with a unit), sometimes odd sector counts (saved as plain bytes).
  if (*rc::gen::arbitrary<bool>()) {
    d.size = (std::uint64_t{1} << *rc::gen::inRange(0, 21)) * kMiB;
    if (d.size > max) d.size = max;
  } else {
    d.size = *rc::gen::inRange<std::uint64_t>(1, sectors + 1) * d.logical_sector_size;
  }
  if (d.format == DiskFormat::kVhdx && *rc::gen::arbitrary<bool>()) {
    d.tracking_granularity = std::uint64_t{1} << *rc::gen::inRange(12, 29);
  }
  return d;
}

rc::Gen<Inventory> valid_inventory() {
  return rc::gen::exec([] {
    Inventory inv;
    inv.description = *from_pieces({"x", " ", "\"", "\n", "\xc3\xa9"}, 0, 20);
    inv.host_name = *host_name();
    std::size_t next_guid = 0;
    const auto vm_count = *rc::gen::inRange<std::size_t>(0, 12);
    for (std::size_t v = 0; v < vm_count; ++v) {
      VmInventory vm;
      vm.guid = guid_for(next_guid++);
      vm.name = *display_name();
      vm.enabled_state = *rc::gen::oneOf(rc::gen::element<std::uint16_t>(2, 3, 6, 9),
                                         rc::gen::inRange<std::uint16_t>(0, 12),
                                         rc::gen::inRange<std::uint16_t>(32768, 65535));
      vm.configuration_version = {*rc::gen::arbitrary<std::uint16_t>(),
                                  *rc::gen::arbitrary<std::uint16_t>()};
      vm.replicating = *rc::gen::arbitrary<bool>();
      const auto disks = *rc::gen::inRange(0, 4);
      for (int d = 0; d < disks; ++d) vm.disks.push_back(disk());
      inv.vms.push_back(std::move(vm));
    }
    const auto group_count = *rc::gen::inRange<std::size_t>(0, 6);
    for (std::size_t g = 0; g < group_count; ++g) {
      GroupInventory group;
      group.id = guid_for(next_guid++);
      group.name = *display_name();
      group.type = *rc::gen::element(GroupType::kVirtualMachines, GroupType::kCollections);
      if (group.type == GroupType::kVirtualMachines) {
        for (const VmInventory& vm : inv.vms) {
          if (*rc::gen::arbitrary<bool>()) group.members.push_back(vm.guid);
        }
      } else {
        for (std::size_t earlier = 0; earlier < g; ++earlier) {  // earlier only: no cycles
          if (*rc::gen::arbitrary<bool>()) group.members.push_back(inv.groups[earlier].id);
        }
      }
      inv.groups.push_back(std::move(group));
    }
    return inv;
  });
}

RC_GTEST_PROP(InventoryProperty, SaveLoadRoundTripsAndSavingIsCanonical, ()) {
  const Inventory inventory = *valid_inventory();
  RC_ASSERT(validate_inventory(inventory).ok());
  const std::string text = save_inventory(inventory);
  auto loaded = load_inventory(text);
  if (!loaded.ok()) RC_FAIL(loaded.status().to_string());
  RC_ASSERT(*loaded == inventory);
  RC_ASSERT(save_inventory(*loaded) == text);
}

RC_GTEST_PROP(InventoryProperty, GeneratedHostsAreValidAndRoundTrip, (std::uint64_t seed)) {
  const auto vms = *rc::gen::inRange<std::size_t>(0, 40);
  const auto disks = *rc::gen::inRange<std::size_t>(0, 5);
  const std::uint64_t size = *rc::gen::inRange<std::uint64_t>(1, (kMaxVhdxSize >> 9) + 1) << 9;
  auto inventory = generate_inventory(vms, disks, size, seed);
  RC_ASSERT(inventory.ok());
  RC_ASSERT(validate_inventory(*inventory).ok());
  const std::string text = save_inventory(*inventory);
  auto loaded = load_inventory(text);
  RC_ASSERT(loaded.ok());
  RC_ASSERT(*loaded == *inventory);
  RC_ASSERT(save_inventory(*loaded) == text);
  RC_ASSERT(save_inventory(*generate_inventory(vms, disks, size, seed)) == text);
}

}  // namespace
}  // namespace sim::control
