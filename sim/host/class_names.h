// The CIM class names the simulated host serves, spelled as Hyper-V spells them.
#pragma once

#include <string_view>

namespace sim::host::cls {

inline constexpr std::string_view kComputerSystem = "Msvm_ComputerSystem";
inline constexpr std::string_view kVirtualSystemSettingData = "Msvm_VirtualSystemSettingData";
inline constexpr std::string_view kStorageAllocationSettingData =
    "Msvm_StorageAllocationSettingData";
inline constexpr std::string_view kVirtualSystemCollection = "Msvm_VirtualSystemCollection";
inline constexpr std::string_view kManagementCollection = "Msvm_ManagementCollection";
inline constexpr std::string_view kCollectionManagementService = "Msvm_CollectionManagementService";
inline constexpr std::string_view kCollectionReferencePointService =
    "Msvm_CollectionReferencePointService";
inline constexpr std::string_view kVirtualSystemReferencePointService =
    "Msvm_VirtualSystemReferencePointService";
inline constexpr std::string_view kReferencePointCollection = "Msvm_ReferencePointCollection";
inline constexpr std::string_view kVirtualSystemReferencePoint = "Msvm_VirtualSystemReferencePoint";
inline constexpr std::string_view kConcreteJob = "Msvm_ConcreteJob";
inline constexpr std::string_view kError = "Msvm_Error";
inline constexpr std::string_view kCollectedVirtualSystems = "Msvm_CollectedVirtualSystems";
inline constexpr std::string_view kCollectedCollections = "Msvm_CollectedCollections";
inline constexpr std::string_view kCollectedReferencePoints = "Msvm_CollectedReferencePoints";
inline constexpr std::string_view kReferencePointOfVirtualSystemCollection =
    "Msvm_ReferencePointOfVirtualSystemCollection";
inline constexpr std::string_view kReferencePointOfVirtualSystem =
    "Msvm_ReferencePointOfVirtualSystem";
inline constexpr std::string_view kAffectedJobElement = "Msvm_AffectedJobElement";
inline constexpr std::string_view kOwningJobElement = "Msvm_OwningJobElement";
inline constexpr std::string_view kCollectionReferencePointSettingData =
    "Msvm_CollectionReferencePointSettingData";
inline constexpr std::string_view kVirtualSystemReferencePointSettingData =
    "Msvm_VirtualSystemReferencePointSettingData";
inline constexpr std::string_view kImageManagementService = "Msvm_ImageManagementService";
inline constexpr std::string_view kReplicationService = "Msvm_ReplicationService";
inline constexpr std::string_view kReplicationRelationship = "Msvm_ReplicationRelationship";
inline constexpr std::string_view kReplicationSettingData = "Msvm_ReplicationSettingData";
inline constexpr std::string_view kCollectionReplicationService =
    "Msvm_CollectionReplicationService";
inline constexpr std::string_view kCollectionRecoveryPoint = "Msvm_CollectionRecoveryPoint";
inline constexpr std::string_view kCollectionReplicationSettingData =
    "Msvm_CollectionReplicationSettingData";
inline constexpr std::string_view kCollectionReferencePointExportJob =
    "Msvm_CollectionReferencePointExportJob";
inline constexpr std::string_view kVirtualSystemReferencePointExportJob =
    "Msvm_VirtualSystemReferencePointExportJob";
inline constexpr std::string_view kCollectionReferencePointExportSettingData =
    "Msvm_CollectionReferencePointExportSettingData";
inline constexpr std::string_view kVirtualSystemReferencePointExportSettingData =
    "Msvm_VirtualSystemReferencePointExportSettingData";
inline constexpr std::string_view kVirtualMachineToDisks = "Msvm_VirtualMachineToDisks";
inline constexpr std::string_view kVirtualSystemSnapshotService =
    "Msvm_VirtualSystemSnapshotService";
inline constexpr std::string_view kVirtualSystemSnapshotSettingData =
    "Msvm_VirtualSystemSnapshotSettingData";
inline constexpr std::string_view kSnapshotOfVirtualSystem = "Msvm_SnapshotOfVirtualSystem";
inline constexpr std::string_view kCollectionSnapshotService = "Msvm_CollectionSnapshotService";
inline constexpr std::string_view kSnapshotCollection = "Msvm_SnapshotCollection";
inline constexpr std::string_view kCollectedSnapshots = "Msvm_CollectedSnapshots";
inline constexpr std::string_view kSnapshotOfVirtualSystemCollection =
    "Msvm_SnapshotOfVirtualSystemCollection";
inline constexpr std::string_view kCollectionSnapshotExportSettingData =
    "Msvm_CollectionSnapshotExportSettingData";

}  // namespace sim::host::cls
