// Msvm_CollectionReferencePointService (spec §1, §3, §4): CreateReferencePoint on the small
// inventory's groups — one Msvm_VirtualSystemReferencePoint per member with parallel
// VirtualDiskIdentifiers / ResilientChangeTrackingIdentifiers, the associations that reach them,
// the accepted settings forms, every error case with its profile code and no partial state —
// then DestroyReferencePoint and RemoveAssociatedData.
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <set>

#include "sim/host/host_test_support.h"
#include "wmi/cim/cim_name.h"

namespace sim::host {
namespace {

using namespace test;

const std::regex kRctIdShape(
    "rctX:[0-9a-f]{8}:[0-9a-f]{4}:[0-9a-f]{4}:[0-9a-f]{4}:[0-9a-f]{12}:[0-9A-Fa-f]{8}");

std::string cim_xml_settings(int level) {
  return "<INSTANCE CLASSNAME=\"Msvm_CollectionReferencePointSettingData\"><PROPERTY "
         "NAME=\"ConsistencyLevel\" TYPE=\"uint8\"><VALUE>" +
         std::to_string(level) + "</VALUE></PROPERTY></INSTANCE>";
}
std::string mof_settings(int level) {
  return "instance of Msvm_CollectionReferencePointSettingData\n{\n    ConsistencyLevel = " +
         std::to_string(level) + ";\n};\n";
}

class CreateReferencePointTest : public ::testing::Test {
 protected:
  std::unique_ptr<Host> host = make_host();

  // The per-VM points of a group point, through Msvm_CollectedReferencePoints.
  std::vector<wmi::Instance> members_of(const wmi::ObjectPath& rpc) {
    return query_or_die(
        *host, kV2,
        "ASSOCIATORS OF {" + path_text(rpc) + "} WHERE AssocClass=Msvm_CollectedReferencePoints");
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
  // Creates on `group` and expects an immediate 0 with a resolvable result.
  wmi::ObjectPath create_ok(std::string_view group, std::uint16_t type = 2,
                            wmi::CimValue settings = "") {
    const auto r = value_or_fail(create_reference_point(*host, group_path(group), type, settings));
    EXPECT_EQ(r.return_value, 0u);
    const wmi::ObjectPath* out = out_reference(r, "ResultingReferencePointCollection");
    if (out == nullptr) {
      ADD_FAILURE() << "no ResultingReferencePointCollection";
      return {};
    }
    return *out;
  }
  void expect_code_and_no_change(const wmi::ObjectPath& collection, std::uint16_t type,
                                 const wmi::CimValue& settings, std::uint32_t code) {
    const auto before = model_snapshot(*host);
    const auto r = value_or_fail(create_reference_point(*host, collection, type, settings));
    EXPECT_EQ(r.return_value, code) << path_text(collection) << " type " << type;
    EXPECT_EQ(out_reference(r, "ResultingReferencePointCollection"), nullptr);
    EXPECT_EQ(out_reference(r, "Job"), nullptr);
    EXPECT_EQ(snapshot_diff(before, model_snapshot(*host)), "");
  }
};

TEST_F(CreateReferencePointTest, RctOnFinanceGivesOnePointPerMember) {
  const auto r = value_or_fail(create_reference_point(*host, group_path(kFinance)));
  ASSERT_EQ(r.return_value, 0u);
  // Immediate success: no job; the out-reference carries exactly the class's keys.
  EXPECT_EQ(out_reference(r, "Job"), nullptr);
  const wmi::ObjectPath* rpc = out_reference(r, "ResultingReferencePointCollection");
  ASSERT_NE(rpc, nullptr);
  EXPECT_EQ(rpc->class_name, "Msvm_ReferencePointCollection");
  ASSERT_EQ(rpc->keys.size(), 2u);
  ASSERT_NE(rpc->key("CollectionID"), nullptr);
  ASSERT_NE(rpc->key("VirtualSystemCollectionId"), nullptr);
  EXPECT_EQ(std::get<std::string>(*rpc->key("VirtualSystemCollectionId")), kFinance);

  auto instance = host->get(*rpc);
  ASSERT_TRUE(instance.ok()) << instance.status().to_string();
  EXPECT_EQ(uint_property(*instance, "ReferencePointType"), 2u);
  EXPECT_EQ(instance->find("HasAssociatedLog")->as_bool(), false);

  const auto points = members_of(*rpc);
  ASSERT_EQ(points.size(), 2u);
  std::set<std::string> vms;
  std::set<std::string> all_rct_ids;
  for (const wmi::Instance& point : points) {
    const std::string vm = string_property(point, "VirtualSystemIdentifier");
    vms.insert(vm);
    EXPECT_EQ(uint_property(point, "ReferencePointType"), 2u);
    EXPECT_NE(string_property(point, "InstanceID").find('-'), std::string::npos);
    const auto disks = string_array_property(point, "VirtualDiskIdentifiers");
    const auto rct = string_array_property(point, "ResilientChangeTrackingIdentifiers");
    EXPECT_EQ(disks, disk_ids_of(vm)) << vm;
    ASSERT_EQ(rct.size(), disks.size()) << "parallel arrays";
    for (const std::string& id : rct) {
      EXPECT_TRUE(std::regex_match(id, kRctIdShape)) << id;
      EXPECT_LE(id.size(), 256u);
      all_rct_ids.insert(id);
    }
    // The VM reaches its point through Msvm_ReferencePointOfVirtualSystem.
    const auto of_vm = query_or_die(*host, kV2,
                                    "ASSOCIATORS OF {" + path_text(vm_path(vm)) +
                                        "} WHERE AssocClass=Msvm_ReferencePointOfVirtualSystem");
    ASSERT_EQ(of_vm.size(), 1u);
    EXPECT_EQ(of_vm[0], point);
  }
  EXPECT_EQ(vms, (std::set<std::string>{std::string(kSql01), std::string(kWeb01)}));
  EXPECT_EQ(all_rct_ids.size(), 3u) << "sql-01 has 2 disks, web-01 1: ids are per disk";

  // The group reaches its point through Msvm_ReferencePointOfVirtualSystemCollection.
  const auto of_group =
      query_or_die(*host, kV2,
                   "ASSOCIATORS OF {" + path_text(group_path(kFinance)) +
                       "} WHERE AssocClass=Msvm_ReferencePointOfVirtualSystemCollection");
  ASSERT_EQ(of_group.size(), 1u);
  EXPECT_EQ(of_group[0], *instance);
}

// ResultingReferencePointCollection is [in, out]: a value given in is accepted and replaced.
TEST_F(CreateReferencePointTest, InOutResultIsReplaced) {
  const wmi::ObjectPath given = rpc_path(kMissingId, kFinance);
  const auto r = value_or_fail(host->invoke(crp_service(), "CreateReferencePoint",
                                            {{"Collection", group_path(kFinance)},
                                             {"ReferencePointType", std::uint16_t{2}},
                                             {"ResultingReferencePointCollection", given}}));
  ASSERT_EQ(r.return_value, 0u);
  const wmi::ObjectPath* out = out_reference(r, "ResultingReferencePointCollection");
  ASSERT_NE(out, nullptr);
  EXPECT_FALSE(wmi::same_instance(*out, given));
  EXPECT_TRUE(host->get(*out).ok());
}

TEST_F(CreateReferencePointTest, EachPointSealsANewRctIdPerDisk) {
  const auto first = create_ok(kFinance);
  const auto second = create_ok(kFinance);
  ASSERT_FALSE(wmi::same_instance(first, second));
  std::map<std::string, std::vector<std::string>> ids;  // disk -> ids in order
  for (const auto& rpc : {first, second}) {
    for (const auto& point : members_of(rpc)) {
      const auto disks = string_array_property(point, "VirtualDiskIdentifiers");
      const auto rct = string_array_property(point, "ResilientChangeTrackingIdentifiers");
      for (std::size_t i = 0; i < disks.size(); ++i) ids[disks[i]].push_back(rct[i]);
    }
  }
  ASSERT_EQ(ids.size(), 3u);
  for (const auto& [disk, list] : ids) {
    ASSERT_EQ(list.size(), 2u);
    EXPECT_NE(list[0], list[1]) << disk;
    // Same tracking session (prefix), later sequence.
    EXPECT_EQ(list[0].substr(0, 42), list[1].substr(0, 42)) << disk;
    EXPECT_LT(list[0].substr(42), list[1].substr(42)) << disk;
  }
}

TEST_F(CreateReferencePointTest, SettingsFormsAreAcceptedAndCarryTheConsistency) {
  struct Case {
    wmi::CimValue settings;
    std::uint16_t vm_level;   // Msvm_VirtualSystemReferencePoint: 1 app, 2 crash
    std::uint16_t rpc_level;  // doc-strict crash1-app2
  };
  auto embedded = wmi::Instance("Msvm_CollectionReferencePointSettingData", "",
                                {{"ConsistencyLevel", std::uint8_t{2}}});
  const Case cases[] = {
      {"", 1, 2},
      {wmi::CimValue::null(wmi::CimType::kString), 1, 2},
      {"   ", 1, 2},
      {cim_xml_settings(1), 1, 2},
      {cim_xml_settings(2), 2, 1},
      {cim_xml_settings(0), 1, 2},
      {mof_settings(2), 2, 1},
      {mof_settings(1), 1, 2},
      {wmi::CimValue(wmi::EmbeddedInstance{std::make_shared<const wmi::Instance>(embedded)}), 2, 1},
  };
  for (const Case& c : cases) {
    const auto rpc = create_ok(kFinance, 2, c.settings);
    auto instance = host->get(rpc);
    ASSERT_TRUE(instance.ok());
    EXPECT_EQ(uint_property(*instance, "ConsistencyLevel"), c.rpc_level);
    for (const auto& point : members_of(rpc)) {
      EXPECT_EQ(uint_property(point, "ConsistencyLevel"), c.vm_level);
    }
  }
}

TEST_F(CreateReferencePointTest, MalformedSettingsAreInvalidParameter) {
  for (const wmi::CimValue& bad : {
           wmi::CimValue("garbage"),
           wmi::CimValue("<INSTANCE CLASSNAME=\"Msvm_SomethingElse\"/>"),
           wmi::CimValue(cim_xml_settings(3)),
           wmi::CimValue("instance of Msvm_CollectionReferencePointSettingData { ConsistencyLevel "
                         "= \"high\"; };"),
           wmi::CimValue("<INSTANCE CLASSNAME=\"Msvm_CollectionReferencePointSettingData\">"),
       }) {
    expect_code_and_no_change(group_path(kFinance), 2, bad, 4);
  }
}

TEST_F(CreateReferencePointTest, CollectionErrors) {
  // Missing, null, a management collection, a VM-group reference naming a group of groups.
  expect_code_and_no_change(group_path(kMissingId), 2, "", 4);
  expect_code_and_no_change(management_path(kProduction), 2, "", 6);
  expect_code_and_no_change(group_path(kProduction), 2, "", 6);
  expect_code_and_no_change(vm_path(kSql01), 2, "", 6);
  const auto before = model_snapshot(*host);
  const auto r = value_or_fail(host->invoke(crp_service(), "CreateReferencePoint",
                                            {{"ReferencePointType", std::uint16_t{2}}}));
  EXPECT_EQ(r.return_value, 4u);
  EXPECT_EQ(snapshot_diff(before, model_snapshot(*host)), "");
}

TEST_F(CreateReferencePointTest, EmptyGroupIsInvalidState) {
  const auto defined = value_or_fail(define_collection(*host, "Empty", "", 0));
  ASSERT_EQ(defined.return_value, 0u);
  const wmi::ObjectPath* group = out_reference(defined, "DefinedCollection");
  ASSERT_NE(group, nullptr);
  expect_code_and_no_change(*group, 2, "", 5);
}

TEST_F(CreateReferencePointTest, Archive01InAGroupLeavesNothingOnAnyMember) {
  // archive-01: configuration 5.0 (below 6.2) and a VHD disk: code 1 under doc-strict; nothing
  // is left on sql-01/web-01 either. A log-based point fails on sql-01 first (not replicating).
  ASSERT_EQ(
      value_or_fail(member_call(*host, "AddMember", vm_path(kArchive01), group_path(kFinance)))
          .return_value,
      0u);
  expect_code_and_no_change(group_path(kFinance), 2, "", 1);
  expect_code_and_no_change(group_path(kFinance), 1, "", 5);
}

TEST_F(CreateReferencePointTest, LogBasedWithoutReplicationIsInvalidState) {
  expect_code_and_no_change(group_path(kFinance), 1, "", 5);
}

TEST_F(CreateReferencePointTest, TypeDomainUnderDocStrict) {
  expect_code_and_no_change(group_path(kFinance), 0, "", 4);
  for (std::uint16_t reserved : {3, 4, 100, 4096, 32767}) {
    expect_code_and_no_change(group_path(kFinance), reserved, "", 4);
  }
  for (std::uint16_t vendor : {32768, 40000, 65535}) {
    expect_code_and_no_change(group_path(kFinance), vendor, "", 1);
  }
}

TEST_F(CreateReferencePointTest, WorksInTheClusterNamespace) {
  const auto r =
      value_or_fail(create_reference_point(*host, group_path(kFinance, kCluster), 2, "", kCluster));
  ASSERT_EQ(r.return_value, 0u);
  const wmi::ObjectPath* rpc = out_reference(r, "ResultingReferencePointCollection");
  ASSERT_NE(rpc, nullptr);
  EXPECT_EQ(wmi::normalize_namespace(rpc->namespace_name), kCluster);
  EXPECT_TRUE(host->get(*rpc).ok());
  EXPECT_EQ(query_or_die(*host, kCluster, "SELECT * FROM Msvm_VirtualSystemReferencePoint").size(),
            2u);
}

TEST(CreateReferencePointLog, LogBasedOnAReplicatingGroup) {
  HostSetup setup;
  for (auto& vm : setup.inventory.vms) vm.replicating = true;
  auto host = make_host(std::move(setup));
  const auto r = value_or_fail(create_reference_point(*host, group_path(kFinance), 1));
  ASSERT_EQ(r.return_value, 0u);
  const wmi::ObjectPath* rpc = out_reference(r, "ResultingReferencePointCollection");
  ASSERT_NE(rpc, nullptr);
  auto instance = host->get(*rpc);
  ASSERT_TRUE(instance.ok());
  EXPECT_EQ(uint_property(*instance, "ReferencePointType"), 1u);
  EXPECT_EQ(instance->find("HasAssociatedLog")->as_bool(), true);
  const auto points = query_or_die(
      *host, kV2,
      "ASSOCIATORS OF {" + path_text(*rpc) + "} WHERE AssocClass=Msvm_CollectedReferencePoints");
  ASSERT_EQ(points.size(), 2u);
  for (const auto& point : points) {
    EXPECT_EQ(point.find("HasAssociatedData")->as_bool(), true);
    EXPECT_TRUE(point.find("ResilientChangeTrackingIdentifiers")->is_null());
    EXPECT_FALSE(string_array_property(point, "VirtualDiskIdentifiers").empty());
  }

  // RemoveAssociatedData: HasAssociatedLog / HasAssociatedData become false.
  const auto removed = value_or_fail(host->invoke(crp_service(), "RemoveAssociatedData",
                                                  {{"AffectedReferencePointCollection", *rpc}}));
  EXPECT_EQ(removed.return_value, 0u);
  EXPECT_EQ(host->get(*rpc)->find("HasAssociatedLog")->as_bool(), false);
  for (const auto& point :
       query_or_die(*host, kV2, "SELECT * FROM Msvm_VirtualSystemReferencePoint")) {
    EXPECT_EQ(point.find("HasAssociatedData")->as_bool(), false);
  }
}

class DestroyReferencePointTest : public CreateReferencePointTest {};

TEST_F(DestroyReferencePointTest, RemovesTheGroupPointItsMembersAndTheirAssociations) {
  const auto before = model_snapshot(*host);
  const auto rpc = create_ok(kFinance);
  ASSERT_NE(model_snapshot(*host), before);
  const auto r = value_or_fail(destroy_reference_point(*host, rpc));
  EXPECT_EQ(r.return_value, 0u);
  EXPECT_EQ(out_reference(r, "Job"), nullptr);
  EXPECT_EQ(snapshot_diff(before, model_snapshot(*host)), "");
  EXPECT_EQ(host->get(rpc).status().kind(), wmi::StatusKind::kNotFound);
}

TEST_F(DestroyReferencePointTest, OnlyTheNamedPointGoes) {
  const auto a = create_ok(kFinance);
  const auto b = create_ok(kFinance);
  ASSERT_EQ(value_or_fail(destroy_reference_point(*host, a)).return_value, 0u);
  EXPECT_TRUE(host->get(b).ok());
  EXPECT_EQ(members_of(b).size(), 2u);
  EXPECT_EQ(query_or_die(*host, kV2, "SELECT * FROM Msvm_VirtualSystemReferencePoint").size(), 2u);
}

TEST_F(DestroyReferencePointTest, MissingOrWrongPointIsInvalidParameterAndChangesNothing) {
  const auto rpc = create_ok(kFinance);
  const auto before = model_snapshot(*host);
  const std::string id = std::get<std::string>(*rpc.key("CollectionID"));
  for (const wmi::ObjectPath& bad : {
           rpc_path(kMissingId, kFinance),
           // The right CollectionID under another group's id: not this instance (Get says so).
           rpc_path(id, kProduction),
           group_path(kFinance),
       }) {
    const auto r = value_or_fail(destroy_reference_point(*host, bad));
    EXPECT_EQ(r.return_value, 4u) << path_text(bad);
    EXPECT_EQ(snapshot_diff(before, model_snapshot(*host)), "") << path_text(bad);
  }
  const auto r = value_or_fail(host->invoke(crp_service(), "DestroyReferencePoint", {}));
  EXPECT_EQ(r.return_value, 4u);
  ASSERT_EQ(value_or_fail(destroy_reference_point(*host, rpc)).return_value, 0u);
  EXPECT_EQ(value_or_fail(destroy_reference_point(*host, rpc)).return_value, 4u) << "twice";
}

}  // namespace
}  // namespace sim::host
