// Msvm_ReferencePointOfVirtualSystemCollection: a VM group (Antecedent) and each of its reference
// points (Dependent).
#include "sim/host/cim_paths.h"
#include "sim/host/class_defs.h"
#include "sim/host/class_names.h"
#include "sim/host/host_state.h"

namespace sim::host {

namespace {

constexpr std::string_view kKeys[] = {"Antecedent", "Dependent"};

void enumerate(const RenderScope& scope, std::vector<wmi::Instance>& out) {
  const HostState& state = scope.state;
  for (const auto& [id, rpc] : state.reference_point_collections) {
    const auto group = state.collections.find(rpc.vs_collection_id);
    if (group == state.collections.end()) continue;
    out.push_back(association_instance(scope, cls::kReferencePointOfVirtualSystemCollection,
                                       {"Antecedent", collection_path(scope, group->second)},
                                       {"Dependent", reference_point_collection_path(scope, rpc)}));
  }
}

}  // namespace

const ClassDef kReferencePointOfVirtualSystemCollectionClass{
    cls::kReferencePointOfVirtualSystemCollection, "CIM_Dependency", kKeys, &enumerate};

}  // namespace sim::host
