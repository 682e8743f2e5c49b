// Msvm_CollectedCollections: a group of groups (Collection) and each VM group in it (Member).
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
    if (group.type != control::GroupType::kCollections) continue;
    for (const std::string& member_id : group.members) {
      const auto member = state.collections.find(member_id);
      if (member == state.collections.end()) continue;
      out.push_back(association_instance(scope, cls::kCollectedCollections,
                                         {"Collection", collection_path(scope, group)},
                                         {"Member", collection_path(scope, member->second)}));
    }
  }
}

}  // namespace

const ClassDef kCollectedCollectionsClass{cls::kCollectedCollections, "CIM_CollectedMSEs", kKeys,
                                          &enumerate};

}  // namespace sim::host
