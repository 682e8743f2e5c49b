// Test support for checkpoints: the two snapshot services' paths and calls
// (Msvm_VirtualSystemSnapshotService per VM, Msvm_CollectionSnapshotService per VM group), the
// checkpoints of a VM and their disks, all through wmi::Connection. Builds on
// host_test_support.h. Test-only; not synchronised.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/host/host_test_support.h"

namespace sim::host::test {

inline constexpr std::string_view kVsssService = "Msvm_VirtualSystemSnapshotService";
inline constexpr std::string_view kCssService = "Msvm_CollectionSnapshotService";

// Per-VM SnapshotType values.
inline constexpr std::uint16_t kFullSnapshot = 2;
inline constexpr std::uint16_t kDiskSnapshot = 3;
inline constexpr std::uint16_t kRecoverySnapshot = 32768;
// Per-group SnapshotType values (another encoding).
inline constexpr std::uint16_t kGroupStandard = 1;
inline constexpr std::uint16_t kGroupRecovery = 2;

wmi::ObjectPath vsss_service(std::string_view ns = kV2);
wmi::ObjectPath css_service(std::string_view ns = kV2);

wmi::Result<wmi::MethodResult> create_snapshot(wmi::Connection& c, const wmi::CimValue& system,
                                               std::uint16_t type = kRecoverySnapshot,
                                               wmi::CimValue settings = "",
                                               std::string_view ns = kV2);
// DestroySnapshot(AffectedSnapshot).
wmi::Result<wmi::MethodResult> destroy_snapshot(wmi::Connection& c, const wmi::CimValue& snapshot,
                                                std::string_view ns = kV2);
// ConvertToReferencePoint(AffectedSnapshot, ReferencePointSettings).
wmi::Result<wmi::MethodResult> convert_snapshot(wmi::Connection& c, const wmi::CimValue& snapshot,
                                                wmi::CimValue settings = "",
                                                std::string_view ns = kV2);

wmi::Result<wmi::MethodResult> create_group_snapshot(wmi::Connection& c,
                                                     const wmi::CimValue& collection,
                                                     std::uint16_t type = kGroupRecovery,
                                                     wmi::CimValue settings = "",
                                                     std::string_view ns = kV2);
// Msvm_CollectionSnapshotService.`method` with `parameter` = `snapshot_collection` (
// ConvertToReferencePoint / DestroySnapshot: AffectedSnapshotCollection; ApplySnapshot:
// SnapshotCollection).
wmi::Result<wmi::MethodResult> group_snapshot_call(wmi::Connection& c, std::string_view method,
                                                   std::string_view parameter,
                                                   const wmi::CimValue& snapshot_collection,
                                                   std::string_view ns = kV2);

// Msvm_CollectionSnapshotExportSettingData with DifferentialBackupBase = `base`'s path text (when
// given), BackupIntent = `intent` (when not 0) and CopyVmStorage true, as an embedded instance.
wmi::CimValue snapshot_export_settings(const std::optional<wmi::ObjectPath>& base,
                                       std::uint16_t intent = 1);
// Msvm_CollectionSnapshotService.ExportSnapshot(SnapshotCollection, ExportDirectory,
// ExportSettingData).
wmi::Result<wmi::MethodResult> export_group_snapshot(wmi::Connection& c,
                                                     const wmi::CimValue& snapshot_collection,
                                                     const wmi::CimValue& directory,
                                                     const wmi::CimValue& settings = "",
                                                     std::string_view ns = kV2);

// The checkpoints of `vm` (Msvm_VirtualSystemSettingData through Msvm_SnapshotOfVirtualSystem).
std::vector<wmi::Instance> checkpoints_of(wmi::Connection& c, std::string_view vm,
                                          std::string_view ns = kV2);
// Every Msvm_StorageAllocationSettingData whose InstanceID starts with `checkpoint_instance_id`,
// in query order.
std::vector<wmi::Instance> checkpoint_disks(wmi::Connection& c,
                                            std::string_view checkpoint_instance_id,
                                            std::string_view ns = kV2);
// The HostResource paths of `vm`'s own disks, in query order.
std::vector<std::string> vm_disk_paths(wmi::Connection& c, std::string_view vm,
                                       std::string_view ns = kV2);

}  // namespace sim::host::test
