// Msvm_ReferencePointOfVirtualSystem: a VM (Antecedent) and each of its reference points
// (Dependent); root/virtualization/v2 only.
#include "sim/host/cim_paths.h"
#include "sim/host/class_defs.h"
#include "sim/host/class_names.h"
#include "sim/host/host_state.h"

namespace sim::host {

namespace {

constexpr std::string_view kKeys[] = {"Antecedent", "Dependent"};

void enumerate(const RenderScope& scope, std::vector<wmi::Instance>& out) {
  const HostState& state = scope.state;
  for (const auto& [id, point] : state.vm_reference_points) {
    out.push_back(association_instance(scope, cls::kReferencePointOfVirtualSystem,
                                       {"Antecedent", computer_system_path(scope, point.vm_guid)},
                                       {"Dependent", vm_reference_point_path(scope, point)}));
  }
}

}  // namespace

const ClassDef kReferencePointOfVirtualSystemClass{cls::kReferencePointOfVirtualSystem,
                                                   "CIM_Dependency", kKeys, &enumerate};

}  // namespace sim::host
