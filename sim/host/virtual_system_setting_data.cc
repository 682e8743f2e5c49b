// Msvm_VirtualSystemSettingData: each VM's realized settings (InstanceID "Microsoft:<VM GUID>"),
// carrying its configuration version, and each checkpoint (InstanceID
// "Microsoft:<checkpoint GUID>", VirtualSystemType "Microsoft:Hyper-V:Snapshot:Recovery" or
// "...:Snapshot:Realized", VirtualSystemIdentifier its VM, CreationTime, and Parent: the WMI path
// of the checkpoint it depends on).
#include "sim/host/cim_paths.h"
#include "sim/host/class_defs.h"
#include "sim/host/class_names.h"
#include "sim/host/host_state.h"
#include "wmi/cim/dmtf_datetime.h"
#include "wmi/cim/wmi_path.h"

namespace sim::host {

namespace {

constexpr std::string_view kKeys[] = {"InstanceID"};
constexpr std::string_view kPrefix = "Microsoft:";

wmi::Instance render(const RenderScope& scope, const Vm& vm) {
  std::string id = std::string(kPrefix) + vm.guid;
  wmi::PropertyList p;
  p.reserve(8);
  p.push_back({"Caption", "Virtual Machine Settings"});
  p.push_back({"ConfigurationID", vm.guid});
  p.push_back({"ElementName", vm.name});
  p.push_back({"InstanceID", id});
  p.push_back({"Version", control::to_string(vm.configuration_version)});
  p.push_back({"VirtualSystemIdentifier", vm.guid});
  p.push_back({"VirtualSystemType", "Microsoft:Hyper-V:System:Realized"});
  return make_instance(scope, cls::kVirtualSystemSettingData,
                       setting_data_path(scope, cls::kVirtualSystemSettingData, id), std::move(p));
}

wmi::Instance render(const RenderScope& scope, const Checkpoint& checkpoint) {
  const Vm* vm = scope.state.find_vm(checkpoint.vm_guid);
  wmi::CimValue parent = wmi::CimValue::null(wmi::CimType::kString);
  if (!checkpoint.parent_id.empty()) {
    auto text = wmi::format_wmi_path(
        setting_data_path(scope, cls::kVirtualSystemSettingData, checkpoint.parent_id),
        wmi::PathStyle::kBackslash);
    if (text.ok()) parent = *text;
  }
  wmi::PropertyList p;
  p.reserve(10);
  p.push_back({"Caption", "Virtual Machine Settings"});
  p.push_back({"ConfigurationID", checkpoint.vm_guid});
  p.push_back({"CreationTime", wmi::Datetime(wmi::timestamp_from_utc(checkpoint.created))});
  p.push_back({"ElementName", checkpoint.name});
  p.push_back({"InstanceID", checkpoint.instance_id});
  p.push_back({"Parent", std::move(parent)});
  if (vm != nullptr) p.push_back({"Version", control::to_string(vm->configuration_version)});
  p.push_back({"VirtualSystemIdentifier", checkpoint.vm_guid});
  p.push_back({"VirtualSystemType", checkpoint.type == CheckpointType::kRecovery
                                        ? "Microsoft:Hyper-V:Snapshot:Recovery"
                                        : "Microsoft:Hyper-V:Snapshot:Realized"});
  return make_instance(
      scope, cls::kVirtualSystemSettingData,
      setting_data_path(scope, cls::kVirtualSystemSettingData, checkpoint.instance_id),
      std::move(p));
}

void enumerate(const RenderScope& scope, std::vector<wmi::Instance>& out) {
  for (const Vm& vm : scope.state.vms) out.push_back(render(scope, vm));
  for (const auto& [id, checkpoint] : scope.state.checkpoints) {
    out.push_back(render(scope, checkpoint));
  }
}

std::optional<wmi::Instance> find(const RenderScope& scope, const wmi::ObjectPath& path) {
  const std::string_view id = key_text(path, "InstanceID");
  if (id.size() <= kPrefix.size() || id.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  if (const Vm* vm = scope.state.find_vm(id.substr(kPrefix.size()))) return render(scope, *vm);
  const auto checkpoint = scope.state.checkpoints.find(id);
  if (checkpoint == scope.state.checkpoints.end()) return std::nullopt;
  return render(scope, checkpoint->second);
}

}  // namespace

const ClassDef kVirtualSystemSettingDataClass{
    cls::kVirtualSystemSettingData, "CIM_VirtualSystemSettingData", kKeys, &enumerate, &find};

}  // namespace sim::host
