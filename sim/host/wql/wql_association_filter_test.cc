#include "sim/host/wql/wql_association_filter.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/host/wql/wql_parser.h"
#include "wmi/cim/wmi_path.h"

namespace sim::wql {
namespace {

using ::testing::HasSubstr;

constexpr const char* kNs = "root/virtualization/v2";

wmi::ObjectPath path(const std::string& text) { return wmi::parse_wmi_path(text).value(); }
wmi::ObjectPath vm(const std::string& name) {
  return path(std::string(kNs) +
              ":Msvm_ComputerSystem.CreationClassName=\"Msvm_ComputerSystem\","
              "Name=\"" +
              name + "\"");
}
wmi::ObjectPath group(const std::string& id) {
  return path(std::string(kNs) + ":Msvm_VirtualSystemCollection.CollectionID=\"" + id + "\"");
}
wmi::ObjectPath job(const std::string& id) {
  return path(std::string(kNs) + ":Msvm_ConcreteJob.InstanceID=\"" + id + "\"");
}
wmi::ObjectPath reference_point(const std::string& id) {
  return path(std::string(kNs) + ":Msvm_VirtualSystemReferencePoint.InstanceID=\"" + id + "\"");
}

wmi::Instance collected(const wmi::ObjectPath& collection, const wmi::ObjectPath& member) {
  return wmi::Instance("Msvm_CollectedVirtualSystems", kNs,
                       {{"Collection", collection}, {"Member", member}});
}

wmi::Instance affected(const wmi::ObjectPath& element, const wmi::ObjectPath& job_path) {
  auto effects = wmi::CimValue::array(wmi::CimType::kUint16, {std::uint16_t{5}});
  return wmi::Instance("Msvm_AffectedJobElement", kNs,
                       {{"AffectedElement", element},
                        {"AffectingElement", job_path},
                        {"ElementEffects", std::move(effects).value()}});
}

// Candidates as a registry would hand them over: memberships of two groups and a job result.
std::vector<wmi::Instance> registry() {
  return {collected(group("G1"), vm("A")), collected(group("G1"), vm("B")),
          collected(group("G2"), vm("A")), affected(reference_point("RP1"), job("J1")),
          wmi::Instance("Msvm_CollectedVirtualSystems", kNs,
                        {{"Collection", wmi::CimValue::null(wmi::CimType::kReference)},
                         {"Member", vm("C")}})};
}

AssociatorsQuery associators(std::string_view text) {
  auto q = parse_query(text);
  EXPECT_TRUE(q.ok()) << q.status().to_string();
  return q.ok() ? std::get<AssociatorsQuery>(*q) : AssociatorsQuery{};
}

std::vector<std::string> names_of(const std::vector<Associator>& found) {
  std::vector<std::string> names;
  for (const auto& a : found) {
    const wmi::KeyValue* key = a.target.key("Name");
    if (key == nullptr) key = a.target.key("CollectionID");
    if (key == nullptr) key = a.target.key("InstanceID");
    names.push_back(a.target.class_name + ":" + std::get<std::string>(*key));
  }
  return names;
}

TEST(WqlAssociationFilter, MembersOfAGroup) {
  const auto candidates = registry();
  auto found = filter_associators(
      associators("ASSOCIATORS OF {Msvm_VirtualSystemCollection.CollectionID=\"G1\"} WHERE "
                  "AssocClass=Msvm_CollectedVirtualSystems ResultClass=Msvm_ComputerSystem"),
      candidates);
  ASSERT_TRUE(found.ok()) << found.status().to_string();
  EXPECT_EQ(names_of(*found),
            (std::vector<std::string>{"Msvm_ComputerSystem:A", "Msvm_ComputerSystem:B"}));
  EXPECT_EQ((*found)[0].association, &candidates[0]);
  EXPECT_EQ((*found)[0].role, "Collection");
  EXPECT_EQ((*found)[0].result_role, "Member");
}

TEST(WqlAssociationFilter, GroupsOfAVmInEitherDirectionAndWithRoles) {
  const auto candidates = registry();
  const std::string source =
      "{root\\virtualization\\v2:Msvm_ComputerSystem.Name='A',CreationClassName="
      "'Msvm_ComputerSystem'}";
  auto all = filter_associators(associators("ASSOCIATORS OF " + source), candidates);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(names_of(*all), (std::vector<std::string>{"Msvm_VirtualSystemCollection:G1",
                                                      "Msvm_VirtualSystemCollection:G2"}));
  auto by_role = filter_associators(
      associators("ASSOCIATORS OF " + source + " WHERE Role = Member ResultRole = Collection"),
      candidates);
  ASSERT_TRUE(by_role.ok());
  EXPECT_EQ(by_role->size(), 2u);
  auto wrong_role = filter_associators(
      associators("ASSOCIATORS OF " + source + " WHERE Role = Collection"), candidates);
  ASSERT_TRUE(wrong_role.ok());
  EXPECT_TRUE(wrong_role->empty());
  auto wrong_result = filter_associators(
      associators("ASSOCIATORS OF " + source + " WHERE ResultRole = Member"), candidates);
  ASSERT_TRUE(wrong_result.ok());
  EXPECT_TRUE(wrong_result->empty());
}

TEST(WqlAssociationFilter, JobResultThroughAffectedJobElement) {
  const auto candidates = registry();
  auto found = filter_associators(
      associators("ASSOCIATORS OF {Msvm_ConcreteJob.InstanceID=\"J1\"} WHERE "
                  "AssocClass=CIM_AffectedJobElement ResultClass=Msvm_VirtualSystemReferencePoint"),
      candidates, [](std::string_view cls, std::string_view wanted) {
        // A two-line class hierarchy: Msvm_AffectedJobElement derives from CIM_AffectedJobElement.
        return same_class_name(cls, wanted) || (same_class_name(cls, "Msvm_AffectedJobElement") &&
                                                same_class_name(wanted, "CIM_AffectedJobElement"));
      });
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(names_of(*found), (std::vector<std::string>{"Msvm_VirtualSystemReferencePoint:RP1"}));
  auto without_hierarchy =
      filter_associators(associators("ASSOCIATORS OF {Msvm_ConcreteJob.InstanceID=\"J1\"} WHERE "
                                     "AssocClass=CIM_AffectedJobElement"),
                         candidates);
  ASSERT_TRUE(without_hierarchy.ok());
  EXPECT_TRUE(without_hierarchy->empty());
}

TEST(WqlAssociationFilter, EndpointListedOncePerAssociation) {
  std::vector<wmi::Instance> candidates = {collected(group("G1"), vm("A")),
                                           collected(group("G1"), vm("A"))};
  auto found = filter_associators(
      associators("ASSOCIATORS OF {Msvm_VirtualSystemCollection.CollectionID=\"G1\"}"), candidates);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->size(), 2u);
}

TEST(WqlAssociationFilter, SourceInAnotherNamespaceDoesNotMatch) {
  const auto candidates = registry();
  auto found = filter_associators(
      associators("ASSOCIATORS OF {root/HyperVCluster/v2:Msvm_VirtualSystemCollection."
                  "CollectionID=\"G1\"}"),
      candidates);
  ASSERT_TRUE(found.ok());
  EXPECT_TRUE(found->empty());
}

TEST(WqlAssociationFilter, ReferencesOf) {
  const auto candidates = registry();
  auto q = parse_query(
      "REFERENCES OF {Msvm_ComputerSystem.CreationClassName="
      "\"Msvm_ComputerSystem\",Name=\"A\"} WHERE ResultClass = "
      "Msvm_CollectedVirtualSystems Role = Member");
  ASSERT_TRUE(q.ok()) << q.status().to_string();
  auto found = filter_references(std::get<ReferencesQuery>(*q), candidates);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(*found, (std::vector<const wmi::Instance*>{&candidates[0], &candidates[2]}));

  auto jobs = parse_query("REFERENCES OF {Msvm_ConcreteJob.InstanceID=\"J1\"}");
  ASSERT_TRUE(jobs.ok());
  auto job_refs = filter_references(std::get<ReferencesQuery>(*jobs), candidates);
  ASSERT_TRUE(job_refs.ok());
  EXPECT_EQ(*job_refs, (std::vector<const wmi::Instance*>{&candidates[3]}));
}

TEST(WqlAssociationFilter, UnsupportedClausesAreReported) {
  const auto candidates = registry();
  const std::string source = "{Msvm_ConcreteJob.InstanceID=\"J1\"}";
  for (const char* clause :
       {"ClassDefsOnly", "SchemaOnly", "RequiredQualifier = Q", "RequiredAssocQualifier = Q"}) {
    auto found = filter_associators(associators("ASSOCIATORS OF " + source + " WHERE " + clause),
                                    candidates);
    ASSERT_FALSE(found.ok()) << clause;
    EXPECT_EQ(found.status().kind(), wmi::StatusKind::kInvalidArgument);
    EXPECT_THAT(found.status().message(), HasSubstr("is not supported by hvsim"));
  }
  auto keys_only =
      filter_associators(associators("ASSOCIATORS OF " + source + " WHERE KeysOnly"), candidates);
  EXPECT_TRUE(keys_only.ok());
  auto refs = parse_query("REFERENCES OF " + source + " WHERE RequiredQualifier = Q");
  ASSERT_TRUE(refs.ok());
  EXPECT_THAT(filter_references(std::get<ReferencesQuery>(*refs), candidates).status().message(),
              HasSubstr("REFERENCES OF ... WHERE RequiredQualifier is not supported"));
}

}  // namespace
}  // namespace sim::wql
