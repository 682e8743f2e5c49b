// Msvm_CollectedReferencePoints: a group reference point (Collection) and each per-VM point in it
// (Member).
#include "sim/host/cim_paths.h"
#include "sim/host/class_defs.h"
#include "sim/host/class_names.h"
#include "sim/host/host_state.h"

namespace sim::host {

namespace {

constexpr std::string_view kKeys[] = {"Collection", "Member"};

void enumerate(const RenderScope& scope, std::vector<wmi::Instance>& out) {
  const HostState& state = scope.state;
  for (const auto& [id, rpc] : state.reference_point_collections) {
    for (const std::string& member_id : rpc.members) {
      const auto member = state.vm_reference_points.find(member_id);
      if (member == state.vm_reference_points.end()) continue;
      out.push_back(
          association_instance(scope, cls::kCollectedReferencePoints,
                               {"Collection", reference_point_collection_path(scope, rpc)},
                               {"Member", vm_reference_point_path(scope, member->second)}));
    }
  }
}

}  // namespace

const ClassDef kCollectedReferencePointsClass{cls::kCollectedReferencePoints, "CIM_CollectedMSEs",
                                              kKeys, &enumerate};

}  // namespace sim::host
