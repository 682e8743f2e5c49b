// Model operations on a VM's Hyper-V Replica relationship (spec §8), shared by
// Msvm_ReplicationService (one VM), Msvm_CollectionReplicationService (a VM group), the inventory
// (`replicating: true`) and the classes that report replication (Msvm_ComputerSystem,
// Msvm_ReplicationRelationship, Msvm_VirtualSystemCollection).
//
// Life cycle: create_relationship() → state 2 (waiting for initial replication), no logs;
// start_replication() → state 3 (replicating), a replica log attached to every disk;
// remove_relationship() → logs detached and dropped, the VM's log-based reference points lose
// their data for good. While replicating, a log that requires resynchronization (threshold
// crossed, host crash, offline modification, resize — storage::ReplicaLog decides) makes the
// relationship report 9 (waiting to resynchronize) with critical health until resynchronize().
// Callers check preconditions first (the services' check() functions); these then cannot fail.
// Not synchronised (HostState's rules).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sim/host/host_state.h"
#include "wmi/cim/cim_value.h"

namespace sim::host {

// Msvm_ReplicationRelationship.ReplicationState (and Msvm_ComputerSystem's, and
// Msvm_VirtualSystemCollection's): the values the simulator reaches.
inline constexpr std::uint16_t kReplicationDisabled = 0;
inline constexpr std::uint16_t kWaitingForInitialReplication = 2;
inline constexpr std::uint16_t kReplicating = 3;
inline constexpr std::uint16_t kWaitingToResynchronize = 9;
// ReplicationHealth: 0 not applicable, 1 ok, 2 warning, 3 critical.
inline constexpr std::uint16_t kHealthNotApplicable = 0;
inline constexpr std::uint16_t kHealthOk = 1;
inline constexpr std::uint16_t kHealthCritical = 3;
// ReplicationMode: 0 none, 1 primary (a VM of this host replicating to another).
inline constexpr std::uint16_t kModeNone = 0;
inline constexpr std::uint16_t kModePrimary = 1;

// JobType of the replication services' jobs: the documented range for replication is 90..125
// with no per-method values given, so the simulator uses its own value outside every JobType the
// spec names (as for GetVirtualDiskChanges); clients read JobState, not JobType.
inline constexpr std::uint16_t kReplicationJobType = 32768;

struct ReplicationStatus {
  std::uint16_t mode = kModeNone;
  std::uint16_t state = kReplicationDisabled;
  std::uint16_t health = kHealthNotApplicable;
};

// What `vm` reports now.
ReplicationStatus replication_status(const Vm& vm);

// ReplicationState of a VM group, derived from its members: 0 when no member has a relationship
// (or there is none); else 9 when any member waits to resynchronize; else the least advanced
// member state, a member without a relationship counting as 0 — so a group replicates (3) only
// when every member does, and waits for initial replication (2) while any member does.
// ReplicationMode is 1 (primary) as soon as any member has a relationship.
ReplicationStatus group_replication_status(const HostState& state, const Collection& group);

// The replication methods, for refusal().
enum class ReplicationOperation { kCreate, kStart, kRemove, kResynchronize };

// Why `vm` cannot take `operation` now (the profile's replication.code.* and a one-line message),
// or nullopt when it can.
struct ReplicationRefusal {
  std::uint32_t code = 0;
  std::string message;
};
std::optional<ReplicationRefusal> refusal(const control::Profile& profile, const Vm& vm,
                                          ReplicationOperation operation);

// A ReplicationSettingData / CollectionReplicationSettingData argument (embedded instance of
// `setting_data_class`): "" or an instance whose ReplicationInterval, when given, is 30, 300 or
// 900 seconds (spec §8). kInvalidArgument saying why otherwise.
wmi::Status check_replication_settings(const wmi::CimValue& settings, std::string_view parameter,
                                       std::string_view setting_data_class);

// StartReplication's InitialReplicationType: 1 network, 2 export, 3 seeded network [doc].
bool valid_initial_replication_type(const wmi::CimValue& value);

// Precondition: `vm` has no relationship.
void create_relationship(Vm& vm);
// Precondition: `vm` has a relationship that was not started.
void start_replication(Vm& vm, wmi::TimePoint now);
// Precondition: `vm` has a relationship. Its logs go; its log-based points keep no data.
void remove_relationship(HostState& state, Vm& vm);
// Every log of `vm` that requires resynchronization starts a new generation (points taken
// before keep no data). Precondition: `vm` replicates.
void resynchronize(Vm& vm, wmi::TimePoint now);

}  // namespace sim::host
