// The set-up steps the method recipes (method_recipes.h) build their states from, each one call
// (or a few) through the Session's Connection, settled the way a backup tool settles it (a 4096 is
// waited for and its result read only through Msvm_AffectedJobElement, spec §5): a fresh VM group,
// a reference point of a group or of a VM, a checkpoint of a VM or of a group, a replication
// relationship, a job that never ends or one that failed.
//
// Only wmi/cim and conformance/{oracle,target,suites}. Not synchronised. Nothing throws: a step
// the target refuses returns nullopt (or false) with `problem` naming the call and its answer.
// Also what the recipe files (method_recipes.cc, checkpoint_recipes.cc, service_recipes.cc) share
// to write a preparation: Setup, call_on, add_natural, with.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "conformance/oracle/profile_expectations.h"
#include "conformance/suites/collection_calls.h"
#include "conformance/suites/method_recipes.h"
#include "conformance/target/target.h"

namespace conformance {

inline constexpr std::string_view kVmSnapshotService = "Msvm_VirtualSystemSnapshotService";
inline constexpr std::string_view kCollectionSnapshotService = "Msvm_CollectionSnapshotService";
inline constexpr std::string_view kCollectionReplicationService =
    "Msvm_CollectionReplicationService";
inline constexpr std::string_view kConcreteJob = "Msvm_ConcreteJob";

// Per-VM CreateSnapshot SnapshotType 32768 (recovery) and 2 (full) [sample]; collection
// CreateSnapshot SnapshotType 2 (recovery) and 1 (standard) (spec §4).
inline constexpr std::uint16_t kVmRecoveryCheckpoint = 32768;
inline constexpr std::uint16_t kVmFullCheckpoint = 2;
inline constexpr std::uint16_t kGroupRecoveryCheckpoint = 2;
inline constexpr std::uint16_t kGroupStandardCheckpoint = 1;
// A vendor-specific type value (32768..65535) that names no type.
inline constexpr std::uint16_t kVendorSpecificType = 40000;

// The out-reference `name` of an immediate success, else the first AffectedElement of
// `class_name` of a job that succeeded; nullopt when the call failed or named nothing.
std::optional<wmi::ObjectPath> result_reference(const CallOutcome& outcome, std::string_view name,
                                                std::string_view class_name);

// A path of `class_name` in `ns` that names nothing (a fresh GUID key), for "not found" inputs.
wmi::ObjectPath missing_instance(std::string_view ns, std::string_view class_name,
                                 std::string_view key, std::uint64_t seed);

// The VM `vm` (its Name) in `ns`.
std::optional<wmi::ObjectPath> vm_in(Session& session, std::string_view ns, std::string_view vm,
                                     std::string& problem);

// A new VM group of `members` (VM Names) in `ns`, named from `seed`.
std::optional<wmi::ObjectPath> fresh_group(Session& session, std::string_view ns,
                                           const std::vector<std::string_view>& members,
                                           std::uint64_t seed, std::string& problem);

// An RCT collection reference point of `group` (collection CreateReferencePoint type 2).
std::optional<wmi::ObjectPath> group_point(Session& session, std::string_view ns,
                                           const wmi::ObjectPath& group, std::string& problem);

// An RCT reference point of VM `vm` (per-VM CreateReferencePoint, `rct_type` the profile's
// encoding); v2 only.
std::optional<wmi::ObjectPath> vm_point(Session& session, std::string_view ns,
                                        const wmi::ObjectPath& vm, std::uint16_t rct_type,
                                        std::string& problem);

// A checkpoint of `vm` of `type` (per-VM CreateSnapshot).
std::optional<wmi::ObjectPath> vm_checkpoint(Session& session, std::string_view ns,
                                             const wmi::ObjectPath& vm, std::uint16_t type,
                                             std::string& problem);

// A checkpoint of `group` of `type` (collection CreateSnapshot): its Msvm_SnapshotCollection.
std::optional<wmi::ObjectPath> group_checkpoint(Session& session, std::string_view ns,
                                                const wmi::ObjectPath& group, std::uint16_t type,
                                                std::string& problem);

// CreateReplicationRelationship (and StartReplication when `start`) on VM `vm` through v2's
// Msvm_ReplicationService, or on group `vm` through the cluster's
// Msvm_CollectionReplicationService when `service` names it.
bool replicate(Session& session, std::string_view ns, std::string_view service,
               const wmi::ObjectPath& system, bool start, std::string& problem);

// A job of the collection CreateReferencePoint on a fresh group in `ns`: one that never ends (a
// job-timeout rule, left running) or, when `failed`, one that ended in failure (a fail-job rule).
// Needs the session's FaultControl.
std::optional<wmi::ObjectPath> provoked_job(Session& session, std::string_view ns, bool failed,
                                            std::uint64_t seed, std::string& problem);

// What every preparation receives (MethodRecipe::prepare's arguments).
struct Setup {
  Session& session;
  std::string_view ns;
  const oracle::ProfileExpectations& profile;
  std::uint64_t seed;
  std::string& problem;
};

// A preparation written against Setup, as a MethodRecipe::prepare.
template <std::optional<PreparedCall> (*Prepare)(const Setup&)>
std::optional<PreparedCall> prepare_with(Session& session, std::string_view ns,
                                         const oracle::ProfileExpectations& profile,
                                         std::uint64_t seed, std::string& problem) {
  return Prepare(Setup{session, ns, profile, seed, problem});
}

// The call of `service`'s singleton in `s.ns` with `in`, once every step before it succeeded
// (`s.problem` empty).
std::optional<PreparedCall> call_on(const Setup& s, std::string_view service, wmi::PropertyList in);

// Adds to `call` the natural error the profile configures under `key` ("<area>.code.<case>"),
// in `family`'s numbering; nothing when the profile does not set it.
void add_natural(const Setup& s, std::optional<PreparedCall>& call, std::string_view key,
                 wmi::ReturnCodeFamily family, std::string how, wmi::PropertyList in);

// `in` with `name` set to `value`.
wmi::PropertyList with(wmi::PropertyList in, std::string_view name, wmi::CimValue value);

// A fresh export directory named from `seed`.
std::string export_directory(std::uint64_t seed);

// The inventory's group finance in `s.ns` (a wrong-class reference for VM parameters).
std::optional<wmi::ObjectPath> inventory_group(const Setup& s);

// The recipe files' tables (method_recipes() concatenates them).
std::span<const MethodRecipe> reference_point_recipes();
std::span<const MethodRecipe> checkpoint_recipes();
std::span<const MethodRecipe> service_recipes();

}  // namespace conformance
