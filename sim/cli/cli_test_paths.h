// Test-only: WMI paths into the small inventory (fixtures/inventories/small.json) that the hvsim
// command-line tests type, as a user would.
#pragma once

namespace sim::cli::test {

inline constexpr const char* kCms =
    "root/virtualization/v2:Msvm_CollectionManagementService.CreationClassName="
    "\"Msvm_CollectionManagementService\"";
inline constexpr const char* kCrps =
    "root/virtualization/v2:Msvm_CollectionReferencePointService.CreationClassName="
    "\"Msvm_CollectionReferencePointService\"";
inline constexpr const char* kIms =
    "root/virtualization/v2:Msvm_ImageManagementService.CreationClassName="
    "\"Msvm_ImageManagementService\"";
// The VM group finance (sql-01, web-01).
inline constexpr const char* kFinance =
    "root/virtualization/v2:Msvm_VirtualSystemCollection.CollectionID="
    "\"17941B31-5A9C-49EB-A8FA-AF67311F9463\"";
inline constexpr const char* kSql =
    "root/virtualization/v2:Msvm_ComputerSystem.CreationClassName=\"Msvm_ComputerSystem\","
    "Name=\"D253BD21-5401-450B-BB44-63660F5A3E14\"";
// web-01's GUID; its one disk is 64 GiB.
inline constexpr const char* kWeb = "76025F59-0F17-4B48-8F74-15952224C2B7";

}  // namespace sim::cli::test
