// Msvm_CollectionReferencePointService (spec §1, §4; CIM return-code family): CreateReferencePoint
// — the seed method — DestroyReferencePoint and RemoveAssociatedData. Every undocumented error
// code comes from the profile; each method checks everything before it changes anything, so an
// error leaves no reference point on any member.
#include "sim/host/cim_paths.h"
#include "sim/host/class_defs.h"
#include "sim/host/class_names.h"
#include "sim/host/collection_lookup.h"
#include "sim/host/host_state.h"
#include "sim/host/reference_point_settings.h"
#include "sim/host/reference_points.h"
#include "wmi/cim/cim_name.h"

namespace sim::host {

namespace {

constexpr std::string_view kKeys[] = {"CreationClassName", "Name", "SystemCreationClassName",
                                      "SystemName"};
constexpr wmi::ReturnCodeFamily kCim = wmi::ReturnCodeFamily::kCim;
constexpr std::uint32_t kFailed = 2;
constexpr std::uint32_t kInvalidParameter = 4;

void enumerate(const RenderScope& scope, std::vector<wmi::Instance>& out) {
  out.push_back(service_instance(scope, cls::kCollectionReferencePointService,
                                 "Collection Reference Point Service"));
}

// --- CreateReferencePoint(Collection, ReferencePointSettings, ReferencePointType,
//                          in/out ResultingReferencePointCollection, out Job)

MethodOutcome check_create(const HostState& state, const CallArgs& args) {
  const control::ErrorCodes& codes = state.profile.codes;
  const auto type = args["ReferencePointType"].as_uint();
  if (!type || *type == 0) {
    return MethodOutcome::error(codes.type_unknown, "ReferencePointType 0 (Unknown)");
  }
  if (*type >= 32768) {
    return MethodOutcome::error(
        codes.type_vendor_specific,
        "ReferencePointType " + std::to_string(*type) + " is vendor specific");
  }
  if (*type > 2) {
    return MethodOutcome::error(codes.type_dmtf_reserved,
                                "ReferencePointType " + std::to_string(*type) + " is reserved");
  }
  const wmi::CimValue& reference = args["Collection"];
  const wmi::ObjectPath* path = reference.is_null() ? nullptr : reference.as_reference();
  if (path != nullptr && !wmi::iequals(path->class_name, cls::kVirtualSystemCollection)) {
    return MethodOutcome::error(
        codes.wrong_collection_class,
        "Collection is a " + path->class_name + ", not a Msvm_VirtualSystemCollection");
  }
  const Collection* group = find_collection_by_id(state, reference);
  if (group == nullptr) {
    return MethodOutcome::error(codes.collection_not_found,
                                "Collection does not name an existing VM group");
  }
  if (group->type != control::GroupType::kVirtualMachines) {
    return MethodOutcome::error(codes.wrong_collection_class, "Collection names a group of groups");
  }
  if (auto settings = parse_reference_point_settings(args["ReferencePointSettings"],
                                                     cls::kCollectionReferencePointSettingData);
      !settings.ok()) {
    return MethodOutcome::error(codes.malformed_settings, settings.status().message());
  }
  const std::vector<const Vm*> members = state.members_of(*group);
  if (members.empty()) {
    return MethodOutcome::error(codes.empty_collection, "the VM group has no members");
  }
  for (const Vm* vm : members) {
    if (vm->configuration_version < control::kMinGroupConfigurationVersion) {
      return MethodOutcome::error(codes.configuration_version_too_old,
                                  vm->name + " has configuration version " +
                                      control::to_string(vm->configuration_version) +
                                      "; 6.2 is needed");
    }
    if (!disks_support(*vm, static_cast<std::uint16_t>(*type))) {
      if (*type == kLogBased) {
        return MethodOutcome::error(codes.log_without_replication,
                                    vm->name + " is not replicating");
      }
      return MethodOutcome::error(codes.vhd_disk, vm->name + " has a disk that is not VHDX");
    }
    const std::uint32_t limit = state.profile.reference_point_limit_per_vm;
    if (limit != 0 && reference_point_count(state, *vm) >= limit) {
      return MethodOutcome::error(
          codes.reference_point_limit,
          vm->name + " already holds " + std::to_string(limit) + " reference points");
    }
  }
  return {};
}

MethodOutcome create(HostState& state, const CallArgs& args) {
  if (auto c = check_create(state, args); c.code != 0) return c;
  const Collection& group = *find_collection(state, args["Collection"]);
  const auto type = static_cast<std::uint16_t>(*args["ReferencePointType"].as_uint());
  ReferencePointCollection rpc;
  rpc.id = state.new_guid();
  rpc.vs_collection_id = group.id;
  rpc.type = type;
  rpc.consistency = *parse_reference_point_settings(args["ReferencePointSettings"],
                                                    cls::kCollectionReferencePointSettingData);
  rpc.created = state.now();
  for (const std::string& guid : group.members) {
    Vm* vm = state.find_vm(guid);
    if (vm == nullptr) continue;
    auto point = take_vm_reference_point(state, *vm, type, rpc.consistency, rpc.id);
    if (!point.ok()) {
      for (const std::string& taken : rpc.members) drop_vm_reference_point(state, taken);
      return MethodOutcome::error(kFailed, point.status().message());
    }
    rpc.members.push_back(std::move(*point));
  }
  const RenderScope scope{state, args.namespace_name};
  wmi::ObjectPath path = reference_point_collection_path(scope, rpc);
  state.reference_point_collections.emplace(rpc.id, std::move(rpc));
  MethodOutcome outcome;
  outcome.out.push_back({"ResultingReferencePointCollection", path});
  outcome.affected.push_back(std::move(path));
  return outcome;
}

// --- DestroyReferencePoint(AffectedReferencePointCollection, out Job): the group's point and,
// as dependants, every per-VM point in it.

MethodOutcome check_existing(const HostState& state, const CallArgs& args) {
  if (find_reference_point_collection(state, args["AffectedReferencePointCollection"]) == nullptr) {
    return MethodOutcome::error(kInvalidParameter,
                                "AffectedReferencePointCollection names no reference point");
  }
  return {};
}

MethodOutcome destroy(HostState& state, const CallArgs& args) {
  if (auto c = check_existing(state, args); c.code != 0) return c;
  const std::string id =
      find_reference_point_collection(state, args["AffectedReferencePointCollection"])->id;
  drop_reference_point_collection(state, id);
  return {};
}

// --- RemoveAssociatedData(AffectedReferencePointCollection, out Job): drops the replica-log
// data of a log-based point (HasAssociatedLog becomes false); an RCT-based point has none.

MethodOutcome remove_collection_data(HostState& state, const CallArgs& args) {
  if (auto c = check_existing(state, args); c.code != 0) return c;
  const ReferencePointCollection& rpc =
      *find_reference_point_collection(state, args["AffectedReferencePointCollection"]);
  for (const std::string& member : rpc.members) {
    const auto point = state.vm_reference_points.find(member);
    if (point != state.vm_reference_points.end()) remove_associated_data(state, point->second);
  }
  return {};
}

using wmi::CimType;
constexpr ParamSpec kJobOut{"Job", CimType::kReference, false, true};
constexpr ParamSpec kCreateParams[] = {
    {"Collection", CimType::kReference},
    {"ReferencePointSettings", CimType::kString},
    {"ReferencePointType", CimType::kUint16},
    {"ResultingReferencePointCollection", CimType::kReference, true, true},
    kJobOut};
constexpr ParamSpec kAffectedParams[] = {{"AffectedReferencePointCollection", CimType::kReference},
                                         kJobOut};

constexpr MethodSpec kMethods[] = {
    {"CreateReferencePoint", kCim, kCreateParams, 205, &check_create, &create},
    {"DestroyReferencePoint", kCim, kAffectedParams, 208, &check_existing, &destroy},
    {"RemoveAssociatedData", kCim, kAffectedParams, 207, &check_existing, &remove_collection_data},
};

}  // namespace

const ClassDef kCollectionReferencePointServiceClass{cls::kCollectionReferencePointService,
                                                     "CIM_Service",
                                                     kKeys,
                                                     &enumerate,
                                                     nullptr,
                                                     kMethods,
                                                     true};

}  // namespace sim::host
