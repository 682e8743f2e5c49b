// Msvm_ComputerSystem: the host itself and each VM (Name = the VM's GUID). A VM also reports its
// Hyper-V Replica relationship (replication.h): ReplicationMode, ReplicationState (deprecated in
// favour of Msvm_ReplicationRelationship [doc], same values) and ReplicationHealth.
#include "sim/host/cim_paths.h"
#include "sim/host/class_defs.h"
#include "sim/host/class_names.h"
#include "sim/host/host_state.h"
#include "sim/host/replication.h"
#include "wmi/cim/cim_name.h"

namespace sim::host {

namespace {

constexpr std::string_view kKeys[] = {"CreationClassName", "Name"};
constexpr std::uint16_t kNotApplicable = 12;
constexpr std::uint16_t kHealthOk = 5;
constexpr std::uint16_t kEnabled = 2;

// The instance of the host (is_host) or of a VM. Built in place: every property is constructed
// where it lives, so a query over 10,000 VMs pays little more than the allocations its strings
// and lists need.
wmi::Instance render(const RenderScope& scope, std::string_view name, std::string_view element_name,
                     std::uint16_t enabled_state, const Vm* vm) {
  const bool is_host = vm == nullptr;
  wmi::PropertyList p;
  p.reserve(12);
  p.push_back({"Caption", is_host ? "Hosting Computer System" : "Virtual Machine"});
  p.push_back({"CreationClassName", std::string(cls::kComputerSystem)});
  p.push_back(
      {"Description", is_host ? "Microsoft Hosting Computer System" : "Microsoft Virtual Machine"});
  p.push_back({"ElementName", std::string(element_name)});
  p.push_back({"EnabledState", enabled_state});
  p.push_back({"HealthState", kHealthOk});
  p.push_back({"Name", std::string(name)});
  p.push_back({"OperationalStatus", uint16_array({2})});
  p.push_back({"RequestedState", kNotApplicable});
  if (!is_host) {
    const ReplicationStatus replication = replication_status(*vm);
    p.push_back({"ReplicationHealth", replication.health});
    p.push_back({"ReplicationMode", replication.mode});
    p.push_back({"ReplicationState", replication.state});
  }
  return make_instance(scope, cls::kComputerSystem, computer_system_path(scope, name),
                       std::move(p));
}

void enumerate(const RenderScope& scope, std::vector<wmi::Instance>& out) {
  const HostState& state = scope.state;
  out.reserve(out.size() + state.vms.size() + 1);
  out.push_back(render(scope, state.host_name, state.host_name, kEnabled, nullptr));
  for (const Vm& vm : state.vms) {
    out.push_back(render(scope, vm.guid, vm.name, vm.enabled_state, &vm));
  }
}

std::optional<wmi::Instance> find(const RenderScope& scope, const wmi::ObjectPath& path) {
  const std::string_view name = key_text(path, "Name");
  if (const Vm* vm = scope.state.find_vm(name)) {
    return render(scope, vm->guid, vm->name, vm->enabled_state, vm);
  }
  if (!wmi::iequals(name, scope.state.host_name)) return std::nullopt;
  return render(scope, scope.state.host_name, scope.state.host_name, kEnabled, nullptr);
}

}  // namespace

const ClassDef kComputerSystemClass{cls::kComputerSystem, "CIM_ComputerSystem", kKeys, &enumerate,
                                    &find};

}  // namespace sim::host
