// Msvm_ReplicationService (spec §8; root/virtualization/v2 only, Hyper-V family): the relationship
// life cycle CreateReplicationRelationship (state 2) → StartReplication (3, replica logs) →
// RemoveReplicationRelationship (logs and log data gone), Resynchronize after a resync-requiring
// event (9, critical health); what Msvm_ReplicationRelationship, Msvm_ComputerSystem and
// Msvm_VirtualSystemCollection report at each step; the log-based reference point flow end to end;
// every error path with its profile code and no partial state; delivery through jobs (4096, the
// relationship through Msvm_AffectedJobElement); the singleton's Name "replicasvc".
#include <gtest/gtest.h>

#include "sim/host/host_test_support.h"

namespace sim::host {
namespace {

using namespace test;

constexpr std::uint16_t kLog = 0;  // doc-strict: vs_reference_point.type_encoding log0-rct1
constexpr std::string_view kReplicationService = "Msvm_ReplicationService";
constexpr std::uint32_t kInvalidParameter = 32773;
constexpr std::uint32_t kInvalidState = 32775;
constexpr std::uint32_t kIncorrectType = 32776;
constexpr std::uint32_t kNotSupported = 32770;

wmi::ObjectPath replication_service(std::string_view ns = kV2) {
  wmi::ObjectPath p;
  p.namespace_name = std::string(ns);
  p.class_name = std::string(kReplicationService);
  p.keys = {{"CreationClassName", std::string(kReplicationService)},
            {"Name", std::string("replicasvc")}};
  return p;
}

wmi::ObjectPath relationship_path(std::string_view vm) {
  wmi::ObjectPath p;
  p.namespace_name = std::string(kV2);
  p.class_name = "Msvm_ReplicationRelationship";
  p.keys = {{"InstanceID", "Microsoft:" + std::string(vm) + "\\HVR\\0"}};
  return p;
}

// A VM's first disk, by its HostResource path.
std::string disk0(std::string_view vm) {
  return "C:\\Hyper-V\\" + std::string(vm) + "\\Disk0.vhdx";
}

std::string settings_xml(std::string_view class_name, int interval) {
  return "<INSTANCE CLASSNAME=\"" + std::string(class_name) +
         "\"><PROPERTY NAME=\"ReplicationInterval\" TYPE=\"uint16\"><VALUE>" +
         std::to_string(interval) + "</VALUE></PROPERTY></INSTANCE>";
}

wmi::Result<wmi::MethodResult> create_relationship(wmi::Connection& c, const wmi::CimValue& system,
                                                   wmi::CimValue settings = "") {
  return c.invoke(replication_service(), "CreateReplicationRelationship",
                  {{"ComputerSystem", system}, {"ReplicationSettingData", std::move(settings)}});
}
wmi::Result<wmi::MethodResult> start_replication(wmi::Connection& c, const wmi::CimValue& system,
                                                 std::uint16_t initial_type = 1) {
  return c.invoke(replication_service(), "StartReplication",
                  {{"ComputerSystem", system},
                   {"InitialReplicationType", initial_type},
                   {"InitialReplicationExportLocation", ""}});
}
wmi::Result<wmi::MethodResult> system_call(wmi::Connection& c, std::string_view method,
                                           const wmi::CimValue& system) {
  return c.invoke(replication_service(), method, {{"ComputerSystem", system}});
}

std::uint32_t code_of(const wmi::Result<wmi::MethodResult>& r) {
  return value_or_fail(r).return_value;
}

class ReplicationServiceTest : public ::testing::Test {
 protected:
  std::unique_ptr<Host> host = make_host();

  wmi::Instance get_ok(const wmi::ObjectPath& path) {
    auto instance = host->get(path);
    if (!instance.ok()) {
      ADD_FAILURE() << path_text(path) << ": " << instance.status().to_string();
      return wmi::Instance();
    }
    return *instance;
  }
  // {ReplicationMode, ReplicationState, ReplicationHealth} of a VM's Msvm_ComputerSystem.
  std::vector<std::optional<std::uint64_t>> vm_replication(std::string_view vm) {
    const wmi::Instance cs = get_ok(vm_path(vm));
    return {uint_property(cs, "ReplicationMode"), uint_property(cs, "ReplicationState"),
            uint_property(cs, "ReplicationHealth")};
  }
  std::vector<std::optional<std::uint64_t>> group_replication(std::string_view group) {
    const wmi::Instance g = get_ok(group_path(group));
    return {uint_property(g, "ReplicationMode"), uint_property(g, "ReplicationState")};
  }
  void replicate(std::string_view vm) {
    ASSERT_EQ(code_of(create_relationship(*host, vm_path(vm))), 0u);
    ASSERT_EQ(code_of(start_replication(*host, vm_path(vm))), 0u);
  }
  wmi::ObjectPath log_point(std::string_view vm) {
    const auto r = value_or_fail(create_vm_reference_point(*host, vm_path(vm), kLog));
    EXPECT_EQ(r.return_value, 0u);
    const wmi::ObjectPath* point = out_reference(r, "ResultingReferencePoint");
    return point == nullptr ? wmi::ObjectPath() : *point;
  }
  bool has_data(const wmi::ObjectPath& point) {
    const wmi::Instance instance = get_ok(point);
    const wmi::CimValue* value = instance.find("HasAssociatedData");
    return value != nullptr && value->as_bool() == true;
  }
  // The call answers `code` at once and changes nothing.
  void expect_refused(const wmi::Result<wmi::MethodResult>& call,
                      const std::vector<std::string>& before, std::uint32_t code,
                      std::string_view what) {
    const auto r = value_or_fail(call);
    EXPECT_EQ(r.return_value, code) << what;
    EXPECT_EQ(out_reference(r, "Job"), nullptr) << what;
    EXPECT_EQ(snapshot_diff(before, model_snapshot(*host)), "") << what;
  }
};

using Values = std::vector<std::optional<std::uint64_t>>;

TEST_F(ReplicationServiceTest, LifeCycleStatesOnEveryClassThatReportsThem) {
  EXPECT_EQ(vm_replication(kSql01), (Values{0u, 0u, 0u}));
  EXPECT_TRUE(query_or_die(*host, kV2, "SELECT * FROM Msvm_ReplicationRelationship").empty());

  const auto created = value_or_fail(create_relationship(*host, vm_path(kSql01)));
  ASSERT_EQ(created.return_value, 0u);
  EXPECT_EQ(out_reference(created, "Job"), nullptr);
  wmi::Instance relationship = get_ok(relationship_path(kSql01));
  EXPECT_EQ(uint_property(relationship, "ReplicationState"), 2u);
  EXPECT_EQ(uint_property(relationship, "ReplicationHealth"), 1u);
  EXPECT_TRUE(relationship.find("LastReplicationTime")->is_null());
  EXPECT_EQ(string_property(relationship, "ElementName"), "sql-01");
  EXPECT_EQ(vm_replication(kSql01), (Values{1u, 2u, 1u}));
  // Finance: sql-01 waits for initial replication, web-01 has none (counts as 0).
  EXPECT_EQ(group_replication(kFinance), (Values{1u, 0u}));

  ASSERT_EQ(code_of(start_replication(*host, vm_path(kSql01))), 0u);
  relationship = get_ok(relationship_path(kSql01));
  EXPECT_EQ(uint_property(relationship, "ReplicationState"), 3u);
  EXPECT_FALSE(relationship.find("LastReplicationTime")->is_null());
  EXPECT_EQ(vm_replication(kSql01), (Values{1u, 3u, 1u}));
  replicate(kWeb01);
  EXPECT_EQ(group_replication(kFinance), (Values{1u, 3u}));
  const auto all = query_or_die(*host, kV2, "SELECT * FROM Msvm_ReplicationRelationship");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(string_property(all[0], "InstanceID"), "Microsoft:" + std::string(kSql01) + "\\HVR\\0");

  ASSERT_EQ(code_of(system_call(*host, "RemoveReplicationRelationship", vm_path(kSql01))), 0u);
  EXPECT_EQ(host->get(relationship_path(kSql01)).status().kind(), wmi::StatusKind::kNotFound);
  EXPECT_EQ(vm_replication(kSql01), (Values{0u, 0u, 0u}));
  EXPECT_EQ(group_replication(kFinance), (Values{1u, 0u}));
  ASSERT_EQ(code_of(system_call(*host, "RemoveReplicationRelationship", vm_path(kWeb01))), 0u);
  EXPECT_EQ(group_replication(kFinance), (Values{0u, 0u}));
}

TEST_F(ReplicationServiceTest, LogBasedReferencePointFlowEndToEnd) {
  const std::uint32_t log_without_replication =
      fixture_profile("doc-strict").codes.log_without_replication;
  EXPECT_EQ(code_of(create_vm_reference_point(*host, vm_path(kWeb01), kLog)),
            log_without_replication);
  ASSERT_EQ(code_of(create_relationship(*host, vm_path(kWeb01))), 0u);
  EXPECT_EQ(code_of(create_vm_reference_point(*host, vm_path(kWeb01), kLog)),
            log_without_replication)
      << "no log before StartReplication";
  ASSERT_EQ(code_of(start_replication(*host, vm_path(kWeb01))), 0u);

  const wmi::ObjectPath point = log_point(kWeb01);
  EXPECT_TRUE(has_data(point));
  const std::vector<std::byte> data(4096, std::byte{0x5A});
  ASSERT_TRUE(host->write(disk0(kWeb01), 8192, data).ok());
  EXPECT_TRUE(has_data(point));
  const wmi::ObjectPath kept = log_point(kWeb01);
  ASSERT_EQ(code_of(vm_reference_point_call(*host, "RemoveAssociatedData", point)), 0u);
  EXPECT_FALSE(has_data(point));
  EXPECT_TRUE(has_data(kept));

  // Removing the relationship drops the logs: the kept point loses its data, for good — a new
  // relationship's logs, which number their marks afresh, neither revive it nor let it release
  // one of their marks.
  ASSERT_EQ(code_of(system_call(*host, "RemoveReplicationRelationship", vm_path(kWeb01))), 0u);
  EXPECT_FALSE(has_data(kept));
  EXPECT_EQ(code_of(create_vm_reference_point(*host, vm_path(kWeb01), kLog)),
            log_without_replication);
  replicate(kWeb01);
  const wmi::ObjectPath fresh_first = log_point(kWeb01);
  ASSERT_TRUE(host->write(disk0(kWeb01), 0, data).ok());
  const wmi::ObjectPath fresh_second = log_point(kWeb01);  // where `kept` was in the old log
  ASSERT_TRUE(host->write(disk0(kWeb01), 4096, data).ok());
  EXPECT_FALSE(has_data(kept));
  EXPECT_TRUE(has_data(fresh_second));
  ASSERT_EQ(code_of(vm_reference_point_call(*host, "DestroyReferencePoint", kept)), 0u);
  // Freeing the first fresh point's records keeps those the second still needs.
  ASSERT_EQ(code_of(vm_reference_point_call(*host, "RemoveAssociatedData", fresh_first)), 0u);
  EXPECT_FALSE(has_data(fresh_first));
  EXPECT_TRUE(has_data(fresh_second));
}

TEST(ReplicationResync, CrossingTheThresholdWaitsToResynchronizeUntilResynchronize) {
  HostSetup setup;
  setup.inventory.vms[1].disks[0].size = 1 << 20;  // web-01: 1 MiB, resync beyond 512 KiB
  auto host = make_host(setup);
  ASSERT_EQ(code_of(create_relationship(*host, vm_path(kWeb01))), 0u);
  ASSERT_EQ(code_of(start_replication(*host, vm_path(kWeb01))), 0u);
  EXPECT_EQ(code_of(system_call(*host, "Resynchronize", vm_path(kWeb01))), kInvalidState)
      << "not waiting to resynchronize";
  const auto r = value_or_fail(create_vm_reference_point(*host, vm_path(kWeb01), kLog));
  ASSERT_EQ(r.return_value, 0u);
  const wmi::ObjectPath point = *out_reference(r, "ResultingReferencePoint");

  const std::vector<std::byte> block(64 << 10, std::byte{0x11});
  for (std::uint64_t offset = 0; offset < (512u << 10); offset += block.size()) {
    ASSERT_TRUE(host->write(disk0(kWeb01), offset, block).ok());
  }
  EXPECT_EQ(host->get(point)->find("HasAssociatedData")->as_bool(), true) << "at the threshold";
  EXPECT_EQ(uint_property(*host->get(relationship_path(kWeb01)), "ReplicationState"), 3u);
  ASSERT_TRUE(host->write(disk0(kWeb01), 0, std::vector<std::byte>(512)).ok());
  const wmi::Instance relationship = *host->get(relationship_path(kWeb01));
  EXPECT_EQ(uint_property(relationship, "ReplicationState"), 9u);
  EXPECT_EQ(uint_property(relationship, "ReplicationHealth"), 3u);
  EXPECT_EQ(uint_property(*host->get(vm_path(kWeb01)), "ReplicationState"), 9u);
  EXPECT_EQ(uint_property(*host->get(group_path(kFinance)), "ReplicationState"), 9u);
  EXPECT_EQ(host->get(point)->find("HasAssociatedData")->as_bool(), false);

  ASSERT_EQ(code_of(system_call(*host, "Resynchronize", vm_path(kWeb01))), 0u);
  EXPECT_EQ(uint_property(*host->get(relationship_path(kWeb01)), "ReplicationState"), 3u);
  EXPECT_EQ(uint_property(*host->get(relationship_path(kWeb01)), "ReplicationHealth"), 1u);
  EXPECT_EQ(host->get(point)->find("HasAssociatedData")->as_bool(), false)
      << "points from before the resynchronization keep no data";
  const auto after = value_or_fail(create_vm_reference_point(*host, vm_path(kWeb01), kLog));
  ASSERT_EQ(after.return_value, 0u);
  EXPECT_EQ(host->get(*out_reference(after, "ResultingReferencePoint"))
                ->find("HasAssociatedData")
                ->as_bool(),
            true);
}

TEST(ReplicationResync, HostCrashOfflineModificationAndResizeRequireResynchronization) {
  for (const std::string_view event : {"crash", "offline", "resize"}) {
    auto host = make_host();
    ASSERT_EQ(code_of(create_relationship(*host, vm_path(kWeb01))), 0u);
    ASSERT_EQ(code_of(start_replication(*host, vm_path(kWeb01))), 0u);
    const std::vector<std::byte> data(512, std::byte{1});
    const wmi::Status s = event == "crash" ? host->crash_host()
                          : event == "offline"
                              ? host->modify_offline(disk0(kWeb01), 0, data)
                              : host->resize(disk0(kWeb01), std::uint64_t{65} << 30);
    ASSERT_TRUE(s.ok()) << event << ": " << s.to_string();
    EXPECT_EQ(uint_property(*host->get(relationship_path(kWeb01)), "ReplicationState"), 9u)
        << event;
    EXPECT_EQ(code_of(system_call(*host, "Resynchronize", vm_path(kWeb01))), 0u) << event;
    EXPECT_EQ(uint_property(*host->get(relationship_path(kWeb01)), "ReplicationState"), 3u)
        << event;
  }
}

TEST(ReplicationInventory, ReplicatingVmsStartReplicating) {
  HostSetup setup;
  setup.inventory.vms[0].replicating = true;
  auto host = make_host(setup);
  const auto relationships = query_or_die(*host, kV2, "SELECT * FROM Msvm_ReplicationRelationship");
  ASSERT_EQ(relationships.size(), 1u);
  EXPECT_EQ(uint_property(relationships[0], "ReplicationState"), 3u);
  EXPECT_EQ(uint_property(*host->get(vm_path(kSql01)), "ReplicationMode"), 1u);
  EXPECT_EQ(code_of(create_relationship(*host, vm_path(kSql01))), kInvalidState);
}

TEST_F(ReplicationServiceTest, SettingsForms) {
  for (const wmi::CimValue& settings :
       {wmi::CimValue(""), wmi::CimValue(settings_xml("Msvm_ReplicationSettingData", 30)),
        wmi::CimValue("instance of Msvm_ReplicationSettingData\n{\n    ReplicationInterval = "
                      "900;\n};\n")}) {
    ASSERT_EQ(code_of(create_relationship(*host, vm_path(kWeb01), settings)), 0u);
    ASSERT_EQ(code_of(system_call(*host, "RemoveReplicationRelationship", vm_path(kWeb01))), 0u);
  }
}

TEST_F(ReplicationServiceTest, ErrorsAnswerTheirCodeAndChangeNothing) {
  const auto before = model_snapshot(*host);
  for (const std::string_view method : {"CreateReplicationRelationship", "StartReplication",
                                        "RemoveReplicationRelationship", "Resynchronize"}) {
    const auto call = [&](const wmi::CimValue& system) {
      if (method == "StartReplication") return start_replication(*host, system);
      return system_call(*host, method, system);
    };
    expect_refused(call(vm_path(kMissingId)), before, kInvalidParameter, method);
    expect_refused(call(vm_path(kHostName)), before, kInvalidParameter, method);
    expect_refused(call(wmi::CimValue::null(wmi::CimType::kReference)), before, kInvalidParameter,
                   method);
    expect_refused(call(group_path(kFinance)), before, kIncorrectType, method);
    if (method != "CreateReplicationRelationship") {
      expect_refused(call(vm_path(kWeb01)), before, kInvalidState, method);  // no relationship
    }
  }
  for (const wmi::CimValue& settings :
       {wmi::CimValue("{not settings}"), wmi::CimValue(settings_xml("Msvm_Other", 300)),
        wmi::CimValue(settings_xml("Msvm_ReplicationSettingData", 60))}) {
    expect_refused(create_relationship(*host, vm_path(kWeb01), settings), before, kInvalidParameter,
                   "settings");
  }
  expect_refused(create_relationship(*host, vm_path(kArchive01)), before, kNotSupported,
                 "configuration version 5.0");

  ASSERT_EQ(code_of(create_relationship(*host, vm_path(kWeb01))), 0u);
  const auto created = model_snapshot(*host);
  expect_refused(create_relationship(*host, vm_path(kWeb01)), created, kInvalidState, "twice");
  expect_refused(start_replication(*host, vm_path(kWeb01), 0), created, kInvalidParameter,
                 "initial type 0");
  expect_refused(start_replication(*host, vm_path(kWeb01), 4), created, kInvalidParameter,
                 "initial type 4");
  expect_refused(system_call(*host, "Resynchronize", vm_path(kWeb01)), created, kInvalidState,
                 "resynchronize before start");
  ASSERT_EQ(code_of(start_replication(*host, vm_path(kWeb01), 3)), 0u);
  const auto started = model_snapshot(*host);
  expect_refused(start_replication(*host, vm_path(kWeb01)), started, kInvalidState, "started");
  expect_refused(system_call(*host, "Resynchronize", vm_path(kWeb01)), started, kInvalidState,
                 "resynchronize not required");
}

TEST(ReplicationJobs, AsyncJobsDeliverTheRelationshipThroughAffectedJobElement) {
  auto host = make_host({.profile = fixture_profile("async-jobs")});
  const auto check_job = [&](const wmi::Result<wmi::MethodResult>& call, std::uint16_t state,
                             std::uint32_t error_code) {
    const auto r = value_or_fail(call);
    EXPECT_EQ(r.return_value, 4096u);
    const wmi::ObjectPath* job = out_reference(r, "Job");
    if (job == nullptr) {
      ADD_FAILURE() << "no Job";
      return std::vector<wmi::Instance>();
    }
    const JobTrace trace = poll_job(*host, *job);
    EXPECT_TRUE(trace.terminal());
    EXPECT_EQ(trace.state(), state);
    EXPECT_EQ(uint_property(trace.last(), "ErrorCode"), error_code);
    EXPECT_EQ(uint_property(trace.last(), "JobType"), 32768u);
    const auto owner = query_or_die(
        *host, kV2,
        "ASSOCIATORS OF {" + path_text(*job) + "} WHERE AssocClass=Msvm_OwningJobElement");
    EXPECT_EQ(owner.size(), 1u);
    if (!owner.empty()) {
      EXPECT_EQ(string_property(owner[0], "Name"), "replicasvc");
    }
    return query_or_die(
        *host, kV2,
        "ASSOCIATORS OF {" + path_text(*job) + "} WHERE AssocClass=Msvm_AffectedJobElement");
  };
  auto made = check_job(create_relationship(*host, vm_path(kWeb01)), 7, 0);
  ASSERT_EQ(made.size(), 1u);
  EXPECT_EQ(made[0].class_name(), "Msvm_ReplicationRelationship");
  EXPECT_EQ(uint_property(made[0], "ReplicationState"), 2u);
  made = check_job(start_replication(*host, vm_path(kWeb01)), 7, 0);
  ASSERT_EQ(made.size(), 1u);
  EXPECT_EQ(uint_property(made[0], "ReplicationState"), 3u);
  EXPECT_TRUE(check_job(start_replication(*host, vm_path(kWeb01)), 10, kInvalidState).empty());
  EXPECT_TRUE(
      check_job(system_call(*host, "Resynchronize", vm_path(kWeb01)), 10, kInvalidState).empty());
  check_job(system_call(*host, "RemoveReplicationRelationship", vm_path(kWeb01)), 7, 0);
  EXPECT_TRUE(query_or_die(*host, kV2, "SELECT * FROM Msvm_ReplicationRelationship").empty());
}

TEST_F(ReplicationServiceTest, TheServiceIsASingletonNamedReplicasvcInV2Only) {
  const auto services = query_or_die(*host, kV2, "SELECT * FROM Msvm_ReplicationService");
  ASSERT_EQ(services.size(), 1u);
  EXPECT_EQ(string_property(services[0], "Name"), "replicasvc");
  EXPECT_EQ(string_property(services[0], "SystemName"), kHostName);
  EXPECT_TRUE(host->get(replication_service()).ok());
  EXPECT_EQ(host->get(replication_service(kCluster)).status().kind(), wmi::StatusKind::kNotFound);
  EXPECT_EQ(host->invoke(replication_service(kCluster), "CreateReplicationRelationship",
                         {{"ComputerSystem", vm_path(kWeb01, kCluster)}})
                .status()
                .kind(),
            wmi::StatusKind::kNotFound);
}

}  // namespace
}  // namespace sim::host
