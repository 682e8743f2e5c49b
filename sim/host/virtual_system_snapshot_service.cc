// Msvm_VirtualSystemSnapshotService (spec §3-§5; CIM return-code family; both namespaces): one
// VM's checkpoints. CreateSnapshot takes a standard checkpoint (SnapshotType 2 full or 3 disk) or
// a recovery one (32768: every disk's RCT id sealed at its instant; needs configuration version
// 6.2 and VHDX disks); DestroySnapshot destroys a checkpoint and its dependants;
// ConvertToReferencePoint turns a recovery checkpoint into a Msvm_VirtualSystemReferencePoint
// carrying the ids sealed at the checkpoint's instant, and the checkpoint goes. Undocumented codes
// come from the profile (create_snapshot.code.*, convert_to_reference_point.code.*, and the
// create_reference_point.code.* cases that are the same situation); each method checks everything
// before it changes anything, so an error leaves the model as it was.
#include "sim/host/cim_paths.h"
#include "sim/host/class_defs.h"
#include "sim/host/class_names.h"
#include "sim/host/collection_lookup.h"
#include "sim/host/embedded_instance_argument.h"
#include "sim/host/host_state.h"
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
  out.push_back(service_instance(scope, cls::kVirtualSystemSnapshotService,
                                 "Virtual System Snapshot Service"));
}

// --- CreateSnapshot(AffectedSystem, SnapshotSettings, SnapshotType, in/out ResultingSnapshot,
//                    out Job)

// SnapshotType's ValueMap (CIM_VirtualSystemSnapshotService and [sample]): 2 full, 3 disk (both a
// standard checkpoint here), 32768 recovery; other values below 32768 are reserved, above it
// vendor specific.
constexpr std::uint64_t kFullSnapshot = 2;
constexpr std::uint64_t kDiskSnapshot = 3;
constexpr std::uint64_t kRecoverySnapshot = 32768;

MethodOutcome check_create(const HostState& state, const CallArgs& args) {
  const control::ErrorCodes& codes = state.profile.codes;
  const auto type = args["SnapshotType"].as_uint();
  const std::string type_text =
      "SnapshotType " + (type ? std::to_string(*type) : std::string("null"));
  if (type && *type > kRecoverySnapshot) {
    return MethodOutcome::error(codes.snapshot_type_vendor_specific,
                                type_text + " is vendor specific");
  }
  if (!type || (*type != kFullSnapshot && *type != kDiskSnapshot && *type != kRecoverySnapshot)) {
    return MethodOutcome::error(codes.snapshot_type_reserved, type_text + " is reserved");
  }
  const wmi::CimValue& reference = args["AffectedSystem"];
  const wmi::ObjectPath* path = reference.is_null() ? nullptr : reference.as_reference();
  if (path != nullptr && !wmi::iequals(path->class_name, cls::kComputerSystem)) {
    return MethodOutcome::error(
        codes.wrong_system_class,
        "AffectedSystem is a " + path->class_name + ", not a Msvm_ComputerSystem");
  }
  const Vm* vm = find_vm(state, reference);
  if (vm == nullptr) {
    return MethodOutcome::error(codes.system_not_found, "AffectedSystem does not name a VM");
  }
  if (auto settings = parse_snapshot_settings(args["SnapshotSettings"]); !settings.ok()) {
    return MethodOutcome::error(codes.malformed_settings, settings.status().message());
  }
  if (*type != kRecoverySnapshot) return {};
  return check_recovery_checkpoint(state, *vm);
}

MethodOutcome create(HostState& state, const CallArgs& args) {
  if (auto c = check_create(state, args); c.code != 0) return c;
  Vm& vm = *state.find_vm(find_vm(state, args["AffectedSystem"])->guid);
  const CheckpointType type = *args["SnapshotType"].as_uint() == kRecoverySnapshot
                                  ? CheckpointType::kRecovery
                                  : CheckpointType::kStandard;
  const SnapshotSettings settings = *parse_snapshot_settings(args["SnapshotSettings"]);
  auto taken = take_checkpoint(state, vm, type, settings.consistency, "");
  if (!taken.ok()) return MethodOutcome::error(kFailed, taken.status().message());
  const RenderScope scope{state, args.namespace_name};
  wmi::ObjectPath path = setting_data_path(scope, cls::kVirtualSystemSettingData, *taken);
  MethodOutcome outcome;
  outcome.out.push_back({"ResultingSnapshot", path});
  outcome.affected.push_back(std::move(path));
  return outcome;
}

// --- DestroySnapshot(AffectedSnapshot, out Job): the checkpoint and its dependants go.

MethodOutcome check_existing(const HostState& state, const CallArgs& args) {
  if (find_checkpoint(state, args["AffectedSnapshot"]) == nullptr) {
    return MethodOutcome::error(kInvalidParameter,
                                "AffectedSnapshot names no checkpoint (a Msvm_VirtualSystemSetting"
                                "Data of a snapshot)");
  }
  return {};
}

MethodOutcome destroy(HostState& state, const CallArgs& args) {
  if (auto c = check_existing(state, args); c.code != 0) return c;
  destroy_checkpoint(state, find_checkpoint(state, args["AffectedSnapshot"])->instance_id);
  return {};
}

// --- ConvertToReferencePoint(AffectedSnapshot, ReferencePointSettings,
//                             in/out ResultingReferencePoint, out Job)

MethodOutcome check_convert(const HostState& state, const CallArgs& args) {
  if (auto c = check_existing(state, args); c.code != 0) return c;
  const control::ErrorCodes& codes = state.profile.codes;
  const Checkpoint& checkpoint = *find_checkpoint(state, args["AffectedSnapshot"]);
  // Mutant: convert-accepts-standard-snapshot (mutant.h): the checkpoint's type is not checked.
  if (checkpoint.type != CheckpointType::kRecovery &&
      state.mutant != Mutant::kConvertAcceptsStandardSnapshot) {
    return MethodOutcome::error(codes.convert_standard_checkpoint,
                                checkpoint.name +
                                    " is a standard checkpoint; only recovery "
                                    "checkpoints convert to reference points");
  }
  if (auto settings = parse_reference_point_settings(args["ReferencePointSettings"],
                                                     cls::kVirtualSystemReferencePointSettingData);
      !settings.ok()) {
    return MethodOutcome::error(codes.malformed_settings, settings.status().message());
  }
  const Vm* vm = state.find_vm(checkpoint.vm_guid);
  const std::uint32_t limit = state.profile.reference_point_limit_per_vm;
  if (vm != nullptr && limit != 0 && reference_point_count(state, *vm) >= limit) {
    return MethodOutcome::error(
        codes.reference_point_limit,
        vm->name + " already holds " + std::to_string(limit) + " reference points");
  }
  return {};
}

// The consistency a converted point records: ReferencePointSettings' when given, else the
// checkpoint's.
Consistency converted_consistency(const CallArgs& args, const Checkpoint& checkpoint) {
  const wmi::CimValue& settings = args["ReferencePointSettings"];
  auto given = decode_embedded_instance(settings, "ReferencePointSettings",
                                        cls::kVirtualSystemReferencePointSettingData);
  if (!given.ok() || !given->has_value()) return checkpoint.consistency;
  return *parse_reference_point_settings(settings, cls::kVirtualSystemReferencePointSettingData);
}

MethodOutcome convert(HostState& state, const CallArgs& args) {
  if (auto c = check_convert(state, args); c.code != 0) return c;
  const Checkpoint& checkpoint = *find_checkpoint(state, args["AffectedSnapshot"]);
  const std::string point_id = convert_checkpoint_to_reference_point(
      state, checkpoint.instance_id, converted_consistency(args, checkpoint), "");
  const RenderScope scope{state, args.namespace_name};
  wmi::ObjectPath path = vm_reference_point_path(scope, state.vm_reference_points.at(point_id));
  MethodOutcome outcome;
  outcome.out.push_back({"ResultingReferencePoint", path});
  outcome.affected.push_back(std::move(path));
  return outcome;
}

using wmi::CimType;
constexpr ParamSpec kJobOut{"Job", CimType::kReference, false, true};
constexpr ParamSpec kCreateParams[] = {{"AffectedSystem", CimType::kReference},
                                       {"SnapshotSettings", CimType::kString},
                                       {"SnapshotType", CimType::kUint16},
                                       {"ResultingSnapshot", CimType::kReference, true, true},
                                       kJobOut};
constexpr ParamSpec kDestroyParams[] = {{"AffectedSnapshot", CimType::kReference}, kJobOut};
constexpr ParamSpec kConvertParams[] = {
    {"AffectedSnapshot", CimType::kReference},
    {"ReferencePointSettings", CimType::kString},
    {"ResultingReferencePoint", CimType::kReference, true, true},
    kJobOut};

// JobTypes (spec §6): 70 snapshot VM, 72 delete snapshot, 200 convert snapshot to RP.
constexpr MethodSpec kMethods[] = {
    {"CreateSnapshot", kCim, kCreateParams, 70, &check_create, &create},
    {"DestroySnapshot", kCim, kDestroyParams, 72, &check_existing, &destroy},
    {"ConvertToReferencePoint", kCim, kConvertParams, 200, &check_convert, &convert},
};

}  // namespace

const ClassDef kVirtualSystemSnapshotServiceClass{
    cls::kVirtualSystemSnapshotService, "CIM_Service", kKeys, &enumerate, nullptr, kMethods, true};

}  // namespace sim::host
