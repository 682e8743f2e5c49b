// What the replica-log suite and its apply cases share (spec §8): starting replication of a VM
// group's members through Msvm_ReplicationService, a session whose first group replicates, the
// per-VM reference points, and a group point created with the new points it brought. Through the
// Session only; failures come back as empty values. Not synchronised.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "conformance/target/target.h"

namespace conformance::suites {

inline constexpr std::uint16_t kLogBased = 1;  // Msvm_CollectionReferencePointService's encoding
inline constexpr std::uint16_t kRctBased = 2;

// Starts replication of every member of `group`; false when a member refuses.
bool replicate_group(Session& session, const wmi::ObjectPath& group);

// A session whose first VM group replicates; no group when the target cannot.
struct ReplicatingGroup {
  std::unique_ptr<Session> session;
  std::optional<wmi::ObjectPath> group;
};
ReplicatingGroup replicating_group(std::uint64_t seed);

std::vector<wmi::Instance> vm_points(Session& session);

// The string property `name` of `instance`; "" when absent or not a string.
std::string string_of(const wmi::Instance& instance, std::string_view name);

// Creates a group point of `type`; the new group point and the new per-VM points.
struct NewPoints {
  std::optional<wmi::ObjectPath> group_point;
  std::vector<wmi::Instance> vm_points;
};
NewPoints create_points(Session& session, const wmi::ObjectPath& group, std::uint16_t type);

}  // namespace conformance::suites
