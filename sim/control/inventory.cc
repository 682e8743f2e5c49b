#include "sim/control/inventory.h"

#include <algorithm>
#include <cctype>
#include <unordered_map>
#include <unordered_set>

#include "sim/control/byte_size.h"
#include "sim/control/profile.h"
#include "wmi/cim/utf8.h"

namespace sim::control {

namespace {

wmi::Status fail(const std::string& pointer, const std::string& problem) {
  return wmi::invalid_argument("inventory at " + pointer + ": " + problem);
}

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// Checks a display name: valid UTF-8, no control characters, 1..max_chars code points.
wmi::Status check_name(const std::string& pointer, std::string_view name, std::size_t max_chars) {
  std::size_t chars = 0;
  for (std::size_t pos = 0; pos < name.size();) {
    const auto decoded = wmi::utf8::decode(name, pos);
    if (!decoded) return fail(pointer, "not valid UTF-8 at byte " + std::to_string(pos));
    if (decoded->code_point < 0x20 || decoded->code_point == 0x7F) {
      return fail(pointer, "control character " + wmi::utf8::code_point_name(decoded->code_point) +
                               " in a name");
    }
    pos += decoded->length;
    ++chars;
  }
  if (chars == 0 || chars > max_chars) {
    return fail(pointer, "a name must have 1.." + std::to_string(max_chars) + " characters, not " +
                             std::to_string(chars));
  }
  return {};
}

wmi::Status check_host_name(std::string_view name) {
  const auto allowed = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-';
  };
  if (name.empty() || name.size() > 63 || !std::all_of(name.begin(), name.end(), allowed) ||
      name.front() == '-' || name.back() == '-') {
    return fail("/host_name",
                "a host name is 1..63 letters, digits and '-' (not first or last), not \"" +
                    std::string(name) + "\"");
  }
  return {};
}

bool is_enabled_state(std::uint16_t state) { return state <= 11 || state >= 32768; }

wmi::Status check_disk(const std::string& pointer, const DiskInventory& disk) {
  const std::uint32_t sector = disk.logical_sector_size;
  if (sector != 512 && sector != 4096) {
    return fail(pointer + "/logical_sector_size",
                std::to_string(sector) + " is not a logical sector size (512 or 4096)");
  }
  if (disk.size == 0) return fail(pointer + "/size", "a disk cannot be empty");
  if (disk.size % sector != 0) {
    return fail(pointer + "/size", format_byte_size(disk.size) +
                                       " is not a multiple of the logical sector size " +
                                       std::to_string(sector));
  }
  if (disk.format == DiskFormat::kVhdx && disk.size > kMaxVhdxSize) {
    return fail(pointer + "/size",
                format_byte_size(disk.size) + " exceeds the VHDX maximum of 64TiB");
  }
  if (disk.format == DiskFormat::kVhd) {
    if (sector != 512) {
      return fail(pointer + "/logical_sector_size", "VHD disks have 512-byte sectors");
    }
    if (disk.size > kMaxVhdSize) {
      return fail(pointer + "/size",
                  format_byte_size(disk.size) + " exceeds the VHD maximum of 2040GiB");
    }
    if (disk.tracking_granularity) {
      return fail(pointer + "/tracking_granularity",
                  "VHD disks cannot be tracked (Resilient Change Tracking needs VHDX)");
    }
  }
  if (const auto g = disk.tracking_granularity) {
    if (*g < kMinRctGranularity || *g > kMaxRctGranularity || (*g & (*g - 1)) != 0) {
      return fail(pointer + "/tracking_granularity",
                  format_byte_size(*g) + " is not a power of two in [4KiB, 256MiB]");
    }
  }
  return {};
}

struct GuidOwner {
  std::string pointer;
  bool is_group;
  std::size_t index;
};

// Fails when a group of groups reaches itself through its members. Iterative depth-first search,
// so a long chain of groups cannot exhaust the stack. Precondition: every member is known.
wmi::Status check_acyclic(const Inventory& inventory,
                          const std::unordered_map<std::string, GuidOwner>& owners) {
  enum class Mark { kNew, kOnPath, kDone };
  std::vector<Mark> marks(inventory.groups.size(), Mark::kNew);
  struct Frame {
    std::size_t group;
    std::size_t next_member;
  };
  std::vector<Frame> path;
  for (std::size_t root = 0; root < inventory.groups.size(); ++root) {
    if (marks[root] != Mark::kNew) continue;
    marks[root] = Mark::kOnPath;
    path.push_back({root, 0});
    while (!path.empty()) {
      Frame& frame = path.back();
      const GroupInventory& group = inventory.groups[frame.group];
      if (group.type != GroupType::kCollections || frame.next_member == group.members.size()) {
        marks[frame.group] = Mark::kDone;
        path.pop_back();
        continue;
      }
      const std::size_t m = frame.next_member++;
      const std::size_t child = owners.at(upper(group.members[m])).index;
      if (marks[child] == Mark::kOnPath) {
        return fail("/groups/" + std::to_string(frame.group) + "/members/" + std::to_string(m),
                    "group " + group.members[m] + " already contains \"" + group.name +
                        "\": groups of groups cannot form a cycle");
      }
      if (marks[child] == Mark::kNew) {
        marks[child] = Mark::kOnPath;
        path.push_back({child, 0});
      }
    }
  }
  return {};
}

}  // namespace

std::optional<ConfigurationVersion> parse_configuration_version(std::string_view text) {
  const auto dot = text.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  const auto number = [](std::string_view digits) -> std::optional<std::uint16_t> {
    if (digits.empty() || digits.size() > 5) return std::nullopt;
    std::uint32_t value = 0;
    for (const char c : digits) {
      if (c < '0' || c > '9') return std::nullopt;
      value = value * 10 + static_cast<std::uint32_t>(c - '0');
    }
    if (value > 65535) return std::nullopt;
    return static_cast<std::uint16_t>(value);
  };
  const auto major = number(text.substr(0, dot));
  const auto minor = number(text.substr(dot + 1));
  if (!major || !minor) return std::nullopt;
  return ConfigurationVersion{*major, *minor};
}

std::string to_string(ConfigurationVersion version) {
  return std::to_string(version.major) + "." + std::to_string(version.minor);
}

bool is_guid(std::string_view text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash_position != (text[i] == '-')) return false;
    if (!dash_position && std::isxdigit(static_cast<unsigned char>(text[i])) == 0) return false;
  }
  return true;
}

wmi::Status validate_inventory(const Inventory& inventory) {
  if (auto s = check_host_name(inventory.host_name); !s.ok()) return s;
  std::unordered_map<std::string, GuidOwner> owners;
  const auto claim = [&](const std::string& pointer, const std::string& guid, bool is_group,
                         std::size_t index) -> wmi::Status {
    if (!is_guid(guid)) {
      return fail(pointer, "\"" + guid + "\" is not a GUID (8-4-4-4-12 hex digits)");
    }
    const auto [it, inserted] = owners.emplace(upper(guid), GuidOwner{pointer, is_group, index});
    if (!inserted)
      return fail(pointer, "GUID " + guid + " is already used at " + it->second.pointer);
    return {};
  };
  for (std::size_t v = 0; v < inventory.vms.size(); ++v) {
    const VmInventory& vm = inventory.vms[v];
    const std::string at = "/vms/" + std::to_string(v);
    if (auto s = claim(at + "/guid", vm.guid, false, v); !s.ok()) return s;
    if (auto s = check_name(at + "/name", vm.name, 100); !s.ok()) return s;
    if (!is_enabled_state(vm.enabled_state)) {
      return fail(at + "/state", std::to_string(vm.enabled_state) +
                                     " is not an EnabledState (0..11 or 32768..65535)");
    }
    for (std::size_t d = 0; d < vm.disks.size(); ++d) {
      if (auto s = check_disk(at + "/disks/" + std::to_string(d), vm.disks[d]); !s.ok()) return s;
    }
  }
  for (std::size_t g = 0; g < inventory.groups.size(); ++g) {
    const GroupInventory& group = inventory.groups[g];
    const std::string at = "/groups/" + std::to_string(g);
    if (auto s = claim(at + "/id", group.id, true, g); !s.ok()) return s;
    if (auto s = check_name(at + "/name", group.name, 256); !s.ok()) return s;
  }
  for (std::size_t g = 0; g < inventory.groups.size(); ++g) {
    const GroupInventory& group = inventory.groups[g];
    const bool wants_groups = group.type == GroupType::kCollections;
    std::unordered_set<std::string> seen;
    for (std::size_t m = 0; m < group.members.size(); ++m) {
      const std::string& member = group.members[m];
      const std::string at = "/groups/" + std::to_string(g) + "/members/" + std::to_string(m);
      const auto owner = owners.find(upper(member));
      if (owner == owners.end()) {
        return fail(at, "no VM or group has the GUID \"" + member + "\"");
      }
      if (owner->second.is_group != wants_groups) {
        return fail(at, std::string(wants_groups ? "a group of groups (type \"collections\")"
                                                 : "a VM group (type \"vms\")") +
                            " cannot contain the " + (owner->second.is_group ? "group" : "VM") +
                            " at " + owner->second.pointer);
      }
      if (wants_groups && owner->second.index == g)
        return fail(at, "a group cannot contain itself");
      if (!seen.insert(upper(member)).second) return fail(at, member + " is listed twice");
    }
  }
  return check_acyclic(inventory, owners);
}

}  // namespace sim::control
