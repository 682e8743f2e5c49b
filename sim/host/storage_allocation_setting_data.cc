// Msvm_StorageAllocationSettingData: one per virtual disk (InstanceID
// "Microsoft:<VM GUID>\<controller>\0\<n>\L", HostResource = the disk's path), backed by a
// sim::storage disk; and one per disk of each checkpoint (InstanceID
// "Microsoft:<checkpoint GUID>\<controller>\0\<n>\L", HostResource its frozen image's path).
#include "sim/host/cim_paths.h"
#include "sim/host/class_defs.h"
#include "sim/host/class_names.h"
#include "sim/host/host_state.h"
#include "wmi/cim/cim_name.h"

namespace sim::host {

namespace {

constexpr std::string_view kKeys[] = {"InstanceID"};
constexpr std::uint16_t kLogicalDisk = 31;

wmi::Instance render(const RenderScope& scope, const std::string& instance_id,
                     const std::string& path) {
  wmi::PropertyList p;
  p.reserve(7);
  p.push_back({"Caption", "Hard Disk Image"});
  p.push_back({"ElementName", "Hard Disk Image"});
  p.push_back({"HostResource", string_array({path})});
  p.push_back({"InstanceID", instance_id});
  p.push_back({"ResourceSubType", "Microsoft:Hyper-V:Virtual Hard Disk"});
  p.push_back({"ResourceType", kLogicalDisk});
  return make_instance(scope, cls::kStorageAllocationSettingData,
                       setting_data_path(scope, cls::kStorageAllocationSettingData, instance_id),
                       std::move(p));
}

void enumerate(const RenderScope& scope, std::vector<wmi::Instance>& out) {
  for (const Vm& vm : scope.state.vms) {
    for (const VmDisk& disk : vm.disks) out.push_back(render(scope, disk.instance_id, disk.path));
  }
  for (const auto& [id, checkpoint] : scope.state.checkpoints) {
    for (const CheckpointDisk& disk : checkpoint.disks) {
      out.push_back(render(scope, disk.instance_id, disk.path));
    }
  }
}

std::optional<wmi::Instance> find(const RenderScope& scope, const wmi::ObjectPath& path) {
  const std::string_view id = key_text(path, "InstanceID");
  if (const VmDisk* disk = scope.state.find_disk(id);
      disk != nullptr && wmi::iequals(disk->instance_id, id)) {
    return render(scope, disk->instance_id, disk->path);
  }
  const CheckpointDisk* frozen = scope.state.find_snapshot_disk(id);
  if (frozen == nullptr || !wmi::iequals(frozen->instance_id, id)) return std::nullopt;
  return render(scope, frozen->instance_id, frozen->path);
}

}  // namespace

const ClassDef kStorageAllocationSettingDataClass{cls::kStorageAllocationSettingData,
                                                  "CIM_ResourceAllocationSettingData", kKeys,
                                                  &enumerate, &find};

}  // namespace sim::host
