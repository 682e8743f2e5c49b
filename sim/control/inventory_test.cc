#include "sim/control/inventory.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "sim/control/byte_size.h"
#include "sim/control/inventory_generator.h"
#include "sim/control/inventory_json.h"
#include "sim/storage/virtual_disk.h"

namespace sim::control {
namespace {

static_assert(kMaxVhdxSize == sim::storage::kMaxDiskSize);

#define EXPECT_CONTAINS(haystack, needle) \
  EXPECT_NE(std::string(haystack).find(needle), std::string::npos) << (haystack)

std::string read_small() {
  std::ifstream in(std::string(HVSIM_SOURCE_DIR) + "/fixtures/inventories/small.json");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

constexpr const char* kVm1 = "D253BD21-5401-450B-BB44-63660F5A3E14";
constexpr const char* kVm2 = "76025F59-0F17-4B48-8F74-15952224C2B7";
constexpr const char* kGroup1 = "17941B31-5A9C-49EB-A8FA-AF67311F9463";
constexpr const char* kGroup2 = "337EB5A3-1167-4403-8EF7-42AE37DAAACA";

Inventory two_vms_one_group() {
  Inventory inv;
  inv.host_name = "HOST";
  inv.vms.push_back({kVm1, "a", 2, {9, 0}, false, {{64 * kGiB, 512, DiskFormat::kVhdx, {}}}});
  inv.vms.push_back({kVm2, "b", 3, {6, 2}, true, {}});
  inv.groups.push_back({kGroup1, "g", GroupType::kVirtualMachines, {kVm1, kVm2}});
  inv.groups.push_back({kGroup2, "gg", GroupType::kCollections, {kGroup1}});
  return inv;
}

std::string error_of(const Inventory& inv) {
  const wmi::Status status = validate_inventory(inv);
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(status.kind(), wmi::StatusKind::kInvalidArgument);
  return status.message();
}

TEST(Inventory, ShippedSmallFixtureLoadsAndIsCanonical) {
  const std::string text = read_small();
  auto inv = load_inventory(text);
  ASSERT_TRUE(inv.ok()) << inv.status().to_string();
  EXPECT_EQ(inv->host_name, "HV-HOST-01");
  ASSERT_EQ(inv->vms.size(), 3u);
  ASSERT_EQ(inv->groups.size(), 2u);
  EXPECT_EQ(inv->vms[0].name, "sql-01");
  EXPECT_EQ(inv->vms[0].disks[1].size, kTiB);
  EXPECT_EQ(inv->vms[0].disks[1].logical_sector_size, 4096u);
  EXPECT_EQ(inv->vms[0].disks[1].tracking_granularity, 256 * kKiB);
  EXPECT_FALSE(inv->vms[0].disks[0].tracking_granularity.has_value());
  EXPECT_EQ(inv->vms[2].enabled_state, 3);
  EXPECT_LT(inv->vms[2].configuration_version, kMinGroupConfigurationVersion);
  EXPECT_EQ(inv->vms[2].disks[0].format, DiskFormat::kVhd);
  EXPECT_EQ(inv->groups[1].type, GroupType::kCollections);
  for (const auto& vm : inv->vms) EXPECT_TRUE(vm.disks.size() == 1 || vm.disks.size() == 2);
  EXPECT_EQ(save_inventory(*inv), text);
}

TEST(Inventory, AcceptsSizesAsNumbersOrStringsAndStatesAsNamesOrNumbers) {
  auto inv = load_inventory(R"({"host_name": "h", "vms": [
      {"guid": "D253BD21-5401-450B-BB44-63660F5A3E14", "name": "x", "state": 32768,
       "configuration_version": "12.0", "disks": [
         {"size": 1048576, "logical_sector_size": 512, "format": "vhdx"},
         {"size": "64TiB", "logical_sector_size": 4096, "format": "vhdx",
          "tracking_granularity": 4096}]}]})");
  ASSERT_TRUE(inv.ok()) << inv.status().to_string();
  EXPECT_EQ(inv->vms[0].enabled_state, 32768);
  EXPECT_EQ(inv->vms[0].disks[0].size, kMiB);
  EXPECT_EQ(inv->vms[0].disks[1].size, 64 * kTiB);
  EXPECT_EQ(inv->vms[0].disks[1].tracking_granularity, 4096u);
  EXPECT_EQ(inv->vms[0].configuration_version, (ConfigurationVersion{12, 0}));
  EXPECT_FALSE(inv->vms[0].replicating);
  const std::string saved = save_inventory(*inv);
  EXPECT_CONTAINS(saved, "\"size\": \"1MiB\"");
  EXPECT_CONTAINS(saved, "\"state\": 32768");
}

TEST(Inventory, ValidationNamesThePointerOfEachViolation) {
  EXPECT_TRUE(validate_inventory(two_vms_one_group()).ok());
  Inventory inv = two_vms_one_group();

  inv.host_name = "-bad";
  EXPECT_CONTAINS(error_of(inv), "inventory at /host_name: a host name is 1..63");
  inv = two_vms_one_group();
  inv.vms[1].guid = kVm1;
  EXPECT_CONTAINS(error_of(inv),
                  "at /vms/1/guid: GUID " + std::string(kVm1) + " is already used at /vms/0/guid");
  inv = two_vms_one_group();
  inv.groups[0].id = "d253bd21-5401-450b-bb44-63660f5a3e14";  // same GUID, other case
  EXPECT_CONTAINS(error_of(inv), "at /groups/0/id: GUID");
  inv = two_vms_one_group();
  inv.vms[0].guid = "{D253BD21-5401-450B-BB44-63660F5A3E14}";
  EXPECT_CONTAINS(error_of(inv), "at /vms/0/guid: \"{D253BD21");
  inv = two_vms_one_group();
  inv.vms[0].name = "";
  EXPECT_CONTAINS(error_of(inv), "at /vms/0/name: a name must have 1..100 characters, not 0");
  inv.vms[0].name = std::string(100, 'x') + "\xc3\xa9";
  EXPECT_CONTAINS(error_of(inv), "not 101");
  inv.vms[0].name = "tab\there";
  EXPECT_CONTAINS(error_of(inv), "control character U+0009");
  inv.vms[0].name = "bad\xff";
  EXPECT_CONTAINS(error_of(inv), "not valid UTF-8 at byte 3");
  inv = two_vms_one_group();
  inv.vms[0].enabled_state = 12;
  EXPECT_CONTAINS(error_of(inv), "at /vms/0/state: 12 is not an EnabledState");
}

TEST(Inventory, DiskRules) {
  const auto disk_error = [](DiskInventory disk) {
    Inventory inv = two_vms_one_group();
    inv.vms[1].disks = {{64 * kGiB, 512, DiskFormat::kVhdx, {}}, disk};
    return error_of(inv);
  };
  EXPECT_CONTAINS(disk_error({1000, 512, DiskFormat::kVhdx, {}}),
                  "at /vms/1/disks/1/size: 1000 is not a multiple of the logical sector size 512");
  EXPECT_CONTAINS(disk_error({512, 4096, DiskFormat::kVhdx, {}}),
                  "not a multiple of the logical sector size 4096");
  EXPECT_CONTAINS(disk_error({0, 512, DiskFormat::kVhdx, {}}), "a disk cannot be empty");
  EXPECT_CONTAINS(disk_error({64 * kTiB + 512, 512, DiskFormat::kVhdx, {}}),
                  "exceeds the VHDX maximum of 64TiB");
  EXPECT_CONTAINS(disk_error({kGiB, 1024, DiskFormat::kVhdx, {}}),
                  "at /vms/1/disks/1/logical_sector_size: 1024 is not a logical sector size");
  EXPECT_CONTAINS(disk_error({kGiB, 4096, DiskFormat::kVhd, {}}),
                  "VHD disks have 512-byte sectors");
  EXPECT_CONTAINS(disk_error({2041 * kGiB, 512, DiskFormat::kVhd, {}}),
                  "exceeds the VHD maximum of 2040GiB");
  EXPECT_CONTAINS(disk_error({kGiB, 512, DiskFormat::kVhd, 64 * kKiB}),
                  "at /vms/1/disks/1/tracking_granularity: VHD disks cannot be tracked");
  EXPECT_CONTAINS(disk_error({kGiB, 512, DiskFormat::kVhdx, 96 * kKiB}),
                  "96KiB is not a power of two in [4KiB, 256MiB]");
  EXPECT_CONTAINS(disk_error({kGiB, 512, DiskFormat::kVhdx, 512 * kMiB}), "512MiB is not");
}

TEST(Inventory, MembershipRules) {
  Inventory inv = two_vms_one_group();
  inv.groups[0].members.push_back("AAAAAAAA-AAAA-4AAA-8AAA-AAAAAAAAAAAA");
  EXPECT_CONTAINS(error_of(inv), "at /groups/0/members/2: no VM or group has the GUID");
  inv = two_vms_one_group();
  inv.groups[0].members.push_back(kGroup2);
  EXPECT_CONTAINS(error_of(inv),
                  "at /groups/0/members/2: a VM group (type \"vms\") cannot "
                  "contain the group at /groups/1/id");
  inv = two_vms_one_group();
  inv.groups[1].members.push_back(kVm2);
  EXPECT_CONTAINS(error_of(inv),
                  "a group of groups (type \"collections\") cannot contain the VM "
                  "at /vms/1/guid");
  inv = two_vms_one_group();
  inv.groups[1].members.push_back(kGroup2);
  EXPECT_CONTAINS(error_of(inv), "at /groups/1/members/1: a group cannot contain itself");
  inv = two_vms_one_group();
  inv.groups[0].members.push_back("d253bd21-5401-450b-bb44-63660f5a3e14");
  EXPECT_CONTAINS(error_of(inv),
                  "at /groups/0/members/2: d253bd21-5401-450b-bb44-63660f5a3e14 "
                  "is listed twice");
}

TEST(Inventory, GroupsOfGroupsCannotFormACycle) {
  Inventory inv = two_vms_one_group();
  const char* third = "AAAAAAAA-AAAA-4AAA-8AAA-AAAAAAAAAAAA";
  inv.groups.push_back({third, "ggg", GroupType::kCollections, {kGroup2}});
  EXPECT_TRUE(validate_inventory(inv).ok());
  inv.groups[1].members.push_back(third);
  EXPECT_CONTAINS(error_of(inv), "groups of groups cannot form a cycle");
}

TEST(Inventory, LoaderErrorsAreClear) {
  const auto error = [](std::string_view text) {
    auto inv = load_inventory(text);
    EXPECT_FALSE(inv.ok()) << text;
    return inv.ok() ? std::string() : inv.status().message();
  };
  EXPECT_CONTAINS(error(""), "inventory: not valid JSON");
  EXPECT_CONTAINS(error("{}"), "inventory at /: missing required key \"host_name\"");
  EXPECT_CONTAINS(error(R"({"host_name": "h", "vm": []})"), "unknown key \"vm\"");
  EXPECT_CONTAINS(error(R"({"host_name": "h", "vms": [{"guid": 1}]})"),
                  "at /vms/0/guid: expected a string, got 1");
  const std::string vm_prefix =
      R"({"host_name": "h", "vms": [{"guid": "D253BD21-5401-450B-BB44-63660F5A3E14", "name": "n", )";
  EXPECT_CONTAINS(error(vm_prefix + R"("state": "hibernating", "configuration_version": "9.0"}]})"),
                  "at /vms/0/state: \"hibernating\" is not one of \"running\"");
  EXPECT_CONTAINS(error(vm_prefix + R"("state": -2, "configuration_version": "9.0"}]})"),
                  "at /vms/0/state: expected \"running\"");
  EXPECT_CONTAINS(error(vm_prefix + R"("state": "off", "configuration_version": "9"}]})"),
                  "at /vms/0/configuration_version: \"9\" is not a configuration version");
  EXPECT_CONTAINS(error(vm_prefix + R"("state": "off", "configuration_version": "9.0",
                                     "disks": [{"size": "1TB", "logical_sector_size": 512,
                                                "format": "vhdx"}]}]})"),
                  "at /vms/0/disks/0/size: byte size \"1TB\": decimal units");
  EXPECT_CONTAINS(error(vm_prefix + R"("state": "off", "configuration_version": "9.0",
                                     "disks": [{"size": "1TiB", "logical_sector_size": 512,
                                                "format": "qcow2"}]}]})"),
                  "at /vms/0/disks/0/format: \"qcow2\" is not one of \"vhdx\", \"vhd\"");
  EXPECT_CONTAINS(error(vm_prefix + R"("state": "off", "configuration_version": "9.0",
                                     "disks": [{"size": "100TiB", "logical_sector_size": 512,
                                                "format": "vhdx"}]}]})"),
                  "at /vms/0/disks/0/size: 100TiB exceeds the VHDX maximum of 64TiB");
  EXPECT_CONTAINS(
      error(R"({"host_name": "h", "groups": [{"id": "x", "name": "g", "type": "vm"}]})"),
      "at /groups/0/type: \"vm\" is not one of \"vms\", \"collections\"");
}

TEST(Inventory, ConfigurationVersions) {
  EXPECT_EQ(parse_configuration_version("9.0"), (ConfigurationVersion{9, 0}));
  EXPECT_EQ(parse_configuration_version("254.65535"), (ConfigurationVersion{254, 65535}));
  for (const char* bad : {"", "9", "9.", ".0", "9.0.1", "a.b", "-1.0", "65536.0", " 9.0"}) {
    EXPECT_FALSE(parse_configuration_version(bad).has_value()) << bad;
  }
  EXPECT_EQ(to_string(ConfigurationVersion{6, 2}), "6.2");
  EXPECT_LT((ConfigurationVersion{5, 0}), kMinGroupConfigurationVersion);
  EXPECT_LT(kMinGroupConfigurationVersion, (ConfigurationVersion{8, 0}));
}

TEST(InventoryGenerator, BuildsALargeValidDeterministicHost) {
  auto inv = generate_inventory(1000, 8, kTiB, 42);
  ASSERT_TRUE(inv.ok()) << inv.status().to_string();
  EXPECT_TRUE(validate_inventory(*inv).ok());
  ASSERT_EQ(inv->vms.size(), 1000u);
  EXPECT_EQ(inv->vms[0].name, "vm-0001");
  EXPECT_EQ(inv->vms[999].name, "vm-1000");
  EXPECT_EQ(inv->vms[5].disks.size(), 8u);
  EXPECT_EQ(inv->vms[5].disks[7].size, kTiB);
  ASSERT_EQ(inv->groups.size(), 1u);
  EXPECT_EQ(inv->groups[0].members.size(), 1000u);
  EXPECT_EQ(inv->groups[0].members[999], inv->vms[999].guid);
  auto again = generate_inventory(1000, 8, kTiB, 42);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(save_inventory(*again), save_inventory(*inv));
  auto other = generate_inventory(1000, 8, kTiB, 43);
  ASSERT_TRUE(other.ok());
  EXPECT_NE(other->vms[0].guid, inv->vms[0].guid);
  auto loaded = load_inventory(save_inventory(*inv));
  ASSERT_TRUE(loaded.ok()) << loaded.status().to_string();
  EXPECT_EQ(*loaded, *inv);
}

TEST(InventoryGenerator, EdgeCasesAndErrors) {
  auto empty = generate_inventory(0, 0, 512, 1);
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->vms.empty());
  EXPECT_TRUE(empty->groups.empty());
  auto wide = generate_inventory(12345, 0, 512, 1);
  ASSERT_TRUE(wide.ok());
  EXPECT_EQ(wide->vms[0].name, "vm-00001");
  EXPECT_CONTAINS(generate_inventory(100001, 1, kGiB, 1).status().message(), "more than 100000");
  EXPECT_CONTAINS(generate_inventory(1, 257, kGiB, 1).status().message(), "more than 256");
  EXPECT_CONTAINS(generate_inventory(1, 1, 1000, 1).status().message(), "disk size 1000");
  EXPECT_CONTAINS(generate_inventory(1, 1, 65 * kTiB, 1).status().message(), "65TiB");
  EXPECT_FALSE(generate_inventory(1, 1, 0, 1).ok());
}

}  // namespace
}  // namespace sim::control
