// Object paths of the model's instances, rendered in a scope (namespace and host name), and the
// instance shell every class renderer starts from. Pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/host/class_def.h"
#include "sim/host/job.h"
#include "sim/host/model.h"
#include "sim/host/vm_snapshots.h"

namespace sim::host {

wmi::ObjectPath scoped_path(const RenderScope& scope, std::string_view class_name,
                            std::vector<wmi::KeyBinding> keys);
// `path` (kept namespace-less in the model) moved into `scope`.
wmi::ObjectPath rescoped(const RenderScope& scope, wmi::ObjectPath path);
// An instance of `class_name` at `path` with `properties`.
wmi::Instance make_instance(const RenderScope& scope, std::string_view class_name,
                            wmi::ObjectPath path, wmi::PropertyList properties);

// Msvm_ComputerSystem: the host (Name = host name) and VMs (Name = GUID).
wmi::ObjectPath computer_system_path(const RenderScope& scope, std::string_view name);
wmi::ObjectPath collection_path(const RenderScope& scope, const Collection& collection);
wmi::ObjectPath service_path(const RenderScope& scope, std::string_view class_name);
wmi::ObjectPath reference_point_collection_path(const RenderScope& scope,
                                                const ReferencePointCollection& rpc);
wmi::ObjectPath vm_reference_point_path(const RenderScope& scope, const VmReferencePoint& point);
// A job, under the class it renders as (Msvm_ConcreteJob or a subclass such as an export job).
wmi::ObjectPath job_path(const RenderScope& scope, const Job& job);
wmi::ObjectPath setting_data_path(const RenderScope& scope, std::string_view class_name,
                                  std::string_view instance_id);
// Msvm_ReplicationRelationship of a VM as primary: InstanceID "Microsoft:<VM GUID>\HVR\0" [doc].
std::string replication_relationship_id(std::string_view vm_guid);
wmi::ObjectPath replication_relationship_path(const RenderScope& scope, const Vm& vm);
// Msvm_*Service.Name: "replicasvc" for Msvm_ReplicationService [doc], "vmms" for the others.
std::string_view service_name(std::string_view class_name);
wmi::ObjectPath snapshot_collection_path(const RenderScope& scope,
                                         const SnapshotCollection& collection);

}  // namespace sim::host

namespace sim::host {
// The string value of key `name` in `path`; "" when absent or not a string.
std::string_view key_text(const wmi::ObjectPath& path, std::string_view name);
// A uint16 array value.
wmi::CimValue uint16_array(std::initializer_list<std::uint16_t> values);
// A string array value.
wmi::CimValue string_array(const std::vector<std::string>& values);
// A uint64 array value.
wmi::CimValue uint64_array(const std::vector<std::uint64_t>& values);
}  // namespace sim::host

namespace sim::host {
// An association instance of `class_name` linking `first` and `second` (its two key references,
// named by their roles), with any further non-key properties.
struct Role {
  std::string_view name;
  wmi::ObjectPath path;
};
wmi::Instance association_instance(const RenderScope& scope, std::string_view class_name,
                                   Role first, Role second, wmi::PropertyList extra = {});
}  // namespace sim::host

namespace sim::host {
// A singleton service (Msvm_*Service) of the host: its keys, ElementName and the state every
// Hyper-V service reports (EnabledState 5 not applicable, RequestedState 12, EnabledDefault 2).
wmi::Instance service_instance(const RenderScope& scope, std::string_view class_name,
                               std::string_view element_name);
}  // namespace sim::host
