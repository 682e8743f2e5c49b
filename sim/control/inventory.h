// sim::control::Inventory: the simulated host's starting state — the host's name, its VMs (GUID,
// name, EnabledState, configuration version, replication, virtual disks) and its VM groups
// (Msvm_VirtualSystemCollection, Type 0, members are VMs; Msvm_ManagementCollection, Type 1,
// members are groups). The host builds its object model and its sim::storage disks from it.
//
// Rules (validate_inventory):
//   host_name     1..63 characters of [A-Za-z0-9-], not starting or ending with '-'
//   GUIDs         8-4-4-4-12 hex digits (either case, kept as written); unique across VMs and
//                 groups, compared case-insensitively
//   names         VM 1..100 and group 1..256 Unicode characters, valid UTF-8, no control characters
//   enabled_state a CIM EnabledState: 0..11 or 32768..65535 (2 running, 3 off, 6 saved, 9 paused)
//   disks         size > 0, a multiple of the logical sector (512 or 4096), at most 64 TiB; VHD
//                 disks: 512-byte sectors, at most 2040 GiB, and no tracking granularity (VHD
//                 cannot be tracked); tracking_granularity a power of two in [4 KiB, 256 MiB]
//   members       a "vms" group's members are VM GUIDs, a "collections" group's are group GUIDs
//                 (never itself, no cycles); no member listed twice
// Every error names the offending field by its JSON pointer in the inventory file's layout
// (inventory_json.h), e.g. "inventory at /vms/2/disks/0/size: 1000 is not a multiple of ...".
//
// Value types; not synchronised.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wmi/cim/status.h"

namespace sim::control {

inline constexpr std::uint64_t kMaxVhdxSize = std::uint64_t{64} << 40;   // 64 TiB
inline constexpr std::uint64_t kMaxVhdSize = std::uint64_t{2040} << 30;  // 2040 GiB

enum class DiskFormat { kVhdx, kVhd };

struct DiskInventory {
  std::uint64_t size = 0;  // bytes
  std::uint32_t logical_sector_size = 512;
  DiskFormat format = DiskFormat::kVhdx;
  std::optional<std::uint64_t> tracking_granularity;  // none: the profile's rct.granularity
  friend bool operator==(const DiskInventory&, const DiskInventory&) = default;
};

// A VM configuration version, "major.minor" (e.g. 9.0). 6.2 is the minimum for groups and RCT.
struct ConfigurationVersion {
  std::uint16_t major = 9;
  std::uint16_t minor = 0;
  friend auto operator<=>(const ConfigurationVersion&, const ConfigurationVersion&) = default;
};
inline constexpr ConfigurationVersion kMinGroupConfigurationVersion{6, 2};

// Parses "major.minor" (decimal, each 0..65535, no sign or spaces); nullopt when malformed.
std::optional<ConfigurationVersion> parse_configuration_version(std::string_view text);
// "9.0".
std::string to_string(ConfigurationVersion version);

struct VmInventory {
  std::string guid;  // Msvm_ComputerSystem.Name
  std::string name;  // ElementName
  std::uint16_t enabled_state = 2;
  ConfigurationVersion configuration_version;
  bool replicating = false;  // Hyper-V Replica enabled (log-based reference points need it)
  std::vector<DiskInventory> disks;
  friend bool operator==(const VmInventory&, const VmInventory&) = default;
};

enum class GroupType {
  kVirtualMachines,  // DefineCollection Type 0: Msvm_VirtualSystemCollection
  kCollections,      // Type 1: Msvm_ManagementCollection
};

struct GroupInventory {
  std::string id;  // CollectionID
  std::string name;
  GroupType type = GroupType::kVirtualMachines;
  std::vector<std::string> members;  // VM GUIDs or group ids, by type
  friend bool operator==(const GroupInventory&, const GroupInventory&) = default;
};

struct Inventory {
  std::string description;  // free text, may be empty
  std::string host_name = "HVSIM-HOST";
  std::vector<VmInventory> vms;
  std::vector<GroupInventory> groups;
  friend bool operator==(const Inventory&, const Inventory&) = default;
};

// True for the 8-4-4-4-12 hex form.
bool is_guid(std::string_view text);

// Ok when `inventory` obeys the rules above; otherwise kInvalidArgument for the first violation,
// in file order, naming its JSON pointer.
wmi::Status validate_inventory(const Inventory& inventory);

}  // namespace sim::control
