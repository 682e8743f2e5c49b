// Msvm_VirtualSystemReferencePointService (spec §2, §4; root/virtualization/v2 only): one VM's
// reference points. CreateReferencePoint (CIM return-code family) takes an RCT-based point (every
// disk's RCT id sealed) or a log-based one (every disk's replica log marked); its
// ReferencePointType is read in the profile's vs_reference_point.type_encoding and every
// undocumented error code comes from the profile. DestroyReferencePoint and RemoveAssociatedData
// use the Hyper-V family. Each method checks everything before it changes anything, so an error
// leaves the model as it was. ExportReferencePoint and ImportReferencePointMetadata are not
// modelled (the class does not declare them).
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
constexpr wmi::ReturnCodeFamily kHyperV = wmi::ReturnCodeFamily::kHyperV;
constexpr std::uint32_t kCimFailed = 2;
constexpr std::uint32_t kHyperVInvalidParameter = 32773;

void enumerate(const RenderScope& scope, std::vector<wmi::Instance>& out) {
  out.push_back(service_instance(scope, cls::kVirtualSystemReferencePointService,
                                 "Virtual System Reference Point Service"));
}

// --- CreateReferencePoint(AffectedSystem, ReferencePointSettings, ReferencePointType,
//                          in/out ResultingReferencePoint, out Job)

// What a ReferencePointType argument asks for under the profile's encoding: log0-rct1 (the
// method's page and MOF ValueMap: 0 log, 1 RCT, so no value means Unknown) or log1-rct2 (the
// instance property's 0 Unknown, 1 log, 2 RCT). Values above those are DMTF reserved up to 32767,
// vendor specific from 32768.
enum class RequestedType { kLog, kRct, kUnknown, kReserved, kVendorSpecific };

RequestedType requested_type(const HostState& state, const CallArgs& args) {
  const auto value = args["ReferencePointType"].as_uint();
  if (!value) return RequestedType::kUnknown;
  if (*value >= 32768) return RequestedType::kVendorSpecific;
  const std::uint64_t log_value = state.profile.vs_reference_point_type_encoding ==
                                          control::VsReferencePointTypeEncoding::kLog0Rct1
                                      ? 0
                                      : 1;
  if (*value == log_value) return RequestedType::kLog;
  if (*value == log_value + 1) return RequestedType::kRct;
  if (*value == 0) return RequestedType::kUnknown;
  return RequestedType::kReserved;
}

MethodOutcome check_create(const HostState& state, const CallArgs& args) {
  const control::ErrorCodes& codes = state.profile.codes;
  const RequestedType requested = requested_type(state, args);
  const auto type_value = args["ReferencePointType"].as_uint();
  const std::string type_text =
      "ReferencePointType " + (type_value ? std::to_string(*type_value) : std::string("null"));
  switch (requested) {
    case RequestedType::kUnknown:
      return MethodOutcome::error(codes.type_unknown, type_text + " (Unknown)");
    case RequestedType::kReserved:
      return MethodOutcome::error(codes.type_dmtf_reserved, type_text + " is reserved");
    case RequestedType::kVendorSpecific:
      return MethodOutcome::error(codes.type_vendor_specific, type_text + " is vendor specific");
    case RequestedType::kLog:
    case RequestedType::kRct:
      break;
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
  if (auto settings = parse_reference_point_settings(args["ReferencePointSettings"],
                                                     cls::kVirtualSystemReferencePointSettingData);
      !settings.ok()) {
    return MethodOutcome::error(codes.malformed_settings, settings.status().message());
  }
  if (vm->configuration_version < control::kMinGroupConfigurationVersion) {
    return MethodOutcome::error(codes.configuration_version_too_old,
                                vm->name + " has configuration version " +
                                    control::to_string(vm->configuration_version) +
                                    "; 6.2 is needed");
  }
  const bool log_based = requested == RequestedType::kLog;
  if (!disks_support(*vm, log_based ? kLogBased : kRctBased)) {
    if (log_based) {
      return MethodOutcome::error(codes.log_without_replication, vm->name + " is not replicating");
    }
    return MethodOutcome::error(codes.vhd_disk, vm->name + " has a disk that is not VHDX");
  }
  const std::uint32_t limit = state.profile.reference_point_limit_per_vm;
  if (limit != 0 && reference_point_count(state, *vm) >= limit) {
    return MethodOutcome::error(
        codes.reference_point_limit,
        vm->name + " already holds " + std::to_string(limit) + " reference points");
  }
  return {};
}

MethodOutcome create(HostState& state, const CallArgs& args) {
  if (auto c = check_create(state, args); c.code != 0) return c;
  Vm& vm = *state.find_vm(find_vm(state, args["AffectedSystem"])->guid);
  const bool log_based = requested_type(state, args) == RequestedType::kLog;
  const Consistency consistency = *parse_reference_point_settings(
      args["ReferencePointSettings"], cls::kVirtualSystemReferencePointSettingData);
  auto taken =
      take_vm_reference_point(state, vm, log_based ? kLogBased : kRctBased, consistency, "");
  if (!taken.ok()) return MethodOutcome::error(kCimFailed, taken.status().message());
  const RenderScope scope{state, args.namespace_name};
  wmi::ObjectPath path = vm_reference_point_path(scope, state.vm_reference_points.at(*taken));
  MethodOutcome outcome;
  outcome.out.push_back({"ResultingReferencePoint", path});
  outcome.affected.push_back(std::move(path));
  return outcome;
}

// --- DestroyReferencePoint(AffectedReferencePoint, out Job): the point goes (its RCT ids are
// forgotten, its log marks released); a group point it belonged to keeps its other members.

MethodOutcome check_existing(const HostState& state, const CallArgs& args) {
  if (find_vm_reference_point(state, args["AffectedReferencePoint"]) == nullptr) {
    return MethodOutcome::error(kHyperVInvalidParameter,
                                "AffectedReferencePoint names no Msvm_VirtualSystemReferencePoint");
  }
  return {};
}

MethodOutcome destroy(HostState& state, const CallArgs& args) {
  if (auto c = check_existing(state, args); c.code != 0) return c;
  const std::string id =
      find_vm_reference_point(state, args["AffectedReferencePoint"])->instance_id;
  destroy_vm_reference_point(state, id);
  return {};
}

// --- RemoveAssociatedData(AffectedReferencePoint, out Job): a log-based point's replica-log data
// goes (HasAssociatedData becomes false); an RCT-based point has none.

MethodOutcome remove_data(HostState& state, const CallArgs& args) {
  if (auto c = check_existing(state, args); c.code != 0) return c;
  remove_associated_data(state, *find_vm_reference_point(state, args["AffectedReferencePoint"]));
  return {};
}

using wmi::CimType;
constexpr ParamSpec kJobOut{"Job", CimType::kReference, false, true};
constexpr ParamSpec kCreateParams[] = {{"AffectedSystem", CimType::kReference},
                                       {"ReferencePointSettings", CimType::kString},
                                       {"ReferencePointType", CimType::kUint16},
                                       {"ResultingReferencePoint", CimType::kReference, true, true},
                                       kJobOut};
constexpr ParamSpec kAffectedParams[] = {{"AffectedReferencePoint", CimType::kReference}, kJobOut};

// JobTypes (spec §6): 201 create, 202 delete, 204 remove associated data.
constexpr MethodSpec kMethods[] = {
    {"CreateReferencePoint", kCim, kCreateParams, 201, &check_create, &create},
    {"DestroyReferencePoint", kHyperV, kAffectedParams, 202, &check_existing, &destroy},
    {"RemoveAssociatedData", kHyperV, kAffectedParams, 204, &check_existing, &remove_data},
};

}  // namespace

const ClassDef kVirtualSystemReferencePointServiceClass{cls::kVirtualSystemReferencePointService,
                                                        "CIM_Service",
                                                        kKeys,
                                                        &enumerate,
                                                        nullptr,
                                                        kMethods,
                                                        true};

}  // namespace sim::host
