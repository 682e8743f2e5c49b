// Test support for reference-point exports: the ExportReferencePoint and
// ImportReferencePointMetadata calls, their ExportSettingData built as embedded instances (or as
// CIM-XML text), and the disk ids and paths of the small inventory. Test-only; not synchronised.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/host/host_test_support.h"

namespace sim::host::test {

// Disk `index` of `vm` as the model names it (Msvm_StorageAllocationSettingData.InstanceID and
// HostResource).
std::string disk_id(std::string_view vm, int index);
std::string disk_file(std::string_view vm, int index);

// Msvm_CollectionReferencePointExportSettingData with BaseReferencePointCollection = `base`'s
// path text (when given) and VirtualMachinesToDisksToExport = `disks` (VM GUID → disk ids), as an
// embedded instance value.
wmi::CimValue collection_export_settings(
    const std::optional<wmi::ObjectPath>& base,
    const std::vector<std::pair<std::string, std::vector<std::string>>>& disks = {});
// Msvm_VirtualSystemReferencePointExportSettingData with BaseReferencePoint and DisksToExport.
wmi::CimValue vm_export_settings(const std::optional<wmi::ObjectPath>& base,
                                 const std::vector<std::string>& disks = {});
// The same setting data as CIM-XML text.
std::string as_cim_xml(const wmi::CimValue& embedded);

wmi::Result<wmi::MethodResult> export_collection_point(wmi::Connection& c, const wmi::CimValue& rpc,
                                                       const wmi::CimValue& directory,
                                                       const wmi::CimValue& settings = "",
                                                       std::string_view ns = kV2);
wmi::Result<wmi::MethodResult> export_vm_point(wmi::Connection& c, const wmi::CimValue& point,
                                               const wmi::CimValue& directory,
                                               const wmi::CimValue& settings = "");
wmi::Result<wmi::MethodResult> import_point_metadata(wmi::Connection& c,
                                                     const wmi::CimValue& system,
                                                     const wmi::CimValue& config_file);

// A collection reference point on `group` (RCT unless `type` says otherwise); aborts the test
// when it is not created at once.
wmi::ObjectPath create_rpc_or_die(wmi::Connection& c, std::string_view group,
                                  std::uint16_t type = 2);

}  // namespace sim::host::test
