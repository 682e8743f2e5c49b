// The method recipes (method_recipes.h) of the remaining services:
// Msvm_CollectionManagementService, replication (Msvm_ReplicationService per VM,
// Msvm_CollectionReplicationService per group), Msvm_ImageManagementService.GetVirtualDiskChanges
// (all Hyper-V family), and the job methods of spec §6 (Msvm_ConcreteJob.RequestStateChange and
// GetErrorEx, answered at once). Natural errors: the profile's collection_management.code.*,
// replication.code.* and get_virtual_disk_changes.code.* cases.
#include <fmt/format.h>

#include "conformance/suites/rct_calls.h"
#include "conformance/suites/recipe_setup.h"

namespace conformance {
namespace {

using Prepared = std::optional<PreparedCall>;
constexpr auto kHyperV = wmi::ReturnCodeFamily::kHyperV;
constexpr std::string_view kGroupClass = "Msvm_VirtualSystemCollection";

// --- Msvm_CollectionManagementService ----------------------------------------------------------

Prepared define_collection(const Setup& s) {
  const wmi::PropertyList in = {
      {"Name", "defined"}, {"Id", guid_from(s.seed)}, {"Type", std::uint16_t{0}}};
  Prepared call = call_on(s, kCollectionManagementService, in);
  add_natural(s, call, "collection_management.code.duplicate_collection_id", kHyperV,
              "the Id of an existing group", with(in, "Id", std::string(kFinance)));
  return call;
}

Prepared add_member(const Setup& s) {
  const auto group = fresh_group(s.session, s.ns, {}, s.seed, s.problem);
  const auto vm = vm_in(s.session, s.ns, kSql01, s.problem);
  const auto finance = inventory_group(s);
  const wmi::PropertyList in = {{"Member", vm.value_or(wmi::ObjectPath{})},
                                {"Collection", group.value_or(wmi::ObjectPath{})}};
  Prepared call = call_on(s, kCollectionManagementService, in);
  if (finance) {
    add_natural(s, call, "collection_management.code.wrong_member_kind", kHyperV,
                "a group as Member of a VM group", with(in, "Member", *finance));
  }
  return call;
}

// A fresh group holding sql-01; `group` receives it.
Prepared group_call(const Setup& s, wmi::PropertyList in, std::optional<wmi::ObjectPath>& group) {
  group = fresh_group(s.session, s.ns, {kSql01}, s.seed, s.problem);
  if (group) in.insert(in.begin(), {"Collection", *group});
  return call_on(s, kCollectionManagementService, std::move(in));
}

Prepared remove_member(const Setup& s) {
  const auto vm = vm_in(s.session, s.ns, kSql01, s.problem);
  std::optional<wmi::ObjectPath> group;
  return group_call(s, {{"Member", vm.value_or(wmi::ObjectPath{})}}, group);
}

Prepared remove_member_by_id(const Setup& s) {
  const auto vm = vm_in(s.session, s.ns, kSql01, s.problem);
  std::optional<wmi::ObjectPath> group;
  Prepared call = group_call(s, {}, group);
  if (call) {
    call->in = {{"Member", vm.value_or(wmi::ObjectPath{})}, {"CollectionId", guid_from(s.seed)}};
  }
  return call;
}

Prepared rename_collection(const Setup& s) {
  std::optional<wmi::ObjectPath> group;
  return group_call(s, {{"NewName", "renamed"}}, group);
}

Prepared destroy_collection(const Setup& s) {
  std::optional<wmi::ObjectPath> group;
  return group_call(s, {}, group);
}

// --- replication -------------------------------------------------------------------------------

// What a replication preparation works on: sql-01 through Msvm_ReplicationService, or a group of
// sql-01 and web-01 through Msvm_CollectionReplicationService.
struct Replicated {
  std::string_view service, subject;
  std::optional<wmi::ObjectPath> system;  // the VM or group the call is about
  std::optional<wmi::ObjectPath> spare;   // another of the same kind, not replicated yet
};

// sql-01 (or a group of it) as the system, web-01 (or a group of it) as the spare: the
// inventory's third VM is too old to replicate.
Replicated replicated_subject(const Setup& s, std::string_view service) {
  Replicated r;
  r.service = service;
  if (service == kCollectionReplicationService) {
    r.subject = "Collection";
    r.system = fresh_group(s.session, s.ns, {kSql01}, s.seed, s.problem);
    r.spare = fresh_group(s.session, s.ns, {kWeb01}, s.seed + 1, s.problem);
  } else {
    r.subject = "ComputerSystem";
    r.system = vm_in(s.session, s.ns, kSql01, s.problem);
    r.spare = vm_in(s.session, s.ns, kWeb01, s.problem);
  }
  return r;
}

// A call on `r.system` with `extra` in-parameters after its reference; the not-replicating error on
// `r.spare` when `spare_not_replicating`.
Prepared replication_call(const Setup& s, const Replicated& r, wmi::PropertyList extra,
                          bool spare_not_replicating) {
  wmi::PropertyList in = {{std::string(r.subject), r.system.value_or(wmi::ObjectPath{})}};
  in.insert(in.end(), extra.begin(), extra.end());
  Prepared call = call_on(s, r.service, in);
  if (spare_not_replicating && r.spare) {
    add_natural(s, call, "replication.code.not_replicating", kHyperV,
                "a system without a relationship", with(in, r.subject, *r.spare));
  }
  return call;
}

template <std::string_view const* Service>
Prepared create_relationship(const Setup& s) {
  const Replicated r = replicated_subject(s, *Service);
  const bool group = *Service == kCollectionReplicationService;
  Prepared call = replication_call(
      s, r, {{group ? "CollectionReplicationSettingData" : "ReplicationSettingData", ""}}, false);
  if (!call) return call;
  const auto vm = vm_in(s.session, s.ns, kSql01, s.problem);
  if (group) {
    const auto empty = fresh_group(s.session, s.ns, {}, s.seed + 2, s.problem);
    const auto old = fresh_group(s.session, s.ns, {kArchive01}, s.seed + 3, s.problem);
    if (!empty || !old || !vm) return std::nullopt;
    add_natural(
        s, call, "replication.code.collection_not_found", kHyperV, "a missing Collection",
        with(call->in, "Collection", missing_instance(s.ns, kGroupClass, "CollectionID", s.seed)));
    add_natural(s, call, "replication.code.wrong_collection_class", kHyperV, "a VM as Collection",
                with(call->in, "Collection", *vm));
    add_natural(s, call, "replication.code.empty_collection", kHyperV, "an empty group",
                with(call->in, "Collection", *empty));
    add_natural(s, call, "replication.code.configuration_version_too_old", kHyperV,
                "a group of a configuration version 5.0 VM", with(call->in, "Collection", *old));
  } else {
    const auto old = vm_in(s.session, s.ns, kArchive01, s.problem);
    const auto finance = inventory_group(s);
    if (!old || !finance) return std::nullopt;
    add_natural(s, call, "replication.code.system_not_found", kHyperV, "a missing ComputerSystem",
                with(call->in, "ComputerSystem",
                     missing_instance(s.ns, "Msvm_ComputerSystem", "Name", s.seed)));
    add_natural(s, call, "replication.code.wrong_system_class", kHyperV,
                "a group as ComputerSystem", with(call->in, "ComputerSystem", *finance));
    add_natural(s, call, "replication.code.configuration_version_too_old", kHyperV,
                "a configuration version 5.0 VM", with(call->in, "ComputerSystem", *old));
  }
  return call;
}

template <std::string_view const* Service>
Prepared start_relationship(const Setup& s) {
  const Replicated r = replicated_subject(s, *Service);
  if (r.system) replicate(s.session, s.ns, r.service, *r.system, false, s.problem);
  Prepared call = replication_call(
      s, r,
      {{"InitialReplicationType", std::uint16_t{1}}, {"InitialReplicationExportLocation", ""}},
      true);
  if (call) {
    add_natural(s, call, "replication.code.initial_replication_type", kHyperV,
                "InitialReplicationType 99",
                with(call->in, "InitialReplicationType", std::uint16_t{99}));
  }
  return call;
}

template <std::string_view const* Service>
Prepared remove_relationship(const Setup& s) {
  const Replicated r = replicated_subject(s, *Service);
  if (r.system) replicate(s.session, s.ns, r.service, *r.system, true, s.problem);
  return replication_call(s, r, {}, true);
}

// A replica that waits for resynchronization: replication started, then the host crashed
// (DataPlane::crash_host, spec §8); the spare starts replicating after the crash and so needs none.
template <std::string_view const* Service>
Prepared resynchronize(const Setup& s) {
  const Replicated r = replicated_subject(s, *Service);
  if (s.session.data_plane() == nullptr) {
    s.problem = "needs the DataPlane (crash_host) to make a replica wait for resynchronization";
    return std::nullopt;
  }
  if (r.system) replicate(s.session, s.ns, r.service, *r.system, true, s.problem);
  if (s.problem.empty() && !s.session.data_plane()->crash_host().ok()) s.problem = "crash_host";
  if (r.spare) replicate(s.session, s.ns, r.service, *r.spare, true, s.problem);
  Prepared call = replication_call(s, r, {}, false);
  if (call && r.spare) {
    add_natural(s, call, "replication.code.resynchronize_not_required", kHyperV,
                "a replica that needs no resynchronization", with(call->in, r.subject, *r.spare));
  }
  return call;
}

// --- Msvm_ImageManagementService.GetVirtualDiskChanges (v2) --------------------------------------

Prepared virtual_disk_changes(const Setup& s) {
  const auto group = fresh_group(s.session, s.ns, {kSql01}, s.seed, s.problem);
  if (group) group_point(s.session, s.ns, *group, s.problem);
  std::optional<suites::PointDisk> disk;
  for (const suites::PointDisk& candidate : suites::point_disks(s.session)) {
    if (!candidate.rct_id.empty()) disk = candidate;
  }
  if (!disk && s.problem.empty()) s.problem = "the RCT point lists no disk with an RCT id";
  const wmi::PropertyList in = {{"Path", disk ? disk->path : ""},
                                {"LimitId", disk ? disk->rct_id : ""},
                                {"TargetSnapshotId", ""},
                                {"ByteOffset", std::uint64_t{0}},
                                {"ByteLength", std::uint64_t{1} << 20}};
  Prepared call = call_on(s, kImageManagementService, in);
  add_natural(s, call, "get_virtual_disk_changes.code.file_not_found", kHyperV,
              "a Path that names no disk", with(in, "Path", "C:\\Missing\\missing.vhdx"));
  add_natural(s, call, "get_virtual_disk_changes.code.rct_invalid_id", kHyperV,
              "a LimitId the disk never issued", with(in, "LimitId", "not-an-rct-id"));
  add_natural(s, call, "get_virtual_disk_changes.code.window_outside_disk", kHyperV,
              "a window beyond the disk's end", with(in, "ByteOffset", std::uint64_t{1} << 60));
  return call;
}

// --- Msvm_ConcreteJob (spec §6) ------------------------------------------------------------------

// RequestStateChange(4 = terminate) on a job that never ends.
Prepared cancel_job(const Setup& s) {
  const auto job = provoked_job(s.session, s.ns, false, s.seed, s.problem);
  if (!job) return std::nullopt;
  return PreparedCall{*job, {{"RequestedState", std::uint16_t{4}}}, {}};
}

// GetErrorEx on a job that failed.
Prepared job_errors(const Setup& s) {
  const auto job = provoked_job(s.session, s.ns, true, s.seed, s.problem);
  if (!job) return std::nullopt;
  return PreparedCall{*job, {}, {}};
}

constexpr std::string_view kVmReplication = kReplicationService;
constexpr std::string_view kGroupReplication = kCollectionReplicationService;

constexpr MethodRecipe kServiceRecipes[] = {
    {kCollectionManagementService, "DefineCollection", kHyperV, false,
     &prepare_with<define_collection>},
    {kCollectionManagementService, "AddMember", kHyperV, false, &prepare_with<add_member>},
    {kCollectionManagementService, "RemoveMember", kHyperV, false, &prepare_with<remove_member>},
    {kCollectionManagementService, "RemoveMemberById", kHyperV, false,
     &prepare_with<remove_member_by_id>},
    {kCollectionManagementService, "RenameCollection", kHyperV, false,
     &prepare_with<rename_collection>},
    {kCollectionManagementService, "DestroyCollection", kHyperV, false,
     &prepare_with<destroy_collection>},
    {kImageManagementService, "GetVirtualDiskChanges", kHyperV, false,
     &prepare_with<virtual_disk_changes>},
    {kReplicationService, "CreateReplicationRelationship", kHyperV, false,
     &prepare_with<create_relationship<&kVmReplication>>},
    {kReplicationService, "StartReplication", kHyperV, false,
     &prepare_with<start_relationship<&kVmReplication>>},
    {kReplicationService, "RemoveReplicationRelationship", kHyperV, false,
     &prepare_with<remove_relationship<&kVmReplication>>},
    {kReplicationService, "Resynchronize", kHyperV, false,
     &prepare_with<resynchronize<&kVmReplication>>},
    {kCollectionReplicationService, "CreateReplicationRelationship", kHyperV, false,
     &prepare_with<create_relationship<&kGroupReplication>>},
    {kCollectionReplicationService, "StartReplication", kHyperV, false,
     &prepare_with<start_relationship<&kGroupReplication>>},
    {kCollectionReplicationService, "RemoveReplicationRelationship", kHyperV, false,
     &prepare_with<remove_relationship<&kGroupReplication>>},
    {kCollectionReplicationService, "Resynchronize", kHyperV, false,
     &prepare_with<resynchronize<&kGroupReplication>>},
    {kConcreteJob, "RequestStateChange", wmi::ReturnCodeFamily::kCim, true,
     &prepare_with<cancel_job>},
    {kConcreteJob, "GetErrorEx", wmi::ReturnCodeFamily::kCim, true, &prepare_with<job_errors>},
};

}  // namespace

std::span<const MethodRecipe> service_recipes() { return kServiceRecipes; }

}  // namespace conformance
