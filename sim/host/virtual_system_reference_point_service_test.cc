// Msvm_VirtualSystemReferencePointService (spec §2, §4, §6): CreateReferencePoint on the small
// inventory's VMs — an RCT-based point with one sealed RCT id per disk in parallel
// VirtualDiskIdentifiers / ResilientChangeTrackingIdentifiers, reached from the VM through
// Msvm_ReferencePointOfVirtualSystem; a log-based point on a replicating VM; the accepted settings
// forms; every error case with its profile code and no partial state — then DestroyReferencePoint
// and RemoveAssociatedData (Hyper-V family), delivery through jobs (JobTypes 201, 202, 204), and
// the service's absence from root/HyperVCluster/v2.
#include <gtest/gtest.h>

#include <regex>

#include "sim/host/dispatcher.h"
#include "sim/host/host_test_support.h"
#include "wmi/cim/cim_name.h"

namespace sim::host {
namespace {

using namespace test;

constexpr std::uint16_t kRct = 1;  // doc-strict: vs_reference_point.type_encoding log0-rct1
constexpr std::uint16_t kLog = 0;

const std::regex kRctIdShape(
    "rctX:[0-9a-f]{8}:[0-9a-f]{4}:[0-9a-f]{4}:[0-9a-f]{4}:[0-9a-f]{12}:[0-9A-Fa-f]{8}");

std::string settings_xml(std::string_view class_name, int level) {
  return "<INSTANCE CLASSNAME=\"" + std::string(class_name) +
         "\"><PROPERTY NAME=\"ConsistencyLevel\" TYPE=\"uint8\"><VALUE>" + std::to_string(level) +
         "</VALUE></PROPERTY></INSTANCE>";
}
std::string vs_settings_xml(int level) {
  return settings_xml("Msvm_VirtualSystemReferencePointSettingData", level);
}
std::string vs_settings_mof(int level) {
  return "instance of Msvm_VirtualSystemReferencePointSettingData\n{\n    ConsistencyLevel = " +
         std::to_string(level) + ";\n};\n";
}

wmi::ObjectPath vm_point_path(std::string_view instance_id, std::string_view vm) {
  wmi::ObjectPath p;
  p.namespace_name = std::string(kV2);
  p.class_name = "Msvm_VirtualSystemReferencePoint";
  p.keys = {{"InstanceID", std::string(instance_id)}, {"VirtualSystemIdentifier", std::string(vm)}};
  return p;
}

HostSetup replicating_setup() {
  HostSetup setup;
  for (auto& vm : setup.inventory.vms) vm.replicating = true;
  return setup;
}

class VsReferencePointTest : public ::testing::Test {
 protected:
  std::unique_ptr<Host> host = make_host();

  std::vector<wmi::Instance> points_of(std::string_view vm) {
    return query_or_die(*host, kV2,
                        "ASSOCIATORS OF {" + path_text(vm_path(vm)) +
                            "} WHERE AssocClass=Msvm_ReferencePointOfVirtualSystem");
  }
  std::vector<std::string> disk_ids_of(std::string_view vm) {
    std::vector<std::string> out;
    for (const auto& sasd :
         query_or_die(*host, kV2, "SELECT * FROM Msvm_StorageAllocationSettingData")) {
      const std::string id = string_property(sasd, "InstanceID");
      if (id.find(std::string(vm)) != std::string::npos) out.push_back(id);
    }
    return out;
  }
  // Creates on `vm` and expects an immediate 0 with a resolvable result.
  wmi::ObjectPath create_ok(std::string_view vm, std::uint16_t type = kRct,
                            wmi::CimValue settings = "") {
    const auto r = value_or_fail(create_vm_reference_point(*host, vm_path(vm), type, settings));
    EXPECT_EQ(r.return_value, 0u);
    EXPECT_EQ(out_reference(r, "Job"), nullptr);
    const wmi::ObjectPath* out = out_reference(r, "ResultingReferencePoint");
    if (out == nullptr) {
      ADD_FAILURE() << "no ResultingReferencePoint";
      return {};
    }
    return *out;
  }
  wmi::Instance get_ok(const wmi::ObjectPath& path) {
    auto instance = host->get(path);
    if (!instance.ok()) {
      ADD_FAILURE() << path_text(path) << ": " << instance.status().to_string();
      return wmi::Instance();
    }
    return *instance;
  }
  void expect_create_code(const wmi::CimValue& system, std::uint16_t type,
                          const wmi::CimValue& settings, std::uint32_t code) {
    const auto before = model_snapshot(*host);
    const auto r = value_or_fail(create_vm_reference_point(*host, system, type, settings));
    EXPECT_EQ(r.return_value, code) << "type " << type;
    EXPECT_EQ(out_reference(r, "ResultingReferencePoint"), nullptr);
    EXPECT_EQ(out_reference(r, "Job"), nullptr);
    EXPECT_EQ(snapshot_diff(before, model_snapshot(*host)), "");
  }
  void expect_point_call_code(std::string_view method, const wmi::CimValue& point,
                              std::uint32_t code) {
    const auto before = model_snapshot(*host);
    const auto r = value_or_fail(vm_reference_point_call(*host, method, point));
    EXPECT_EQ(r.return_value, code) << method;
    EXPECT_EQ(out_reference(r, "Job"), nullptr);
    EXPECT_EQ(snapshot_diff(before, model_snapshot(*host)), "") << method;
  }
};

TEST_F(VsReferencePointTest, RctPointSealsEveryDiskOfTheVm) {
  const auto before = model_snapshot(*host);
  const wmi::ObjectPath result = create_ok(kSql01);
  EXPECT_EQ(result.class_name, "Msvm_VirtualSystemReferencePoint");
  ASSERT_EQ(result.keys.size(), 2u) << "keys only";
  EXPECT_EQ(std::get<std::string>(*result.key("VirtualSystemIdentifier")), kSql01);

  const wmi::Instance point = get_ok(result);
  EXPECT_EQ(uint_property(point, "ReferencePointType"), 2u) << "the instance says 2 for RCT";
  EXPECT_EQ(uint_property(point, "ConsistencyLevel"), 1u);
  EXPECT_EQ(point.find("HasAssociatedData")->as_bool(), false);
  const auto disks = string_array_property(point, "VirtualDiskIdentifiers");
  const auto rct = string_array_property(point, "ResilientChangeTrackingIdentifiers");
  EXPECT_EQ(disks, disk_ids_of(kSql01));
  ASSERT_EQ(disks.size(), 2u);
  ASSERT_EQ(rct.size(), disks.size()) << "parallel arrays";
  EXPECT_NE(rct[0], rct[1]) << "one id per disk";
  for (const std::string& id : rct) {
    EXPECT_TRUE(std::regex_match(id, kRctIdShape)) << id;
  }

  // Reached from the VM; not part of any group point; nothing else changed.
  const auto of_vm = points_of(kSql01);
  ASSERT_EQ(of_vm.size(), 1u);
  EXPECT_EQ(of_vm[0], point);
  EXPECT_TRUE(points_of(kWeb01).empty());
  EXPECT_TRUE(query_or_die(*host, kV2, "SELECT * FROM Msvm_CollectedReferencePoints").empty());
  EXPECT_TRUE(query_or_die(*host, kV2, "SELECT * FROM Msvm_ReferencePointCollection").empty());
  const auto after = model_snapshot(*host);
  EXPECT_EQ(after.size(), before.size() + 2) << "the point and its association\n"
                                             << snapshot_diff(before, after);
}

TEST_F(VsReferencePointTest, EachPointSealsANewRctIdPerDisk) {
  const auto first = get_ok(create_ok(kWeb01));
  const auto second = get_ok(create_ok(kWeb01));
  const auto a = string_array_property(first, "ResilientChangeTrackingIdentifiers");
  const auto b = string_array_property(second, "ResilientChangeTrackingIdentifiers");
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_NE(a[0], b[0]);
  EXPECT_EQ(a[0].substr(0, 42), b[0].substr(0, 42)) << "same tracking session";
  EXPECT_LT(a[0].substr(42), b[0].substr(42)) << "later sequence";
  EXPECT_EQ(points_of(kWeb01).size(), 2u);
}

// ResultingReferencePoint is [in, out]: a value given in is accepted and replaced.
TEST_F(VsReferencePointTest, InOutResultIsReplaced) {
  const wmi::ObjectPath given = vm_point_path("Microsoft:" + std::string(kMissingId), kWeb01);
  const auto r = value_or_fail(host->invoke(vsrp_service(), "CreateReferencePoint",
                                            {{"AffectedSystem", vm_path(kWeb01)},
                                             {"ReferencePointType", kRct},
                                             {"ResultingReferencePoint", given}}));
  ASSERT_EQ(r.return_value, 0u);
  const wmi::ObjectPath* out = out_reference(r, "ResultingReferencePoint");
  ASSERT_NE(out, nullptr);
  EXPECT_FALSE(wmi::same_instance(*out, given));
  EXPECT_TRUE(host->get(*out).ok());
}

TEST_F(VsReferencePointTest, SettingsFormsAreAcceptedAndCarryTheConsistency) {
  const auto embedded = wmi::Instance("Msvm_VirtualSystemReferencePointSettingData", "",
                                      {{"ConsistencyLevel", std::uint8_t{2}}});
  const std::pair<wmi::CimValue, std::uint64_t> cases[] = {
      {"", 1},
      {wmi::CimValue::null(wmi::CimType::kString), 1},
      {vs_settings_xml(0), 1},
      {vs_settings_xml(1), 1},
      {vs_settings_xml(2), 2},
      {vs_settings_mof(2), 2},
      {vs_settings_mof(1), 1},
      {wmi::CimValue(wmi::EmbeddedInstance{std::make_shared<const wmi::Instance>(embedded)}), 2},
  };
  for (const auto& [settings, level] : cases) {
    EXPECT_EQ(uint_property(get_ok(create_ok(kWeb01, kRct, settings)), "ConsistencyLevel"), level);
  }
}

TEST_F(VsReferencePointTest, MalformedSettingsAreInvalidParameter) {
  for (const wmi::CimValue& bad : {
           wmi::CimValue("garbage"),
           // The group method's setting data is not this method's.
           wmi::CimValue(settings_xml("Msvm_CollectionReferencePointSettingData", 1)),
           wmi::CimValue(vs_settings_xml(3)),
           wmi::CimValue("<INSTANCE CLASSNAME=\"Msvm_VirtualSystemReferencePointSettingData\">"),
       }) {
    expect_create_code(vm_path(kWeb01), kRct, bad, 4);
  }
}

TEST_F(VsReferencePointTest, AffectedSystemErrors) {
  // Names no VM: a missing VM, null, the host itself → invalid parameter.
  expect_create_code(vm_path(kMissingId), kRct, "", 4);
  expect_create_code(wmi::CimValue::null(wmi::CimType::kReference), kRct, "", 4);
  expect_create_code(vm_path(kHostName), kRct, "", 4);
  // Another class → invalid type.
  expect_create_code(group_path(kFinance), kRct, "", 6);
  expect_create_code(vm_point_path("Microsoft:x", kWeb01), kRct, "", 6);
}

TEST_F(VsReferencePointTest, Archive01ConfigurationVersionAndVhdDisk) {
  // archive-01 as shipped: configuration 5.0 (below 6.2) → 1.
  expect_create_code(vm_path(kArchive01), kRct, "", 1);
  // Upgraded, its VHD disk still rules out RCT → 1 (vhd_disk; distinct codes in
  // profile_keys_test tell the two apart).
  HostSetup setup;
  for (auto& vm : setup.inventory.vms) {
    if (vm.guid == kArchive01) vm.configuration_version = {9, 0};
  }
  host = make_host(std::move(setup));
  expect_create_code(vm_path(kArchive01), kRct, "", 1);
}

TEST_F(VsReferencePointTest, LogBasedWithoutReplicationIsInvalidState) {
  expect_create_code(vm_path(kSql01), kLog, "", 5);
}

TEST_F(VsReferencePointTest, TypeDomainUnderDocStrict) {
  // log0-rct1: 0 log, 1 RCT; 2..32767 reserved, 32768.. vendor specific.
  for (std::uint16_t reserved : {2, 3, 100, 4096, 32767}) {
    expect_create_code(vm_path(kWeb01), reserved, "", 4);
  }
  for (std::uint16_t vendor : {32768, 40000, 65535}) {
    expect_create_code(vm_path(kWeb01), vendor, "", 1);
  }
  // A call without ReferencePointType asks for nothing known.
  const auto before = model_snapshot(*host);
  const auto r = value_or_fail(
      host->invoke(vsrp_service(), "CreateReferencePoint", {{"AffectedSystem", vm_path(kWeb01)}}));
  EXPECT_EQ(r.return_value, 4u);
  EXPECT_EQ(snapshot_diff(before, model_snapshot(*host)), "");
}

TEST_F(VsReferencePointTest, LimitCountsEveryPointTheVmHolds) {
  control::Profile profile = fixture_profile("doc-strict");
  profile.reference_point_limit_per_vm = 2;
  host = make_host({.profile = profile});
  create_ok(kWeb01);
  // A group point on Finance gives web-01 its second point.
  ASSERT_EQ(value_or_fail(create_reference_point(*host, group_path(kFinance))).return_value, 0u);
  expect_create_code(vm_path(kWeb01), kRct, "", 5);
  create_ok(kSql01);  // sql-01 holds one (the group's): room for one more
  expect_create_code(vm_path(kSql01), kRct, "", 5);
}

TEST(VsReferencePointLog, LogBasedPointAndRemoveAssociatedData) {
  auto host = make_host(replicating_setup());
  const auto r = value_or_fail(create_vm_reference_point(*host, vm_path(kSql01), kLog));
  ASSERT_EQ(r.return_value, 0u);
  const wmi::ObjectPath point = *out_reference(r, "ResultingReferencePoint");
  auto instance = host->get(point);
  ASSERT_TRUE(instance.ok());
  EXPECT_EQ(uint_property(*instance, "ReferencePointType"), 1u);
  EXPECT_EQ(instance->find("HasAssociatedData")->as_bool(), true);
  EXPECT_TRUE(instance->find("ResilientChangeTrackingIdentifiers")->is_null());
  EXPECT_EQ(string_array_property(*instance, "VirtualDiskIdentifiers").size(), 2u);

  const auto removed = value_or_fail(vm_reference_point_call(*host, "RemoveAssociatedData", point));
  EXPECT_EQ(removed.return_value, 0u);
  EXPECT_EQ(out_reference(removed, "Job"), nullptr);
  EXPECT_EQ(host->get(point)->find("HasAssociatedData")->as_bool(), false);
  // Only that point lost its data.
  const auto other = value_or_fail(create_vm_reference_point(*host, vm_path(kWeb01), kLog));
  ASSERT_EQ(other.return_value, 0u);
  EXPECT_EQ(host->get(*out_reference(other, "ResultingReferencePoint"))
                ->find("HasAssociatedData")
                ->as_bool(),
            true);
}

TEST_F(VsReferencePointTest, RemoveAssociatedDataOnAnRctPointChangesNothing) {
  const auto point = create_ok(kWeb01);
  expect_point_call_code("RemoveAssociatedData", point, 0);
}

TEST(VsReferencePointState, DestroyRemovesThePointItsAssociationAndItsRctIds) {
  auto state = make_state();
  auto invoke = [&](std::string_view method, wmi::PropertyList in) {
    auto r = dispatch_invoke(*state, vsrp_service(), method, in);
    EXPECT_TRUE(r.ok()) << r.status().to_string();
    return r.ok() ? *r : wmi::MethodResult{kNoResult, {}};
  };
  const auto created = invoke("CreateReferencePoint",
                              {{"AffectedSystem", vm_path(kSql01)}, {"ReferencePointType", kRct}});
  ASSERT_EQ(created.return_value, 0u);
  const wmi::ObjectPath point = *out_reference(created, "ResultingReferencePoint");
  std::vector<std::pair<VmDisk*, std::string>> sealed;
  {
    const auto instance = dispatch_get(*state, point);
    ASSERT_TRUE(instance.ok());
    const auto disks = string_array_property(*instance, "VirtualDiskIdentifiers");
    const auto ids = string_array_property(*instance, "ResilientChangeTrackingIdentifiers");
    ASSERT_EQ(disks.size(), 2u);
    for (std::size_t i = 0; i < disks.size(); ++i) {
      VmDisk* disk = state->find_disk(disks[i]);
      ASSERT_NE(disk, nullptr);
      ASSERT_TRUE(disk->disk->change_tracker().query_changes(ids[i], 0, 4096, 1).ok());
      sealed.emplace_back(disk, ids[i]);
    }
  }
  const auto destroyed = invoke("DestroyReferencePoint", {{"AffectedReferencePoint", point}});
  EXPECT_EQ(destroyed.return_value, 0u);
  EXPECT_EQ(dispatch_get(*state, point).status().kind(), wmi::StatusKind::kNotFound);
  auto links = dispatch_query(*state, kV2, "SELECT * FROM Msvm_ReferencePointOfVirtualSystem");
  ASSERT_TRUE(links.ok());
  EXPECT_TRUE(links->empty());
  for (const auto& [disk, id] : sealed) {
    EXPECT_FALSE(disk->disk->change_tracker().query_changes(id, 0, 4096, 1).ok())
        << id << " is forgotten";
  }
}

TEST_F(VsReferencePointTest, DestroyLeavesTheModelAsBeforeTheCreate) {
  const auto before = model_snapshot(*host);
  const auto point = create_ok(kSql01);
  const auto kept = create_ok(kWeb01);
  const auto r = value_or_fail(vm_reference_point_call(*host, "DestroyReferencePoint", point));
  EXPECT_EQ(r.return_value, 0u);
  EXPECT_EQ(out_reference(r, "Job"), nullptr);
  ASSERT_EQ(
      value_or_fail(vm_reference_point_call(*host, "DestroyReferencePoint", kept)).return_value,
      0u);
  EXPECT_EQ(snapshot_diff(before, model_snapshot(*host)), "");
}

TEST_F(VsReferencePointTest, DestroyingAGroupMemberLeavesTheGroupPointItsOtherMembers) {
  const auto r = value_or_fail(create_reference_point(*host, group_path(kFinance)));
  ASSERT_EQ(r.return_value, 0u);
  const wmi::ObjectPath rpc = *out_reference(r, "ResultingReferencePointCollection");
  const auto sql_points = points_of(kSql01);
  ASSERT_EQ(sql_points.size(), 1u);
  ASSERT_EQ(
      value_or_fail(vm_reference_point_call(*host, "DestroyReferencePoint", *sql_points[0].path()))
          .return_value,
      0u);
  EXPECT_TRUE(host->get(rpc).ok());
  const auto members = query_or_die(
      *host, kV2,
      "ASSOCIATORS OF {" + path_text(rpc) + "} WHERE AssocClass=Msvm_CollectedReferencePoints");
  ASSERT_EQ(members.size(), 1u);
  EXPECT_EQ(string_property(members[0], "VirtualSystemIdentifier"), kWeb01);
  // Destroying the group point then takes the remaining member with it.
  ASSERT_EQ(value_or_fail(destroy_reference_point(*host, rpc)).return_value, 0u);
  EXPECT_TRUE(query_or_die(*host, kV2, "SELECT * FROM Msvm_VirtualSystemReferencePoint").empty());
}

TEST_F(VsReferencePointTest, MissingOrWrongPointIsHyperVInvalidParameter) {
  const auto point = create_ok(kWeb01);
  const std::string id = std::get<std::string>(*point.key("InstanceID"));
  for (std::string_view method : {"DestroyReferencePoint", "RemoveAssociatedData"}) {
    for (const wmi::CimValue& bad : {
             wmi::CimValue(vm_point_path("Microsoft:" + std::string(kMissingId), kWeb01)),
             // The right InstanceID under another VM: not this instance.
             wmi::CimValue(vm_point_path(id, kSql01)),
             wmi::CimValue(vm_path(kWeb01)),
             wmi::CimValue(rpc_path(kMissingId, kFinance)),
             wmi::CimValue::null(wmi::CimType::kReference),
         }) {
      expect_point_call_code(method, bad, 32773);
    }
  }
  ASSERT_EQ(
      value_or_fail(vm_reference_point_call(*host, "DestroyReferencePoint", point)).return_value,
      0u);
  expect_point_call_code("DestroyReferencePoint", point, 32773);
  expect_point_call_code("RemoveAssociatedData", point, 32773);
}

TEST(VsReferencePointJobs, AsyncJobsDeliverResultsAndErrorsThroughJobsOfTheirType) {
  auto host = make_host({.profile = fixture_profile("async-jobs")});
  const auto created = value_or_fail(create_vm_reference_point(*host, vm_path(kWeb01)));
  ASSERT_EQ(created.return_value, 4096u);
  EXPECT_EQ(out_reference(created, "ResultingReferencePoint"), nullptr);
  const wmi::ObjectPath job = *out_reference(created, "Job");
  const JobTrace trace = poll_job(*host, job);
  ASSERT_TRUE(trace.terminal());
  EXPECT_EQ(trace.state(), 7u);
  EXPECT_EQ(uint_property(trace.last(), "JobType"), 201u);
  const auto made = query_or_die(
      *host, kV2,
      "ASSOCIATORS OF {" + path_text(job) + "} WHERE AssocClass=Msvm_AffectedJobElement");
  ASSERT_EQ(made.size(), 1u);
  EXPECT_EQ(made[0].class_name(), "Msvm_VirtualSystemReferencePoint");
  const wmi::ObjectPath point = *made[0].path();
  EXPECT_EQ(query_or_die(
                *host, kV2,
                "ASSOCIATORS OF {" + path_text(job) + "} WHERE AssocClass=Msvm_OwningJobElement")[0]
                .class_name(),
            "Msvm_VirtualSystemReferencePointService");

  // An error: 4096 and a failed job with the code; no point.
  const auto before = query_or_die(*host, kV2, "SELECT * FROM Msvm_VirtualSystemReferencePoint");
  const auto failed = value_or_fail(create_vm_reference_point(*host, vm_path(kWeb01), kLog));
  ASSERT_EQ(failed.return_value, 4096u);
  const JobTrace failed_trace = poll_job(*host, *out_reference(failed, "Job"));
  EXPECT_EQ(failed_trace.state(), 10u);
  EXPECT_EQ(uint_property(failed_trace.last(), "ErrorCode"), 5u);
  EXPECT_EQ(uint_property(failed_trace.last(), "JobType"), 201u);
  EXPECT_EQ(query_or_die(*host, kV2, "SELECT * FROM Msvm_VirtualSystemReferencePoint"), before);

  for (const auto& [method, job_type] :
       {std::pair{"RemoveAssociatedData", 204u}, std::pair{"DestroyReferencePoint", 202u}}) {
    const auto r = value_or_fail(vm_reference_point_call(*host, method, point));
    ASSERT_EQ(r.return_value, 4096u) << method;
    const JobTrace t = poll_job(*host, *out_reference(r, "Job"));
    EXPECT_EQ(t.state(), 7u) << method;
    EXPECT_EQ(uint_property(t.last(), "JobType"), job_type) << method;
  }
  EXPECT_EQ(host->get(point).status().kind(), wmi::StatusKind::kNotFound);
  // A Hyper-V-family error through a failed job.
  const auto again = value_or_fail(vm_reference_point_call(*host, "DestroyReferencePoint", point));
  ASSERT_EQ(again.return_value, 4096u);
  const JobTrace again_trace = poll_job(*host, *out_reference(again, "Job"));
  EXPECT_EQ(again_trace.state(), 10u);
  EXPECT_EQ(uint_property(again_trace.last(), "ErrorCode"), 32773u);
  EXPECT_EQ(uint_property(again_trace.last(), "JobType"), 202u);
}

TEST_F(VsReferencePointTest, TheServiceIsASingletonInV2Only) {
  const auto services =
      query_or_die(*host, kV2, "SELECT * FROM Msvm_VirtualSystemReferencePointService");
  ASSERT_EQ(services.size(), 1u);
  EXPECT_EQ(string_property(services[0], "Name"), "vmms");
  EXPECT_EQ(string_property(services[0], "SystemName"), kHostName);
  EXPECT_TRUE(host->get(vsrp_service()).ok());

  auto q = host->query(kCluster, "SELECT * FROM Msvm_VirtualSystemReferencePointService");
  ASSERT_FALSE(q.ok());
  EXPECT_EQ(q.status().kind(), wmi::StatusKind::kInvalidArgument);
  EXPECT_EQ(host->get(vsrp_service(kCluster)).status().kind(), wmi::StatusKind::kNotFound);
  const auto before = model_snapshot(*host);
  EXPECT_EQ(create_vm_reference_point(*host, vm_path(kWeb01, kCluster), kRct, "", kCluster)
                .status()
                .kind(),
            wmi::StatusKind::kNotFound);
  EXPECT_EQ(snapshot_diff(before, model_snapshot(*host)), "");
  for (const auto& service : query_or_die(*host, kCluster, "SELECT * FROM CIM_Service")) {
    EXPECT_FALSE(wmi::iequals(service.class_name(), "Msvm_VirtualSystemReferencePointService"));
  }
}

}  // namespace
}  // namespace sim::host
