// Msvm_ReplicationService (root/virtualization/v2 only; Name "replicasvc" [doc]): one VM's Hyper-V
// Replica relationship as primary (spec §8), Hyper-V return-code family [doc].
//   CreateReplicationRelationship(ComputerSystem, ReplicationSettingData, out Job): the
//     relationship, waiting for initial replication (state 2); no replica log yet.
//   StartReplication(ComputerSystem, InitialReplicationType, InitialReplicationExportLocation,
//     StartTime, out Job): replicating (3), a replica log on every disk — log-based reference
//     points become possible.
//   RemoveReplicationRelationship(ComputerSystem, out Job): the logs go, the VM's log-based points
//     lose their data (HasAssociatedData false).
//   Resynchronize(ComputerSystem, StartTime, out Job): a relationship waiting to resynchronize (9)
//     replicates again on new logs; points taken before keep no data.
// Every undocumented error code comes from the profile (replication.code.*). Each method checks
// everything before it changes anything. The other methods of the class are not modelled.
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
  out.push_back(service_instance(scope, cls::kReplicationService, "Hyper-V Replica Service"));
}

// The VM the ComputerSystem argument names, or the outcome that refuses it.
const Vm* target_vm(const HostState& state, const CallArgs& args, MethodOutcome& refused) {
  const control::ErrorCodes& codes = state.profile.codes;
  const wmi::CimValue& reference = args["ComputerSystem"];
  const wmi::ObjectPath* path =
      reference.is_null() || reference.is_array() ? nullptr : reference.as_reference();
  if (path != nullptr && !wmi::iequals(path->class_name, cls::kComputerSystem)) {
    refused = MethodOutcome::error(
        codes.replication_wrong_system_class,
        "ComputerSystem is a " + path->class_name + ", not a Msvm_ComputerSystem");
    return nullptr;
  }
  const Vm* vm = find_vm(state, reference);
  if (vm == nullptr) {
    refused = MethodOutcome::error(codes.replication_system_not_found,
                                   "ComputerSystem does not name a VM");
  }
  return vm;
}

// The common check: the VM exists and can take `operation`.
MethodOutcome check_vm(const HostState& state, const CallArgs& args,
                       ReplicationOperation operation) {
  MethodOutcome refused;
  const Vm* vm = target_vm(state, args, refused);
  if (vm == nullptr) return refused;
  if (auto why = refusal(state.profile, *vm, operation)) {
    return MethodOutcome::error(why->code, why->message);
  }
  return {};
}

Vm& checked_vm(HostState& state, const CallArgs& args) {
  return *state.find_vm(find_vm(state, args["ComputerSystem"])->guid);
}

// Success: the relationship is what the method changed.
MethodOutcome affected_relationship(const HostState& state, const CallArgs& args, const Vm& vm) {
  MethodOutcome outcome;
  outcome.affected.push_back(
      replication_relationship_path(RenderScope{state, args.namespace_name}, vm));
  return outcome;
}

// --- CreateReplicationRelationship(ComputerSystem, ReplicationSettingData, out Job)

MethodOutcome check_create(const HostState& state, const CallArgs& args) {
  MethodOutcome refused;
  if (target_vm(state, args, refused) == nullptr) return refused;
  if (auto s = check_replication_settings(args["ReplicationSettingData"], "ReplicationSettingData",
                                          cls::kReplicationSettingData);
      !s.ok()) {
    return MethodOutcome::error(state.profile.codes.replication_malformed_settings, s.message());
  }
  return check_vm(state, args, ReplicationOperation::kCreate);
}

MethodOutcome create(HostState& state, const CallArgs& args) {
  if (auto c = check_create(state, args); c.code != 0) return c;
  Vm& vm = checked_vm(state, args);
  create_relationship(vm);
  return affected_relationship(state, args, vm);
}

// --- StartReplication(ComputerSystem, InitialReplicationType, InitialReplicationExportLocation,
//                      StartTime, out Job): the initial copy is not modelled (it completes at
//                      once, whatever the type and start time).

MethodOutcome check_start(const HostState& state, const CallArgs& args) {
  MethodOutcome refused;
  if (target_vm(state, args, refused) == nullptr) return refused;
  if (!valid_initial_replication_type(args["InitialReplicationType"])) {
    return MethodOutcome::error(state.profile.codes.replication_initial_type,
                                "InitialReplicationType must be 1, 2 or 3");
  }
  return check_vm(state, args, ReplicationOperation::kStart);
}

MethodOutcome start(HostState& state, const CallArgs& args) {
  if (auto c = check_start(state, args); c.code != 0) return c;
  Vm& vm = checked_vm(state, args);
  start_replication(vm, state.now());
  return affected_relationship(state, args, vm);
}

// --- RemoveReplicationRelationship(ComputerSystem, out Job)

MethodOutcome check_remove(const HostState& state, const CallArgs& args) {
  return check_vm(state, args, ReplicationOperation::kRemove);
}

MethodOutcome remove(HostState& state, const CallArgs& args) {
  if (auto c = check_remove(state, args); c.code != 0) return c;
  remove_relationship(state, checked_vm(state, args));
  return {};
}

// --- Resynchronize(ComputerSystem, StartTime, out Job)

MethodOutcome check_resynchronize(const HostState& state, const CallArgs& args) {
  return check_vm(state, args, ReplicationOperation::kResynchronize);
}

MethodOutcome resynchronize_vm(HostState& state, const CallArgs& args) {
  if (auto c = check_resynchronize(state, args); c.code != 0) return c;
  Vm& vm = checked_vm(state, args);
  resynchronize(vm, state.now());
  return affected_relationship(state, args, vm);
}

using wmi::CimType;
constexpr ParamSpec kJobOut{"Job", CimType::kReference, false, true};
constexpr ParamSpec kSystem{"ComputerSystem", CimType::kReference};
constexpr ParamSpec kCreateParams[] = {
    kSystem, {"ReplicationSettingData", CimType::kString}, kJobOut};
constexpr ParamSpec kStartParams[] = {kSystem,
                                      {"InitialReplicationType", CimType::kUint16},
                                      {"InitialReplicationExportLocation", CimType::kString},
                                      {"StartTime", CimType::kDatetime},
                                      kJobOut};
constexpr ParamSpec kRemoveParams[] = {kSystem, kJobOut};
constexpr ParamSpec kResynchronizeParams[] = {kSystem, {"StartTime", CimType::kDatetime}, kJobOut};

constexpr MethodSpec kMethods[] = {
    {"CreateReplicationRelationship", kHyperV, kCreateParams, kReplicationJobType, &check_create,
     &create},
    {"StartReplication", kHyperV, kStartParams, kReplicationJobType, &check_start, &start},
    {"RemoveReplicationRelationship", kHyperV, kRemoveParams, kReplicationJobType, &check_remove,
     &remove},
    {"Resynchronize", kHyperV, kResynchronizeParams, kReplicationJobType, &check_resynchronize,
     &resynchronize_vm},
};

}  // namespace

const ClassDef kReplicationServiceClass{
    cls::kReplicationService, "CIM_Service", kKeys, &enumerate, nullptr, kMethods, true};

}  // namespace sim::host
