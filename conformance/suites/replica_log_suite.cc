// Area 5, replica logs (spec §8): with replication started on every member of a VM group,
// log-based reference points (collection CreateReferencePoint type 1) carry their logs —
// HasAssociatedData on the per-VM points, HasAssociatedLog on the group point — until
// RemoveAssociatedData; and exporting a log-based point against an earlier one yields the log
// segment between them (docs/formats/replica-log.md), which applied to the disk's bytes at the
// earlier point reproduces the primary's bytes at the later one.
#include <rapidcheck.h>

#include <string>

#include "conformance/catalogue/conformance_test.h"
#include "conformance/oracle/profile_expectations.h"
#include "conformance/suites/collection_calls.h"
#include "conformance/suites/log_apply_case.h"
#include "conformance/suites/rct_calls.h"
#include "conformance/suites/replica_log_calls.h"
#include "conformance/suites/suite_calls.h"
#include "conformance/target/run_seed.h"
#include "conformance/target/target.h"

namespace conformance {
namespace {

using suites::create_points;
using suites::kLogBased;
using suites::kRctBased;
using suites::NewPoints;
using suites::replicating_group;
using suites::ReplicatingGroup;
using suites::string_of;
using suites::vm_points;

std::optional<bool> bool_of(Session& session, const wmi::ObjectPath& path, std::string_view name) {
  const auto instance = session.connection().get(path);
  if (!instance.ok()) return std::nullopt;
  const wmi::CimValue* value = instance->find(name);
  return value == nullptr ? std::nullopt : value->as_bool();
}

CONFORMANCE_TEST(ReplicaLogSuite, LogBasedPointsCarryTheirLog, "LOG-POINT-001") {
  ReplicatingGroup replicating = replicating_group(run_seed());
  CONFORMANCE_REQUIRE(*replicating.session, {.mutation = true});
  if (!replicating.group) GTEST_SKIP() << "the target does not replicate the first VM group";
  Session& session = *replicating.session;
  const NewPoints log = create_points(session, *replicating.group, kLogBased);
  ASSERT_TRUE(log.group_point.has_value()) << "no log-based group point";
  ASSERT_FALSE(log.vm_points.empty());
  const auto group_point = session.connection().get(*log.group_point);
  ASSERT_TRUE(group_point.ok());
  EXPECT_EQ(suites::uint_of(*group_point, "ReferencePointType"), kLogBased);
  EXPECT_EQ(bool_of(session, *log.group_point, "HasAssociatedLog"), true);
  for (const wmi::Instance& point : log.vm_points) {
    EXPECT_EQ(bool_of(session, *point.path(), "HasAssociatedData"), true)
        << string_of(point, "InstanceID");
    for (const std::string& id : suites::strings_of(point, "ResilientChangeTrackingIdentifiers")) {
      EXPECT_EQ(id, "") << "an RCT id on a log-based point";
    }
  }
  // An RCT-based point of the same group has no log.
  const NewPoints rct = create_points(session, *replicating.group, kRctBased);
  ASSERT_TRUE(rct.group_point.has_value());
  EXPECT_EQ(bool_of(session, *rct.group_point, "HasAssociatedLog"), false);
  for (const wmi::Instance& point : rct.vm_points) {
    EXPECT_EQ(bool_of(session, *point.path(), "HasAssociatedData"), false);
  }
}

// RemoveAssociatedData on one of two log-based group points drops its log: HasAssociatedLog and
// its members' HasAssociatedData turn false; the other point keeps its own.
CONFORMANCE_TEST(ReplicaLogSuite, RemoveAssociatedDataDropsOnlyThatPointsLog, "LOG-STATE-001") {
  ReplicatingGroup replicating = replicating_group(run_seed());
  CONFORMANCE_REQUIRE(*replicating.session, {.mutation = true});
  if (!replicating.group) GTEST_SKIP() << "the target does not replicate the first VM group";
  Session& session = *replicating.session;
  const NewPoints first = create_points(session, *replicating.group, kLogBased);
  const NewPoints second = create_points(session, *replicating.group, kLogBased);
  ASSERT_TRUE(first.group_point && second.group_point);
  const auto service = service_path(session.connection(), suites::kV2, kCollectionRpService);
  ASSERT_TRUE(service.has_value());
  const CallOutcome removed =
      call_and_settle(session, *service, "RemoveAssociatedData",
                      {{"AffectedReferencePointCollection", *first.group_point}});
  ASSERT_TRUE(removed.succeeded()) << removed.describe();
  EXPECT_EQ(bool_of(session, *first.group_point, "HasAssociatedLog"), false);
  for (const wmi::Instance& point : first.vm_points) {
    EXPECT_EQ(bool_of(session, *point.path(), "HasAssociatedData"), false);
  }
  EXPECT_EQ(bool_of(session, *second.group_point, "HasAssociatedLog"), true);
  for (const wmi::Instance& point : second.vm_points) {
    EXPECT_EQ(bool_of(session, *point.path(), "HasAssociatedData"), true);
  }
}

CONFORMANCE_TEST(ReplicaLogSuite, LogBasedPointWithoutReplicationRefused, "LOG-POINT-002") {
  auto session = current_target().open(run_seed());
  CONFORMANCE_REQUIRE(*session, {.mutation = true});
  const auto groups = suites::vm_groups(session->connection());
  ASSERT_FALSE(groups.empty());
  const auto parsed = oracle::parse_profile_expectations(current_target().profile_json());
  ASSERT_TRUE(parsed.ok());
  const std::uint32_t expected =
      parsed->code("create_reference_point.code.log_without_replication").value_or(5);
  EXPECT_EQ(suites::create_group_point(*session, groups.front(), kLogBased), expected);
  EXPECT_TRUE(suites::group_points(*session).empty());
  EXPECT_TRUE(vm_points(*session).empty());
}

// --- Apply: the segment between two log-based points reproduces the primary (log_apply_case.h).

CONFORMANCE_PROP(ReplicaLogSuite, ApplyingTheExportedSegmentReproducesThePrimary, "LOG-APPLY-001") {
  const auto session_seed = *rc::gen::arbitrary<std::uint64_t>();
  const suites::LogApplyCase c = *suites::gen_log_apply_case();
  auto session = current_target().open(session_seed);
  const std::string problem = suites::log_apply_problem(*session, c);
  RC_PRE(!problem.starts_with("skip: "));
  if (!problem.empty())
    RC_FAIL("\n  " + problem + "\n" + suites::log_apply_snippet(session_seed, c));
}

}  // namespace
}  // namespace conformance
