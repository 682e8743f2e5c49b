// Msvm_CollectionReplicationService (root/HyperVCluster/v2 only, Hyper-V family):
// CreateReplicationRelationship, StartReplication and RemoveReplicationRelationship over the
// Finance VM group — every member changes, the group's ReplicationMode/ReplicationState follow, a
// log-based group reference point becomes possible — and all or nothing: a member that cannot take
// the operation fails the call with its code and no member changes. Every error path, delivery
// through jobs (4096, the group through Msvm_AffectedJobElement), absence from v2.
#include <gtest/gtest.h>

#include <functional>

#include "sim/host/host_test_support.h"

namespace sim::host {
namespace {

using namespace test;

constexpr std::string_view kService = "Msvm_CollectionReplicationService";
constexpr std::uint32_t kInvalidParameter = 32773;
constexpr std::uint32_t kInvalidState = 32775;
constexpr std::uint32_t kIncorrectType = 32776;
constexpr std::uint32_t kNotSupported = 32770;

wmi::ObjectPath collection_replication_service(std::string_view ns = kCluster) {
  return service_path(kService, ns);
}

wmi::Result<wmi::MethodResult> create_group_relationship(wmi::Connection& c,
                                                         const wmi::CimValue& collection,
                                                         wmi::CimValue settings = "") {
  return c.invoke(
      collection_replication_service(), "CreateReplicationRelationship",
      {{"Collection", collection}, {"CollectionReplicationSettingData", std::move(settings)}});
}
wmi::Result<wmi::MethodResult> start_group_replication(wmi::Connection& c,
                                                       const wmi::CimValue& collection,
                                                       std::uint16_t initial_type = 1) {
  return c.invoke(collection_replication_service(), "StartReplication",
                  {{"Collection", collection}, {"InitialReplicationType", initial_type}});
}
wmi::Result<wmi::MethodResult> remove_group_relationship(wmi::Connection& c,
                                                         const wmi::CimValue& collection) {
  return c.invoke(collection_replication_service(), "RemoveReplicationRelationship",
                  {{"Collection", collection}});
}
// Msvm_ReplicationService (v2) on one VM, to put a single member in a state.
wmi::Result<wmi::MethodResult> vm_call(wmi::Connection& c, std::string_view method,
                                       std::string_view vm, wmi::PropertyList extra = {}) {
  wmi::ObjectPath service;
  service.namespace_name = std::string(kV2);
  service.class_name = "Msvm_ReplicationService";
  service.keys = {{"CreationClassName", std::string("Msvm_ReplicationService")}};
  extra.push_back({"ComputerSystem", vm_path(vm)});
  return c.invoke(service, method, extra);
}

std::uint32_t code_of(const wmi::Result<wmi::MethodResult>& r) {
  return value_or_fail(r).return_value;
}

class CollectionReplicationTest : public ::testing::Test {
 protected:
  std::unique_ptr<Host> host = make_host();
  const wmi::ObjectPath finance = group_path(kFinance, kCluster);

  std::optional<std::uint64_t> vm_state(std::string_view vm) {
    return uint_property(*host->get(vm_path(vm, kCluster)), "ReplicationState");
  }
  wmi::Result<wmi::MethodResult> resynchronize_group() {
    return host->invoke(collection_replication_service(), "Resynchronize",
                        {{"Collection", finance}});
  }
  std::optional<std::uint64_t> group_state() {
    return uint_property(*host->get(finance), "ReplicationState");
  }
  void expect_refused(const wmi::Result<wmi::MethodResult>& call,
                      const std::vector<std::string>& before, std::uint32_t code,
                      std::string_view what) {
    const auto r = value_or_fail(call);
    EXPECT_EQ(r.return_value, code) << what;
    EXPECT_EQ(out_reference(r, "Job"), nullptr) << what;
    EXPECT_EQ(snapshot_diff(before, model_snapshot(*host, kCluster)), "") << what;
  }
};

TEST_F(CollectionReplicationTest, EveryMemberFollowsAndTheGroupReportsIt) {
  EXPECT_EQ(uint_property(*host->get(finance), "ReplicationMode"), 0u);
  EXPECT_EQ(code_of(create_reference_point(*host, finance, 1, "", kCluster)), 5u)
      << "log-based needs replication";

  ASSERT_EQ(code_of(create_group_relationship(*host, finance)), 0u);
  EXPECT_EQ(vm_state(kSql01), 2u);
  EXPECT_EQ(vm_state(kWeb01), 2u);
  EXPECT_EQ(group_state(), 2u);
  EXPECT_EQ(uint_property(*host->get(finance), "ReplicationMode"), 1u);
  EXPECT_EQ(vm_state(kArchive01), 0u) << "outside the group";

  ASSERT_EQ(code_of(start_group_replication(*host, finance, 2)), 0u);
  EXPECT_EQ(vm_state(kSql01), 3u);
  EXPECT_EQ(vm_state(kWeb01), 3u);
  EXPECT_EQ(group_state(), 3u);
  const auto r = value_or_fail(create_reference_point(*host, finance, 1, "", kCluster));
  ASSERT_EQ(r.return_value, 0u);
  const wmi::ObjectPath rpc = *out_reference(r, "ResultingReferencePointCollection");
  EXPECT_EQ(host->get(rpc)->find("HasAssociatedLog")->as_bool(), true);

  ASSERT_EQ(code_of(remove_group_relationship(*host, finance)), 0u);
  EXPECT_EQ(vm_state(kSql01), 0u);
  EXPECT_EQ(vm_state(kWeb01), 0u);
  EXPECT_EQ(group_state(), 0u);
  EXPECT_EQ(uint_property(*host->get(finance), "ReplicationMode"), 0u);
  EXPECT_EQ(host->get(rpc)->find("HasAssociatedLog")->as_bool(), false);
}

TEST_F(CollectionReplicationTest, ResynchronizeBringsEveryWaitingMemberBack) {
  ASSERT_EQ(code_of(create_group_relationship(*host, finance)), 0u);
  ASSERT_EQ(code_of(start_group_replication(*host, finance)), 0u);
  const auto replicating = model_snapshot(*host, kCluster);
  expect_refused(resynchronize_group(), replicating, kInvalidState,
                 "nothing waits to resynchronize");
  ASSERT_TRUE(host->crash_host().ok());
  EXPECT_EQ(vm_state(kSql01), 9u);
  EXPECT_EQ(vm_state(kWeb01), 9u);
  ASSERT_EQ(code_of(resynchronize_group()), 0u);
  EXPECT_EQ(vm_state(kSql01), 3u);
  EXPECT_EQ(vm_state(kWeb01), 3u);
  EXPECT_EQ(group_state(), 3u);
}

TEST_F(CollectionReplicationTest, OneMemberThatCannotTakeTheOperationChangesNoMember) {
  // web-01 already has a relationship: Create on Finance fails, sql-01 gets none.
  ASSERT_EQ(code_of(vm_call(*host, "CreateReplicationRelationship", kWeb01)), 0u);
  const auto one = model_snapshot(*host, kCluster);
  expect_refused(create_group_relationship(*host, finance), one, kInvalidState, "create");
  EXPECT_EQ(vm_state(kSql01), 0u);
  // sql-01 has none: Start and Remove on Finance fail, web-01 keeps waiting.
  expect_refused(start_group_replication(*host, finance), one, kInvalidState, "start");
  expect_refused(remove_group_relationship(*host, finance), one, kInvalidState, "remove");
  EXPECT_EQ(vm_state(kWeb01), 2u);
  EXPECT_EQ(group_state(), 0u) << "sql-01 counts as disabled";

  // Both created, web-01 already started: Start on Finance fails, sql-01 stays waiting.
  ASSERT_EQ(code_of(vm_call(*host, "CreateReplicationRelationship", kSql01)), 0u);
  ASSERT_EQ(code_of(vm_call(*host, "StartReplication", kWeb01, {{"InitialReplicationType", 1}})),
            0u);
  EXPECT_EQ(group_state(), 2u);
  const auto mixed = model_snapshot(*host, kCluster);
  expect_refused(start_group_replication(*host, finance), mixed, kInvalidState, "start mixed");
  EXPECT_EQ(vm_state(kSql01), 2u);
}

TEST_F(CollectionReplicationTest, ErrorsAnswerTheirCodeAndChangeNothing) {
  const auto empty = value_or_fail(define_collection(*host, "Empty", "", 0, kCluster));
  ASSERT_EQ(empty.return_value, 0u);
  const wmi::ObjectPath empty_group = *out_reference(empty, "DefinedCollection");
  const auto with_empty = model_snapshot(*host, kCluster);
  using Call = std::function<wmi::Result<wmi::MethodResult>(const wmi::CimValue&)>;
  const std::pair<std::string_view, Call> calls[] = {
      {"create", [&](const wmi::CimValue& c) { return create_group_relationship(*host, c); }},
      {"start", [&](const wmi::CimValue& c) { return start_group_replication(*host, c); }},
      {"remove", [&](const wmi::CimValue& c) { return remove_group_relationship(*host, c); }},
  };
  for (const auto& [name, call] : calls) {
    expect_refused(call(group_path(kMissingId, kCluster)), with_empty, kInvalidParameter, name);
    expect_refused(call(wmi::CimValue::null(wmi::CimType::kReference)), with_empty,
                   kInvalidParameter, name);
    expect_refused(call(management_path(kProduction, kCluster)), with_empty, kIncorrectType, name);
    expect_refused(call(vm_path(kWeb01, kCluster)), with_empty, kIncorrectType, name);
    expect_refused(call(empty_group), with_empty, kInvalidState, name);
  }
  expect_refused(create_group_relationship(*host, finance, "{not settings}"), with_empty,
                 kInvalidParameter, "settings");
  expect_refused(create_group_relationship(
                     *host, finance,
                     "instance of Msvm_CollectionReplicationSettingData { ReplicationInterval = "
                     "301; };"),
                 with_empty, kInvalidParameter, "interval");
  ASSERT_EQ(
      code_of(create_group_relationship(
          *host, finance,
          "instance of Msvm_CollectionReplicationSettingData { ReplicationInterval = 30; };")),
      0u);
  const auto created = model_snapshot(*host, kCluster);
  expect_refused(start_group_replication(*host, finance, 0), created, kInvalidParameter, "type 0");
  // A group holding archive-01 (configuration 5.0).
  ASSERT_EQ(code_of(member_call(*host, "AddMember", vm_path(kArchive01, kCluster), empty_group,
                                kCluster)),
            0u);
  const auto archive = model_snapshot(*host, kCluster);
  expect_refused(create_group_relationship(*host, empty_group), archive, kNotSupported, "5.0");
}

TEST(CollectionReplicationJobs, AsyncJobsDeliverTheGroupThroughAffectedJobElement) {
  auto host = make_host({.profile = fixture_profile("async-jobs")});
  const wmi::ObjectPath finance = group_path(kFinance, kCluster);
  const auto run = [&](const wmi::Result<wmi::MethodResult>& call, std::uint16_t state,
                       std::uint32_t error_code) {
    const auto r = value_or_fail(call);
    EXPECT_EQ(r.return_value, 4096u);
    const JobTrace trace = poll_job(*host, *out_reference(r, "Job"));
    EXPECT_EQ(trace.state(), state);
    EXPECT_EQ(uint_property(trace.last(), "ErrorCode"), error_code);
    return query_or_die(*host, kCluster,
                        "ASSOCIATORS OF {" + path_text(*out_reference(r, "Job")) +
                            "} WHERE AssocClass=Msvm_AffectedJobElement");
  };
  const auto made = run(create_group_relationship(*host, finance), 7, 0);
  ASSERT_EQ(made.size(), 1u);
  EXPECT_EQ(made[0].class_name(), "Msvm_VirtualSystemCollection");
  EXPECT_EQ(uint_property(made[0], "ReplicationState"), 2u);
  EXPECT_TRUE(run(create_group_relationship(*host, finance), 10, kInvalidState).empty());
  EXPECT_EQ(
      uint_property(run(start_group_replication(*host, finance), 7, 0)[0], "ReplicationState"), 3u);
  run(remove_group_relationship(*host, finance), 7, 0);
  EXPECT_EQ(uint_property(*host->get(finance), "ReplicationState"), 0u);
}

TEST(CollectionReplicationJobs, AJobFailingHalfwayChangesNoMember) {
  auto host = make_host({.profile = fixture_profile("async-jobs")});
  const wmi::ObjectPath finance = group_path(kFinance, kCluster);
  const auto created = value_or_fail(create_group_relationship(*host, finance));
  ASSERT_EQ(poll_job(*host, *out_reference(created, "Job")).state(), 7u);
  const auto before = model_snapshot(*host, kCluster);
  control::FaultRule rule;
  rule.action = control::FailJobFault{50, 32768};
  rule.max_fires = 1;
  host->set_faults(one_rule(rule));
  const auto started = value_or_fail(start_group_replication(*host, finance));
  ASSERT_EQ(started.return_value, 4096u);
  const JobTrace trace = poll_job(*host, *out_reference(started, "Job"));
  EXPECT_EQ(trace.state(), 10u);
  EXPECT_EQ(uint_property(trace.last(), "ErrorCode"), 32768u);
  EXPECT_EQ(snapshot_diff(before, model_snapshot(*host, kCluster)), "");
  EXPECT_EQ(uint_property(*host->get(vm_path(kSql01, kCluster)), "ReplicationState"), 2u);
  EXPECT_EQ(uint_property(*host->get(vm_path(kWeb01, kCluster)), "ReplicationState"), 2u);
}

TEST_F(CollectionReplicationTest, TheServiceIsASingletonInTheClusterNamespaceOnly) {
  ASSERT_EQ(query_or_die(*host, kCluster, "SELECT * FROM Msvm_CollectionReplicationService").size(),
            1u);
  EXPECT_TRUE(host->get(collection_replication_service()).ok());
  EXPECT_EQ(host->get(collection_replication_service(kV2)).status().kind(),
            wmi::StatusKind::kNotFound);
  EXPECT_EQ(host->invoke(collection_replication_service(kV2), "CreateReplicationRelationship",
                         {{"Collection", group_path(kFinance)}})
                .status()
                .kind(),
            wmi::StatusKind::kNotFound);
}

}  // namespace
}  // namespace sim::host
