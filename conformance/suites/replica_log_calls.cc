#include "conformance/suites/replica_log_calls.h"

#include <algorithm>

#include "conformance/suites/collection_calls.h"
#include "conformance/suites/rct_calls.h"
#include "conformance/suites/suite_calls.h"

namespace conformance::suites {

bool replicate_group(Session& session, const wmi::ObjectPath& group) {
  wmi::Connection& connection = session.connection();
  const auto service = service_path(connection, kV2, kReplicationService);
  if (!service) return false;
  const auto members = connection.query(kV2, "ASSOCIATORS OF {" + path_text(group) +
                                                 "} WHERE AssocClass=Msvm_CollectedVirtualSystems");
  if (!members.ok() || members->empty()) return false;
  for (const wmi::Instance& vm : *members) {
    if (!vm.path()) return false;
    if (settled_code(session, *service, "CreateReplicationRelationship",
                     {{"ComputerSystem", *vm.path()}, {"ReplicationSettingData", std::string()}}) !=
        0) {
      return false;
    }
    if (settled_code(session, *service, "StartReplication",
                     {{"ComputerSystem", *vm.path()},
                      {"InitialReplicationType", std::uint16_t{1}},
                      {"InitialReplicationExportLocation", std::string()}}) != 0) {
      return false;
    }
  }
  return true;
}

ReplicatingGroup replicating_group(std::uint64_t seed) {
  ReplicatingGroup out{current_target().open(seed), std::nullopt};
  const auto groups = vm_groups(out.session->connection());
  if (!groups.empty() && replicate_group(*out.session, groups.front())) out.group = groups.front();
  return out;
}

std::vector<wmi::Instance> vm_points(Session& session) {
  return all_of(session.connection(), kV2, "Msvm_VirtualSystemReferencePoint");
}

std::string string_of(const wmi::Instance& instance, std::string_view name) {
  const wmi::CimValue* value = instance.find(name);
  return value != nullptr && value->as_string() != nullptr ? *value->as_string() : "";
}

NewPoints create_points(Session& session, const wmi::ObjectPath& group, std::uint16_t type) {
  const auto groups_before = group_points(session);
  const auto vms_before = vm_points(session);
  NewPoints out;
  if (create_group_point(session, group, type) != 0) return out;
  for (const wmi::ObjectPath& point : group_points(session)) {
    if (std::find(groups_before.begin(), groups_before.end(), point) == groups_before.end()) {
      out.group_point = point;
    }
  }
  for (const wmi::Instance& point : vm_points(session)) {
    bool old = false;
    for (const wmi::Instance& seen : vms_before) old = old || seen.path() == point.path();
    if (!old) out.vm_points.push_back(point);
  }
  return out;
}

}  // namespace conformance::suites
