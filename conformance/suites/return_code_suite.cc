// Area 2, return codes: every documented code of the collection CreateReferencePoint and
// DestroyReferencePoint and of Msvm_CollectionManagementService.DefineCollection / AddMember is
// provoked at least once, through input, state or a fault rule (FaultControl), in every namespace
// the target serves, and each kind of answer keeps its postconditions: 0 -> out-references
// resolve and no job; 4096 -> the job resolves, ends terminal and gives its result only through
// Msvm_AffectedJobElement; an error -> no point or membership changed on any member. Random calls
// never return a code from a reserved range (conformance/oracle/return_codes.h).
#include <rapidcheck.h>

#include <algorithm>
#include <functional>

#include <fmt/format.h>

#include "conformance/catalogue/conformance_test.h"
#include "conformance/oracle/return_codes.h"
#include "conformance/suites/collection_calls.h"
#include "conformance/suites/collection_states.h"
#include "conformance/suites/provoked_call.h"
#include "conformance/suites/rct_calls.h"
#include "conformance/target/run_seed.h"

namespace conformance {
namespace {

using oracle::CollectionState;
using oracle::TypeClass;

constexpr std::string_view kCreateMethod =
    "Msvm_CollectionReferencePointService.CreateReferencePoint";
constexpr std::string_view kDestroyMethod =
    "Msvm_CollectionReferencePointService.DestroyReferencePoint";

// A (type class, state) pair whose only allowed code is `code` under `profile`, if any.
std::optional<std::pair<TypeClass, CollectionState>> natural_cause(
    std::uint32_t code, const oracle::ProfileExpectations& profile) {
  for (const oracle::TypeRange& range : oracle::reference_point_type_classes()) {
    for (CollectionState state : oracle::all_collection_states()) {
      if (state == CollectionState::kVhdDisk || state == CollectionState::kOldConfigurationVersion)
        continue;  // the inventory's archive-01 carries both defects at once
      const auto expected = oracle::expect_collection_create(range.type_class, state, profile);
      if (!expected.succeeds && expected.error_codes == std::set<std::uint32_t>{code}) {
        return std::pair{range.type_class, state};
      }
    }
  }
  return std::nullopt;
}

// Every documented code of the collection CreateReferencePoint, provoked in `ns` on fresh
// sessions; `check` sees each.
void for_each_create_provocation(std::string_view ns,
                                 const std::function<void(Session&, const Provoked&)>& check) {
  std::string problem;
  const auto profile = target_profile(problem);
  ASSERT_TRUE(profile.has_value()) << problem;
  for (std::uint32_t code : oracle::family_codes(*oracle::family_of(kCreateMethod))) {
    auto session = current_target().open(run_seed() + code);
    TypeClass type_class = TypeClass::kRctBased;
    CollectionState state = CollectionState::kValidReplicationOff;
    std::string fault, how;
    if (code == 0 || (code == 4096 && profile->delivery_for(kCreateMethod).success_via_job)) {
      how = "an RCT point of a healthy group";
    } else if (code == 4096) {
      fault = fail_job_rule(kCollectionRpService, "CreateReferencePoint", 50, 2);
      how = "a fail-job rule at 50%";
    } else if (auto cause = natural_cause(code, *profile)) {
      std::tie(type_class, state) = *cause;
      how = fmt::format("type {} on a {}", oracle::to_string(type_class), oracle::to_string(state));
    } else {
      fault = return_code_rule(kCollectionRpService, "CreateReferencePoint", code);
      how = fmt::format("a return-code rule ({})", code);
    }
    if (!fault.empty() && session->fault_control() == nullptr) continue;  // REQUIRE'd by callers
    auto prepared = prepare_collection(*session, ns, state, 2, run_seed() + code, problem);
    ASSERT_TRUE(prepared.has_value()) << how << ": " << problem;
    const std::uint16_t type = type_value_in(type_class, code);
    check(*session,
          provoke(*session, ns, kCollectionRpService, "CreateReferencePoint",
                  create_arguments(*prepared, type), code, how + " in " + std::string(ns), fault));
  }
}

CONFORMANCE_TEST(ReturnCodeSuite, EveryCreateReferencePointCodeProvoked, "CRP-CODE-001") {
  for (const std::string& ns : current_target().namespaces()) {
    auto probe = current_target().open(run_seed());
    CONFORMANCE_REQUIRE(*probe, {.mutation = true, .fault_rules = true});
    for_each_create_provocation(ns, [](Session&, const Provoked& p) {
      EXPECT_TRUE(answered_as(p.outcome, p.code))
          << "code " << p.code << " by " << p.how << ": " << p.outcome.describe();
    });
  }
}

// Every 0 seen from the collection CreateReferencePoint (when the profile answers it at once) and
// from GetVirtualDiskChanges on one of the new point's disks (which answers at once everywhere).
CONFORMANCE_TEST(ReturnCodeSuite, ZeroMeansResolvableOutReferencesAndNoJob, "CRP-CODE-002") {
  std::string problem;
  const auto profile = target_profile(problem);
  ASSERT_TRUE(profile.has_value()) << problem;
  int zeros = 0;
  for (const std::string& ns : current_target().namespaces()) {
    auto session = current_target().open(run_seed());
    CONFORMANCE_REQUIRE(*session, {.mutation = true});
    auto prepared = prepare_collection(*session, ns, CollectionState::kValidReplicationOff, 2,
                                       run_seed(), problem);
    ASSERT_TRUE(prepared.has_value()) << problem;
    const Provoked p = provoke(*session, ns, kCollectionRpService, "CreateReferencePoint",
                               create_arguments(*prepared, 2), 0, "an RCT point in " + ns, "");
    ASSERT_TRUE(p.outcome.succeeded()) << p.how << ": " << p.outcome.describe();
    // A profile with immediate success must answer 0 here; then its postcondition holds.
    if (!profile->delivery_for(kCreateMethod).success_via_job) {
      ASSERT_EQ(p.outcome.return_value, 0u) << p.how << ": " << p.outcome.describe();
    }
    if (p.outcome.return_value == 0) {
      ++zeros;
      expect_zero_postcondition(*session, p);
      const wmi::CimValue* point =
          wmi::find_property(p.outcome.out, "ResultingReferencePointCollection");
      EXPECT_TRUE(point != nullptr && point->as_reference() != nullptr) << p.how;
    }
    if (!service_path(session->connection(), ns, kImageManagementService)) continue;
    const auto disks = suites::point_disks(*session);
    ASSERT_FALSE(disks.empty()) << p.how << ": the new point has no disk";
    const Provoked changes = provoke(*session, ns, kImageManagementService, "GetVirtualDiskChanges",
                                     {{"Path", disks.front().path},
                                      {"LimitId", disks.front().rct_id},
                                      {"TargetSnapshotId", std::string()},
                                      {"ByteOffset", std::uint64_t{0}},
                                      {"ByteLength", std::uint64_t{1} << 20}},
                                     0, "GetVirtualDiskChanges since the new point in " + ns, "");
    ASSERT_EQ(changes.outcome.return_value, 0u)
        << changes.how << ": " << changes.outcome.describe();
    ++zeros;
    expect_zero_postcondition(*session, changes);
  }
  if (zeros == 0) GTEST_SKIP() << "no call of this target answered 0";
}

CONFORMANCE_TEST(ReturnCodeSuite, JobResolvesEndsTerminalAndLinksItsResult, "CRP-CODE-003") {
  for (const std::string& ns : current_target().namespaces()) {
    auto probe = current_target().open(run_seed());
    CONFORMANCE_REQUIRE(*probe, {.mutation = true, .fault_rules = true});
    int jobs = 0;
    for_each_create_provocation(ns, [&](Session& session, const Provoked& p) {
      if (p.outcome.return_value != 4096) return;
      ++jobs;
      expect_job_postcondition(session, p);
    });
    EXPECT_GT(jobs, 0) << "no call answered 4096 in " << ns;
  }
}

// A failed collection CreateReferencePoint changes nothing: by input or state (any type class x
// state), by an injected code, or by a job failing part-way through a healthy group's point.
CONFORMANCE_PROP(ReturnCodeSuite, FailedCreateLeavesNoPointOnAnyMember, "CRP-CODE-004") {
  const auto namespaces = current_target().namespaces();
  RC_PRE(!namespaces.empty());
  const std::string ns = *rc::gen::elementOf(namespaces);
  const auto seed = *rc::gen::arbitrary<std::uint64_t>();
  auto session = current_target().open(seed);
  // Without a fault-rule hook only input and state can make the call fail.
  const int cause = session->fault_control() == nullptr ? 0 : *rc::gen::inRange(0, 3);
  // 0 input/state, 1 injected code, 2 a job failing part-way
  const auto states = oracle::all_collection_states();
  const CollectionState state =
      cause == 0 ? *rc::gen::elementOf(std::vector<CollectionState>(states.begin(), states.end()))
                 : CollectionState::kValidReplicationOff;
  const auto choice = *rc::gen::arbitrary<std::uint32_t>();
  std::string problem;
  auto prepared = prepare_collection(*session, ns, state, cause == 0 ? choice : 2, seed, problem);
  if (!prepared) RC_FAIL("setting up " + std::string(oracle::to_string(state)) + ": " + problem);
  std::uint16_t type = 2;
  std::string fault;
  const auto errors = oracle::family_error_codes(*oracle::family_of(kCreateMethod));
  if (cause == 0) {
    type = *rc::gen::arbitrary<std::uint16_t>();
  } else if (cause == 1) {
    fault =
        return_code_rule(kCollectionRpService, "CreateReferencePoint", *rc::gen::elementOf(errors));
  } else {
    fault = fail_job_rule(kCollectionRpService, "CreateReferencePoint", *rc::gen::inRange(0, 101),
                          *rc::gen::elementOf(errors));
  }
  const Provoked p = provoke(*session, ns, kCollectionRpService, "CreateReferencePoint",
                             create_arguments(*prepared, type), 0,
                             fmt::format("type {} on a {} in {}{}", type, oracle::to_string(state),
                                         ns, fault.empty() ? "" : " with " + fault),
                             fault);
  RC_ASSERT(p.outcome.transport.ok());
  if (cause != 0) RC_ASSERT_FALSE(p.outcome.succeeded());
  if (!p.outcome.succeeded() && !(p.before == p.after)) {
    RC_FAIL(p.how + " (" + p.outcome.describe() +
            ") changed:" + describe_difference(p.before, p.after));
  }
}

// Random calls of modelled methods never answer a reserved code.
CONFORMANCE_PROP(ReturnCodeSuite, NoCallReturnsAReservedCode, "CRP-CODE-005") {
  const auto namespaces = current_target().namespaces();
  RC_PRE(!namespaces.empty());
  const std::string ns = *rc::gen::elementOf(namespaces);
  const auto seed = *rc::gen::arbitrary<std::uint64_t>();
  auto session = current_target().open(seed);
  std::string problem;
  const auto states = oracle::all_collection_states();
  const CollectionState state =
      *rc::gen::elementOf(std::vector<CollectionState>(states.begin(), states.end()));
  auto prepared =
      prepare_collection(*session, ns, state, *rc::gen::arbitrary<std::uint32_t>(), seed, problem);
  if (!prepared) RC_FAIL("setting up " + std::string(oracle::to_string(state)) + ": " + problem);
  std::string method;
  wmi::PropertyList in;
  std::string service;
  switch (*rc::gen::inRange(0, 4)) {
    case 0:
    case 1:  // the type domain, invalid classes often
      service = kCollectionRpService;
      method = "CreateReferencePoint";
      in = create_arguments(*prepared, *rc::gen::oneOf(rc::gen::arbitrary<std::uint16_t>(),
                                                       rc::gen::element<std::uint16_t>(0, 3)));
      break;
    case 2:  // destroying what may not be a point
      service = kCollectionRpService;
      method = "DestroyReferencePoint";
      in = {{"AffectedReferencePointCollection", prepared->collection}};
      break;
    default:  // defining groups with random Ids and Types
      service = kCollectionManagementService;
      method = "DefineCollection";
      in = {{"Name", "random"},
            {"Id", *rc::gen::element<std::string>("", std::string(kFinance), "not-a-guid",
                                                  guid_from(seed + 1))},
            {"Type", *rc::gen::inRange<std::uint16_t>(0, 4)}};
      break;
  }
  const auto target = service_path(session->connection(), ns, service);
  RC_ASSERT(target.has_value());
  const CallOutcome outcome = call_and_settle(*session, *target, method, in);
  RC_ASSERT(outcome.transport.ok());
  const auto family = *oracle::family_of(service + "." + method);
  const std::string what = service + "." + method + " in " + ns + ": " + outcome.describe();
  if (oracle::is_reserved(family, outcome.return_value)) RC_FAIL("reserved ReturnValue: " + what);
  if (const auto code = outcome.job_error_code(); code && oracle::is_reserved(family, *code)) {
    RC_FAIL("reserved job ErrorCode: " + what);
  }
}

// The collection DestroyReferencePoint: its documented codes provoked on a group's point.
CONFORMANCE_TEST(ReturnCodeSuite, EveryDestroyReferencePointCodeProvoked, "CRP-CODE-006") {
  std::string problem;
  const auto profile = target_profile(problem);
  ASSERT_TRUE(profile.has_value()) << problem;
  for (const std::string& ns : current_target().namespaces()) {
    for (std::uint32_t code : oracle::family_codes(*oracle::family_of(kDestroyMethod))) {
      auto session = current_target().open(run_seed() + code);
      CONFORMANCE_REQUIRE(*session, {.mutation = true, .fault_rules = true});
      auto prepared = prepare_collection(*session, ns, CollectionState::kValidReplicationOff, 2,
                                         run_seed(), problem);
      ASSERT_TRUE(prepared.has_value()) << problem;
      const Provoked created = provoke(*session, ns, kCollectionRpService, "CreateReferencePoint",
                                       create_arguments(*prepared, 2), 0, "setup", "");
      ASSERT_TRUE(created.outcome.succeeded()) << created.outcome.describe();
      std::vector<std::string> fresh;
      std::set_difference(created.after.collection_points.begin(),
                          created.after.collection_points.end(),
                          created.before.collection_points.begin(),
                          created.before.collection_points.end(), std::back_inserter(fresh));
      ASSERT_EQ(fresh.size(), 1u);
      const auto points =
          session->connection().query(ns, "SELECT * FROM Msvm_ReferencePointCollection");
      ASSERT_TRUE(points.ok()) << points.status().to_string();
      std::optional<wmi::ObjectPath> point;
      for (const wmi::Instance& candidate : *points) {
        if (candidate.path() && path_text(*candidate.path()) == fresh.front()) {
          point = candidate.path();
        }
      }
      ASSERT_TRUE(point.has_value());
      // 0 and a job by input (a fail-job rule when the profile answers 0); errors by rule.
      std::string fault;
      if (code != 0 && code != 4096) {
        fault = return_code_rule(kCollectionRpService, "DestroyReferencePoint", code);
      } else if (code == 4096 && !profile->delivery_for(kDestroyMethod).success_via_job) {
        fault = fail_job_rule(kCollectionRpService, "DestroyReferencePoint", 50, 2);
      }
      const Provoked p = provoke(*session, ns, kCollectionRpService, "DestroyReferencePoint",
                                 {{"AffectedReferencePointCollection", *point}}, code,
                                 fmt::format("DestroyReferencePoint in {} {}", ns, fault), fault);
      EXPECT_TRUE(answered_as(p.outcome, code)) << p.how << ": " << p.outcome.describe();
      if (p.outcome.return_value == 0) expect_zero_postcondition(*session, p);
      if (p.outcome.return_value == 4096) {
        ASSERT_TRUE(p.outcome.final_job.has_value()) << p.how << ": " << p.outcome.job_problem;
        EXPECT_NE(p.outcome.job_succeeded(), p.outcome.job_error_code().value_or(0) != 0) << p.how;
      }
      expect_no_partial_state(p);
      if (p.outcome.succeeded()) {
        EXPECT_FALSE(p.after.collection_points.contains(fresh.front())) << p.how;
        EXPECT_EQ(p.after.vm_points.size() + prepared->members.size(), p.before.vm_points.size())
            << p.how << describe_difference(p.before, p.after);
      }
    }
  }
}

// Msvm_CollectionManagementService (Hyper-V family): DefineCollection and AddMember.
CONFORMANCE_TEST(ReturnCodeSuite, EveryCollectionManagementCodeProvoked, "CRP-CODE-007") {
  std::string problem;
  const auto profile = target_profile(problem);
  ASSERT_TRUE(profile.has_value()) << problem;
  const auto duplicate = profile->code("collection_management.code.duplicate_collection_id");
  for (const std::string& ns : current_target().namespaces()) {
    for (std::string_view method : {"DefineCollection", "AddMember"}) {
      const std::string full =
          std::string(kCollectionManagementService) + "." + std::string(method);
      for (std::uint32_t code : oracle::family_codes(*oracle::family_of(full))) {
        auto session = current_target().open(run_seed() + code);
        CONFORMANCE_REQUIRE(*session, {.mutation = true, .fault_rules = true});
        const auto vm =
            find_instance(session->connection(), ns, "Msvm_ComputerSystem", "Name", kArchive01);
        const auto finance = find_instance(
            session->connection(), ns, "Msvm_VirtualSystemCollection", "CollectionID", kFinance);
        ASSERT_TRUE(vm.has_value() && finance.has_value()) << ns;
        wmi::PropertyList in;
        if (method == "DefineCollection") {
          const bool natural_duplicate = duplicate == code;
          in = {{"Name", "provoked"},
                {"Id", natural_duplicate ? std::string(kFinance) : guid_from(code)},
                {"Type", std::uint16_t{0}}};
        } else {
          in = {{"Member", *vm}, {"Collection", *finance}};
        }
        std::string fault;
        const bool natural = code == 0 || (method == "DefineCollection" && duplicate == code);
        if (code == 4096 && !profile->delivery_for(full).success_via_job) {
          fault = fail_job_rule(kCollectionManagementService, method, 50, 32768);
        } else if (!natural && code != 4096) {
          fault = return_code_rule(kCollectionManagementService, method, code);
        }
        const Provoked p =
            provoke(*session, ns, kCollectionManagementService, method, in, code,
                    fmt::format("{} in {} {}", full, ns, fault.empty() ? "(input)" : fault), fault);
        EXPECT_TRUE(answered_as(p.outcome, code)) << p.how << ": " << p.outcome.describe();
        if (p.outcome.return_value == 0) expect_zero_postcondition(*session, p);
        expect_no_partial_state(p);
      }
    }
  }
}

}  // namespace
}  // namespace conformance
