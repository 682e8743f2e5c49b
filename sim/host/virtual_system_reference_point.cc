// Msvm_VirtualSystemReferencePoint: one VM's reference point, with the parallel arrays
// VirtualDiskIdentifiers / ResilientChangeTrackingIdentifiers (RCT-based only).
#include "sim/host/cim_paths.h"
#include "sim/host/class_defs.h"
#include "sim/host/class_names.h"
#include "sim/host/host_state.h"
#include "sim/host/reference_points.h"
#include "wmi/cim/cim_name.h"

namespace sim::host {

namespace {

constexpr std::string_view kKeys[] = {"InstanceID", "VirtualSystemIdentifier"};
constexpr std::uint16_t kApplicationConsistent = 1;
constexpr std::uint16_t kCrashConsistent = 2;

wmi::Instance render(const RenderScope& scope, const VmReferencePoint& point) {
  wmi::PropertyList p;
  p.reserve(8);
  p.push_back({"ConsistencyLevel", point.consistency == Consistency::kCrash
                                       ? kCrashConsistent
                                       : kApplicationConsistent});
  p.push_back({"ElementName", "Reference point " + point.instance_id});
  p.push_back({"HasAssociatedData", has_associated_data(scope.state, point)});
  p.push_back({"InstanceID", point.instance_id});
  p.push_back({"ReferencePointType", point.type});
  p.push_back({"ResilientChangeTrackingIdentifiers",
               point.type == kRctBased ? string_array(point.rct_ids)
                                       : wmi::CimValue::null(wmi::CimType::kString, true)});
  p.push_back({"VirtualDiskIdentifiers", string_array(point.disk_ids)});
  p.push_back({"VirtualSystemIdentifier", point.vm_guid});
  return make_instance(scope, cls::kVirtualSystemReferencePoint,
                       vm_reference_point_path(scope, point), std::move(p));
}

void enumerate(const RenderScope& scope, std::vector<wmi::Instance>& out) {
  for (const auto& [id, point] : scope.state.vm_reference_points) {
    out.push_back(render(scope, point));
  }
}

std::optional<wmi::Instance> find(const RenderScope& scope, const wmi::ObjectPath& path) {
  const auto it = scope.state.vm_reference_points.find(key_text(path, "InstanceID"));
  if (it == scope.state.vm_reference_points.end() ||
      !wmi::iequals(it->second.vm_guid, key_text(path, "VirtualSystemIdentifier"))) {
    return std::nullopt;
  }
  return render(scope, it->second);
}

}  // namespace

const ClassDef kVirtualSystemReferencePointClass{cls::kVirtualSystemReferencePoint,
                                                 "CIM_ManagedElement", kKeys, &enumerate, &find};

}  // namespace sim::host
