// Every class the simulated host serves, each defined in its own file (named after the class).
#pragma once

#include "sim/host/class_def.h"

namespace sim::host {

extern const ClassDef kComputerSystemClass;
extern const ClassDef kVirtualSystemSettingDataClass;
extern const ClassDef kStorageAllocationSettingDataClass;
extern const ClassDef kVirtualSystemCollectionClass;
extern const ClassDef kManagementCollectionClass;
extern const ClassDef kCollectionManagementServiceClass;
extern const ClassDef kCollectionReferencePointServiceClass;
extern const ClassDef kVirtualSystemReferencePointServiceClass;
extern const ClassDef kReferencePointCollectionClass;
extern const ClassDef kVirtualSystemReferencePointClass;
extern const ClassDef kConcreteJobClass;
extern const ClassDef kErrorClass;
extern const ClassDef kCollectedVirtualSystemsClass;
extern const ClassDef kCollectedCollectionsClass;
extern const ClassDef kCollectedReferencePointsClass;
extern const ClassDef kReferencePointOfVirtualSystemCollectionClass;
extern const ClassDef kReferencePointOfVirtualSystemClass;
extern const ClassDef kAffectedJobElementClass;
extern const ClassDef kOwningJobElementClass;
extern const ClassDef kImageManagementServiceClass;
extern const ClassDef kReplicationServiceClass;
extern const ClassDef kReplicationRelationshipClass;
extern const ClassDef kCollectionReplicationServiceClass;
extern const ClassDef kCollectionRecoveryPointClass;
extern const ClassDef kCollectionReferencePointExportJobClass;
extern const ClassDef kVirtualSystemReferencePointExportJobClass;
extern const ClassDef kVirtualSystemSnapshotServiceClass;
extern const ClassDef kSnapshotOfVirtualSystemClass;
extern const ClassDef kCollectionSnapshotServiceClass;
extern const ClassDef kSnapshotCollectionClass;
extern const ClassDef kCollectedSnapshotsClass;
extern const ClassDef kSnapshotOfVirtualSystemCollectionClass;

// Mutant: error-leaves-reference-point (mutant.h). The dispatcher calls it when a fault rule fails
// a Msvm_CollectionReferencePointService.CreateReferencePoint call whose checks pass: it takes the
// point a host that half-did the call would leave, on the group's first member (in no group point).
void leave_stray_reference_point(HostState& state, const CallArgs& create_args);

}  // namespace sim::host
