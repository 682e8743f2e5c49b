// Msvm_CollectionManagementService: VM groups (spec §4, Hyper-V return-code family) —
// DefineCollection, DestroyCollection, RenameCollection, AddMember, RemoveMember,
// RemoveMemberById. Each method checks everything before it changes anything.
#include <algorithm>

#include "sim/control/inventory.h"
#include "sim/host/cim_paths.h"
#include "sim/host/class_defs.h"
#include "sim/host/class_names.h"
#include "sim/host/collection_lookup.h"
#include "sim/host/host_state.h"
#include "sim/host/reference_points.h"
#include "wmi/cim/cim_name.h"
#include "wmi/cim/utf8.h"

namespace sim::host {

namespace {

constexpr std::string_view kKeys[] = {"CreationClassName", "Name", "SystemCreationClassName",
                                      "SystemName"};
constexpr std::uint32_t kInvalidParameter = 32773;
constexpr std::string_view kDefaultName = "New Group";
constexpr std::size_t kMaxNameLength = 256;
constexpr wmi::ReturnCodeFamily kHyperV = wmi::ReturnCodeFamily::kHyperV;

void enumerate(const RenderScope& scope, std::vector<wmi::Instance>& out) {
  out.push_back(service_instance(scope, cls::kCollectionManagementService,
                                 "Virtual System Collection Management Service"));
}

MethodOutcome invalid(std::string message) {
  return MethodOutcome::error(kInvalidParameter, std::move(message));
}

std::string_view text_of(const wmi::CimValue& value) {
  const std::string* text = value.is_null() ? nullptr : value.as_string();
  return text == nullptr ? std::string_view{} : std::string_view(*text);
}

// A group name: valid UTF-8 without control characters, at most 256 characters.
MethodOutcome check_name(std::string_view name) {
  std::size_t characters = 0;
  for (std::size_t pos = 0; pos < name.size(); ++characters) {
    const auto decoded = wmi::utf8::decode(name, pos);
    if (!decoded || decoded->code_point < 0x20 || decoded->code_point == 0x7F) {
      return invalid("the name is not valid UTF-8 text without control characters");
    }
    pos += decoded->length;
  }
  if (characters > kMaxNameLength) return invalid("the name is longer than 256 characters");
  return {};
}

// --- DefineCollection(Name, Id, Type, out DefinedCollection, out Job)

MethodOutcome check_define(const HostState& state, const CallArgs& args) {
  const auto type = args["Type"].as_uint();
  if (!type || *type > 1) return invalid("Type must be 0 (VMs) or 1 (collections)");
  const std::string_view id = text_of(args["Id"]);
  if (!id.empty() && !control::is_guid(id)) return invalid("Id is not a GUID");
  if (!id.empty() && state.collections.contains(id)) {
    return MethodOutcome::error(state.profile.codes.duplicate_collection_id,
                                "a collection with Id " + std::string(id) + " already exists");
  }
  return check_name(text_of(args["Name"]));
}

MethodOutcome define(HostState& state, const CallArgs& args) {
  if (auto c = check_define(state, args); c.code != 0) return c;
  Collection group;
  group.id = std::string(text_of(args["Id"]));
  if (group.id.empty()) group.id = state.new_guid();
  group.name = std::string(text_of(args["Name"]));
  if (group.name.empty()) group.name = std::string(kDefaultName);
  group.type = *args["Type"].as_uint() == 0 ? control::GroupType::kVirtualMachines
                                            : control::GroupType::kCollections;
  const RenderScope scope{state, args.namespace_name};
  wmi::ObjectPath path = collection_path(scope, group);
  state.collections.emplace(group.id, std::move(group));
  MethodOutcome outcome;
  outcome.out.push_back({"DefinedCollection", path});
  outcome.affected.push_back(std::move(path));
  return outcome;
}

// --- DestroyCollection(Collection, out Job)

MethodOutcome check_destroy(const HostState& state, const CallArgs& args) {
  if (find_collection(state, args["Collection"]) == nullptr) {
    return invalid("Collection does not name a VM group");
  }
  return {};
}

MethodOutcome destroy(HostState& state, const CallArgs& args) {
  if (auto c = check_destroy(state, args); c.code != 0) return c;
  const std::string id = find_collection(state, args["Collection"])->id;
  std::vector<std::string> points;
  for (const auto& [point_id, rpc] : state.reference_point_collections) {
    if (wmi::iequals(rpc.vs_collection_id, id)) points.push_back(point_id);
  }
  for (const std::string& point_id : points) drop_reference_point_collection(state, point_id);
  for (auto& [other_id, other] : state.collections) {
    std::erase_if(other.members, [&](const std::string& m) { return wmi::iequals(m, id); });
  }
  state.collections.erase(id);
  return {};
}

// --- RenameCollection(Collection, NewName, out Job)

MethodOutcome check_rename(const HostState& state, const CallArgs& args) {
  if (find_collection(state, args["Collection"]) == nullptr) {
    return invalid("Collection does not name a VM group");
  }
  if (text_of(args["NewName"]).empty()) return invalid("NewName is empty");
  return check_name(text_of(args["NewName"]));
}

MethodOutcome rename(HostState& state, const CallArgs& args) {
  if (auto c = check_rename(state, args); c.code != 0) return c;
  find_collection(state, args["Collection"])->name = std::string(text_of(args["NewName"]));
  return {};
}

// --- AddMember(Member, Collection, out Job)

// The member id a reference names for `group`: a VM's GUID for a VM group, a group's id for a
// group of groups; an error outcome when it names nothing or the wrong kind.
std::variant<std::string, MethodOutcome> member_id(const HostState& state, const Collection& group,
                                                   const wmi::CimValue& member) {
  const Vm* vm = find_vm(state, member);
  const Collection* inner = find_collection(state, member);
  if (vm == nullptr && inner == nullptr) return invalid("Member does not name a VM or a VM group");
  const bool fits =
      group.type == control::GroupType::kVirtualMachines ? vm != nullptr : inner != nullptr;
  if (!fits) {
    return MethodOutcome::error(state.profile.codes.wrong_member_kind,
                                group.type == control::GroupType::kVirtualMachines
                                    ? "a VM group holds only VMs"
                                    : "a group of groups holds only groups");
  }
  return vm != nullptr ? vm->guid : inner->id;
}

// Whether group `inner` is `outer` or (transitively) holds it.
bool contains_group(const HostState& state, const std::string& inner, const std::string& outer) {
  if (wmi::iequals(inner, outer)) return true;
  const auto it = state.collections.find(inner);
  if (it == state.collections.end() || it->second.type != control::GroupType::kCollections) {
    return false;
  }
  return std::any_of(it->second.members.begin(), it->second.members.end(),
                     [&](const std::string& m) { return contains_group(state, m, outer); });
}

bool has_member(const Collection& group, std::string_view id) {
  return std::any_of(group.members.begin(), group.members.end(),
                     [&](const std::string& m) { return wmi::iequals(m, id); });
}

MethodOutcome check_add(const HostState& state, const CallArgs& args) {
  const Collection* group = find_collection(state, args["Collection"]);
  if (group == nullptr) return invalid("Collection does not name a VM group");
  auto id = member_id(state, *group, args["Member"]);
  if (auto* error = std::get_if<MethodOutcome>(&id)) return *error;
  const std::string& member = std::get<std::string>(id);
  if (group->type == control::GroupType::kCollections && contains_group(state, member, group->id)) {
    return invalid("adding the group would make a cycle");
  }
  return {};
}

// Adding a member that is already in the group changes nothing and succeeds.
MethodOutcome add(HostState& state, const CallArgs& args) {
  if (auto c = check_add(state, args); c.code != 0) return c;
  Collection& group = *find_collection(state, args["Collection"]);
  std::string member = std::get<std::string>(member_id(state, group, args["Member"]));
  if (!has_member(group, member)) group.members.push_back(std::move(member));
  return {};
}

// --- RemoveMember(Member, Collection, out Job)

MethodOutcome check_remove(const HostState& state, const CallArgs& args) {
  const Collection* group = find_collection(state, args["Collection"]);
  if (group == nullptr) return invalid("Collection does not name a VM group");
  auto id = member_id(state, *group, args["Member"]);
  if (auto* error = std::get_if<MethodOutcome>(&id)) return *error;
  if (!has_member(*group, std::get<std::string>(id))) return invalid("Member is not in Collection");
  return {};
}

MethodOutcome remove(HostState& state, const CallArgs& args) {
  if (auto c = check_remove(state, args); c.code != 0) return c;
  Collection& group = *find_collection(state, args["Collection"]);
  const std::string member = std::get<std::string>(member_id(state, group, args["Member"]));
  std::erase_if(group.members, [&](const std::string& m) { return wmi::iequals(m, member); });
  return {};
}

// --- RemoveMemberById(Member, CollectionId, out Job): succeeds even when nothing matches [doc].

MethodOutcome check_remove_by_id(const HostState&, const CallArgs&) { return {}; }

MethodOutcome remove_by_id(HostState& state, const CallArgs& args) {
  const auto it = state.collections.find(text_of(args["CollectionId"]));
  if (it == state.collections.end()) return {};
  const Vm* vm = find_vm(state, args["Member"]);
  const Collection* inner = find_collection_by_id(state, args["Member"]);
  const std::string member = vm != nullptr ? vm->guid : inner != nullptr ? inner->id : "";
  std::erase_if(it->second.members, [&](const std::string& m) { return wmi::iequals(m, member); });
  return {};
}

using wmi::CimType;
constexpr ParamSpec kJobOut{"Job", CimType::kReference, false, true};
constexpr ParamSpec kDefineParams[] = {{"Name", CimType::kString},
                                       {"Id", CimType::kString},
                                       {"Type", CimType::kUint16},
                                       {"DefinedCollection", CimType::kReference, false, true},
                                       kJobOut};
constexpr ParamSpec kDestroyParams[] = {{"Collection", CimType::kReference}, kJobOut};
constexpr ParamSpec kRenameParams[] = {
    {"Collection", CimType::kReference}, {"NewName", CimType::kString}, kJobOut};
constexpr ParamSpec kMemberParams[] = {
    {"Member", CimType::kReference}, {"Collection", CimType::kReference}, kJobOut};
constexpr ParamSpec kRemoveByIdParams[] = {
    {"Member", CimType::kReference}, {"CollectionId", CimType::kString}, kJobOut};

constexpr MethodSpec kMethods[] = {
    {"DefineCollection", kHyperV, kDefineParams, 190, &check_define, &define},
    {"DestroyCollection", kHyperV, kDestroyParams, 191, &check_destroy, &destroy},
    {"RenameCollection", kHyperV, kRenameParams, 192, &check_rename, &rename},
    {"AddMember", kHyperV, kMemberParams, 193, &check_add, &add},
    {"RemoveMember", kHyperV, kMemberParams, 194, &check_remove, &remove},
    {"RemoveMemberById", kHyperV, kRemoveByIdParams, 194, &check_remove_by_id, &remove_by_id},
};

}  // namespace

const ClassDef kCollectionManagementServiceClass{
    cls::kCollectionManagementService, "CIM_Service", kKeys, &enumerate, nullptr, kMethods, true};

}  // namespace sim::host
