#include "conformance/oracle/namespace_classes.h"

namespace conformance::oracle {
namespace {

constexpr bool kServiceClass = true;
constexpr bool kOtherClass = false;

const NamespaceClass kClasses[] = {
    // Spec §2's table.
    {"Msvm_CollectionReferencePointService", true, true, kServiceClass,
     ClassSource::kNamespaceTable},
    {"Msvm_VirtualSystemReferencePointService", true, false, kServiceClass,
     ClassSource::kNamespaceTable},
    {"Msvm_ReferencePointOfVirtualSystem", true, false, kOtherClass, ClassSource::kNamespaceTable},
    {"Msvm_ImageManagementService", true, false, kServiceClass, ClassSource::kNamespaceTable},
    {"Msvm_CollectionSnapshotService", true, true, kServiceClass, ClassSource::kNamespaceTable},
    {"Msvm_VirtualSystemSnapshotService", true, true, kServiceClass, ClassSource::kNamespaceTable},
    {"Msvm_CollectionManagementService", true, true, kServiceClass, ClassSource::kNamespaceTable},
    {"Msvm_CollectionReplicationService", false, true, kServiceClass, ClassSource::kNamespaceTable},
    {"Msvm_CollectionRecoveryPoint", false, true, kOtherClass, ClassSource::kNamespaceTable},
    // Spec §3's classes.
    {"Msvm_VirtualSystemCollection", true, true, kOtherClass, ClassSource::kModelledClass},
    {"Msvm_CollectedVirtualSystems", true, true, kOtherClass, ClassSource::kModelledClass},
    {"Msvm_ManagementCollection", true, true, kOtherClass, ClassSource::kModelledClass},
    {"Msvm_CollectedCollections", true, true, kOtherClass, ClassSource::kModelledClass},
    {"Msvm_ComputerSystem", true, true, kOtherClass, ClassSource::kModelledClass},
    {"Msvm_VirtualSystemReferencePoint", true, true, kOtherClass, ClassSource::kModelledClass},
    {"Msvm_ReferencePointCollection", true, true, kOtherClass, ClassSource::kModelledClass},
    {"Msvm_CollectedReferencePoints", true, true, kOtherClass, ClassSource::kModelledClass},
    {"Msvm_ReferencePointOfVirtualSystemCollection", true, true, kOtherClass,
     ClassSource::kModelledClass},
    {"Msvm_ConcreteJob", true, true, kOtherClass, ClassSource::kModelledClass},
    {"Msvm_AffectedJobElement", true, true, kOtherClass, ClassSource::kModelledClass},
    {"Msvm_OwningJobElement", true, true, kOtherClass, ClassSource::kModelledClass},
    {"Msvm_VirtualSystemSettingData", true, true, kOtherClass, ClassSource::kModelledClass},
    {"Msvm_SnapshotCollection", true, true, kOtherClass, ClassSource::kModelledClass},
    {"Msvm_CollectedSnapshots", true, true, kOtherClass, ClassSource::kModelledClass},
};

const std::string_view kNamespaces[] = {kVirtualizationNamespace, kClusterNamespace};

}  // namespace

std::span<const NamespaceClass> namespace_classes() { return kClasses; }

bool served_in(const NamespaceClass& row, std::string_view cim_namespace) {
  return cim_namespace == kVirtualizationNamespace ? row.in_virtualization : row.in_cluster;
}

std::span<const std::string_view> oracle_namespaces() { return kNamespaces; }

}  // namespace conformance::oracle
