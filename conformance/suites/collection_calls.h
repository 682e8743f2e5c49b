// What the type-domain and return-code suites (areas 1 and 2) share: finding a namespace's
// singleton services, building VM groups through Msvm_CollectionManagementService, calling a
// method and settling its result the way a backup tool must (a 4096 is waited for through the
// job, polling with the session's virtual clock, and its result is read only through
// Msvm_AffectedJobElement, spec §5/§6), and snapshots of the reference points and group
// memberships a namespace shows, to compare before and after a call (no partial state).
//
// Only wmi/cim and conformance/target. Not synchronised (the suites run on one thread). Nothing
// throws: a call the connection itself refuses is a wmi::Status in the outcome.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "conformance/target/target.h"
#include "wmi/cim/connection.h"

namespace conformance {

// The inventory's VMs (fixtures/inventories/small.json) and groups.
inline constexpr std::string_view kSql01 = "D253BD21-5401-450B-BB44-63660F5A3E14";
inline constexpr std::string_view kWeb01 = "76025F59-0F17-4B48-8F74-15952224C2B7";
inline constexpr std::string_view kArchive01 = "F4B69DC0-2CCF-4617-9EED-C8ADD7F3D26E";  // VHD, 5.0
inline constexpr std::string_view kFinance = "17941B31-5A9C-49EB-A8FA-AF67311F9463";
inline constexpr std::string_view kProduction = "337EB5A3-1167-4403-8EF7-42AE37DAAACA";

inline constexpr std::string_view kCollectionRpService = "Msvm_CollectionReferencePointService";
inline constexpr std::string_view kCollectionManagementService = "Msvm_CollectionManagementService";
inline constexpr std::string_view kVmRpService = "Msvm_VirtualSystemReferencePointService";
inline constexpr std::string_view kReplicationService = "Msvm_ReplicationService";
inline constexpr std::string_view kImageManagementService = "Msvm_ImageManagementService";

// "root/virtualization/v2"-style text of `path`, for WQL and messages.
std::string path_text(const wmi::ObjectPath& path);

// The path of the one instance of the service class `service` in `ns`; nullopt when there is not
// exactly one.
std::optional<wmi::ObjectPath> service_path(wmi::Connection& connection, std::string_view ns,
                                            std::string_view service);

// The path of the instance of `class_name` in `ns` whose property `key` equals `value`.
std::optional<wmi::ObjectPath> find_instance(wmi::Connection& connection, std::string_view ns,
                                             std::string_view class_name, std::string_view key,
                                             std::string_view value);

// A path of `class_name` in `ns` with the one key `key` = `value`, whether or not it exists.
wmi::ObjectPath path_with_key(std::string_view ns, std::string_view class_name,
                              std::string_view key, std::string_view value);

// A method call settled: the ReturnValue and, when it was 4096, the job as first seen terminal
// and what Msvm_AffectedJobElement links it to.
struct CallOutcome {
  wmi::Status transport;  // the connection's own failure; the rest is meaningless when !ok()
  std::uint32_t return_value = 0;
  wmi::PropertyList out;
  std::optional<wmi::ObjectPath> job;      // the Job out-reference, when not null
  std::optional<wmi::Instance> final_job;  // 4096: the job once terminal (wait succeeded)
  std::string job_problem;                 // 4096: why the job could not be followed, if so
  std::vector<wmi::Instance> affected;     // 4096: the job's AffectedElements

  bool job_succeeded() const;  // final job in JobState 7 or 32768
  std::optional<std::uint32_t> job_error_code() const;
  // 0 for an immediate success or a job that succeeded; the error ReturnValue; the job's
  // ErrorCode for a failed job (2 when it has none).
  std::uint32_t effective_code() const;
  bool succeeded() const { return transport.ok() && effective_code() == 0; }
  std::string describe() const;  // "ReturnValue 4096, job JobState 10 ErrorCode 5"
};

// Invokes `method` on `target` and settles it: on 4096 waits for the Job (advancing the session's
// clock between polls) and reads the job's Msvm_AffectedJobElement links in `target`'s namespace.
CallOutcome call_and_settle(Session& session, const wmi::ObjectPath& target,
                            std::string_view method, const wmi::PropertyList& in);

// call_and_settle's effective_code(); 2 when the connection itself refused the call.
std::uint32_t settled_code(Session& session, const wmi::ObjectPath& target, std::string_view method,
                           const wmi::PropertyList& in);

// Defines a VM group with CollectionID `id` holding `members` (VM Names) through `ns`'s
// Msvm_CollectionManagementService; its path, or nullopt with `problem` set.
std::optional<wmi::ObjectPath> define_vm_group(Session& session, std::string_view ns,
                                               std::string_view id,
                                               const std::vector<std::string_view>& members,
                                               std::string& problem);

// Starts Hyper-V Replica on VM `vm` through root/virtualization/v2's Msvm_ReplicationService
// (spec §8: log-based points become possible). False with `problem` when the target refuses.
bool start_replication(Session& session, std::string_view vm, std::string& problem);

// The reference points, group memberships, checkpoints and replication relationships `ns`
// shows, as path texts.
struct PointSnapshot {
  std::set<std::string> collection_points;  // Msvm_ReferencePointCollection
  std::set<std::string> vm_points;          // Msvm_VirtualSystemReferencePoint
  std::set<std::string> memberships;        // Msvm_CollectedVirtualSystems
  // What the checkpoint and replication methods create; a class the namespace does not serve
  // counts as empty.
  std::set<std::string> checkpoints;           // Msvm_VirtualSystemSettingData of a Snapshot type
  std::set<std::string> snapshot_collections;  // Msvm_SnapshotCollection
  std::set<std::string> replications;  // "path=ReplicationState" of relationships and groups
  std::string problem;                 // a query that failed, if any
  friend bool operator==(const PointSnapshot& a, const PointSnapshot& b) {
    return a.collection_points == b.collection_points && a.vm_points == b.vm_points &&
           a.memberships == b.memberships && a.checkpoints == b.checkpoints &&
           a.snapshot_collections == b.snapshot_collections && a.replications == b.replications;
  }
};
PointSnapshot snapshot_points(wmi::Connection& connection, std::string_view ns);

// What `after` has that `before` lacks, per kind, in one line ("" when nothing).
std::string describe_difference(const PointSnapshot& before, const PointSnapshot& after);

// The VM Names (VirtualSystemIdentifier) of the per-VM points of collection point `point`
// (through Msvm_CollectedReferencePoints), or nullopt with `problem` set.
std::optional<std::multiset<std::string>> member_vms_of_point(wmi::Connection& connection,
                                                              const wmi::ObjectPath& point,
                                                              std::string& problem);

// A random-looking GUID made from `seed` (upper-case, 8-4-4-4-12).
std::string guid_from(std::uint64_t seed);

}  // namespace conformance
