// Msvm_CollectionReferencePointService (spec §1, §4; CIM return-code family): CreateReferencePoint
// — the seed method — DestroyReferencePoint, ExportReferencePoint (reference_point_export.h) and
// RemoveAssociatedData. Every undocumented error
// code comes from the profile; each method checks everything before it changes anything, so an
// error leaves no reference point on any member.
#include "sim/host/cim_paths.h"
#include "sim/host/class_defs.h"
#include "sim/host/class_names.h"
#include "sim/host/collection_lookup.h"
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
constexpr std::uint32_t kFailed = 2;
constexpr std::uint32_t kInvalidParameter = 4;
constexpr std::uint32_t kDmtfReservedCode = 7;  // returns-reserved-code's answer (mutant.h)

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
    // Mutant: returns-reserved-code (mutant.h): 7 is DMTF reserved in the CIM family.
    if (state.mutant == Mutant::kReturnsReservedCode) {
      return MethodOutcome::error(kDmtfReservedCode, "ReferencePointType is reserved");
    }
    return MethodOutcome::error(codes.type_dmtf_reserved,
                                "ReferencePointType " + std::to_string(*type) + " is reserved");
  }
  MethodOutcome refused;
  const Collection* group = find_vm_group(state, args["Collection"], codes.wrong_collection_class,
                                          codes.collection_not_found, refused);
  if (group == nullptr) return refused;
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

// --- ExportReferencePoint(ReferencePointCollection, ExportDirectory, ExportSettingData, out Job):
// every member VM's point (or the disks VirtualMachinesToDisksToExport lists), in full or since
// the BaseReferencePointCollection member of the same VM (a VM without one there: in full).

struct CollectionExport {
  const ReferencePointCollection* rpc = nullptr;
  const ReferencePointCollection* base = nullptr;
  std::vector<VmExport> vms;
};

std::variant<CollectionExport, ExportFailure> plan_export(const HostState& state,
                                                          const CallArgs& args) {
  const wmi::CimValue& reference = args["ReferencePointCollection"];
  const wmi::ObjectPath* path = reference.is_null() ? nullptr : reference.as_reference();
  if (path != nullptr && !wmi::iequals(path->class_name, cls::kReferencePointCollection)) {
    return ExportFailure{ExportProblem::kWrongPointClass,
                         "ReferencePointCollection is a " + path->class_name +
                             ", not a Msvm_ReferencePointCollection"};
  }
  CollectionExport plan;
  plan.rpc = find_reference_point_collection(state, reference);
  if (plan.rpc == nullptr) {
    return ExportFailure{ExportProblem::kPointNotFound,
                         "ReferencePointCollection names no reference point"};
  }
  if (auto f = check_export_directory(state, args["ExportDirectory"])) return *f;
  auto parsed = parse_export_settings(args["ExportSettingData"],
                                      cls::kCollectionReferencePointExportSettingData, "");
  if (auto* f = std::get_if<ExportFailure>(&parsed)) return *f;
  const ExportSettings& settings = std::get<ExportSettings>(parsed);
  if (settings.base) {
    plan.base = find_reference_point_collection(state, wmi::CimValue(*settings.base));
    if (plan.base == nullptr) {
      return ExportFailure{ExportProblem::kBaseNotFound,
                           "BaseReferencePointCollection names no Msvm_ReferencePointCollection"};
    }
    if (!wmi::iequals(plan.base->vs_collection_id, plan.rpc->vs_collection_id)) {
      return ExportFailure{
          ExportProblem::kBaseForeign,
          "the base reference point belongs to VM group " + plan.base->vs_collection_id};
    }
    if (plan.base->type != plan.rpc->type) {
      return ExportFailure{ExportProblem::kBaseForeign,
                           "the base reference point is of another type"};
    }
    if (wmi::iequals(plan.base->id, plan.rpc->id)) {
      return ExportFailure{ExportProblem::kBaseNotOlder,
                           "the base is the exported reference point"};
    }
  }
  std::vector<std::string> vm_guids;
  for (const std::string& member : plan.rpc->members) {
    const auto point = state.vm_reference_points.find(member);
    if (point == state.vm_reference_points.end()) continue;
    VmExport vm{&point->second, nullptr, {}, {}};
    vm_guids.push_back(point->second.vm_guid);
    if (plan.base != nullptr) {
      for (const std::string& base_member : plan.base->members) {
        const auto base = state.vm_reference_points.find(base_member);
        if (base != state.vm_reference_points.end() &&
            wmi::iequals(base->second.vm_guid, point->second.vm_guid)) {
          vm.base = &base->second;
        }
      }
    }
    auto disks = selected_disks(state, point->second, settings);
    if (auto* f = std::get_if<ExportFailure>(&disks)) return *f;
    vm.disks = std::move(std::get<std::vector<std::size_t>>(disks));
    plan.vms.push_back(std::move(vm));
  }
  if (auto f = check_listed_vms(settings, vm_guids)) return *f;
  for (const VmExport& vm : plan.vms) {
    if (auto f = check_vm_export(state, vm)) return *f;
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

MethodOutcome export_point(HostState& state, const CallArgs& args) {
  if (auto c = check_export(state, args); c.code != 0) return c;
  const CollectionExport plan = std::get<CollectionExport>(plan_export(state, args));
  const std::string directory = *args["ExportDirectory"].as_string();
  auto files = write_export(state, directory, plan.vms);
  if (!files.ok()) return MethodOutcome::error(kFailed, files.status().message());
  MethodOutcome outcome;
  wmi::PropertyList& d = outcome.job_details;
  d.push_back({"BaseReferencePointGroupId", plan.base != nullptr
                                                ? wmi::CimValue(plan.base->id)
                                                : wmi::CimValue::null(wmi::CimType::kString)});
  d.push_back({"CollectionId", plan.rpc->vs_collection_id});
  d.push_back({"ExportDirectory", HostFiles::normalize(directory)});
  d.push_back({"ExportedConfigFilePaths", string_array(files->config_files)});
  d.push_back({"ExportedDisks", string_array(files->disks)});
  d.push_back({"ExportedGuestStateFilePaths", string_array({})});
  d.push_back({"ExportedLogFilePaths", string_array(files->data_files)});
  d.push_back({"ExportedRuntimeFilePaths", string_array({})});
  d.push_back({"ReferencePointGroupId", plan.rpc->id});
  d.push_back({"VirtualMachineId", string_array(files->vm_guids)});
  return outcome;
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
constexpr ParamSpec kExportParams[] = {{"ReferencePointCollection", CimType::kReference},
                                       {"ExportDirectory", CimType::kString},
                                       {"ExportSettingData", CimType::kString},
                                       kJobOut};

constexpr MethodSpec kMethods[] = {
    {"CreateReferencePoint", kCim, kCreateParams, 205, &check_create, &create},
    {"DestroyReferencePoint", kCim, kAffectedParams, 208, &check_existing, &destroy},
    {"RemoveAssociatedData", kCim, kAffectedParams, 207, &check_existing, &remove_collection_data},
    {"ExportReferencePoint", kCim, kExportParams, 206, &check_export, &export_point, false,
     cls::kCollectionReferencePointExportJob},
};

}  // namespace

void leave_stray_reference_point(HostState& state, const CallArgs& create_args) {
  const Collection* group = find_collection(state, create_args["Collection"]);
  if (group == nullptr || group->members.empty()) return;
  Vm* vm = state.find_vm(group->members.front());
  auto consistency = parse_reference_point_settings(create_args["ReferencePointSettings"],
                                                    cls::kCollectionReferencePointSettingData);
  const auto type = create_args["ReferencePointType"].as_uint();
  if (vm == nullptr || !consistency.ok() || !type) return;
  (void)take_vm_reference_point(state, *vm, static_cast<std::uint16_t>(*type), *consistency, "");
}

const ClassDef kCollectionReferencePointServiceClass{cls::kCollectionReferencePointService,
                                                     "CIM_Service",
                                                     kKeys,
                                                     &enumerate,
                                                     nullptr,
                                                     kMethods,
                                                     true};

}  // namespace sim::host
