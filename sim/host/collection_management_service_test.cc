// Msvm_CollectionManagementService (spec §4, Hyper-V return-code family): DefineCollection
// (duplicate Id fails, empty Id → a new GUID, empty Name → a default name), AddMember /
// RemoveMember (member kind, cycles), RemoveMemberById (succeeds when nothing matches),
// DestroyCollection (its reference points and memberships go too) and RenameCollection. Every
// error leaves the model as it was.
#include <gtest/gtest.h>

#include <set>

#include "sim/control/inventory.h"
#include "sim/host/host_test_support.h"
#include "wmi/cim/cim_name.h"

namespace sim::host {
namespace {

using namespace test;

constexpr std::uint32_t kInvalidParameter = 32773;

class CollectionManagementTest : public ::testing::Test {
 protected:
  std::unique_ptr<Host> host = make_host();

  wmi::ObjectPath define_ok(std::string_view name, std::string_view id, std::uint16_t type) {
    const auto r = value_or_fail(define_collection(*host, name, id, type));
    EXPECT_EQ(r.return_value, 0u) << name;
    EXPECT_EQ(out_reference(r, "Job"), nullptr);
    const wmi::ObjectPath* out = out_reference(r, "DefinedCollection");
    if (out == nullptr) {
      ADD_FAILURE() << "no DefinedCollection";
      return {};
    }
    return *out;
  }
  std::uint32_t code_of(const wmi::Result<wmi::MethodResult>& r) {
    return value_or_fail(r).return_value;
  }
  // Expects `call` to answer `code` and leave the model as it was.
  template <typename Call>
  void expect_refused(std::uint32_t code, Call call) {
    const auto before = model_snapshot(*host);
    EXPECT_EQ(code_of(call()), code);
    EXPECT_EQ(snapshot_diff(before, model_snapshot(*host)), "");
  }
  std::set<std::string> members(const wmi::ObjectPath& group) {
    std::set<std::string> out;
    const bool vms = wmi::iequals(group.class_name, "Msvm_VirtualSystemCollection");
    for (const auto& m :
         query_or_die(*host, kV2,
                      "ASSOCIATORS OF {" + path_text(group) + "} WHERE AssocClass=" +
                          (vms ? "Msvm_CollectedVirtualSystems" : "Msvm_CollectedCollections") +
                          " ResultRole=Member")) {
      out.insert(string_property(m, vms ? "Name" : "CollectionID"));
    }
    return out;
  }
};

TEST_F(CollectionManagementTest, DefineWithIdAndName) {
  const std::string id = "0F1E2D3C-4B5A-4978-8695-A4B3C2D1E0F9";
  const auto vms = define_ok("Payroll", id, 0);
  EXPECT_EQ(vms.class_name, "Msvm_VirtualSystemCollection");
  ASSERT_EQ(vms.keys.size(), 1u);
  EXPECT_EQ(std::get<std::string>(*vms.key("CollectionID")), id);
  auto instance = host->get(vms);
  ASSERT_TRUE(instance.ok()) << instance.status().to_string();
  EXPECT_EQ(string_property(*instance, "ElementName"), "Payroll");
  EXPECT_TRUE(members(vms).empty());

  const auto groups = define_ok("Tier", "", 1);
  EXPECT_EQ(groups.class_name, "Msvm_ManagementCollection");
  EXPECT_TRUE(host->get(groups).ok());
}

TEST_F(CollectionManagementTest, DuplicateIdFailsInAnyLetterCase) {
  expect_refused(kInvalidParameter, [&] { return define_collection(*host, "x", kFinance, 0); });
  std::string lower(kProduction);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  expect_refused(kInvalidParameter, [&] { return define_collection(*host, "x", lower, 1); });
}

TEST_F(CollectionManagementTest, EmptyIdGivesAFreshGuidEachTime) {
  std::set<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    const auto path = define_ok("g", "", 0);
    const std::string id = std::get<std::string>(*path.key("CollectionID"));
    EXPECT_TRUE(control::is_guid(id)) << id;
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 5u);
}

TEST_F(CollectionManagementTest, EmptyNameGivesADefaultName) {
  const auto path = define_ok("", "", 0);
  auto instance = host->get(path);
  ASSERT_TRUE(instance.ok());
  EXPECT_FALSE(string_property(*instance, "ElementName").empty());
}

TEST_F(CollectionManagementTest, InvalidDefinitions) {
  expect_refused(kInvalidParameter, [&] { return define_collection(*host, "x", "", 2); });
  expect_refused(kInvalidParameter, [&] { return define_collection(*host, "x", "not-a-guid", 0); });
  expect_refused(kInvalidParameter, [&] { return define_collection(*host, "a\x01z", "", 0); });
  expect_refused(kInvalidParameter, [&] { return define_collection(*host, "\xff", "", 0); });
  expect_refused(kInvalidParameter,
                 [&] { return define_collection(*host, std::string(257, 'n'), "", 0); });
  expect_refused(kInvalidParameter, [&] {
    return host->invoke(cm_service(), "DefineCollection", {{"Name", "no type"}});
  });
  // 256 characters, each two bytes: the limit counts characters.
  std::string two_byte;
  for (int i = 0; i < 256; ++i) two_byte += "\xc3\xa9";
  define_ok(two_byte, "", 0);
}

TEST_F(CollectionManagementTest, AddAndRemoveVmMembers) {
  const auto finance = group_path(kFinance);
  EXPECT_EQ(members(finance), (std::set<std::string>{std::string(kSql01), std::string(kWeb01)}));
  EXPECT_EQ(code_of(member_call(*host, "AddMember", vm_path(kArchive01), finance)), 0u);
  EXPECT_EQ(members(finance).size(), 3u);
  // Adding again changes nothing and succeeds.
  const auto before = model_snapshot(*host);
  EXPECT_EQ(code_of(member_call(*host, "AddMember", vm_path(kArchive01), finance)), 0u);
  EXPECT_EQ(snapshot_diff(before, model_snapshot(*host)), "");
  EXPECT_EQ(code_of(member_call(*host, "RemoveMember", vm_path(kSql01), finance)), 0u);
  EXPECT_EQ(members(finance),
            (std::set<std::string>{std::string(kWeb01), std::string(kArchive01)}));
  // Removing a non-member fails.
  expect_refused(kInvalidParameter,
                 [&] { return member_call(*host, "RemoveMember", vm_path(kSql01), finance); });
}

TEST_F(CollectionManagementTest, WrongMemberKindAndMissingTargets) {
  expect_refused(kInvalidParameter, [&] {
    return member_call(*host, "AddMember", vm_path(kSql01), management_path(kProduction));
  });
  const auto other = define_ok("Other", "", 0);
  expect_refused(kInvalidParameter,
                 [&] { return member_call(*host, "AddMember", other, group_path(kFinance)); });
  expect_refused(kInvalidParameter, [&] {
    return member_call(*host, "AddMember", vm_path(kMissingId), group_path(kFinance));
  });
  expect_refused(kInvalidParameter, [&] {
    return member_call(*host, "AddMember", vm_path(kSql01), group_path(kMissingId));
  });
  // The host itself is a Msvm_ComputerSystem but not a VM.
  expect_refused(kInvalidParameter, [&] {
    return member_call(*host, "AddMember", vm_path(kHostName), group_path(kFinance));
  });
  // A group reference with the wrong class for its kind.
  expect_refused(kInvalidParameter, [&] {
    return member_call(*host, "AddMember", vm_path(kSql01), group_path(kProduction));
  });
}

TEST_F(CollectionManagementTest, GroupsOfGroupsAndCycles) {
  const auto outer = define_ok("Outer", "", 1);
  const auto inner = define_ok("Inner", "", 1);
  const auto vms = define_ok("Leaf", "", 0);
  EXPECT_EQ(code_of(member_call(*host, "AddMember", inner, outer)), 0u);
  EXPECT_EQ(code_of(member_call(*host, "AddMember", vms, inner)), 0u);
  EXPECT_EQ(members(outer).size(), 1u);
  // outer → inner → leaf: adding outer under inner, or anything under itself, is a cycle.
  expect_refused(kInvalidParameter, [&] { return member_call(*host, "AddMember", outer, inner); });
  expect_refused(kInvalidParameter, [&] { return member_call(*host, "AddMember", outer, outer); });
  expect_refused(kInvalidParameter, [&] {
    return member_call(*host, "AddMember", management_path(kProduction),
                       management_path(kProduction));
  });
  EXPECT_EQ(code_of(member_call(*host, "RemoveMember", inner, outer)), 0u);
  EXPECT_EQ(code_of(member_call(*host, "AddMember", outer, inner)), 0u) << "no cycle any more";
}

TEST_F(CollectionManagementTest, RemoveMemberByIdSucceedsEvenWhenNothingMatches) {
  auto by_id = [&](const wmi::CimValue& member, std::string_view collection_id) {
    return host->invoke(cm_service(), "RemoveMemberById",
                        {{"Member", member}, {"CollectionId", std::string(collection_id)}});
  };
  const auto before = model_snapshot(*host);
  EXPECT_EQ(code_of(by_id(vm_path(kArchive01), kFinance)), 0u);
  EXPECT_EQ(code_of(by_id(vm_path(kSql01), kMissingId)), 0u);
  EXPECT_EQ(code_of(by_id(vm_path(kMissingId), kFinance)), 0u);
  EXPECT_EQ(code_of(by_id(wmi::CimValue::null(wmi::CimType::kReference), kFinance)), 0u);
  EXPECT_EQ(snapshot_diff(before, model_snapshot(*host)), "");
  EXPECT_EQ(code_of(by_id(vm_path(kSql01), kFinance)), 0u);
  EXPECT_EQ(members(group_path(kFinance)), (std::set<std::string>{std::string(kWeb01)}));
  EXPECT_EQ(code_of(by_id(group_path(kFinance), kProduction)), 0u);
  EXPECT_TRUE(members(management_path(kProduction)).empty());
}

TEST_F(CollectionManagementTest, DestroyCollectionRemovesItsReferencePointsAndMemberships) {
  const auto rpc = value_or_fail(create_reference_point(*host, group_path(kFinance)));
  ASSERT_EQ(rpc.return_value, 0u);
  ASSERT_EQ(query_or_die(*host, kV2, "SELECT * FROM Msvm_VirtualSystemReferencePoint").size(), 2u);
  const auto r = value_or_fail(
      host->invoke(cm_service(), "DestroyCollection", {{"Collection", group_path(kFinance)}}));
  EXPECT_EQ(r.return_value, 0u);
  EXPECT_EQ(host->get(group_path(kFinance)).status().kind(), wmi::StatusKind::kNotFound);
  EXPECT_TRUE(query_or_die(*host, kV2, "SELECT * FROM Msvm_ReferencePointCollection").empty());
  EXPECT_TRUE(query_or_die(*host, kV2, "SELECT * FROM Msvm_VirtualSystemReferencePoint").empty());
  EXPECT_TRUE(query_or_die(*host, kV2, "SELECT * FROM Msvm_CollectedReferencePoints").empty());
  EXPECT_TRUE(members(management_path(kProduction)).empty());
  // The VMs stay.
  EXPECT_TRUE(host->get(vm_path(kSql01)).ok());
  EXPECT_TRUE(host->get(vm_path(kWeb01)).ok());
  // A destroyed or missing group cannot be destroyed.
  expect_refused(kInvalidParameter, [&] {
    return host->invoke(cm_service(), "DestroyCollection", {{"Collection", group_path(kFinance)}});
  });
}

TEST_F(CollectionManagementTest, DestroyAGroupOfGroupsKeepsItsMembers) {
  const auto r = value_or_fail(host->invoke(cm_service(), "DestroyCollection",
                                            {{"Collection", management_path(kProduction)}}));
  EXPECT_EQ(r.return_value, 0u);
  EXPECT_TRUE(host->get(group_path(kFinance)).ok());
  EXPECT_EQ(members(group_path(kFinance)).size(), 2u);
}

TEST_F(CollectionManagementTest, RenameCollection) {
  auto rename = [&](const wmi::ObjectPath& group, const wmi::CimValue& name) {
    return host->invoke(cm_service(), "RenameCollection",
                        {{"Collection", group}, {"NewName", name}});
  };
  EXPECT_EQ(code_of(rename(group_path(kFinance), "Accounts")), 0u);
  EXPECT_EQ(string_property(*host->get(group_path(kFinance)), "ElementName"), "Accounts");
  EXPECT_EQ(code_of(rename(management_path(kProduction), "Prod")), 0u);
  EXPECT_EQ(string_property(*host->get(management_path(kProduction)), "ElementName"), "Prod");
  expect_refused(kInvalidParameter, [&] { return rename(group_path(kFinance), ""); });
  expect_refused(kInvalidParameter, [&] { return rename(group_path(kFinance), "a\nb"); });
  expect_refused(kInvalidParameter, [&] { return rename(group_path(kMissingId), "x"); });
  expect_refused(kInvalidParameter, [&] { return rename(group_path(kProduction), "x"); });
}

// Every code these methods answer is in the Hyper-V family: 0, 4096 or a named error.
TEST_F(CollectionManagementTest, CodesAreHyperVFamily) {
  for (std::uint32_t code : {
           code_of(define_collection(*host, "x", kFinance, 0)),
           code_of(define_collection(*host, "x", "", 9)),
           code_of(member_call(*host, "AddMember", vm_path(kSql01), management_path(kProduction))),
           code_of(member_call(*host, "RemoveMember", vm_path(kArchive01), group_path(kFinance))),
       }) {
    EXPECT_TRUE(code == 0 || code == 4096 || (code >= 32768 && code <= 32779)) << code;
  }
}

}  // namespace
}  // namespace sim::host
