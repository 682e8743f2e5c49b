#include "sim/host/snapshot_test_support.h"

#include <memory>

#include "wmi/cim/cim_name.h"
#include "wmi/cim/wmi_path.h"

namespace sim::host::test {

wmi::ObjectPath vsss_service(std::string_view ns) { return service_path(kVsssService, ns); }
wmi::ObjectPath css_service(std::string_view ns) { return service_path(kCssService, ns); }

wmi::Result<wmi::MethodResult> create_snapshot(wmi::Connection& c, const wmi::CimValue& system,
                                               std::uint16_t type, wmi::CimValue settings,
                                               std::string_view ns) {
  return c.invoke(vsss_service(ns), "CreateSnapshot",
                  {{"AffectedSystem", system},
                   {"SnapshotSettings", std::move(settings)},
                   {"SnapshotType", type}});
}

wmi::Result<wmi::MethodResult> destroy_snapshot(wmi::Connection& c, const wmi::CimValue& snapshot,
                                                std::string_view ns) {
  return c.invoke(vsss_service(ns), "DestroySnapshot", {{"AffectedSnapshot", snapshot}});
}

wmi::Result<wmi::MethodResult> convert_snapshot(wmi::Connection& c, const wmi::CimValue& snapshot,
                                                wmi::CimValue settings, std::string_view ns) {
  return c.invoke(
      vsss_service(ns), "ConvertToReferencePoint",
      {{"AffectedSnapshot", snapshot}, {"ReferencePointSettings", std::move(settings)}});
}

wmi::Result<wmi::MethodResult> create_group_snapshot(wmi::Connection& c,
                                                     const wmi::CimValue& collection,
                                                     std::uint16_t type, wmi::CimValue settings,
                                                     std::string_view ns) {
  return c.invoke(css_service(ns), "CreateSnapshot",
                  {{"Collection", collection},
                   {"SnapshotSettings", std::move(settings)},
                   {"SnapshotType", type}});
}

wmi::Result<wmi::MethodResult> group_snapshot_call(wmi::Connection& c, std::string_view method,
                                                   std::string_view parameter,
                                                   const wmi::CimValue& snapshot_collection,
                                                   std::string_view ns) {
  return c.invoke(css_service(ns), method, {{std::string(parameter), snapshot_collection}});
}

wmi::CimValue snapshot_export_settings(const std::optional<wmi::ObjectPath>& base,
                                       std::uint16_t intent) {
  wmi::PropertyList p;
  p.push_back({"CopyVmStorage", true});
  if (base) {
    p.push_back(
        {"DifferentialBackupBase", *wmi::format_wmi_path(*base, wmi::PathStyle::kBackslash)});
  }
  if (intent != 0) p.push_back({"BackupIntent", wmi::CimValue(intent)});
  return wmi::EmbeddedInstance{std::make_shared<const wmi::Instance>(
      wmi::Instance("Msvm_CollectionSnapshotExportSettingData", "", std::move(p)))};
}

wmi::Result<wmi::MethodResult> export_group_snapshot(wmi::Connection& c,
                                                     const wmi::CimValue& snapshot_collection,
                                                     const wmi::CimValue& directory,
                                                     const wmi::CimValue& settings,
                                                     std::string_view ns) {
  return c.invoke(css_service(ns), "ExportSnapshot",
                  {{"SnapshotCollection", snapshot_collection},
                   {"ExportDirectory", directory},
                   {"ExportSettingData", settings}});
}

std::vector<wmi::Instance> checkpoints_of(wmi::Connection& c, std::string_view vm,
                                          std::string_view ns) {
  return query_or_die(c, ns,
                      "ASSOCIATORS OF {" + path_text(vm_path(vm, ns)) +
                          "} WHERE AssocClass=Msvm_SnapshotOfVirtualSystem");
}

std::vector<wmi::Instance> checkpoint_disks(wmi::Connection& c,
                                            std::string_view checkpoint_instance_id,
                                            std::string_view ns) {
  std::vector<wmi::Instance> out;
  const std::string prefix = std::string(checkpoint_instance_id) + "\\";
  for (auto& sasd : query_or_die(c, ns, "SELECT * FROM Msvm_StorageAllocationSettingData")) {
    const std::string id = string_property(sasd, "InstanceID");
    if (id.size() > prefix.size() && wmi::iequals(id.substr(0, prefix.size()), prefix)) {
      out.push_back(std::move(sasd));
    }
  }
  return out;
}

std::vector<std::string> vm_disk_paths(wmi::Connection& c, std::string_view vm,
                                       std::string_view ns) {
  std::vector<std::string> out;
  const std::string prefix = "Microsoft:" + std::string(vm) + "\\";
  for (const auto& sasd : query_or_die(c, ns, "SELECT * FROM Msvm_StorageAllocationSettingData")) {
    const std::string id = string_property(sasd, "InstanceID");
    if (id.size() > prefix.size() && wmi::iequals(id.substr(0, prefix.size()), prefix)) {
      out.push_back(string_array_property(sasd, "HostResource").at(0));
    }
  }
  return out;
}

}  // namespace sim::host::test
