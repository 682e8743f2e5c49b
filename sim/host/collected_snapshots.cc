// Msvm_CollectedSnapshots: a VM group's checkpoint (Collection, a Msvm_SnapshotCollection) and
// each member VM's checkpoint in it (Member, its Msvm_VirtualSystemSettingData).
#include "sim/host/cim_paths.h"
#include "sim/host/class_defs.h"
#include "sim/host/class_names.h"
#include "sim/host/host_state.h"

namespace sim::host {

namespace {

constexpr std::string_view kKeys[] = {"Collection", "Member"};

void enumerate(const RenderScope& scope, std::vector<wmi::Instance>& out) {
  for (const auto& [id, collection] : scope.state.snapshot_collections) {
    for (const std::string& member : collection.members) {
      out.push_back(association_instance(
          scope, cls::kCollectedSnapshots,
          {"Collection", snapshot_collection_path(scope, collection)},
          {"Member", setting_data_path(scope, cls::kVirtualSystemSettingData, member)}));
    }
  }
}

}  // namespace

const ClassDef kCollectedSnapshotsClass{cls::kCollectedSnapshots, "CIM_CollectedMSEs", kKeys,
                                        &enumerate};

}  // namespace sim::host
