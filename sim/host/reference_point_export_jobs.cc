// Msvm_CollectionReferencePointExportJob (both namespaces) and
// Msvm_VirtualSystemReferencePointExportJob (root/virtualization/v2 only): the Msvm_ConcreteJob
// subclasses the two ExportReferencePoint methods answer 4096 with (reference notes §2.5). They
// poll, cancel and report errors like any job (concrete_job.h); their own properties — what was
// exported and where — are null until the export succeeds (reference_point_export.h sets them).
#include "sim/host/class_defs.h"
#include "sim/host/class_names.h"
#include "sim/host/concrete_job.h"

namespace sim::host {

namespace {

constexpr std::string_view kKeys[] = {"InstanceID"};
using wmi::CimType;

constexpr JobProperty kCollectionProperties[] = {
    {"BaseReferencePointGroupId", CimType::kString},
    {"CollectionId", CimType::kString},
    {"ExportDirectory", CimType::kString},
    {"ExportedConfigFilePaths", CimType::kString, true},
    {"ExportedDisks", CimType::kString, true},
    {"ExportedGuestStateFilePaths", CimType::kString, true},
    {"ExportedLogFilePaths", CimType::kString, true},
    {"ExportedRuntimeFilePaths", CimType::kString, true},
    {"ReferencePointGroupId", CimType::kString},
    {"VirtualMachineId", CimType::kString, true},
};

constexpr JobProperty kVirtualSystemProperties[] = {
    {"BaseReferencePointId", CimType::kString},
    {"ExportDirectory", CimType::kString},
    {"ExportedConfigFilePath", CimType::kString},
    {"ExportedDisks", CimType::kString, true},
    {"ExportedGuestStateFilePath", CimType::kString},
    {"ExportedLogFilePaths", CimType::kString, true},
    {"ExportedRuntimeFilePath", CimType::kString},
    {"ReferencePointId", CimType::kString},
    {"VirtualMachineId", CimType::kString},
};

void enumerate_collection(const RenderScope& scope, std::vector<wmi::Instance>& out) {
  enumerate_jobs(scope, cls::kCollectionReferencePointExportJob, kCollectionProperties, out);
}
std::optional<wmi::Instance> find_collection(const RenderScope& scope,
                                             const wmi::ObjectPath& path) {
  return find_job(scope, cls::kCollectionReferencePointExportJob, kCollectionProperties, path);
}
void enumerate_virtual_system(const RenderScope& scope, std::vector<wmi::Instance>& out) {
  enumerate_jobs(scope, cls::kVirtualSystemReferencePointExportJob, kVirtualSystemProperties, out);
}
std::optional<wmi::Instance> find_virtual_system(const RenderScope& scope,
                                                 const wmi::ObjectPath& path) {
  return find_job(scope, cls::kVirtualSystemReferencePointExportJob, kVirtualSystemProperties,
                  path);
}

}  // namespace

const ClassDef kCollectionReferencePointExportJobClass{cls::kCollectionReferencePointExportJob,
                                                       cls::kConcreteJob,
                                                       kKeys,
                                                       &enumerate_collection,
                                                       &find_collection,
                                                       kJobMethods};
const ClassDef kVirtualSystemReferencePointExportJobClass{
    cls::kVirtualSystemReferencePointExportJob,
    cls::kConcreteJob,
    kKeys,
    &enumerate_virtual_system,
    &find_virtual_system,
    kJobMethods};

}  // namespace sim::host
