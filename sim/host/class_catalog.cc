#include "sim/host/class_catalog.h"

#include <algorithm>
#include <iterator>
#include <vector>

#include "sim/host/class_defs.h"
#include "sim/host/host.h"
#include "wmi/cim/cim_name.h"
#include "wmi/cim/object_path.h"

namespace sim::host {

namespace {

// The CIM schema classes the served classes derive from: no instances of their own.
const ClassDef kCimClasses[] = {
    {"CIM_ManagedElement", "", {}},
    {"CIM_ManagedSystemElement", "CIM_ManagedElement", {}},
    {"CIM_LogicalElement", "CIM_ManagedSystemElement", {}},
    {"CIM_EnabledLogicalElement", "CIM_LogicalElement", {}},
    {"CIM_System", "CIM_EnabledLogicalElement", {}},
    {"CIM_ComputerSystem", "CIM_System", {}},
    {"CIM_Service", "CIM_EnabledLogicalElement", {}},
    {"CIM_Job", "CIM_LogicalElement", {}},
    {"CIM_ConcreteJob", "CIM_Job", {}},
    {"CIM_Collection", "CIM_ManagedElement", {}},
    {"CIM_CollectionOfMSEs", "CIM_Collection", {}},
    {"CIM_SettingData", "CIM_ManagedElement", {}},
    {"CIM_VirtualSystemSettingData", "CIM_SettingData", {}},
    {"CIM_ResourceAllocationSettingData", "CIM_SettingData", {}},
    {"CIM_Error", "", {}},
    {"CIM_Dependency", "", {}},
    {"CIM_CollectedMSEs", "", {}},
    {"CIM_AffectedJobElement", "", {}},
    {"CIM_OwningJobElement", "", {}},
};

// Served in root/HyperVCluster/v2 only, then in both namespaces (spec §2), then in
// root/virtualization/v2 only: each namespace serves one contiguous run of this table.
const ClassDef* const kVirtualizationClasses[] = {
    // root/HyperVCluster/v2 only:
    &kCollectionReplicationServiceClass,
    &kCollectionRecoveryPointClass,
    // both namespaces:
    &kComputerSystemClass,
    &kVirtualSystemSettingDataClass,
    &kStorageAllocationSettingDataClass,
    &kVirtualSystemCollectionClass,
    &kManagementCollectionClass,
    &kCollectionManagementServiceClass,
    &kCollectionReferencePointServiceClass,
    &kReferencePointCollectionClass,
    &kVirtualSystemReferencePointClass,
    &kConcreteJobClass,
    &kCollectedVirtualSystemsClass,
    &kCollectedCollectionsClass,
    &kCollectedReferencePointsClass,
    &kReferencePointOfVirtualSystemCollectionClass,
    &kAffectedJobElementClass,
    &kOwningJobElementClass,
    &kErrorClass,
    &kCollectionReferencePointExportJobClass,
    &kVirtualSystemSnapshotServiceClass,
    &kSnapshotOfVirtualSystemClass,
    &kCollectionSnapshotServiceClass,
    &kSnapshotCollectionClass,
    &kCollectedSnapshotsClass,
    &kSnapshotOfVirtualSystemCollectionClass,
    // root/virtualization/v2 only:
    &kReferencePointOfVirtualSystemClass,
    &kVirtualSystemReferencePointServiceClass,
    &kImageManagementServiceClass,
    &kReplicationServiceClass,
    &kReplicationRelationshipClass,
    &kVirtualSystemReferencePointExportJobClass,
};
constexpr std::size_t kClusterOnly = 2;
constexpr std::size_t kVirtualizationOnly = 6;

// Mutant: class-leaks-into-namespace (mutant.h): root/HyperVCluster/v2 serves the
// root/virtualization/v2-only Msvm_ImageManagementService too.
std::span<const ClassDef* const> leaky_cluster_classes() {
  static const std::vector<const ClassDef*> classes = [] {
    std::vector<const ClassDef*> out(std::begin(kVirtualizationClasses),
                                     std::end(kVirtualizationClasses) - kVirtualizationOnly);
    out.push_back(&kImageManagementServiceClass);
    return out;
  }();
  return classes;
}

std::span<const ClassDef* const> served_classes(std::string_view canonical_namespace,
                                                Mutant mutant) {
  std::span<const ClassDef* const> all(kVirtualizationClasses);
  if (canonical_namespace == kClusterNamespace) {
    if (mutant == Mutant::kClassLeaksIntoNamespace) return leaky_cluster_classes();
    return all.first(all.size() - kVirtualizationOnly);
  }
  return all.subspan(kClusterOnly);
}

}  // namespace

std::optional<std::string_view> served_namespace(std::string_view namespace_name) {
  const std::string normalized = wmi::normalize_namespace(namespace_name);
  for (std::string_view served : {kVirtualizationNamespace, kClusterNamespace}) {
    if (wmi::iequals(normalized, served)) return served;
  }
  return std::nullopt;
}

const ClassDef* find_class(std::string_view canonical_namespace, std::string_view name,
                           Mutant mutant) {
  for (const ClassDef* def : served_classes(canonical_namespace, mutant)) {
    if (wmi::iequals(def->name, name)) return def;
  }
  for (const ClassDef& def : kCimClasses) {
    if (wmi::iequals(def.name, name)) return &def;
  }
  return nullptr;
}

std::span<const ClassDef* const> concrete_classes(std::string_view canonical_namespace,
                                                  Mutant mutant) {
  return served_classes(canonical_namespace, mutant);
}

bool is_a(std::string_view class_name, std::string_view ancestor) {
  std::string_view current = class_name;
  while (!current.empty()) {
    if (wmi::iequals(current, ancestor)) return true;
    std::string_view parent;
    for (const ClassDef* def : kVirtualizationClasses) {
      if (wmi::iequals(def->name, current)) parent = def->superclass;
    }
    for (const ClassDef& def : kCimClasses) {
      if (wmi::iequals(def.name, current)) parent = def.superclass;
    }
    current = parent;
  }
  return false;
}

}  // namespace sim::host
