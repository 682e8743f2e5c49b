// Msvm_SnapshotOfVirtualSystem: a VM (Antecedent) and each of its checkpoints (Dependent, their
// Msvm_VirtualSystemSettingData).
#include "sim/host/cim_paths.h"
#include "sim/host/class_defs.h"
#include "sim/host/class_names.h"
#include "sim/host/host_state.h"

namespace sim::host {

namespace {

constexpr std::string_view kKeys[] = {"Antecedent", "Dependent"};

void enumerate(const RenderScope& scope, std::vector<wmi::Instance>& out) {
  for (const auto& [id, checkpoint] : scope.state.checkpoints) {
    out.push_back(association_instance(
        scope, cls::kSnapshotOfVirtualSystem,
        {"Antecedent", computer_system_path(scope, checkpoint.vm_guid)},
        {"Dependent", setting_data_path(scope, cls::kVirtualSystemSettingData, id)}));
  }
}

}  // namespace

const ClassDef kSnapshotOfVirtualSystemClass{cls::kSnapshotOfVirtualSystem, "CIM_Dependency", kKeys,
                                             &enumerate};

}  // namespace sim::host
