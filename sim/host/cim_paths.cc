#include "sim/host/cim_paths.h"

#include "sim/host/class_names.h"
#include "sim/host/host_state.h"
#include "wmi/cim/cim_name.h"

namespace sim::host {

wmi::ObjectPath scoped_path(const RenderScope& scope, std::string_view class_name,
                            std::vector<wmi::KeyBinding> keys) {
  wmi::ObjectPath path;
  path.host = scope.state.host_name;
  path.namespace_name = std::string(scope.namespace_name);
  path.class_name = std::string(class_name);
  path.keys = std::move(keys);
  return path;
}

wmi::ObjectPath rescoped(const RenderScope& scope, wmi::ObjectPath path) {
  path.host = scope.state.host_name;
  path.namespace_name = std::string(scope.namespace_name);
  return path;
}

wmi::Instance make_instance(const RenderScope& scope, std::string_view class_name,
                            wmi::ObjectPath path, wmi::PropertyList properties) {
  wmi::Instance instance(std::string(class_name), std::string(scope.namespace_name),
                         std::move(properties));
  instance.set_path(std::move(path));
  return instance;
}

namespace {

// Key lists built in place: a braced list of KeyBindings would be copied element by element.
std::vector<wmi::KeyBinding> key_list(std::string_view name, wmi::KeyValue value) {
  std::vector<wmi::KeyBinding> keys;
  keys.reserve(1);
  keys.push_back(wmi::KeyBinding{std::string(name), std::move(value)});
  return keys;
}

std::vector<wmi::KeyBinding> key_list(std::string_view first, wmi::KeyValue first_value,
                                      std::string_view second, wmi::KeyValue second_value) {
  std::vector<wmi::KeyBinding> keys;
  keys.reserve(2);
  keys.push_back(wmi::KeyBinding{std::string(first), std::move(first_value)});
  keys.push_back(wmi::KeyBinding{std::string(second), std::move(second_value)});
  return keys;
}

}  // namespace

wmi::ObjectPath computer_system_path(const RenderScope& scope, std::string_view name) {
  return scoped_path(
      scope, cls::kComputerSystem,
      key_list("CreationClassName", std::string(cls::kComputerSystem), "Name", std::string(name)));
}

wmi::ObjectPath snapshot_collection_path(const RenderScope& scope,
                                         const SnapshotCollection& collection) {
  return scoped_path(scope, cls::kSnapshotCollection, key_list("CollectionID", collection.id));
}

wmi::ObjectPath collection_path(const RenderScope& scope, const Collection& collection) {
  const std::string_view cls = collection.type == control::GroupType::kVirtualMachines
                                   ? cls::kVirtualSystemCollection
                                   : cls::kManagementCollection;
  return scoped_path(scope, cls, key_list("CollectionID", collection.id));
}

std::string_view service_name(std::string_view class_name) {
  // The replica service has its own Name [doc]; every other service is the VMM service's.
  return wmi::iequals(class_name, cls::kReplicationService) ? "replicasvc" : "vmms";
}

wmi::ObjectPath service_path(const RenderScope& scope, std::string_view class_name) {
  std::vector<wmi::KeyBinding> keys;
  keys.reserve(4);
  keys.push_back({"CreationClassName", std::string(class_name)});
  keys.push_back({"Name", std::string(service_name(class_name))});
  keys.push_back({"SystemCreationClassName", std::string(cls::kComputerSystem)});
  keys.push_back({"SystemName", scope.state.host_name});
  return scoped_path(scope, class_name, std::move(keys));
}

wmi::ObjectPath reference_point_collection_path(const RenderScope& scope,
                                                const ReferencePointCollection& rpc) {
  return scoped_path(
      scope, cls::kReferencePointCollection,
      key_list("CollectionID", rpc.id, "VirtualSystemCollectionId", rpc.vs_collection_id));
}

wmi::ObjectPath vm_reference_point_path(const RenderScope& scope, const VmReferencePoint& point) {
  return scoped_path(
      scope, cls::kVirtualSystemReferencePoint,
      key_list("InstanceID", point.instance_id, "VirtualSystemIdentifier", point.vm_guid));
}

wmi::ObjectPath job_path(const RenderScope& scope, const Job& job) {
  return scoped_path(scope, job.job_class.empty() ? cls::kConcreteJob : job.job_class,
                     key_list("InstanceID", job.instance_id));
}

wmi::ObjectPath setting_data_path(const RenderScope& scope, std::string_view class_name,
                                  std::string_view instance_id) {
  return scoped_path(scope, class_name, key_list("InstanceID", std::string(instance_id)));
}

std::string replication_relationship_id(std::string_view vm_guid) {
  return "Microsoft:" + std::string(vm_guid) + "\\HVR\\0";
}

wmi::ObjectPath replication_relationship_path(const RenderScope& scope, const Vm& vm) {
  return scoped_path(scope, cls::kReplicationRelationship,
                     key_list("InstanceID", replication_relationship_id(vm.guid)));
}

}  // namespace sim::host

namespace sim::host {

std::string_view key_text(const wmi::ObjectPath& path, std::string_view name) {
  const wmi::KeyValue* value = path.key(name);
  if (value == nullptr) return {};
  const auto* text = std::get_if<std::string>(value);
  return text == nullptr ? std::string_view{} : std::string_view(*text);
}

wmi::CimValue uint16_array(std::initializer_list<std::uint16_t> values) {
  std::vector<wmi::CimElement> elements(values.begin(), values.end());
  return std::move(wmi::CimValue::array(wmi::CimType::kUint16, std::move(elements))).value();
}

wmi::CimValue string_array(const std::vector<std::string>& values) {
  std::vector<wmi::CimElement> elements(values.begin(), values.end());
  return std::move(wmi::CimValue::array(wmi::CimType::kString, std::move(elements))).value();
}

wmi::CimValue uint64_array(const std::vector<std::uint64_t>& values) {
  std::vector<wmi::CimElement> elements(values.begin(), values.end());
  return std::move(wmi::CimValue::array(wmi::CimType::kUint64, std::move(elements))).value();
}

}  // namespace sim::host

namespace sim::host {

wmi::Instance association_instance(const RenderScope& scope, std::string_view class_name,
                                   Role first, Role second, wmi::PropertyList extra) {
  std::vector<wmi::KeyBinding> keys;
  keys.push_back({std::string(first.name),
                  wmi::ReferenceKey{std::make_shared<const wmi::ObjectPath>(first.path)}});
  keys.push_back({std::string(second.name),
                  wmi::ReferenceKey{std::make_shared<const wmi::ObjectPath>(second.path)}});
  wmi::PropertyList p;
  p.reserve(2 + extra.size());
  p.push_back({std::string(first.name), std::move(first.path)});
  p.push_back({std::string(second.name), std::move(second.path)});
  for (wmi::Property& property : extra) p.push_back(std::move(property));
  return make_instance(scope, class_name, scoped_path(scope, class_name, std::move(keys)),
                       std::move(p));
}

}  // namespace sim::host

namespace sim::host {

wmi::Instance service_instance(const RenderScope& scope, std::string_view class_name,
                               std::string_view element_name) {
  wmi::PropertyList p;
  p.reserve(10);
  p.push_back({"Caption", std::string(element_name)});
  p.push_back({"CreationClassName", std::string(class_name)});
  p.push_back({"ElementName", std::string(element_name)});
  p.push_back({"EnabledDefault", std::uint16_t{2}});
  p.push_back({"EnabledState", std::uint16_t{5}});
  p.push_back({"HealthState", std::uint16_t{5}});
  p.push_back({"Name", std::string(service_name(class_name))});
  p.push_back({"RequestedState", std::uint16_t{12}});
  p.push_back({"SystemCreationClassName", std::string(cls::kComputerSystem)});
  p.push_back({"SystemName", scope.state.host_name});
  return make_instance(scope, class_name, service_path(scope, class_name), std::move(p));
}

}  // namespace sim::host
