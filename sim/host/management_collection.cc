// Msvm_ManagementCollection: a group of VM groups (DefineCollection Type 1); members through
// Msvm_CollectedCollections.
#include "sim/host/cim_paths.h"
#include "sim/host/class_defs.h"
#include "sim/host/class_names.h"
#include "sim/host/host_state.h"

namespace sim::host {

namespace {

constexpr std::string_view kKeys[] = {"CollectionID"};

wmi::Instance render(const RenderScope& scope, const Collection& group) {
  wmi::PropertyList p;
  p.reserve(3);
  p.push_back({"Caption", "Management Collection"});
  p.push_back({"CollectionID", group.id});
  p.push_back({"ElementName", group.name});
  return make_instance(scope, cls::kManagementCollection, collection_path(scope, group),
                       std::move(p));
}

void enumerate(const RenderScope& scope, std::vector<wmi::Instance>& out) {
  for (const auto& [id, group] : scope.state.collections) {
    if (group.type == control::GroupType::kCollections) out.push_back(render(scope, group));
  }
}

std::optional<wmi::Instance> find(const RenderScope& scope, const wmi::ObjectPath& path) {
  const auto it = scope.state.collections.find(key_text(path, "CollectionID"));
  if (it == scope.state.collections.end() || it->second.type != control::GroupType::kCollections) {
    return std::nullopt;
  }
  return render(scope, it->second);
}

}  // namespace

const ClassDef kManagementCollectionClass{cls::kManagementCollection, "CIM_CollectionOfMSEs", kKeys,
                                          &enumerate, &find};

}  // namespace sim::host
