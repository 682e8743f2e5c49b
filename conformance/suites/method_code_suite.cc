// Area 2, return codes, for every modelled method beyond the seed (CRP-CODE-008..014): each
// method's recipe (method_recipes.h) prepares a fresh session in every namespace that serves the
// method; then every documented code is provoked once — first the errors the recipe causes by
// input or state, then every other error code by a return-code fault rule, then 4096 by a
// fail-job rule when the profile answers a success with 0, and last the valid call (0, or 4096 and
// a job that succeeds). Postconditions: 0 -> out-references resolve and no job; 4096 -> the job
// resolves, ends terminal, links its result only through Msvm_AffectedJobElement and has
// ErrorCode != 0 exactly when it failed; an error -> no point, checkpoint, membership, group or
// replication state changed (provoked_call.h). A method a namespace's service does not have
// (a:ActionNotSupported) is reported as not served there, not failed.
#include <set>

#include <fmt/format.h>

#include "conformance/catalogue/conformance_test.h"
#include "conformance/suites/collection_states.h"
#include "conformance/suites/method_recipes.h"
#include "conformance/suites/provoked_call.h"
#include "conformance/target/run_seed.h"

namespace conformance {
namespace {

// The postconditions of the answer `p` got (0, 4096, or an error).
void expect_postconditions(Session& session, const Provoked& p) {
  if (!p.outcome.transport.ok()) return;
  if (p.outcome.return_value == 0) expect_zero_postcondition(session, p);
  if (p.outcome.return_value == 4096) expect_job_postcondition(session, p);
  expect_no_partial_state(p);
}

// Provokes every documented code of `recipe` on a session prepared in `ns`; false when the
// namespace's service does not have the method.
bool provoke_every_code(Session& session, std::string_view ns, const MethodRecipe& recipe,
                        const PreparedCall& prepared, const oracle::ProfileExpectations& profile) {
  const std::string name = recipe.name();
  const auto call = [&](const wmi::PropertyList& in, std::uint32_t code, const std::string& how,
                        const std::string& fault) {
    return provoke_on(session, ns, prepared.target, recipe.method, in, code,
                      fmt::format("{} in {}: {}", name, ns, how), fault);
  };
  const auto check = [&](const Provoked& p) {
    EXPECT_TRUE(answered_as(p.outcome, p.code))
        << "code " << p.code << " by " << p.how << ": " << p.outcome.describe();
    expect_postconditions(session, p);
  };
  const std::vector<std::uint32_t> codes = documented_codes(recipe);
  std::set<std::uint32_t> provoked;
  for (const NaturalError& error : prepared.natural) {
    const Provoked p = call(error.in, error.code, error.how, "");
    if (method_not_served(p.outcome)) return false;
    check(p);
    provoked.insert(error.code);
  }
  for (std::uint32_t code : codes) {
    if (code == 0 || code == 4096 || provoked.contains(code)) continue;
    const Provoked p = call(prepared.in, code, fmt::format("a return-code rule ({})", code),
                            return_code_rule(recipe.service, recipe.method, code));
    if (method_not_served(p.outcome)) return false;
    check(p);
  }
  const bool documents_job = std::find(codes.begin(), codes.end(), 4096u) != codes.end();
  if (documents_job && !profile.delivery_for(name).success_via_job) {
    const std::uint32_t error = oracle::family_error_codes(recipe.family).front();
    const Provoked p = call(prepared.in, 4096, "a fail-job rule at 50%",
                            fail_job_rule(recipe.service, recipe.method, 50, error));
    check(p);
    EXPECT_FALSE(p.outcome.job_succeeded()) << p.how;
  }
  const Provoked valid = call(prepared.in, 0, "a valid call", "");
  if (method_not_served(valid.outcome)) return false;
  check(valid);
  return true;
}

// Every documented code of `method` ("Class.Method") in every namespace the target serves it in.
void every_code_of(std::string_view method) {
  const MethodRecipe* recipe = find_recipe(method);
  ASSERT_NE(recipe, nullptr) << method;
  std::string problem;
  const auto profile = target_profile(problem);
  ASSERT_TRUE(profile.has_value()) << problem;
  int served = 0;
  for (const std::string& ns : current_target().namespaces()) {
    const std::uint64_t seed = run_seed() + std::hash<std::string_view>{}(method);
    auto session = current_target().open(seed);
    CONFORMANCE_REQUIRE(*session, {.mutation = true, .fault_rules = true});
    if (!recipe->answers_at_once &&
        !service_path(session->connection(), ns, recipe->service).has_value()) {
      continue;  // spec §2: the service is absent from this namespace
    }
    const auto prepared = recipe->prepare(*session, ns, *profile, seed, problem);
    ASSERT_TRUE(prepared.has_value()) << method << " in " << ns << ": " << problem;
    if (provoke_every_code(*session, ns, *recipe, *prepared, *profile)) {
      ++served;
    } else {
      std::cout << method << " is not served in " << ns << " (a:ActionNotSupported)\n";
    }
  }
  if (served == 0) GTEST_SKIP() << method << " is served in no namespace of the target";
}

#define CONFORMANCE_EVERY_CODE(Name, assertion_id, method) \
  CONFORMANCE_TEST(MethodCodeSuite, Name, assertion_id) { every_code_of(method); }

// CRP-CODE-008: the checkpoint services.
CONFORMANCE_EVERY_CODE(VmCreateSnapshot, "CRP-CODE-008",
                       "Msvm_VirtualSystemSnapshotService.CreateSnapshot")
CONFORMANCE_EVERY_CODE(VmConvertToReferencePoint, "CRP-CODE-008",
                       "Msvm_VirtualSystemSnapshotService.ConvertToReferencePoint")
CONFORMANCE_EVERY_CODE(VmDestroySnapshot, "CRP-CODE-008",
                       "Msvm_VirtualSystemSnapshotService.DestroySnapshot")
CONFORMANCE_EVERY_CODE(GroupCreateSnapshot, "CRP-CODE-008",
                       "Msvm_CollectionSnapshotService.CreateSnapshot")
CONFORMANCE_EVERY_CODE(GroupConvertToReferencePoint, "CRP-CODE-008",
                       "Msvm_CollectionSnapshotService.ConvertToReferencePoint")
CONFORMANCE_EVERY_CODE(GroupDestroySnapshot, "CRP-CODE-008",
                       "Msvm_CollectionSnapshotService.DestroySnapshot")
CONFORMANCE_EVERY_CODE(GroupApplySnapshot, "CRP-CODE-008",
                       "Msvm_CollectionSnapshotService.ApplySnapshot")

// CRP-CODE-009: per-VM reference points.
CONFORMANCE_EVERY_CODE(VmCreateReferencePoint, "CRP-CODE-009",
                       "Msvm_VirtualSystemReferencePointService.CreateReferencePoint")
CONFORMANCE_EVERY_CODE(VmDestroyReferencePoint, "CRP-CODE-009",
                       "Msvm_VirtualSystemReferencePointService.DestroyReferencePoint")
CONFORMANCE_EVERY_CODE(VmImportReferencePointMetadata, "CRP-CODE-009",
                       "Msvm_VirtualSystemReferencePointService.ImportReferencePointMetadata")

// CRP-CODE-010: exports and associated data.
CONFORMANCE_EVERY_CODE(GroupExportReferencePoint, "CRP-CODE-010",
                       "Msvm_CollectionReferencePointService.ExportReferencePoint")
CONFORMANCE_EVERY_CODE(GroupRemoveAssociatedData, "CRP-CODE-010",
                       "Msvm_CollectionReferencePointService.RemoveAssociatedData")
CONFORMANCE_EVERY_CODE(VmExportReferencePoint, "CRP-CODE-010",
                       "Msvm_VirtualSystemReferencePointService.ExportReferencePoint")
CONFORMANCE_EVERY_CODE(VmRemoveAssociatedData, "CRP-CODE-010",
                       "Msvm_VirtualSystemReferencePointService.RemoveAssociatedData")
CONFORMANCE_EVERY_CODE(GroupExportSnapshot, "CRP-CODE-010",
                       "Msvm_CollectionSnapshotService.ExportSnapshot")

// CRP-CODE-011: replication.
CONFORMANCE_EVERY_CODE(VmCreateReplicationRelationship, "CRP-CODE-011",
                       "Msvm_ReplicationService.CreateReplicationRelationship")
CONFORMANCE_EVERY_CODE(VmStartReplication, "CRP-CODE-011",
                       "Msvm_ReplicationService.StartReplication")
CONFORMANCE_EVERY_CODE(VmRemoveReplicationRelationship, "CRP-CODE-011",
                       "Msvm_ReplicationService.RemoveReplicationRelationship")
CONFORMANCE_EVERY_CODE(VmResynchronize, "CRP-CODE-011", "Msvm_ReplicationService.Resynchronize")
CONFORMANCE_EVERY_CODE(GroupCreateReplicationRelationship, "CRP-CODE-011",
                       "Msvm_CollectionReplicationService.CreateReplicationRelationship")
CONFORMANCE_EVERY_CODE(GroupStartReplication, "CRP-CODE-011",
                       "Msvm_CollectionReplicationService.StartReplication")
CONFORMANCE_EVERY_CODE(GroupRemoveReplicationRelationship, "CRP-CODE-011",
                       "Msvm_CollectionReplicationService.RemoveReplicationRelationship")
CONFORMANCE_EVERY_CODE(GroupResynchronize, "CRP-CODE-011",
                       "Msvm_CollectionReplicationService.Resynchronize")

// CRP-CODE-012: change tracking over WMI.
CONFORMANCE_EVERY_CODE(GetVirtualDiskChanges, "CRP-CODE-012",
                       "Msvm_ImageManagementService.GetVirtualDiskChanges")

// CRP-CODE-013: collection management beyond DefineCollection and AddMember (CRP-CODE-007).
CONFORMANCE_EVERY_CODE(RemoveMember, "CRP-CODE-013",
                       "Msvm_CollectionManagementService.RemoveMember")
CONFORMANCE_EVERY_CODE(RemoveMemberById, "CRP-CODE-013",
                       "Msvm_CollectionManagementService.RemoveMemberById")
CONFORMANCE_EVERY_CODE(RenameCollection, "CRP-CODE-013",
                       "Msvm_CollectionManagementService.RenameCollection")
CONFORMANCE_EVERY_CODE(DestroyCollection, "CRP-CODE-013",
                       "Msvm_CollectionManagementService.DestroyCollection")

// CRP-CODE-014: the job methods.
CONFORMANCE_EVERY_CODE(JobRequestStateChange, "CRP-CODE-014", "Msvm_ConcreteJob.RequestStateChange")
CONFORMANCE_EVERY_CODE(JobGetErrorEx, "CRP-CODE-014", "Msvm_ConcreteJob.GetErrorEx")

}  // namespace
}  // namespace conformance
