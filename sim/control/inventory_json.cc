#include "sim/control/inventory_json.h"

#include <utility>

#include "sim/control/byte_size.h"
#include "sim/control/strict_json.h"

namespace sim::control {

namespace {

using wmi::Result;
using wmi::Status;

constexpr Named<DiskFormat> kFormats[] = {{"vhdx", DiskFormat::kVhdx}, {"vhd", DiskFormat::kVhd}};
constexpr Named<GroupType> kGroupTypes[] = {{"vms", GroupType::kVirtualMachines},
                                            {"collections", GroupType::kCollections}};
constexpr Named<std::uint16_t> kStates[] = {
    {"running", 2}, {"off", 3}, {"saved", 6}, {"paused", 9}};

Result<std::string> string_member(const JsonField& object, std::string_view key) {
  auto field = object.required(key);
  if (!field.ok()) return field.status();
  return field->string();
}

Result<DiskInventory> read_disk(const JsonField& entry) {
  if (auto s =
          entry.expect_object({"size", "logical_sector_size", "format", "tracking_granularity"});
      !s.ok()) {
    return s;
  }
  DiskInventory disk;
  auto size = entry.required("size");
  if (!size.ok()) return size.status();
  auto bytes = size->byte_size(0, UINT64_MAX);
  if (!bytes.ok()) return bytes.status();
  disk.size = *bytes;
  auto sector = entry.required("logical_sector_size");
  if (!sector.ok()) return sector.status();
  auto sector_value = sector->integer(0, UINT32_MAX);
  if (!sector_value.ok()) return sector_value.status();
  disk.logical_sector_size = static_cast<std::uint32_t>(*sector_value);
  auto format = entry.required("format");
  if (!format.ok()) return format.status();
  auto format_value = format->choice<DiskFormat>(kFormats);
  if (!format_value.ok()) return format_value.status();
  disk.format = *format_value;
  if (auto granularity = entry.member("tracking_granularity")) {
    auto value = granularity->byte_size(0, UINT64_MAX);
    if (!value.ok()) return value.status();
    disk.tracking_granularity = *value;
  }
  return disk;
}

Result<std::uint16_t> read_state(const JsonField& state) {
  if (state.node().is_string()) return state.choice<std::uint16_t>(kStates);
  auto number = state.integer(0, 65535);
  if (!number.ok()) {
    return state.error(
        "expected \"running\", \"off\", \"saved\", \"paused\" or an EnabledState number");
  }
  return static_cast<std::uint16_t>(*number);
}

Result<VmInventory> read_vm(const JsonField& entry) {
  if (auto s = entry.expect_object(
          {"guid", "name", "state", "configuration_version", "replicating", "disks"});
      !s.ok()) {
    return s;
  }
  VmInventory vm;
  auto guid = string_member(entry, "guid");
  if (!guid.ok()) return guid.status();
  vm.guid = std::move(*guid);
  auto name = string_member(entry, "name");
  if (!name.ok()) return name.status();
  vm.name = std::move(*name);
  auto state_field = entry.required("state");
  if (!state_field.ok()) return state_field.status();
  auto state = read_state(*state_field);
  if (!state.ok()) return state.status();
  vm.enabled_state = *state;
  auto version_text = string_member(entry, "configuration_version");
  if (!version_text.ok()) return version_text.status();
  const auto version = parse_configuration_version(*version_text);
  if (!version) {
    return entry.member("configuration_version")
        ->error("\"" + *version_text + "\" is not a configuration version such as \"9.0\"");
  }
  vm.configuration_version = *version;
  if (auto replicating = entry.member("replicating")) {
    auto flag = replicating->boolean();
    if (!flag.ok()) return flag.status();
    vm.replicating = *flag;
  }
  if (auto disks = entry.member("disks")) {
    if (auto s = disks->expect_array(); !s.ok()) return s;
    for (std::size_t d = 0; d < disks->size(); ++d) {
      auto disk = read_disk(disks->element(d));
      if (!disk.ok()) return disk.status();
      vm.disks.push_back(*disk);
    }
  }
  return vm;
}

Result<GroupInventory> read_group(const JsonField& entry) {
  if (auto s = entry.expect_object({"id", "name", "type", "members"}); !s.ok()) return s;
  GroupInventory group;
  auto id = string_member(entry, "id");
  if (!id.ok()) return id.status();
  group.id = std::move(*id);
  auto name = string_member(entry, "name");
  if (!name.ok()) return name.status();
  group.name = std::move(*name);
  auto type = entry.required("type");
  if (!type.ok()) return type.status();
  auto type_value = type->choice<GroupType>(kGroupTypes);
  if (!type_value.ok()) return type_value.status();
  group.type = *type_value;
  if (auto members = entry.member("members")) {
    if (auto s = members->expect_array(); !s.ok()) return s;
    for (std::size_t m = 0; m < members->size(); ++m) {
      auto member = members->element(m).string();
      if (!member.ok()) return member.status();
      group.members.push_back(std::move(*member));
    }
  }
  return group;
}

Result<Inventory> read_inventory(const Json& root) {
  const JsonField document(root, "inventory");
  if (auto s = document.expect_object({"description", "host_name", "vms", "groups"}); !s.ok()) {
    return s;
  }
  Inventory inventory;
  if (auto description = document.member("description")) {
    auto text = description->string();
    if (!text.ok()) return text.status();
    inventory.description = std::move(*text);
  }
  auto host = string_member(document, "host_name");
  if (!host.ok()) return host.status();
  inventory.host_name = std::move(*host);
  if (auto vms = document.member("vms")) {
    if (auto s = vms->expect_array(); !s.ok()) return s;
    inventory.vms.reserve(vms->size());
    for (std::size_t v = 0; v < vms->size(); ++v) {
      auto vm = read_vm(vms->element(v));
      if (!vm.ok()) return vm.status();
      inventory.vms.push_back(std::move(*vm));
    }
  }
  if (auto groups = document.member("groups")) {
    if (auto s = groups->expect_array(); !s.ok()) return s;
    for (std::size_t g = 0; g < groups->size(); ++g) {
      auto group = read_group(groups->element(g));
      if (!group.ok()) return group.status();
      inventory.groups.push_back(std::move(*group));
    }
  }
  if (auto s = validate_inventory(inventory); !s.ok()) return s;
  return inventory;
}

Json write_state(std::uint16_t state) {
  const std::string_view name = name_of(std::span<const Named<std::uint16_t>>(kStates), state);
  return name.empty() ? Json(state) : Json(std::string(name));
}

}  // namespace

Result<Inventory> load_inventory(std::string_view json_text) {
  try {
    auto root = parse_strict_json(json_text, "inventory");
    if (!root.ok()) return root.status();
    return read_inventory(*root);
  } catch (const Json::exception& e) {
    // The readers check types before reading; this is a guard, not a path.
    return wmi::invalid_argument(std::string("inventory: ") + e.what());
  }
}

std::string save_inventory(const Inventory& inventory) {
  Json vms = Json::array();
  for (const VmInventory& vm : inventory.vms) {
    Json disks = Json::array();
    for (const DiskInventory& disk : vm.disks) {
      Json entry{{"size", format_byte_size(disk.size)},
                 {"logical_sector_size", disk.logical_sector_size},
                 {"format",
                  std::string(name_of(std::span<const Named<DiskFormat>>(kFormats), disk.format))}};
      if (disk.tracking_granularity) {
        entry["tracking_granularity"] = format_byte_size(*disk.tracking_granularity);
      }
      disks.push_back(std::move(entry));
    }
    vms.push_back(Json{{"guid", vm.guid},
                       {"name", vm.name},
                       {"state", write_state(vm.enabled_state)},
                       {"configuration_version", to_string(vm.configuration_version)},
                       {"replicating", vm.replicating},
                       {"disks", std::move(disks)}});
  }
  Json groups = Json::array();
  for (const GroupInventory& group : inventory.groups) {
    groups.push_back(Json{
        {"id", group.id},
        {"name", group.name},
        {"type", std::string(name_of(std::span<const Named<GroupType>>(kGroupTypes), group.type))},
        {"members", group.members}});
  }
  const Json root{{"description", inventory.description},
                  {"host_name", inventory.host_name},
                  {"vms", std::move(vms)},
                  {"groups", std::move(groups)}};
  return root.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace sim::control
