// The table of method recipes and the recipes of the reference-point services:
// Msvm_CollectionReferencePointService (CIM, both namespaces) and
// Msvm_VirtualSystemReferencePointService (v2). Natural errors: the profile's
// create_reference_point.code.* and export_reference_point.code.* cases, and spec §4's 32779
// "file not found" for an import of a missing configuration.
#include "conformance/suites/method_recipes.h"

#include <array>

#include <fmt/format.h>

#include "conformance/suites/collection_calls.h"
#include "conformance/suites/recipe_setup.h"

namespace conformance {
namespace {

using wmi::ReturnCodeFamily;
using Prepared = std::optional<PreparedCall>;

constexpr std::string_view kGroupClass = "Msvm_VirtualSystemCollection";
constexpr std::string_view kVmClass = "Msvm_ComputerSystem";

// --- Msvm_CollectionReferencePointService (CIM) ------------------------------------------------

Prepared collection_create(const Setup& s) {
  const auto group = fresh_group(s.session, s.ns, {kSql01, kWeb01}, s.seed, s.problem);
  const auto vm = vm_in(s.session, s.ns, kSql01, s.problem);
  const wmi::PropertyList in = {{"Collection", group ? wmi::CimValue(*group) : wmi::CimValue()},
                                {"ReferencePointSettings", ""},
                                {"ReferencePointType", std::uint16_t{2}}};
  Prepared call = call_on(s, kCollectionRpService, in);
  constexpr auto kCim = ReturnCodeFamily::kCim;
  add_natural(s, call, "create_reference_point.code.type_unknown", kCim, "ReferencePointType 0",
              with(in, "ReferencePointType", std::uint16_t{0}));
  add_natural(s, call, "create_reference_point.code.type_vendor_specific", kCim,
              "a vendor-specific ReferencePointType",
              with(in, "ReferencePointType", kVendorSpecificType));
  add_natural(s, call, "create_reference_point.code.log_without_replication", kCim,
              "a log-based point without replication",
              with(in, "ReferencePointType", std::uint16_t{1}));
  add_natural(s, call, "create_reference_point.code.collection_not_found", kCim,
              "a missing Collection",
              with(in, "Collection", missing_instance(s.ns, kGroupClass, "CollectionID", s.seed)));
  if (vm) {
    add_natural(s, call, "create_reference_point.code.wrong_collection_class", kCim,
                "a VM as Collection", with(in, "Collection", *vm));
  }
  return call;
}

Prepared collection_point_call(const Setup& s, std::string_view parameter) {
  const auto group = fresh_group(s.session, s.ns, {kSql01, kWeb01}, s.seed, s.problem);
  const auto point = group ? group_point(s.session, s.ns, *group, s.problem) : std::nullopt;
  return call_on(s, kCollectionRpService,
                 {{std::string(parameter), point.value_or(wmi::ObjectPath{})}});
}

Prepared collection_destroy(const Setup& s) {
  return collection_point_call(s, "AffectedReferencePointCollection");
}

Prepared collection_remove_data(const Setup& s) {
  return collection_point_call(s, "AffectedReferencePointCollection");
}

Prepared collection_export(const Setup& s) {
  Prepared call = collection_point_call(s, "ReferencePointCollection");
  if (!call) return call;
  call->in.push_back({"ExportDirectory", export_directory(s.seed)});
  call->in.push_back({"ExportSettingData", ""});
  constexpr auto kCim = ReturnCodeFamily::kCim;
  const auto group = inventory_group(s);
  add_natural(s, call, "export_reference_point.code.point_not_found", kCim,
              "a missing ReferencePointCollection",
              with(call->in, "ReferencePointCollection",
                   missing_instance(s.ns, "Msvm_ReferencePointCollection", "InstanceID", s.seed)));
  if (group) {
    add_natural(s, call, "export_reference_point.code.wrong_point_class", kCim,
                "a group as ReferencePointCollection",
                with(call->in, "ReferencePointCollection", *group));
  }
  add_natural(s, call, "export_reference_point.code.directory_empty", kCim,
              "an empty ExportDirectory", with(call->in, "ExportDirectory", ""));
  add_natural(s, call, "export_reference_point.code.malformed_settings", kCim,
              "ExportSettingData that is no instance",
              with(call->in, "ExportSettingData", "not an instance"));
  return call;
}

// --- Msvm_VirtualSystemReferencePointService (v2; Create CIM, the others Hyper-V) ---------------

Prepared vm_create(const Setup& s) {
  const auto vm = vm_in(s.session, s.ns, kSql01, s.problem);
  const wmi::PropertyList in = {{"AffectedSystem", vm.value_or(wmi::ObjectPath{})},
                                {"ReferencePointSettings", ""},
                                {"ReferencePointType", s.profile.vs_rct_type()}};
  Prepared call = call_on(s, kVmRpService, in);
  constexpr auto kCim = ReturnCodeFamily::kCim;
  const auto group = inventory_group(s);
  add_natural(s, call, "create_reference_point.code.log_without_replication", kCim,
              "a log-based point without replication",
              with(in, "ReferencePointType", s.profile.vs_log_type()));
  add_natural(s, call, "create_reference_point.code.system_not_found", kCim,
              "a missing AffectedSystem",
              with(in, "AffectedSystem", missing_instance(s.ns, kVmClass, "Name", s.seed)));
  if (group) {
    add_natural(s, call, "create_reference_point.code.wrong_system_class", kCim,
                "a group as AffectedSystem", with(in, "AffectedSystem", *group));
  }
  return call;
}

// A per-VM RCT point of sql-01; `point` receives it.
Prepared vm_point_call(const Setup& s, std::string_view parameter,
                       std::optional<wmi::ObjectPath>& point) {
  const auto vm = vm_in(s.session, s.ns, kSql01, s.problem);
  point = vm ? vm_point(s.session, s.ns, *vm, s.profile.vs_rct_type(), s.problem) : std::nullopt;
  return call_on(s, kVmRpService, {{std::string(parameter), point.value_or(wmi::ObjectPath{})}});
}

Prepared vm_destroy(const Setup& s) {
  std::optional<wmi::ObjectPath> point;
  return vm_point_call(s, "AffectedReferencePoint", point);
}

Prepared vm_remove_data(const Setup& s) {
  std::optional<wmi::ObjectPath> point;
  return vm_point_call(s, "AffectedReferencePoint", point);
}

Prepared vm_export(const Setup& s) {
  std::optional<wmi::ObjectPath> point;
  Prepared call = vm_point_call(s, "ReferencePoint", point);
  if (!call) return call;
  call->in.push_back({"ExportDirectory", export_directory(s.seed)});
  call->in.push_back({"ExportSettingData", ""});
  constexpr auto kHyperV = ReturnCodeFamily::kHyperV;
  add_natural(
      s, call, "export_reference_point.code.point_not_found", kHyperV, "a missing ReferencePoint",
      with(call->in, "ReferencePoint",
           missing_instance(s.ns, "Msvm_VirtualSystemReferencePoint", "InstanceID", s.seed)));
  add_natural(s, call, "export_reference_point.code.directory_empty", kHyperV,
              "an empty ExportDirectory", with(call->in, "ExportDirectory", ""));
  return call;
}

// Exports a point of sql-01 and destroys it; importing the export's configuration brings it back.
// The configuration file is the export job's ExportedConfigFilePath, or where a Hyper-V export
// puts it: <ExportDirectory>\<VM GUID>\Virtual Machines\<point GUID>.vmcx [field].
Prepared vm_import(const Setup& s) {
  std::optional<wmi::ObjectPath> point;
  Prepared exported = vm_point_call(s, "ReferencePoint", point);
  if (!exported) return exported;
  const std::string directory = export_directory(s.seed);
  const auto identity = s.session.connection().get(*point);
  const CallOutcome done = call_and_settle(
      s.session, exported->target, "ExportReferencePoint",
      {{"ReferencePoint", *point}, {"ExportDirectory", directory}, {"ExportSettingData", ""}});
  const CallOutcome destroyed = call_and_settle(
      s.session, exported->target, "DestroyReferencePoint", {{"AffectedReferencePoint", *point}});
  if (!done.succeeded() || !destroyed.succeeded() || !identity.ok()) {
    s.problem = "export and destroy: " + done.describe() + "; " + destroyed.describe();
    return std::nullopt;
  }
  const wmi::CimValue* id = identity->find("InstanceID");
  const wmi::CimValue* vm_guid = identity->find("VirtualSystemIdentifier");
  const wmi::CimValue* reported =
      done.final_job ? done.final_job->find("ExportedConfigFilePath") : nullptr;
  std::string config;
  if (reported != nullptr && reported->as_string() != nullptr) {
    config = *reported->as_string();
  } else if (id != nullptr && id->as_string() && vm_guid != nullptr && vm_guid->as_string()) {
    const std::string& text = *id->as_string();
    config = fmt::format("{}\\{}\\Virtual Machines\\{}.vmcx", directory, *vm_guid->as_string(),
                         text.substr(text.rfind(':') + 1));
  }
  const auto vm = vm_in(s.session, s.ns, kSql01, s.problem);
  const wmi::PropertyList in = {{"AffectedSystem", vm.value_or(wmi::ObjectPath{})},
                                {"ConfigFilePath", config},
                                {"RuntimeStateFilePath", ""}};
  Prepared call = call_on(s, kVmRpService, in);
  // spec §4 names 32779 "file not found".
  if (call)
    call->natural.push_back({32779, "a missing ConfigFilePath",
                             with(in, "ConfigFilePath", directory + "\\missing.vmcx")});
  return call;
}

constexpr MethodRecipe kReferencePointRecipes[] = {
    {kCollectionRpService, "CreateReferencePoint", ReturnCodeFamily::kCim, false,
     &prepare_with<collection_create>},
    {kCollectionRpService, "DestroyReferencePoint", ReturnCodeFamily::kCim, false,
     &prepare_with<collection_destroy>},
    {kCollectionRpService, "ExportReferencePoint", ReturnCodeFamily::kCim, false,
     &prepare_with<collection_export>},
    {kCollectionRpService, "RemoveAssociatedData", ReturnCodeFamily::kCim, false,
     &prepare_with<collection_remove_data>},
    {kVmRpService, "CreateReferencePoint", ReturnCodeFamily::kCim, false, &prepare_with<vm_create>},
    {kVmRpService, "DestroyReferencePoint", ReturnCodeFamily::kHyperV, false,
     &prepare_with<vm_destroy>},
    {kVmRpService, "ExportReferencePoint", ReturnCodeFamily::kHyperV, false,
     &prepare_with<vm_export>},
    {kVmRpService, "ImportReferencePointMetadata", ReturnCodeFamily::kHyperV, false,
     &prepare_with<vm_import>},
    {kVmRpService, "RemoveAssociatedData", ReturnCodeFamily::kHyperV, false,
     &prepare_with<vm_remove_data>},
};

std::vector<MethodRecipe> all_recipes() {
  std::vector<MethodRecipe> all;
  for (auto table : {reference_point_recipes(), checkpoint_recipes(), service_recipes()}) {
    all.insert(all.end(), table.begin(), table.end());
  }
  return all;
}

}  // namespace

std::span<const MethodRecipe> reference_point_recipes() { return kReferencePointRecipes; }

std::string MethodRecipe::name() const { return std::string(service) + "." + std::string(method); }

std::span<const MethodRecipe> method_recipes() {
  static const std::vector<MethodRecipe> recipes = all_recipes();
  return recipes;
}

const MethodRecipe* find_recipe(std::string_view method) {
  for (const MethodRecipe& recipe : method_recipes()) {
    if (recipe.name() == method) return &recipe;
  }
  return nullptr;
}

std::vector<std::uint32_t> documented_codes(const MethodRecipe& recipe) {
  std::vector<std::uint32_t> codes = oracle::family_codes(recipe.family);
  if (recipe.answers_at_once) std::erase(codes, 4096u);
  return codes;
}

std::uint32_t in_family(std::uint32_t cim_code, ReturnCodeFamily family) {
  constexpr std::array<std::uint32_t, 7> kHyperVOf = {0, 32770, 32768, 32772, 32773, 32775, 32776};
  if (family != ReturnCodeFamily::kHyperV || cim_code == 0 || cim_code >= kHyperVOf.size()) {
    return cim_code;
  }
  return kHyperVOf[cim_code];
}

}  // namespace conformance
