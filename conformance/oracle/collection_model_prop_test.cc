#include "conformance/oracle/collection_model.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <vector>

namespace conformance::oracle {
namespace {

// Small name pools so that generated operations hit existing groups, members and points often.
rc::Gen<std::string> group_name() { return rc::gen::element<std::string>("g1", "g2", "g3"); }
rc::Gen<std::string> vm_name() { return rc::gen::element<std::string>("vm1", "vm2", "vm3", "vm4"); }
rc::Gen<std::string> point_name() { return rc::gen::element<std::string>("p1", "p2", "p3"); }

rc::Gen<CollectionOp> operation() {
  return rc::gen::oneOf(
      rc::gen::map(
          rc::gen::tuple(group_name(), point_name(), rc::gen::element<std::uint16_t>(1, 2)),
          [](const auto& t) {
            return CollectionOp{
                CreateReferencePointOp{std::get<0>(t), std::get<1>(t), std::get<2>(t)}};
          }),
      rc::gen::map(point_name(),
                   [](const std::string& p) { return CollectionOp{DestroyReferencePointOp{p}}; }),
      rc::gen::map(rc::gen::tuple(group_name(), vm_name()),
                   [](const auto& t) {
                     return CollectionOp{AddMemberOp{std::get<0>(t), std::get<1>(t)}};
                   }),
      rc::gen::map(rc::gen::tuple(group_name(), vm_name()), [](const auto& t) {
        return CollectionOp{RemoveMemberOp{std::get<0>(t), std::get<1>(t)}};
      }));
}

// A model reached by applying a random sequence of operations, each succeeding when the spec
// lets it.
CollectionModel reachable_model(const std::vector<CollectionOp>& ops) {
  CollectionModel m;
  m.groups["g1"];
  m.groups["g2"];
  for (const CollectionOp& op : ops) m = apply(m, op, may_succeed(m, op));
  return m;
}

std::string describe_all(const std::vector<CollectionOp>& ops) {
  std::string out;
  for (const CollectionOp& op : ops) out += describe(op) + "; ";
  return out;
}

RC_GTEST_PROP(OracleCollectionModel, AFailedCallNeverChangesTheModel, ()) {
  const auto ops = *rc::gen::container<std::vector<CollectionOp>>(operation());
  const CollectionOp op = *operation();
  const CollectionModel before = reachable_model(ops);
  RC_TAG(may_succeed(before, op));
  RC_LOG() << describe_all(ops) << "then failing " << describe(op) << "\n";
  RC_ASSERT(apply(before, op, /*succeeded=*/false) == before);
}

RC_GTEST_PROP(OracleCollectionModel, EveryPointHoldsOnePerVmPointPerMemberAtCreation, ()) {
  const auto ops = *rc::gen::container<std::vector<CollectionOp>>(operation());
  CollectionModel m;
  m.groups["g1"];
  m.groups["g2"];
  for (const CollectionOp& op : ops) {
    const bool ok = may_succeed(m, op);
    const CollectionModel next = apply(m, op, ok);
    if (const auto* create = std::get_if<CreateReferencePointOp>(&op); create && ok) {
      const ModelPoint& point = next.points.at(create->point);
      RC_ASSERT(point.group == create->group);
      RC_ASSERT(point.per_vm.size() == m.groups.at(create->group).size());
      for (const std::string& vm : m.groups.at(create->group)) {
        RC_ASSERT(point.per_vm.at(vm) == per_vm_point_id(create->point, vm));
        RC_ASSERT(next.points_of_vm(vm) == m.points_of_vm(vm) + 1);
      }
    }
    if (const auto* destroy = std::get_if<DestroyReferencePointOp>(&op); destroy && ok) {
      RC_ASSERT(!next.points.contains(destroy->point));
      RC_ASSERT(destroy_effect_allowed(m, next, destroy->point));
    }
    m = next;
  }
}

TEST(OracleCollectionModel, CreateNeedsANonEmptyExistingGroupAndANewName) {
  CollectionModel m;
  m.groups["g1"];
  EXPECT_FALSE(may_succeed(m, CreateReferencePointOp{"g1", "p1", 2}));  // empty
  EXPECT_FALSE(may_succeed(m, CreateReferencePointOp{"g9", "p1", 2}));  // missing
  m = apply(m, AddMemberOp{"g1", "vm1"}, true);
  EXPECT_TRUE(may_succeed(m, CreateReferencePointOp{"g1", "p1", 2}));
  m = apply(m, CreateReferencePointOp{"g1", "p1", 2}, true);
  EXPECT_FALSE(may_succeed(m, CreateReferencePointOp{"g1", "p1", 2}));  // name taken
  EXPECT_EQ(m.points_of_vm("vm1"), 1u);
  m = apply(m, RemoveMemberOp{"g1", "vm1"}, true);
  EXPECT_EQ(m.points_of_vm("vm1"), 1u);  // membership changes leave points alone
  m = apply(m, DestroyReferencePointOp{"p1"}, true);
  EXPECT_EQ(m.points_of_vm("vm1"), 0u);
}

TEST(OracleCollectionModel, DestroyEffectAllowsDependentsButNothingElse) {
  CollectionModel before;
  before.groups["g1"] = {"vm1"};
  before = apply(before, CreateReferencePointOp{"g1", "p1", 2}, true);
  before = apply(before, CreateReferencePointOp{"g1", "p2", 2}, true);
  CollectionModel only = apply(before, DestroyReferencePointOp{"p1"}, true);
  EXPECT_TRUE(destroy_effect_allowed(before, only, "p1"));
  CollectionModel both = apply(only, DestroyReferencePointOp{"p2"}, true);
  EXPECT_TRUE(destroy_effect_allowed(before, both, "p1"));     // a dependent went too
  EXPECT_FALSE(destroy_effect_allowed(before, before, "p1"));  // nothing destroyed
  CollectionModel changed = only;
  changed.points["p2"].per_vm.clear();
  EXPECT_FALSE(destroy_effect_allowed(before, changed, "p1"));
  CollectionModel regrouped = only;
  regrouped.groups["g1"].clear();
  EXPECT_FALSE(destroy_effect_allowed(before, regrouped, "p1"));
}

}  // namespace
}  // namespace conformance::oracle
