// Msvm_CollectionReplicationService (root/HyperVCluster/v2 only, spec §2): Hyper-V Replica over a
// VM group (Collection REF Msvm_VirtualSystemCollection), Hyper-V return-code family [doc].
// CreateReplicationRelationship, StartReplication, Resynchronize and RemoveReplicationRelationship
// do for every member what Msvm_ReplicationService does for one VM (replication.h), all or
// nothing: every member is checked first, and one member that cannot take the operation fails the
// call with that member's code, changing no member. The other methods of the class are not
// modelled.
#include "sim/host/cim_paths.h"
#include "sim/host/class_defs.h"
#include "sim/host/class_names.h"
#include "sim/host/collection_lookup.h"
#include "sim/host/host_state.h"
#include "sim/host/replication.h"
#include "wmi/cim/cim_name.h"

namespace sim::host {

namespace {

constexpr std::string_view kKeys[] = {"CreationClassName", "Name", "SystemCreationClassName",
                                      "SystemName"};
constexpr wmi::ReturnCodeFamily kHyperV = wmi::ReturnCodeFamily::kHyperV;

void enumerate(const RenderScope& scope, std::vector<wmi::Instance>& out) {
  out.push_back(service_instance(scope, cls::kCollectionReplicationService,
                                 "Collection Replication Service"));
}

// The VM group the Collection argument names, or the outcome that refuses it (wrong class, no
// such group, no member, or a member that cannot take `operation`).
const Collection* checked_group(const HostState& state, const CallArgs& args,
                                ReplicationOperation operation, MethodOutcome& refused) {
  const control::ErrorCodes& codes = state.profile.codes;
  const wmi::CimValue& reference = args["Collection"];
  const wmi::ObjectPath* path =
      reference.is_null() || reference.is_array() ? nullptr : reference.as_reference();
  if (path != nullptr && !wmi::iequals(path->class_name, cls::kVirtualSystemCollection)) {
    refused = MethodOutcome::error(
        codes.replication_wrong_collection_class,
        "Collection is a " + path->class_name + ", not a Msvm_VirtualSystemCollection");
    return nullptr;
  }
  const Collection* group = find_collection(state, reference);
  if (group == nullptr) {
    refused = MethodOutcome::error(codes.replication_collection_not_found,
                                   "Collection does not name a VM group");
    return nullptr;
  }
  const std::vector<const Vm*> members = state.members_of(*group);
  if (members.empty()) {
    refused =
        MethodOutcome::error(codes.replication_empty_collection, group->name + " has no member");
    return nullptr;
  }
  for (const Vm* vm : members) {
    if (auto why = refusal(state.profile, *vm, operation)) {
      refused = MethodOutcome::error(why->code, why->message);
      return nullptr;
    }
  }
  return group;
}

// Applies `change` to every member of the checked group; the group is what changed.
template <typename Change>
MethodOutcome for_each_member(HostState& state, const CallArgs& args, Change change) {
  const Collection& group = *find_collection(state, args["Collection"]);
  for (const Vm* member : state.members_of(group)) change(*state.find_vm(member->guid));
  MethodOutcome outcome;
  outcome.affected.push_back(collection_path(RenderScope{state, args.namespace_name}, group));
  return outcome;
}

// --- CreateReplicationRelationship(Collection, CollectionReplicationSettingData, out Job)

MethodOutcome check_create(const HostState& state, const CallArgs& args) {
  MethodOutcome refused;
  if (checked_group(state, args, ReplicationOperation::kCreate, refused) == nullptr) {
    return refused;
  }
  if (auto s = check_replication_settings(args["CollectionReplicationSettingData"],
                                          "CollectionReplicationSettingData",
                                          cls::kCollectionReplicationSettingData);
      !s.ok()) {
    return MethodOutcome::error(state.profile.codes.replication_malformed_settings, s.message());
  }
  return {};
}

MethodOutcome create(HostState& state, const CallArgs& args) {
  if (auto c = check_create(state, args); c.code != 0) return c;
  return for_each_member(state, args, [](Vm& vm) { create_relationship(vm); });
}

// --- StartReplication(Collection, InitialReplicationType, InitialReplicationExportLocation,
//                      StartTime, out Job)

MethodOutcome check_start(const HostState& state, const CallArgs& args) {
  MethodOutcome refused;
  if (checked_group(state, args, ReplicationOperation::kStart, refused) == nullptr) return refused;
  if (!valid_initial_replication_type(args["InitialReplicationType"])) {
    return MethodOutcome::error(state.profile.codes.replication_initial_type,
                                "InitialReplicationType must be 1, 2 or 3");
  }
  return {};
}

MethodOutcome start(HostState& state, const CallArgs& args) {
  if (auto c = check_start(state, args); c.code != 0) return c;
  const wmi::TimePoint now = state.now();
  return for_each_member(state, args, [now](Vm& vm) { start_replication(vm, now); });
}

// --- RemoveReplicationRelationship(Collection, out Job)

MethodOutcome check_remove(const HostState& state, const CallArgs& args) {
  MethodOutcome refused;
  if (checked_group(state, args, ReplicationOperation::kRemove, refused) == nullptr) {
    return refused;
  }
  return {};
}

MethodOutcome remove(HostState& state, const CallArgs& args) {
  if (auto c = check_remove(state, args); c.code != 0) return c;
  return for_each_member(state, args, [&state](Vm& vm) { remove_relationship(state, vm); });
}

// --- Resynchronize(Collection, StartTime, out Job)

MethodOutcome check_resynchronize(const HostState& state, const CallArgs& args) {
  MethodOutcome refused;
  if (checked_group(state, args, ReplicationOperation::kResynchronize, refused) == nullptr) {
    return refused;
  }
  return {};
}

MethodOutcome resynchronize_group(HostState& state, const CallArgs& args) {
  if (auto c = check_resynchronize(state, args); c.code != 0) return c;
  const wmi::TimePoint now = state.now();
  return for_each_member(state, args, [now](Vm& vm) { resynchronize(vm, now); });
}

using wmi::CimType;
constexpr ParamSpec kJobOut{"Job", CimType::kReference, false, true};
constexpr ParamSpec kCollection{"Collection", CimType::kReference};
constexpr ParamSpec kCreateParams[] = {
    kCollection, {"CollectionReplicationSettingData", CimType::kString}, kJobOut};
constexpr ParamSpec kStartParams[] = {kCollection,
                                      {"InitialReplicationType", CimType::kUint16},
                                      {"InitialReplicationExportLocation", CimType::kString},
                                      {"StartTime", CimType::kDatetime},
                                      kJobOut};
constexpr ParamSpec kRemoveParams[] = {kCollection, kJobOut};
constexpr ParamSpec kResynchronizeParams[] = {
    kCollection, {"StartTime", CimType::kDatetime}, kJobOut};

constexpr MethodSpec kMethods[] = {
    {"CreateReplicationRelationship", kHyperV, kCreateParams, kReplicationJobType, &check_create,
     &create},
    {"StartReplication", kHyperV, kStartParams, kReplicationJobType, &check_start, &start},
    {"Resynchronize", kHyperV, kResynchronizeParams, kReplicationJobType, &check_resynchronize,
     &resynchronize_group},
    {"RemoveReplicationRelationship", kHyperV, kRemoveParams, kReplicationJobType, &check_remove,
     &remove},
};

}  // namespace

const ClassDef kCollectionReplicationServiceClass{
    cls::kCollectionReplicationService, "CIM_Service", kKeys, &enumerate, nullptr, kMethods, true};

}  // namespace sim::host
