// Area 1, the ReferencePointType domain: the collection CreateReferencePoint for generated values
// of every type class (0, 1, 2, 3..32767, 32768..65535) against generated collection states
// (conformance/oracle/reference_point_type.h), in every namespace the target serves. The
// ReturnValue (and a 4096 job's ErrorCode) must lie in the oracle's allowed set, and the side
// effects must match: on success one new Msvm_ReferencePointCollection and one new per-VM point
// per member, on an error the SELECTs of points and memberships unchanged. A 4096 is waited for
// and its result is read only through Msvm_AffectedJobElement. Also the per-VM type encoding.
#include <rapidcheck.h>

#include <algorithm>
#include <functional>

#include "conformance/catalogue/conformance_test.h"
#include "conformance/oracle/namespace_classes.h"
#include "conformance/suites/collection_calls.h"
#include "conformance/suites/collection_states.h"
#include "conformance/target/run_seed.h"

namespace conformance {
namespace {

using oracle::CollectionState;
using oracle::TypeClass;

// One generated case: its call and what the target answered.
struct TypeCase {
  std::string ns;
  TypeClass type_class;
  std::uint16_t type;
  PreparedCollection prepared;
  oracle::CreateExpectation expected;
  PointSnapshot before, after;
  CallOutcome outcome;

  std::string describe() const {
    return "CreateReferencePoint(type " + std::to_string(type) + " [" +
           std::string(oracle::to_string(type_class)) + "], " +
           std::string(oracle::to_string(prepared.state)) + ", settings \"" + prepared.settings +
           "\") in " + ns + ": " + outcome.describe();
  }
};

// Prepares `state` on a fresh session and calls CreateReferencePoint with `type`; the
// returned problem is set when the setup or a snapshot failed.
TypeCase run_case(const oracle::ProfileExpectations& profile, std::string ns, std::uint16_t type,
                  CollectionState state, std::uint32_t choice, std::uint64_t seed,
                  std::string& problem) {
  TypeCase c;
  c.ns = std::move(ns);
  c.type = type;
  c.type_class = oracle::classify_reference_point_type(type);
  auto session = current_target().open(seed);
  auto prepared = prepare_collection(*session, c.ns, state, choice, seed ^ 0x5eed, problem);
  if (!prepared) {
    problem = "setting up " + std::string(oracle::to_string(state)) + ": " + problem;
    return c;
  }
  c.prepared = std::move(*prepared);
  c.expected = expect_for(c.type_class, c.prepared, profile);
  const auto service = service_path(session->connection(), c.ns, kCollectionRpService);
  if (!service) {
    problem = "no single Msvm_CollectionReferencePointService in " + c.ns;
    return c;
  }
  c.before = snapshot_points(session->connection(), c.ns);
  c.outcome = call_and_settle(*session, *service, "CreateReferencePoint",
                              create_arguments(c.prepared, c.type));
  c.after = snapshot_points(session->connection(), c.ns);
  problem = c.before.problem + c.after.problem;
  return c;
}

// Generates a case and runs it (RC_FAIL on setup errors).
TypeCase run_generated_case(const oracle::ProfileExpectations& profile) {
  const auto namespaces = current_target().namespaces();
  RC_PRE(!namespaces.empty());
  const std::string ns = *rc::gen::elementOf(namespaces);
  std::vector<TypeClass> classes;
  for (const oracle::TypeRange& range : oracle::reference_point_type_classes()) {
    classes.push_back(range.type_class);
  }
  const TypeClass type_class = *rc::gen::elementOf(classes);
  const std::uint16_t type = type_value_in(type_class, *rc::gen::arbitrary<std::uint32_t>());
  const auto states = oracle::all_collection_states();
  const CollectionState state =
      *rc::gen::elementOf(std::vector<CollectionState>(states.begin(), states.end()));
  const auto choice = *rc::gen::arbitrary<std::uint32_t>();
  const auto seed = *rc::gen::arbitrary<std::uint64_t>();
  std::string problem;
  TypeCase c = run_case(profile, ns, type, state, choice, seed, problem);
  if (!problem.empty()) RC_FAIL(problem);
  return c;
}

std::optional<oracle::ProfileExpectations> profile_or_fail() {
  std::string problem;
  auto profile = target_profile(problem);
  if (!profile) RC_FAIL("the target's profile: " + problem);
  return profile;
}

// Why the ReturnValue (and a job's ErrorCode) of `c` is outside the oracle's set; "" if inside.
std::string return_value_violation(const TypeCase& c, const oracle::ProfileExpectations& profile) {
  if (!c.outcome.transport.ok()) return c.describe();
  const std::set<std::uint32_t> allowed = oracle::allowed_return_values(c.expected, profile);
  if (allowed.empty()) return "the profile sets no code for " + c.describe();
  if (!allowed.contains(c.outcome.return_value)) {
    return c.describe() + "; allowed ReturnValues: " + rc::toString(allowed);
  }
  if (c.outcome.return_value != 4096) return "";
  if (!c.outcome.final_job) return c.describe();
  if (c.expected.succeeds) return c.outcome.job_succeeded() ? "" : c.describe();
  const auto allowed_job = oracle::allowed_job_error_codes(c.expected, profile);
  const auto code = c.outcome.job_error_code();
  if (c.outcome.job_succeeded() || !code || !allowed_job.contains(*code)) {
    return c.describe() + "; allowed job ErrorCodes: " + rc::toString(allowed_job);
  }
  return "";
}

// Why the side effects of `c` differ from the oracle's; "" if they match.
std::string side_effect_violation(const TypeCase& c) {
  if (!c.outcome.transport.ok()) return c.describe();
  if (!c.outcome.succeeded()) {
    if (c.before == c.after) return "";
    return c.describe() + " failed but changed:" + describe_difference(c.before, c.after);
  }
  if (!c.expected.succeeds) return c.describe() + " succeeded against the oracle";
  std::vector<std::string> fresh;
  for (const std::string& point : c.after.collection_points) {
    if (!c.before.collection_points.contains(point)) fresh.push_back(point);
  }
  if (fresh.size() != 1 ||
      c.after.collection_points.size() != c.before.collection_points.size() + 1) {
    return c.describe() +
           " must add exactly one collection point:" + describe_difference(c.before, c.after);
  }
  if (c.after.vm_points.size() != c.before.vm_points.size() + c.prepared.members.size() ||
      c.after.memberships != c.before.memberships) {
    return c.describe() + " must add one per-VM point per member (" +
           std::to_string(c.prepared.members.size()) +
           "):" + describe_difference(c.before, c.after);
  }
  if (c.outcome.return_value == 4096) {
    // The result is found only through Msvm_AffectedJobElement.
    const bool linked = std::any_of(
        c.outcome.affected.begin(), c.outcome.affected.end(), [&](const wmi::Instance& element) {
          return element.path() && path_text(*element.path()) == fresh.front();
        });
    if (!linked) return c.describe() + ": the new point is not the job's AffectedElement";
  }
  return "";
}

// Every type class (its first and last value) x every state x every namespace, once each.
void check_every_pair(const std::function<std::string(const TypeCase&)>& violation) {
  std::string problem;
  const auto profile = target_profile(problem);
  ASSERT_TRUE(profile.has_value()) << problem;
  std::uint64_t seed = run_seed();
  for (const std::string& ns : current_target().namespaces()) {
    for (const oracle::TypeRange& range : oracle::reference_point_type_classes()) {
      for (CollectionState state : oracle::all_collection_states()) {
        for (std::uint16_t type : {range.first, range.last}) {
          const TypeCase c = run_case(*profile, ns, type, state, 2, ++seed, problem);
          ASSERT_TRUE(problem.empty()) << problem;
          const std::string found = violation(c);
          EXPECT_TRUE(found.empty()) << found;
        }
      }
    }
  }
}

CONFORMANCE_PROP(TypeDomainSuite, ReturnValueInAllowedSetForEveryTypeAndState, "CRP-TYPE-002") {
  const auto profile = profile_or_fail();
  const std::string found = return_value_violation(run_generated_case(*profile), *profile);
  if (!found.empty()) RC_FAIL(found);
}

CONFORMANCE_TEST(TypeDomainSuite, ReturnValueInAllowedSetForEachTypeClassAndState, "CRP-TYPE-002") {
  std::string problem;
  const auto profile = target_profile(problem);
  ASSERT_TRUE(profile.has_value()) << problem;
  check_every_pair([&](const TypeCase& c) { return return_value_violation(c, *profile); });
}

CONFORMANCE_PROP(TypeDomainSuite, SideEffectsMatchTheOracleForEveryTypeAndState, "CRP-TYPE-003") {
  const auto profile = profile_or_fail();
  const std::string found = side_effect_violation(run_generated_case(*profile));
  if (!found.empty()) RC_FAIL(found);
}

CONFORMANCE_TEST(TypeDomainSuite, SideEffectsMatchTheOracleForEachTypeClassAndState,
                 "CRP-TYPE-003") {
  check_every_pair(side_effect_violation);
}

// A valid group's RCT point, checked member by member (one example per namespace).
CONFORMANCE_TEST(TypeDomainSuite, RctPointOfValidGroupHoldsOnePointPerMember, "CRP-TYPE-001") {
  for (const std::string& ns : current_target().namespaces()) {
    auto session = current_target().open(run_seed());
    CONFORMANCE_REQUIRE(*session, {.mutation = true});
    std::string problem;
    auto prepared = prepare_collection(*session, ns, CollectionState::kValidReplicationOff, 2,
                                       run_seed(), problem);
    ASSERT_TRUE(prepared.has_value()) << problem;
    const auto service = service_path(session->connection(), ns, kCollectionRpService);
    ASSERT_TRUE(service.has_value()) << ns;
    const PointSnapshot before = snapshot_points(session->connection(), ns);
    const CallOutcome outcome =
        call_and_settle(*session, *service, "CreateReferencePoint", create_arguments(*prepared, 2));
    ASSERT_TRUE(outcome.succeeded()) << ns << ": " << outcome.describe();
    const PointSnapshot after = snapshot_points(session->connection(), ns);
    ASSERT_EQ(after.collection_points.size(), before.collection_points.size() + 1)
        << ns << describe_difference(before, after);
    // The new point: the out-reference on 0, the job's AffectedElement on 4096.
    std::optional<wmi::ObjectPath> point;
    if (outcome.return_value == 0) {
      const wmi::CimValue* out =
          wmi::find_property(outcome.out, "ResultingReferencePointCollection");
      ASSERT_TRUE(out != nullptr && !out->is_null() && out->as_reference() != nullptr) << ns;
      point = *out->as_reference();
    } else {
      for (const wmi::Instance& element : outcome.affected) {
        if (element.class_name() == "Msvm_ReferencePointCollection") point = element.path();
      }
    }
    ASSERT_TRUE(point.has_value()) << ns << ": " << outcome.describe();
    const auto resolved = session->connection().get(*point);
    ASSERT_TRUE(resolved.ok()) << path_text(*point) << ": " << resolved.status().to_string();
    EXPECT_EQ(resolved->find("ReferencePointType")->as_uint(), 2u) << ns;
    const auto vms = member_vms_of_point(session->connection(), *point, problem);
    ASSERT_TRUE(vms.has_value()) << problem;
    EXPECT_EQ(*vms, std::multiset<std::string>(prepared->members.begin(), prepared->members.end()))
        << ns;
  }
}

// The per-VM point just created: the one Msvm_VirtualSystemReferencePoint that was not there.
std::optional<wmi::Instance> new_vm_point(wmi::Connection& connection,
                                          const std::set<std::string>& before) {
  const auto points = connection.query(oracle::kVirtualizationNamespace,
                                       "SELECT * FROM Msvm_VirtualSystemReferencePoint");
  if (!points.ok()) return std::nullopt;
  std::optional<wmi::Instance> fresh;
  for (const wmi::Instance& point : *points) {
    if (point.path() && !before.contains(path_text(*point.path()))) {
      if (fresh) return std::nullopt;  // more than one
      fresh = point;
    }
  }
  return fresh;
}

CallOutcome create_vm_point(Session& session, std::string_view vm, std::uint16_t type) {
  const auto service =
      service_path(session.connection(), oracle::kVirtualizationNamespace, kVmRpService);
  const auto system = find_instance(session.connection(), oracle::kVirtualizationNamespace,
                                    "Msvm_ComputerSystem", "Name", vm);
  if (!service || !system) {
    CallOutcome missing;
    missing.transport = wmi::Status(wmi::StatusKind::kNotFound, "no per-VM service or VM");
    return missing;
  }
  return call_and_settle(session, *service, "CreateReferencePoint",
                         {{"AffectedSystem", *system},
                          {"ReferencePointSettings", std::string()},
                          {"ReferencePointType", type}});
}

CONFORMANCE_TEST(TypeDomainSuite, PerVmTypeEncodingIsTheProfilesEncoding, "CRP-TYPE-004") {
  auto session = current_target().open(run_seed());
  CONFORMANCE_REQUIRE(*session, {.mutation = true});
  std::string problem;
  const auto profile = target_profile(problem);
  ASSERT_TRUE(profile.has_value()) << problem;
  wmi::Connection& connection = session->connection();
  const auto vm_points = [&] {
    return snapshot_points(connection, oracle::kVirtualizationNamespace).vm_points;
  };

  // RCT: the profile's RCT value makes an RCT point.
  std::set<std::string> before = vm_points();
  const CallOutcome rct = create_vm_point(*session, kSql01, profile->vs_rct_type());
  ASSERT_TRUE(rct.succeeded()) << "RCT value " << profile->vs_rct_type() << ": " << rct.describe();
  auto point = new_vm_point(connection, before);
  ASSERT_TRUE(point.has_value()) << "not exactly one new per-VM point";
  EXPECT_EQ(point->find("ReferencePointType")->as_uint(), 2u)
      << "the profile's RCT value " << profile->vs_rct_type() << " made another type";

  // Log, without replication: refused, no point.
  before = vm_points();
  const CallOutcome log_off = create_vm_point(*session, kWeb01, profile->vs_log_type());
  ASSERT_TRUE(log_off.transport.ok()) << log_off.describe();
  EXPECT_FALSE(log_off.succeeded())
      << "log value " << profile->vs_log_type() << " without replication: " << log_off.describe();
  EXPECT_EQ(vm_points(), before);

  // Log, with replication: a log-based point.
  ASSERT_TRUE(start_replication(*session, kWeb01, problem)) << problem;
  before = vm_points();
  const CallOutcome log_on = create_vm_point(*session, kWeb01, profile->vs_log_type());
  ASSERT_TRUE(log_on.succeeded()) << "log value " << profile->vs_log_type() << ": "
                                  << log_on.describe();
  point = new_vm_point(connection, before);
  ASSERT_TRUE(point.has_value()) << "not exactly one new per-VM point";
  EXPECT_EQ(point->find("ReferencePointType")->as_uint(), 1u)
      << "the profile's log value " << profile->vs_log_type() << " made another type";
}

}  // namespace
}  // namespace conformance
