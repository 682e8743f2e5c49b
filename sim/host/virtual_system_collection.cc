// Msvm_VirtualSystemCollection: a VM group (DefineCollection Type 0); members through
// Msvm_CollectedVirtualSystems. ReplicationMode and ReplicationState are derived from the members'
// relationships (group_replication_status in replication.h: replicating only when every member
// replicates, waiting to resynchronize as soon as one member does).
#include "sim/host/cim_paths.h"
#include "sim/host/class_defs.h"
#include "sim/host/class_names.h"
#include "sim/host/host_state.h"
#include "sim/host/replication.h"

namespace sim::host {

namespace {

constexpr std::string_view kKeys[] = {"CollectionID"};
constexpr std::uint16_t kFailedOverNone = 0;

wmi::Instance render(const RenderScope& scope, const Collection& group) {
  wmi::PropertyList p;
  p.reserve(6);
  p.push_back({"Caption", "Virtual System Collection"});
  p.push_back({"CollectionID", group.id});
  p.push_back({"ElementName", group.name});
  p.push_back({"FailedOverReplicationType", kFailedOverNone});
  const ReplicationStatus replication = group_replication_status(scope.state, group);
  p.push_back({"ReplicationMode", replication.mode});
  p.push_back({"ReplicationState", replication.state});
  return make_instance(scope, cls::kVirtualSystemCollection, collection_path(scope, group),
                       std::move(p));
}

void enumerate(const RenderScope& scope, std::vector<wmi::Instance>& out) {
  for (const auto& [id, group] : scope.state.collections) {
    if (group.type == control::GroupType::kVirtualMachines) out.push_back(render(scope, group));
  }
}

std::optional<wmi::Instance> find(const RenderScope& scope, const wmi::ObjectPath& path) {
  const auto it = scope.state.collections.find(key_text(path, "CollectionID"));
  if (it == scope.state.collections.end() ||
      it->second.type != control::GroupType::kVirtualMachines) {
    return std::nullopt;
  }
  return render(scope, it->second);
}

}  // namespace

const ClassDef kVirtualSystemCollectionClass{cls::kVirtualSystemCollection, "CIM_CollectionOfMSEs",
                                             kKeys, &enumerate, &find};

}  // namespace sim::host
