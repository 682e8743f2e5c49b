// Msvm_VirtualSystemSettingData: each VM's realized settings (InstanceID "Microsoft:<VM GUID>"),
// carrying its configuration version.
#include "sim/host/cim_paths.h"
#include "sim/host/class_defs.h"
#include "sim/host/class_names.h"
#include "sim/host/host_state.h"

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

void enumerate(const RenderScope& scope, std::vector<wmi::Instance>& out) {
  for (const Vm& vm : scope.state.vms) out.push_back(render(scope, vm));
}

std::optional<wmi::Instance> find(const RenderScope& scope, const wmi::ObjectPath& path) {
  const std::string_view id = key_text(path, "InstanceID");
  if (id.size() <= kPrefix.size() || id.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  const Vm* vm = scope.state.find_vm(id.substr(kPrefix.size()));
  if (vm == nullptr) return std::nullopt;
  return render(scope, *vm);
}

}  // namespace

const ClassDef kVirtualSystemSettingDataClass{
    cls::kVirtualSystemSettingData, "CIM_VirtualSystemSettingData", kKeys, &enumerate, &find};

}  // namespace sim::host
