// Msvm_CollectedVirtualSystems: a VM group (Collection) and each of its VMs (Member).
#include "sim/host/cim_paths.h"
#include "sim/host/class_defs.h"
#include "sim/host/class_names.h"
#include "sim/host/host_state.h"

namespace sim::host {

namespace {

constexpr std::string_view kKeys[] = {"Collection", "Member"};

void enumerate(const RenderScope& scope, std::vector<wmi::Instance>& out) {
  const HostState& state = scope.state;
  for (const auto& [id, group] : state.collections) {
    if (group.type != control::GroupType::kVirtualMachines) continue;
    for (const Vm* vm : state.members_of(group)) {
      out.push_back(association_instance(scope, cls::kCollectedVirtualSystems,
                                         {"Collection", collection_path(scope, group)},
                                         {"Member", computer_system_path(scope, vm->guid)}));
    }
  }
}

}  // namespace

const ClassDef kCollectedVirtualSystemsClass{cls::kCollectedVirtualSystems, "CIM_CollectedMSEs",
                                             kKeys, &enumerate};

}  // namespace sim::host
