// Msvm_VirtualSystemReferencePointService (spec §2, §4; root/virtualization/v2 only): one VM's
// reference points. CreateReferencePoint (CIM return-code family) takes an RCT-based point (every
// disk's RCT id sealed) or a log-based one (every disk's replica log marked); its
// ReferencePointType is read in the profile's vs_reference_point.type_encoding and every
// undocumented error code comes from the profile. DestroyReferencePoint, ExportReferencePoint
// (reference_point_export.h), ImportReferencePointMetadata (a point recreated from an export's
// configuration file) and RemoveAssociatedData use the Hyper-V family. Each method checks
// everything before it changes anything, so an error leaves the model as it was.
#include "sim/host/cim_paths.h"
#include "sim/host/class_defs.h"
#include "sim/host/class_names.h"
#include "sim/host/collection_lookup.h"
#include "sim/host/export_config.h"
#include "sim/host/host_state.h"
#include "sim/host/reference_point_export.h"
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
constexpr std::uint32_t kHyperVFailed = 32768;
constexpr std::uint32_t kHyperVInvalidParameter = 32773;
constexpr std::uint32_t kHyperVInvalidState = 32775;
constexpr std::uint32_t kHyperVFileNotFound = 32779;

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

// --- ExportReferencePoint(ReferencePoint, ExportDirectory, ExportSettingData, out Job): the
// point's disks (or those DisksToExport lists), in full or since BaseReferencePoint.

std::variant<VmExport, ExportFailure> plan_export(const HostState& state, const CallArgs& args) {
  const wmi::CimValue& reference = args["ReferencePoint"];
  const wmi::ObjectPath* path = reference.is_null() ? nullptr : reference.as_reference();
  if (path != nullptr && !wmi::iequals(path->class_name, cls::kVirtualSystemReferencePoint)) {
    return ExportFailure{
        ExportProblem::kWrongPointClass,
        "ReferencePoint is a " + path->class_name + ", not a Msvm_VirtualSystemReferencePoint"};
  }
  VmExport plan;
  plan.point = find_vm_reference_point(state, reference);
  if (plan.point == nullptr) {
    return ExportFailure{ExportProblem::kPointNotFound, "ReferencePoint names no reference point"};
  }
  if (auto f = check_export_directory(state, args["ExportDirectory"])) return *f;
  auto parsed = parse_export_settings(args["ExportSettingData"],
                                      cls::kVirtualSystemReferencePointExportSettingData,
                                      plan.point->vm_guid);
  if (auto* f = std::get_if<ExportFailure>(&parsed)) return *f;
  const ExportSettings& settings = std::get<ExportSettings>(parsed);
  if (settings.base) {
    plan.base = find_vm_reference_point(state, wmi::CimValue(*settings.base));
    if (plan.base == nullptr) {
      return ExportFailure{ExportProblem::kBaseNotFound,
                           "BaseReferencePoint names no Msvm_VirtualSystemReferencePoint"};
    }
  }
  auto disks = selected_disks(state, *plan.point, settings);
  if (auto* f = std::get_if<ExportFailure>(&disks)) return *f;
  plan.disks = std::move(std::get<std::vector<std::size_t>>(disks));
  if (auto f = check_vm_export(state, plan)) return *f;
  return plan;
}

MethodOutcome check_export(const HostState& state, const CallArgs& args) {
  auto plan = plan_export(state, args);
  if (auto* f = std::get_if<ExportFailure>(&plan)) {
    return MethodOutcome::error(export_error_code(state.profile.codes, f->problem, kHyperV),
                                f->message);
  }
  return {};
}

MethodOutcome export_point(HostState& state, const CallArgs& args) {
  if (auto c = check_export(state, args); c.code != 0) return c;
  const VmExport plan = std::get<VmExport>(plan_export(state, args));
  const std::string directory = *args["ExportDirectory"].as_string();
  auto files = write_export(state, directory, std::span(&plan, 1));
  if (!files.ok()) return MethodOutcome::error(kHyperVFailed, files.status().message());
  const auto null_text = wmi::CimValue::null(wmi::CimType::kString);
  MethodOutcome outcome;
  wmi::PropertyList& d = outcome.job_details;
  d.push_back({"BaseReferencePointId",
               plan.base != nullptr ? wmi::CimValue(plan.base->instance_id) : null_text});
  d.push_back({"ExportDirectory", HostFiles::normalize(directory)});
  d.push_back({"ExportedConfigFilePath", files->config_files.front()});
  d.push_back({"ExportedDisks", string_array(files->disks)});
  d.push_back({"ExportedGuestStateFilePath", null_text});
  d.push_back({"ExportedLogFilePaths", string_array(files->data_files)});
  d.push_back({"ExportedRuntimeFilePath", null_text});
  d.push_back({"ReferencePointId", plan.point->instance_id});
  d.push_back({"VirtualMachineId", plan.point->vm_guid});
  return outcome;
}

// --- ImportReferencePointMetadata(AffectedSystem, ConfigFilePath, RuntimeStateFilePath, out
// Job): recreates the Msvm_VirtualSystemReferencePoint an export's configuration file describes
// (same InstanceID, type and RCT ids; on its own, not in a group point). It carries no data:
// its RCT ids answer only while the disk's tracker still knows them, and a log-based one has no
// log. RuntimeStateFilePath is not read (exports write no runtime state).

std::variant<ExportConfig, MethodOutcome> read_import(const HostState& state,
                                                      const CallArgs& args) {
  const Vm* vm = find_vm(state, args["AffectedSystem"]);
  if (vm == nullptr) {
    return MethodOutcome::error(kHyperVInvalidParameter, "AffectedSystem does not name a VM");
  }
  const std::string* path = args["ConfigFilePath"].as_string();
  const HostFile* file = path == nullptr ? nullptr : state.files.find(*path);
  if (file == nullptr || file->image != nullptr) {
    return MethodOutcome::error(kHyperVFileNotFound,
                                "ConfigFilePath names no exported configuration file");
  }
  auto config = parse_export_config(
      std::string_view(reinterpret_cast<const char*>(file->bytes.data()), file->bytes.size()));
  if (!config.ok()) {
    return MethodOutcome::error(kHyperVInvalidParameter, config.status().message());
  }
  if (!wmi::iequals(config->vm_guid, vm->guid)) {
    return MethodOutcome::error(kHyperVInvalidParameter,
                                "the configuration is of VM " + config->vm_guid);
  }
  if (config->reference_point_type != kLogBased && config->reference_point_type != kRctBased) {
    return MethodOutcome::error(kHyperVInvalidParameter, "the configuration's type is unknown");
  }
  for (const ExportedDisk& disk : config->disks) {
    const VmDisk* found = state.find_disk(disk.instance_id);
    if (found == nullptr || std::none_of(vm->disks.begin(), vm->disks.end(),
                                         [&](const VmDisk& d) { return &d == found; })) {
      return MethodOutcome::error(kHyperVInvalidParameter,
                                  vm->name + " has no disk " + disk.instance_id);
    }
  }
  if (state.vm_reference_points.contains(config->reference_point_id)) {
    return MethodOutcome::error(kHyperVInvalidState,
                                "reference point " + config->reference_point_id + " exists");
  }
  return std::move(*config);
}

MethodOutcome check_import(const HostState& state, const CallArgs& args) {
  auto read = read_import(state, args);
  if (auto* error = std::get_if<MethodOutcome>(&read)) return std::move(*error);
  return {};
}

MethodOutcome import_metadata(HostState& state, const CallArgs& args) {
  auto read = read_import(state, args);
  if (auto* error = std::get_if<MethodOutcome>(&read)) return std::move(*error);
  const ExportConfig& config = std::get<ExportConfig>(read);
  VmReferencePoint point;
  point.instance_id = config.reference_point_id;
  point.vm_guid = find_vm(state, args["AffectedSystem"])->guid;
  point.type = config.reference_point_type;
  point.consistency =
      config.consistency_level == 2 ? Consistency::kCrash : Consistency::kApplication;
  for (const ExportedDisk& disk : config.disks) {
    point.disk_ids.push_back(state.find_disk(disk.instance_id)->instance_id);
    if (point.type == kRctBased) point.rct_ids.push_back(disk.rct_id);
  }
  point.data_removed = point.type == kLogBased;
  const RenderScope scope{state, args.namespace_name};
  wmi::ObjectPath path = vm_reference_point_path(scope, point);
  state.vm_reference_points.emplace(point.instance_id, std::move(point));
  MethodOutcome outcome;
  outcome.affected.push_back(std::move(path));
  return outcome;
}

using wmi::CimType;
constexpr ParamSpec kJobOut{"Job", CimType::kReference, false, true};
constexpr ParamSpec kCreateParams[] = {{"AffectedSystem", CimType::kReference},
                                       {"ReferencePointSettings", CimType::kString},
                                       {"ReferencePointType", CimType::kUint16},
                                       {"ResultingReferencePoint", CimType::kReference, true, true},
                                       kJobOut};
constexpr ParamSpec kAffectedParams[] = {{"AffectedReferencePoint", CimType::kReference}, kJobOut};
constexpr ParamSpec kExportParams[] = {{"ReferencePoint", CimType::kReference},
                                       {"ExportDirectory", CimType::kString},
                                       {"ExportSettingData", CimType::kString},
                                       kJobOut};
constexpr ParamSpec kImportParams[] = {{"AffectedSystem", CimType::kReference},
                                       {"ConfigFilePath", CimType::kString},
                                       {"RuntimeStateFilePath", CimType::kString},
                                       kJobOut};

// JobTypes (spec §6, reference notes §7): 201 create, 202 delete, 203 export, 204 remove
// associated data, 209 import reference point metadata.
constexpr MethodSpec kMethods[] = {
    {"CreateReferencePoint", kCim, kCreateParams, 201, &check_create, &create},
    {"DestroyReferencePoint", kHyperV, kAffectedParams, 202, &check_existing, &destroy},
    {"RemoveAssociatedData", kHyperV, kAffectedParams, 204, &check_existing, &remove_data},
    {"ExportReferencePoint", kHyperV, kExportParams, 203, &check_export, &export_point, false,
     cls::kVirtualSystemReferencePointExportJob},
    {"ImportReferencePointMetadata", kHyperV, kImportParams, 209, &check_import, &import_metadata},
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
