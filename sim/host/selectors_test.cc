// Selector validation at the dispatch choke point (instance_access.h): an instance path must carry
// exactly its class's keys (any letter case, each once, strings unless a reference key,
// CreationClassName naming the class), a singleton service the profile's singleton selectors each
// matching the service; anything else is a w:InvalidSelectors fault, and a well-formed path to
// nothing is kNotFound. Invocations are checked the same way before anything runs.
#include <gtest/gtest.h>

#include "sim/host/host_test_support.h"

namespace sim::host {
namespace {

using namespace test;

void expect_invalid_selectors(const wmi::Status& status) {
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.kind(), wmi::StatusKind::kFault) << status.to_string();
  ASSERT_TRUE(status.fault().has_value()) << status.to_string();
  EXPECT_EQ(status.fault()->subcode, "w:InvalidSelectors");
  EXPECT_EQ(status.fault()->wsman_code, 2150858813u);
}

wmi::ObjectPath with_keys(std::string_view class_name, std::vector<wmi::KeyBinding> keys) {
  return wmi::ObjectPath{std::nullopt, std::string(kV2), std::string(class_name), std::move(keys)};
}

class SelectorsTest : public ::testing::Test {
 protected:
  std::unique_ptr<Host> host = make_host();
};

TEST_F(SelectorsTest, ExactKeysInAnyLetterCaseAndOrder) {
  EXPECT_TRUE(host->get(vm_path(kSql01)).ok());
  EXPECT_TRUE(host->get(with_keys("msvm_computersystem",
                                  {{"name", std::string(kSql01)},
                                   {"CREATIONCLASSNAME", std::string("Msvm_ComputerSystem")}}))
                  .ok());
  EXPECT_TRUE(host->get(vm_path(kHostName)).ok()) << "the host is a Msvm_ComputerSystem too";
}

TEST_F(SelectorsTest, WrongSelectorsAreFaults) {
  const std::string cs = "Msvm_ComputerSystem";
  const std::string vm(kSql01);
  expect_invalid_selectors(host->get(with_keys(cs, {{"Name", vm}})).status());
  expect_invalid_selectors(host->get(with_keys(cs, {})).status());
  expect_invalid_selectors(
      host->get(with_keys(cs, {{"CreationClassName", cs}, {"Name", vm}, {"Extra", vm}})).status());
  expect_invalid_selectors(
      host->get(with_keys(cs, {{"CreationClassName", cs}, {"Name", vm}, {"name", vm}})).status());
  expect_invalid_selectors(
      host->get(with_keys(cs, {{"CreationClassName", std::string("Msvm_Other")}, {"Name", vm}}))
          .status());
  expect_invalid_selectors(
      host->get(with_keys(cs, {{"CreationClassName", cs}, {"Name", std::uint64_t{1}}})).status());
  expect_invalid_selectors(
      host->get(with_keys("Msvm_VirtualSystemCollection", {{"Name", std::string(kFinance)}}))
          .status());
}

TEST_F(SelectorsTest, WellFormedPathToNothingIsNotFound) {
  EXPECT_EQ(host->get(vm_path(kMissingId)).status().kind(), wmi::StatusKind::kNotFound);
  EXPECT_EQ(host->get(group_path(kMissingId)).status().kind(), wmi::StatusKind::kNotFound);
  // A group of groups is not a Msvm_VirtualSystemCollection, nor the reverse.
  EXPECT_EQ(host->get(group_path(kProduction)).status().kind(), wmi::StatusKind::kNotFound);
  EXPECT_EQ(host->get(management_path(kFinance)).status().kind(), wmi::StatusKind::kNotFound);
  EXPECT_EQ(host->get(job_path(kMissingId)).status().kind(), wmi::StatusKind::kNotFound);
  EXPECT_EQ(host->get(rpc_path(kMissingId, kFinance)).status().kind(), wmi::StatusKind::kNotFound);
}

TEST_F(SelectorsTest, SingletonServiceSelectorsUnderDocStrict) {
  // doc-strict: CreationClassName required; the four CIM_Service keys accepted.
  const std::string crp(kCrpService);
  EXPECT_TRUE(host->get(crp_service()).ok());
  EXPECT_TRUE(host->get(with_keys(crp, {{"CreationClassName", crp}})).ok());
  EXPECT_TRUE(
      host->get(with_keys(crp, {{"CreationClassName", crp}, {"Name", std::string("VMMS")}})).ok())
      << "selector values compare as CIM names";
  expect_invalid_selectors(host->get(with_keys(crp, {})).status());
  expect_invalid_selectors(host->get(with_keys(crp, {{"Name", std::string("vmms")}})).status());
  expect_invalid_selectors(
      host->get(with_keys(crp, {{"CreationClassName", crp}, {"Name", std::string("other")}}))
          .status());
  expect_invalid_selectors(
      host->get(with_keys(crp, {{"CreationClassName", crp}, {"Bogus", std::string("x")}}))
          .status());
  expect_invalid_selectors(
      host->get(with_keys(crp, {{"CreationClassName", std::string(kCmService)}})).status());
  expect_invalid_selectors(host->get(with_keys(crp, {{"CreationClassName", crp},
                                                     {"SystemName", std::string("ANOTHER-HOST")}}))
                               .status());
}

TEST_F(SelectorsTest, InvocationsAreCheckedBeforeAnythingRuns) {
  const auto before = model_snapshot(*host);
  const std::string crp(kCrpService);
  expect_invalid_selectors(
      host->invoke(with_keys(crp, {{"Name", std::string("vmms")}}), "CreateReferencePoint",
                   {{"Collection", group_path(kFinance)}, {"ReferencePointType", std::uint16_t{2}}})
          .status());
  // A job method on a job that does not exist.
  EXPECT_EQ(cancel(*host, job_path(kMissingId)).status().kind(), wmi::StatusKind::kNotFound);
  EXPECT_EQ(snapshot_diff(before, model_snapshot(*host)), "");
  // The minimal singleton path works for invocation.
  const auto r = value_or_fail(host->invoke(
      with_keys(crp, {{"CreationClassName", crp}}), "CreateReferencePoint",
      {{"Collection", group_path(kFinance)}, {"ReferencePointType", std::uint16_t{2}}}));
  EXPECT_EQ(r.return_value, 0u);
}

TEST_F(SelectorsTest, AssociationInstancesAreAddressedByTheirReferences) {
  const auto links = query_or_die(*host, kV2, "SELECT * FROM Msvm_CollectedVirtualSystems");
  ASSERT_EQ(links.size(), 2u);
  for (const auto& link : links) {
    auto again = host->get(*link.path());
    ASSERT_TRUE(again.ok()) << again.status().to_string();
    EXPECT_EQ(*again, link);
  }
  // A link between a group and a VM that is not its member does not exist.
  wmi::ObjectPath missing = *links[0].path();
  for (auto& key : missing.keys) {
    if (key.name == "Member") {
      key.value = wmi::ReferenceKey{std::make_shared<const wmi::ObjectPath>(vm_path(kArchive01))};
    }
  }
  EXPECT_EQ(host->get(missing).status().kind(), wmi::StatusKind::kNotFound);
}

}  // namespace
}  // namespace sim::host
