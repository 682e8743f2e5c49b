// Msvm_ReplicationRelationship (root/virtualization/v2 only): a VM's Hyper-V Replica relationship
// as primary, one per VM that has one. Key InstanceID "Microsoft:<VM GUID>\HVR\0" [doc];
// ReplicationState and ReplicationHealth as replication.h derives them, LastReplicationTime when
// replication started (or last resynchronized), null before.
#include "sim/host/cim_paths.h"
#include "sim/host/class_defs.h"
#include "sim/host/class_names.h"
#include "sim/host/host_state.h"
#include "sim/host/replication.h"
#include "wmi/cim/cim_name.h"
#include "wmi/cim/dmtf_datetime.h"

namespace sim::host {

namespace {

constexpr std::string_view kKeys[] = {"InstanceID"};
constexpr std::uint16_t kRegularReplication = 1;  // LastReplicationType; 0 none

wmi::Instance render(const RenderScope& scope, const Vm& vm) {
  const ReplicationStatus status = replication_status(vm);
  const std::optional<wmi::TimePoint>& started = vm.replication->started;
  wmi::PropertyList p;
  p.reserve(9);
  p.push_back({"Caption", "Replication Relationship"});
  p.push_back({"ElementName", vm.name});
  p.push_back({"FailedOverReplicationType", std::uint16_t{0}});
  p.push_back({"InstanceID", replication_relationship_id(vm.guid)});
  p.push_back({"LastReplicationTime",
               started ? wmi::CimValue(wmi::Datetime(wmi::timestamp_from_utc(*started)))
                       : wmi::CimValue::null(wmi::CimType::kDatetime)});
  p.push_back({"LastReplicationType", started ? kRegularReplication : std::uint16_t{0}});
  p.push_back({"ReplicationHealth", status.health});
  p.push_back({"ReplicationState", status.state});
  return make_instance(scope, cls::kReplicationRelationship,
                       replication_relationship_path(scope, vm), std::move(p));
}

void enumerate(const RenderScope& scope, std::vector<wmi::Instance>& out) {
  for (const Vm& vm : scope.state.vms) {
    if (vm.replication) out.push_back(render(scope, vm));
  }
}

std::optional<wmi::Instance> find(const RenderScope& scope, const wmi::ObjectPath& path) {
  constexpr std::string_view kPrefix = "Microsoft:";
  constexpr std::string_view kSuffix = "\\HVR\\0";
  const std::string_view id = key_text(path, "InstanceID");
  if (id.size() <= kPrefix.size() + kSuffix.size() ||
      !wmi::iequals(id.substr(0, kPrefix.size()), kPrefix) ||
      !wmi::iequals(id.substr(id.size() - kSuffix.size()), kSuffix)) {
    return std::nullopt;
  }
  const Vm* vm =
      scope.state.find_vm(id.substr(kPrefix.size(), id.size() - kPrefix.size() - kSuffix.size()));
  if (vm == nullptr || !vm->replication) return std::nullopt;
  return render(scope, *vm);
}

}  // namespace

const ClassDef kReplicationRelationshipClass{cls::kReplicationRelationship,
                                             "CIM_ManagedSystemElement", kKeys, &enumerate, &find};

}  // namespace sim::host
