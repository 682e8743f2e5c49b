// Msvm_SnapshotOfVirtualSystemCollection: a VM group (Antecedent) and each of its checkpoints
// (Dependent, a Msvm_SnapshotCollection), while the group exists.
#include "sim/host/cim_paths.h"
#include "sim/host/class_defs.h"
#include "sim/host/class_names.h"
#include "sim/host/host_state.h"

namespace sim::host {

namespace {

constexpr std::string_view kKeys[] = {"Antecedent", "Dependent"};

void enumerate(const RenderScope& scope, std::vector<wmi::Instance>& out) {
  const HostState& state = scope.state;
  for (const auto& [id, collection] : state.snapshot_collections) {
    const auto group = state.collections.find(collection.vs_collection_id);
    if (group == state.collections.end()) continue;
    out.push_back(association_instance(scope, cls::kSnapshotOfVirtualSystemCollection,
                                       {"Antecedent", collection_path(scope, group->second)},
                                       {"Dependent", snapshot_collection_path(scope, collection)}));
  }
}

}  // namespace

const ClassDef kSnapshotOfVirtualSystemCollectionClass{cls::kSnapshotOfVirtualSystemCollection,
                                                       "CIM_Dependency", kKeys, &enumerate};

}  // namespace sim::host
