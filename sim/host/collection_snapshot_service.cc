// Msvm_CollectionSnapshotService (spec §4-§5; CIM return-code family; both namespaces): a VM
// group's checkpoints. CreateSnapshot takes one checkpoint per member VM, all or nothing, as a
// Msvm_SnapshotCollection (SnapshotType 1 standard, 2 recovery — not the per-VM encoding);
// ConvertToReferencePoint turns a recovery one into a Msvm_ReferencePointCollection with one
// per-VM point per member (each carrying the RCT ids sealed at the checkpoint's instant), and the
// snapshot collection and its checkpoints go; DestroySnapshot destroys it and its checkpoints
// (with their dependants); ApplySnapshot reverts every member disk to its checkpoint (an offline
// modification for change tracking: earlier RCT ids become invalid); ExportSnapshot writes every
// member's checkpoint as an export (docs/formats/export.md, reference_point_export.h), in full or
// since DifferentialBackupBase. Undocumented codes come from the profile; each method checks
// everything before it changes anything, so an error leaves no checkpoint, point, tracker change
// or file on any member.
#include "sim/host/cim_paths.h"
#include "sim/host/class_defs.h"
#include "sim/host/class_names.h"
#include "sim/host/collection_lookup.h"
#include "sim/host/host_state.h"
#include "sim/host/reference_point_export.h"
#include "sim/host/reference_point_settings.h"
#include "sim/host/reference_points.h"
#include "sim/host/vm_snapshots.h"
#include "wmi/cim/cim_name.h"

namespace sim::host {

namespace {

constexpr std::string_view kKeys[] = {"CreationClassName", "Name", "SystemCreationClassName",
                                      "SystemName"};
constexpr wmi::ReturnCodeFamily kCim = wmi::ReturnCodeFamily::kCim;
constexpr std::uint32_t kFailed = 2;
constexpr std::uint32_t kInvalidParameter = 4;

void enumerate(const RenderScope& scope, std::vector<wmi::Instance>& out) {
  out.push_back(
      service_instance(scope, cls::kCollectionSnapshotService, "Collection Snapshot Service"));
}

// --- CreateSnapshot(Collection, SnapshotSettings, SnapshotType,
//                    in/out ResultingSnapshotCollection, out Job)

// SnapshotType here: 0 unknown, 1 standard, 2 recovery; 3..32767 reserved, 32768.. vendor.
constexpr std::uint64_t kStandard = 1;
constexpr std::uint64_t kRecovery = 2;

MethodOutcome check_create(const HostState& state, const CallArgs& args) {
  const control::ErrorCodes& codes = state.profile.codes;
  const auto type = args["SnapshotType"].as_uint();
  if (!type || *type == 0) {
    return MethodOutcome::error(codes.snapshot_type_unknown, "SnapshotType 0 (Unknown)");
  }
  if (*type >= 32768) {
    return MethodOutcome::error(codes.snapshot_type_vendor_specific,
                                "SnapshotType " + std::to_string(*type) + " is vendor specific");
  }
  if (*type > kRecovery) {
    return MethodOutcome::error(codes.snapshot_type_reserved,
                                "SnapshotType " + std::to_string(*type) + " is reserved");
  }
  MethodOutcome refused;
  const Collection* group = find_vm_group(state, args["Collection"], codes.wrong_collection_class,
                                          codes.collection_not_found, refused);
  if (group == nullptr) return refused;
  if (auto settings = parse_snapshot_settings(args["SnapshotSettings"]); !settings.ok()) {
    return MethodOutcome::error(codes.malformed_settings, settings.status().message());
  }
  const std::vector<const Vm*> members = state.members_of(*group);
  if (members.empty()) {
    return MethodOutcome::error(codes.empty_collection, "the VM group has no members");
  }
  if (*type == kStandard) return {};
  for (const Vm* vm : members) {
    if (auto c = check_recovery_checkpoint(state, *vm); c.code != 0) return c;
  }
  return {};
}

MethodOutcome create(HostState& state, const CallArgs& args) {
  if (auto c = check_create(state, args); c.code != 0) return c;
  const Collection& group = *find_collection(state, args["Collection"]);
  const CheckpointType type = *args["SnapshotType"].as_uint() == kRecovery
                                  ? CheckpointType::kRecovery
                                  : CheckpointType::kStandard;
  const SnapshotSettings settings = *parse_snapshot_settings(args["SnapshotSettings"]);
  SnapshotCollection collection;
  collection.id = state.new_guid();
  collection.vs_collection_id = group.id;
  collection.name = group.name + " checkpoint " + collection.id;
  collection.type = type;
  collection.created = state.now();
  for (const std::string& guid : group.members) {
    Vm* vm = state.find_vm(guid);
    if (vm == nullptr) continue;
    auto taken = take_checkpoint(state, *vm, type, settings.consistency, collection.id);
    if (!taken.ok()) {
      for (auto it = collection.members.rbegin(); it != collection.members.rend(); ++it) {
        unlink_checkpoint(state, *it);
      }
      return MethodOutcome::error(kFailed, taken.status().message());
    }
    collection.members.push_back(std::move(*taken));
  }
  const RenderScope scope{state, args.namespace_name};
  wmi::ObjectPath path = snapshot_collection_path(scope, collection);
  state.snapshot_collections.emplace(collection.id, std::move(collection));
  MethodOutcome outcome;
  outcome.out.push_back({"ResultingSnapshotCollection", path});
  outcome.affected.push_back(std::move(path));
  return outcome;
}

// --- DestroySnapshot(AffectedSnapshotCollection, out Job) and the existence check the others
// share.

MethodOutcome check_named(const HostState& state, const wmi::CimValue& reference,
                          std::string_view parameter) {
  if (find_snapshot_collection(state, reference) == nullptr) {
    return MethodOutcome::error(kInvalidParameter,
                                std::string(parameter) + " names no Msvm_SnapshotCollection");
  }
  return {};
}

MethodOutcome check_destroy(const HostState& state, const CallArgs& args) {
  return check_named(state, args["AffectedSnapshotCollection"], "AffectedSnapshotCollection");
}

MethodOutcome destroy(HostState& state, const CallArgs& args) {
  if (auto c = check_destroy(state, args); c.code != 0) return c;
  destroy_snapshot_collection(
      state, find_snapshot_collection(state, args["AffectedSnapshotCollection"])->id);
  return {};
}

// --- ConvertToReferencePoint(AffectedSnapshotCollection, in/out ResultingReferencePointCollection,
//                             out Job)

MethodOutcome check_convert(const HostState& state, const CallArgs& args) {
  if (auto c = check_destroy(state, args); c.code != 0) return c;
  const control::ErrorCodes& codes = state.profile.codes;
  const SnapshotCollection& collection =
      *find_snapshot_collection(state, args["AffectedSnapshotCollection"]);
  // Mutant: convert-accepts-standard-snapshot (mutant.h): the checkpoints' type is not checked.
  if (collection.type != CheckpointType::kRecovery &&
      state.mutant != Mutant::kConvertAcceptsStandardSnapshot) {
    return MethodOutcome::error(codes.convert_standard_checkpoint,
                                collection.name +
                                    " is a standard checkpoint; only recovery "
                                    "checkpoints convert to reference points");
  }
  if (collection.members.empty()) {
    return MethodOutcome::error(codes.empty_collection,
                                collection.name + " holds no checkpoint any more");
  }
  const std::uint32_t limit = state.profile.reference_point_limit_per_vm;
  for (const std::string& member : collection.members) {
    const Vm* vm = state.find_vm(state.checkpoints.at(member).vm_guid);
    if (vm != nullptr && limit != 0 && reference_point_count(state, *vm) >= limit) {
      return MethodOutcome::error(
          codes.reference_point_limit,
          vm->name + " already holds " + std::to_string(limit) + " reference points");
    }
  }
  return {};
}

MethodOutcome convert(HostState& state, const CallArgs& args) {
  if (auto c = check_convert(state, args); c.code != 0) return c;
  const SnapshotCollection& collection =
      *find_snapshot_collection(state, args["AffectedSnapshotCollection"]);
  const std::string collection_id = collection.id;
  const std::vector<std::string> members = collection.members;
  ReferencePointCollection rpc;
  rpc.id = state.new_guid();
  rpc.vs_collection_id = collection.vs_collection_id;
  rpc.type = kRctBased;
  rpc.consistency = state.checkpoints.at(members.front()).consistency;
  rpc.created = state.now();
  for (const std::string& member : members) {
    rpc.members.push_back(
        convert_checkpoint_to_reference_point(state, member, rpc.consistency, rpc.id));
  }
  state.snapshot_collections.erase(collection_id);
  const RenderScope scope{state, args.namespace_name};
  wmi::ObjectPath path = reference_point_collection_path(scope, rpc);
  state.reference_point_collections.emplace(rpc.id, std::move(rpc));
  MethodOutcome outcome;
  outcome.out.push_back({"ResultingReferencePointCollection", path});
  outcome.affected.push_back(std::move(path));
  return outcome;
}

// --- ApplySnapshot(SnapshotCollection, out Job)

MethodOutcome check_apply(const HostState& state, const CallArgs& args) {
  if (auto c = check_named(state, args["SnapshotCollection"], "SnapshotCollection"); c.code != 0) {
    return c;
  }
  const SnapshotCollection& collection =
      *find_snapshot_collection(state, args["SnapshotCollection"]);
  for (const std::string& member : collection.members) {
    if (!applies_cleanly(state, state.checkpoints.at(member))) {
      return MethodOutcome::error(kFailed, member + " no longer matches its VM's disks");
    }
  }
  return {};
}

MethodOutcome apply(HostState& state, const CallArgs& args) {
  if (auto c = check_apply(state, args); c.code != 0) return c;
  const std::vector<std::string> members =
      find_snapshot_collection(state, args["SnapshotCollection"])->members;
  for (const std::string& member : members) {
    if (auto s = apply_checkpoint(state, member); !s.ok()) {
      return MethodOutcome::error(kFailed, s.message());  // unreachable after check_apply
    }
  }
  return {};
}

// --- ExportSnapshot(SnapshotCollection, ExportDirectory, ExportSettingData, out Job): every
// member's checkpoint, in full or since the DifferentialBackupBase member of the same VM (a VM
// without one there: in full). The base is a Msvm_ReferencePointCollection (the previous cycle's
// converted group checkpoint: its RCT ids are the ones sealed at that checkpoint's instant) or a
// recovery Msvm_SnapshotCollection (its sealed RCT ids). A standard snapshot collection exports in
// full or from a base, but is no base itself (it seals no RCT id: data_unavailable). Codes: the
// export_reference_point.code.* keys of the same situations (profile.h).

struct SnapshotExport {
  const SnapshotCollection* collection = nullptr;
  std::string base_id;  // the base's CollectionID; "" for a full export
  // Owned points: the exported checkpoints and those of a snapshot-collection base.
  std::vector<VmReferencePoint> points;
  std::vector<VmReferencePoint> base_points;
  std::vector<VmExport> vms;
};

std::variant<SnapshotExport, ExportFailure> plan_export(const HostState& state,
                                                        const CallArgs& args) {
  const wmi::CimValue& reference = args["SnapshotCollection"];
  const wmi::ObjectPath* path = reference.is_null() ? nullptr : reference.as_reference();
  if (path != nullptr && !wmi::iequals(path->class_name, cls::kSnapshotCollection)) {
    return ExportFailure{
        ExportProblem::kWrongPointClass,
        "SnapshotCollection is a " + path->class_name + ", not a Msvm_SnapshotCollection"};
  }
  SnapshotExport plan;
  plan.collection = find_snapshot_collection(state, reference);
  if (plan.collection == nullptr || plan.collection->members.empty()) {
    return ExportFailure{ExportProblem::kPointNotFound,
                         "SnapshotCollection names no Msvm_SnapshotCollection with checkpoints"};
  }
  if (auto f = check_export_directory(state, args["ExportDirectory"])) return *f;
  auto parsed = parse_export_settings(args["ExportSettingData"],
                                      cls::kCollectionSnapshotExportSettingData, "");
  if (auto* f = std::get_if<ExportFailure>(&parsed)) return *f;
  const ExportSettings& settings = std::get<ExportSettings>(parsed);
  std::vector<const VmReferencePoint*> bases;
  if (settings.base) {
    const wmi::CimValue base(*settings.base);
    std::string base_group;
    if (wmi::iequals(settings.base->class_name, cls::kReferencePointCollection)) {
      const ReferencePointCollection* rpc = find_reference_point_collection(state, base);
      if (rpc == nullptr) {
        return ExportFailure{ExportProblem::kBaseNotFound,
                             "DifferentialBackupBase names no Msvm_ReferencePointCollection"};
      }
      if (rpc->type != kRctBased) {
        return ExportFailure{ExportProblem::kBaseForeign,
                             "the base reference point is not RCT-based"};
      }
      plan.base_id = rpc->id;
      base_group = rpc->vs_collection_id;
      for (const std::string& member : rpc->members) {
        const auto point = state.vm_reference_points.find(member);
        if (point != state.vm_reference_points.end()) bases.push_back(&point->second);
      }
    } else if (wmi::iequals(settings.base->class_name, cls::kSnapshotCollection)) {
      const SnapshotCollection* collection = find_snapshot_collection(state, base);
      if (collection == nullptr) {
        return ExportFailure{ExportProblem::kBaseNotFound,
                             "DifferentialBackupBase names no Msvm_SnapshotCollection"};
      }
      if (wmi::iequals(collection->id, plan.collection->id)) {
        return ExportFailure{ExportProblem::kBaseNotOlder,
                             "the base is the exported snapshot collection"};
      }
      if (collection->type != CheckpointType::kRecovery) {
        return ExportFailure{ExportProblem::kDataUnavailable,
                             "the base is a standard checkpoint: it holds no RCT ids"};
      }
      plan.base_id = collection->id;
      base_group = collection->vs_collection_id;
      plan.base_points.reserve(collection->members.size());
      for (const std::string& member : collection->members) {
        plan.base_points.push_back(checkpoint_export_point(state.checkpoints.at(member)));
        bases.push_back(&plan.base_points.back());
      }
    } else {
      return ExportFailure{ExportProblem::kBaseNotFound,
                           "DifferentialBackupBase is a " + settings.base->class_name +
                               ", neither a Msvm_ReferencePointCollection nor a "
                               "Msvm_SnapshotCollection"};
    }
    if (!wmi::iequals(base_group, plan.collection->vs_collection_id)) {
      return ExportFailure{ExportProblem::kBaseForeign,
                           "the base belongs to VM group " + base_group};
    }
  }
  plan.points.reserve(plan.collection->members.size());
  for (const std::string& member : plan.collection->members) {
    plan.points.push_back(checkpoint_export_point(state.checkpoints.at(member)));
    const VmReferencePoint& point = plan.points.back();
    VmExport vm{&point, nullptr, {}, plan.collection->vs_collection_id};
    for (const VmReferencePoint* base : bases) {
      if (wmi::iequals(base->vm_guid, point.vm_guid)) vm.base = base;
    }
    auto disks = selected_disks(state, point, settings);
    if (auto* f = std::get_if<ExportFailure>(&disks)) return *f;
    vm.disks = std::move(std::get<std::vector<std::size_t>>(disks));
    if (auto f = check_vm_export(state, vm)) return *f;
    plan.vms.push_back(std::move(vm));
  }
  return plan;
}

MethodOutcome check_export(const HostState& state, const CallArgs& args) {
  auto plan = plan_export(state, args);
  if (auto* f = std::get_if<ExportFailure>(&plan)) {
    return MethodOutcome::error(export_error_code(state.profile.codes, f->problem, kCim),
                                f->message);
  }
  return {};
}

MethodOutcome export_snapshot(HostState& state, const CallArgs& args) {
  auto plan = plan_export(state, args);
  if (auto* f = std::get_if<ExportFailure>(&plan)) {
    return MethodOutcome::error(export_error_code(state.profile.codes, f->problem, kCim),
                                f->message);
  }
  const std::string directory = *args["ExportDirectory"].as_string();
  auto files = write_export(state, directory, std::get<SnapshotExport>(plan).vms);
  if (!files.ok()) return MethodOutcome::error(kFailed, files.status().message());
  return {};
}

using wmi::CimType;
constexpr ParamSpec kJobOut{"Job", CimType::kReference, false, true};
constexpr ParamSpec kCreateParams[] = {
    {"Collection", CimType::kReference},
    {"SnapshotSettings", CimType::kString},
    {"SnapshotType", CimType::kUint16},
    {"ResultingSnapshotCollection", CimType::kReference, true, true},
    kJobOut};
constexpr ParamSpec kConvertParams[] = {
    {"AffectedSnapshotCollection", CimType::kReference},
    {"ResultingReferencePointCollection", CimType::kReference, true, true},
    kJobOut};
constexpr ParamSpec kDestroyParams[] = {{"AffectedSnapshotCollection", CimType::kReference},
                                        kJobOut};
constexpr ParamSpec kApplyParams[] = {{"SnapshotCollection", CimType::kReference}, kJobOut};
constexpr ParamSpec kExportParams[] = {{"SnapshotCollection", CimType::kReference},
                                       {"ExportDirectory", CimType::kString},
                                       {"ExportSettingData", CimType::kString},
                                       kJobOut};

// JobTypes (spec §6): 198 snapshot collection, 200 convert snapshot to reference point; the
// per-VM snapshot job types for the rest (71 apply, 72 delete), the spec naming none for groups;
// 206 (export reference point on collection) for ExportSnapshot, whose job is a plain
// Msvm_ConcreteJob: no export job class is documented for it (the exported files are listed by
// the configurations under ExportDirectory: `hvsim export ls`).
constexpr MethodSpec kMethods[] = {
    {"CreateSnapshot", kCim, kCreateParams, 198, &check_create, &create},
    {"ConvertToReferencePoint", kCim, kConvertParams, 200, &check_convert, &convert},
    {"DestroySnapshot", kCim, kDestroyParams, 72, &check_destroy, &destroy},
    {"ApplySnapshot", kCim, kApplyParams, 71, &check_apply, &apply},
    {"ExportSnapshot", kCim, kExportParams, 206, &check_export, &export_snapshot},
};

}  // namespace

const ClassDef kCollectionSnapshotServiceClass{
    cls::kCollectionSnapshotService, "CIM_Service", kKeys, &enumerate, nullptr, kMethods, true};

}  // namespace sim::host
