// Msvm_SnapshotCollection: a VM group's checkpoint, the result of
// Msvm_CollectionSnapshotService.CreateSnapshot (key CollectionID; members through
// Msvm_CollectedSnapshots, the group through Msvm_SnapshotOfVirtualSystemCollection).
#include "sim/host/cim_paths.h"
#include "sim/host/class_defs.h"
#include "sim/host/class_names.h"
#include "sim/host/host_state.h"

namespace sim::host {

namespace {

constexpr std::string_view kKeys[] = {"CollectionID"};

wmi::Instance render(const RenderScope& scope, const SnapshotCollection& collection) {
  wmi::PropertyList p;
  p.reserve(2);
  p.push_back({"CollectionID", collection.id});
  p.push_back({"ElementName", collection.name});
  return make_instance(scope, cls::kSnapshotCollection, snapshot_collection_path(scope, collection),
                       std::move(p));
}

void enumerate(const RenderScope& scope, std::vector<wmi::Instance>& out) {
  for (const auto& [id, collection] : scope.state.snapshot_collections) {
    out.push_back(render(scope, collection));
  }
}

std::optional<wmi::Instance> find(const RenderScope& scope, const wmi::ObjectPath& path) {
  const auto it = scope.state.snapshot_collections.find(key_text(path, "CollectionID"));
  if (it == scope.state.snapshot_collections.end()) return std::nullopt;
  return render(scope, it->second);
}

}  // namespace

const ClassDef kSnapshotCollectionClass{cls::kSnapshotCollection, "CIM_Collection", kKeys,
                                        &enumerate, &find};

}  // namespace sim::host
