#include "sim/host/export_test_support.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>
#include <memory>

#include "wmi/cim/cim_xml.h"
#include "wmi/cim/wmi_path.h"

namespace sim::host::test {

namespace {

wmi::CimValue strings(const std::vector<std::string>& values) {
  std::vector<wmi::CimElement> elements(values.begin(), values.end());
  return *wmi::CimValue::array(wmi::CimType::kString, std::move(elements));
}

std::string path_string(const wmi::ObjectPath& path) {
  return *wmi::format_wmi_path(path, wmi::PathStyle::kBackslash);
}

wmi::CimValue embedded(wmi::Instance instance) {
  return wmi::EmbeddedInstance{std::make_shared<const wmi::Instance>(std::move(instance))};
}

}  // namespace

std::string disk_id(std::string_view vm, int index) {
  return "Microsoft:" + std::string(vm) + "\\83F8638B-8DCA-4152-9EDA-2CA8B33039B4\\0\\" +
         std::to_string(index) + "\\L";
}

std::string disk_file(std::string_view vm, int index) {
  return "C:\\Hyper-V\\" + std::string(vm) + "\\Disk" + std::to_string(index) + ".vhdx";
}

wmi::CimValue collection_export_settings(
    const std::optional<wmi::ObjectPath>& base,
    const std::vector<std::pair<std::string, std::vector<std::string>>>& disks) {
  wmi::PropertyList p;
  if (base) p.push_back({"BaseReferencePointCollection", path_string(*base)});
  if (!disks.empty()) {
    std::vector<wmi::CimElement> entries;
    for (const auto& [vm, ids] : disks) {
      const wmi::Instance entry("Msvm_VirtualMachineToDisks", "",
                                {{"VirtualMachineId", vm}, {"DisksToExport", strings(ids)}});
      entries.push_back(*wmi::to_cim_xml(entry));
    }
    p.push_back({"VirtualMachinesToDisksToExport",
                 *wmi::CimValue::array(wmi::CimType::kString, std::move(entries))});
  }
  return embedded(wmi::Instance("Msvm_CollectionReferencePointExportSettingData", "", p));
}

wmi::CimValue vm_export_settings(const std::optional<wmi::ObjectPath>& base,
                                 const std::vector<std::string>& disks) {
  wmi::PropertyList p;
  if (base) p.push_back({"BaseReferencePoint", path_string(*base)});
  if (!disks.empty()) p.push_back({"DisksToExport", strings(disks)});
  return embedded(wmi::Instance("Msvm_VirtualSystemReferencePointExportSettingData", "", p));
}

std::string as_cim_xml(const wmi::CimValue& value) {
  return *wmi::to_cim_xml(*value.as_instance());
}

wmi::Result<wmi::MethodResult> export_collection_point(wmi::Connection& c, const wmi::CimValue& rpc,
                                                       const wmi::CimValue& directory,
                                                       const wmi::CimValue& settings,
                                                       std::string_view ns) {
  return c.invoke(crp_service(ns), "ExportReferencePoint",
                  {{"ReferencePointCollection", rpc},
                   {"ExportDirectory", directory},
                   {"ExportSettingData", settings}});
}

wmi::Result<wmi::MethodResult> export_vm_point(wmi::Connection& c, const wmi::CimValue& point,
                                               const wmi::CimValue& directory,
                                               const wmi::CimValue& settings) {
  return c.invoke(
      vsrp_service(), "ExportReferencePoint",
      {{"ReferencePoint", point}, {"ExportDirectory", directory}, {"ExportSettingData", settings}});
}

wmi::Result<wmi::MethodResult> import_point_metadata(wmi::Connection& c,
                                                     const wmi::CimValue& system,
                                                     const wmi::CimValue& config_file) {
  return c.invoke(
      vsrp_service(), "ImportReferencePointMetadata",
      {{"AffectedSystem", system}, {"ConfigFilePath", config_file}, {"RuntimeStateFilePath", ""}});
}

wmi::ObjectPath create_rpc_or_die(wmi::Connection& c, std::string_view group, std::uint16_t type) {
  const auto r = value_or_fail(create_reference_point(c, group_path(group), type));
  const wmi::ObjectPath* out = out_reference(r, "ResultingReferencePointCollection");
  if (r.return_value != 0 || out == nullptr) {
    std::cerr << "create_rpc_or_die: CreateReferencePoint answered " << r.return_value << "\n";
    std::abort();
  }
  return *out;
}

}  // namespace sim::host::test
