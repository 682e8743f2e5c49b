// Msvm_ReferencePointCollection: a VM group's reference point, the result of
// CreateReferencePoint. ConsistencyLevel is encoded in the profile's order (its page says
// 1 crash / 2 application, the reverse of every other class).
#include "sim/host/cim_paths.h"
#include "sim/host/class_defs.h"
#include "sim/host/class_names.h"
#include "sim/host/host_state.h"
#include "sim/host/reference_points.h"
#include "wmi/cim/cim_name.h"

namespace sim::host {

namespace {

constexpr std::string_view kKeys[] = {"CollectionID", "VirtualSystemCollectionId"};

std::uint16_t encoded_consistency(const control::Profile& profile, Consistency level) {
  if (level == Consistency::kUnknown) return 0;
  const bool crash = level == Consistency::kCrash;
  if (profile.reference_point_collection_consistency_order ==
      control::ConsistencyLevelOrder::kCrash1App2) {
    return crash ? 1 : 2;
  }
  return crash ? 2 : 1;
}

wmi::Instance render(const RenderScope& scope, const ReferencePointCollection& rpc) {
  const HostState& state = scope.state;
  bool has_log = rpc.type == kLogBased && !rpc.members.empty();
  for (const std::string& member : rpc.members) {
    const auto it = state.vm_reference_points.find(member);
    has_log =
        has_log && it != state.vm_reference_points.end() && has_associated_data(state, it->second);
  }
  wmi::PropertyList p;
  p.reserve(7);
  p.push_back({"CollectionID", rpc.id});
  p.push_back({"ConsistencyLevel", encoded_consistency(state.profile, rpc.consistency)});
  p.push_back({"ElementName", "Reference point " + rpc.id});
  p.push_back({"HasAssociatedLog", has_log});
  p.push_back({"ReferencePointType", rpc.type});
  p.push_back({"VirtualSystemCollectionId", rpc.vs_collection_id});
  return make_instance(scope, cls::kReferencePointCollection,
                       reference_point_collection_path(scope, rpc), std::move(p));
}

void enumerate(const RenderScope& scope, std::vector<wmi::Instance>& out) {
  for (const auto& [id, rpc] : scope.state.reference_point_collections) {
    out.push_back(render(scope, rpc));
  }
}

std::optional<wmi::Instance> find(const RenderScope& scope, const wmi::ObjectPath& path) {
  const auto it = scope.state.reference_point_collections.find(key_text(path, "CollectionID"));
  if (it == scope.state.reference_point_collections.end() ||
      !wmi::iequals(it->second.vs_collection_id, key_text(path, "VirtualSystemCollectionId"))) {
    return std::nullopt;
  }
  return render(scope, it->second);
}

}  // namespace

const ClassDef kReferencePointCollectionClass{cls::kReferencePointCollection, "CIM_Collection",
                                              kKeys, &enumerate, &find};

}  // namespace sim::host
