#include "sim/control/fault_rules.h"

#include <gtest/gtest.h>

#include "sim/control/fault_rules_json.h"

namespace sim::control {
namespace {

#define EXPECT_CONTAINS(haystack, needle) \
  EXPECT_NE(std::string(haystack).find(needle), std::string::npos) << (haystack)

constexpr std::string_view kV2 = "root/virtualization/v2";
constexpr std::string_view kCrps = "Msvm_CollectionReferencePointService";
constexpr std::string_view kCrpsPath =
    R"(\\HOST\root\virtualization\v2:Msvm_CollectionReferencePointService.CreationClassName="Msvm_CollectionReferencePointService")";

CallDescription create_rp() {
  return {kV2, kCrps, "CreateReferencePoint", kCrpsPath, CallKind::kJobMethod};
}

FaultRule rule(FaultMatch match, FaultAction action) {
  FaultRule r;
  r.match = std::move(match);
  r.action = action;
  return r;
}

FaultPlan plan_of(std::vector<FaultRule> rules) {
  auto plan = FaultPlan::create(std::move(rules));
  EXPECT_TRUE(plan.ok()) << plan.status().to_string();
  return plan.ok() ? std::move(*plan) : FaultPlan{};
}

TEST(FaultMatch, EmptyFieldsMatchAnything) {
  EXPECT_TRUE(fault_matches({}, create_rp()));
  EXPECT_TRUE(
      fault_matches({}, {"root/HyperVCluster/v2", "Msvm_ConcreteJob", "", "x", CallKind::kRead}));
}

TEST(FaultMatch, NamesAreCaseInsensitiveAndNamespaceSeparatorsEquivalent) {
  EXPECT_TRUE(fault_matches({"ROOT\\Virtualization\\V2", "msvm_collectionreferencepointservice",
                             "createreferencepoint", ""},
                            create_rp()));
  EXPECT_FALSE(fault_matches({"root/virtualization", "", "", ""}, create_rp()));
  EXPECT_FALSE(fault_matches({"root/HyperVCluster/v2", "", "", ""}, create_rp()));
  EXPECT_FALSE(fault_matches({"", "Msvm_CollectionManagementService", "", ""}, create_rp()));
}

TEST(FaultMatch, MethodRulesSkipGetsAndInstancePathsAreExact) {
  const CallDescription get{kV2, kCrps, "", kCrpsPath, CallKind::kRead};
  EXPECT_FALSE(fault_matches({"", "", "CreateReferencePoint", ""}, get));
  EXPECT_TRUE(fault_matches({"", kCrps.data(), "", ""}, get));
  EXPECT_TRUE(fault_matches({"", "", "", std::string(kCrpsPath)}, create_rp()));
  std::string other_case(kCrpsPath);
  other_case[2] = 'h';
  EXPECT_FALSE(fault_matches({"", "", "", other_case}, create_rp()));
}

TEST(FaultPlan, NoRulesNeverFires) {
  FaultPlan plan;
  RandomStream faults(1);
  EXPECT_FALSE(plan.decide(create_rp(), faults).has_value());
}

TEST(FaultPlan, SkipThenMaxCountsMatchingCallsOnly) {
  FaultRule r = rule({"", "", "CreateReferencePoint", ""}, ReturnCodeFault{2});
  r.skip = 2;
  r.max_fires = 2;
  FaultPlan plan = plan_of({r});
  RandomStream faults(1);
  const CallDescription other{kV2, kCrps, "DestroyReferencePoint", kCrpsPath, CallKind::kJobMethod};
  std::vector<bool> fired;
  for (int i = 0; i < 6; ++i) {
    EXPECT_FALSE(plan.decide(other, faults).has_value());
    fired.push_back(plan.decide(create_rp(), faults).has_value());
  }
  EXPECT_EQ(fired, (std::vector<bool>{false, false, true, true, false, false}));
  EXPECT_EQ(plan.counters(0), (RuleCounters{6, 2}));
  plan.reset_counters();
  EXPECT_EQ(plan.counters(0), RuleCounters{});
  EXPECT_FALSE(plan.decide(create_rp(), faults).has_value());  // skipping again
}

TEST(FaultPlan, RulesMatchOnlyCallsTheirActionCanApplyTo) {
  FaultRule code = rule({}, ReturnCodeFault{32779});
  code.max_fires = 1;
  FaultRule job = rule({}, FailJobFault{50, 2});
  job.max_fires = 1;
  FaultPlan plan = plan_of({code, job, rule({}, DelayFault{std::chrono::milliseconds(5)})});
  RandomStream faults(1);
  const CallDescription get{kV2, kCrps, "", kCrpsPath, CallKind::kRead};
  const CallDescription cancel{kV2, "Msvm_ConcreteJob", "RequestStateChange", "job",
                               CallKind::kMethod};
  EXPECT_EQ(plan.decide(get, faults)->rule_index, 2u);  // a read takes only the delay
  EXPECT_EQ(plan.counters(0), RuleCounters{});          // and does not use up the others
  EXPECT_EQ(plan.decide(cancel, faults)->rule_index, 0u);
  EXPECT_EQ(plan.decide(cancel, faults)->rule_index, 2u);  // no job to fail
  EXPECT_EQ(plan.counters(1), RuleCounters{});
  EXPECT_EQ(plan.decide(create_rp(), faults)->rule_index, 1u);
}

TEST(FaultPlan, FirstFiringRuleWinsAndLaterRulesAreNotConsulted) {
  FaultRule once = rule({"", kCrps.data(), "", ""}, FailJobFault{40, 32768});
  once.max_fires = 1;
  const FaultRule always = rule({}, DelayFault{std::chrono::milliseconds(250)});
  FaultPlan plan = plan_of({once, always});
  RandomStream faults(1);
  auto first = plan.decide(create_rp(), faults);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->rule_index, 0u);
  EXPECT_EQ(first->action, FaultAction(FailJobFault{40, 32768}));
  EXPECT_EQ(plan.counters(1), RuleCounters{});
  auto second = plan.decide(create_rp(), faults);  // rule 0 is exhausted: falls through
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->rule_index, 1u);
  EXPECT_EQ(plan.counters(0), (RuleCounters{2, 1}));
  EXPECT_EQ(plan.counters(1), (RuleCounters{1, 1}));
}

std::vector<int> decisions(std::uint64_t seed, int calls) {
  FaultRule flaky =
      rule({"", "", "CreateReferencePoint", ""}, TransportFault{TransportFaultKind::kHttp500});
  flaky.probability = 0.3;
  FaultRule slow = rule({}, DelayFault{std::chrono::milliseconds(10)});
  slow.probability = 0.5;
  FaultPlan plan = plan_of({flaky, slow});
  RandomStream faults = RandomStreams(seed).stream(stream::kFaults);
  std::vector<int> out;
  for (int i = 0; i < calls; ++i) {
    auto d = plan.decide(create_rp(), faults);
    out.push_back(d ? static_cast<int>(d->rule_index) : -1);
  }
  return out;
}

TEST(FaultPlan, ProbabilityIsDeterministicPerSeedAndRoughlyRight) {
  EXPECT_EQ(decisions(7, 500), decisions(7, 500));
  EXPECT_NE(decisions(7, 500), decisions(8, 500));
  const auto d = decisions(7, 20000);
  const double first = std::count(d.begin(), d.end(), 0) / 20000.0;
  const double second = std::count(d.begin(), d.end(), 1) / 20000.0;
  EXPECT_NEAR(first, 0.3, 0.02);
  EXPECT_NEAR(second, 0.7 * 0.5, 0.02);
}

TEST(FaultPlan, CertainRulesDrawNothingFromTheStream) {
  FaultPlan plan = plan_of({rule({}, JobTimeoutFault{})});
  RandomStream faults(5);
  const RandomStream untouched(5);
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(plan.decide(create_rp(), faults).has_value());
  EXPECT_EQ(faults(), RandomStream(untouched)());
  FaultRule never = rule({}, JobTimeoutFault{});
  never.probability = 0;
  FaultPlan silent = plan_of({never});
  EXPECT_FALSE(silent.decide(create_rp(), faults).has_value());
  EXPECT_EQ(silent.counters(0), (RuleCounters{1, 0}));
}

TEST(FaultPlan, CreateValidatesEveryRule) {
  const auto error = [](FaultRule r) {
    r.name = "bad";
    auto plan = FaultPlan::create({rule({}, JobTimeoutFault{}), r});
    EXPECT_FALSE(plan.ok());
    return plan.status().message();
  };
  FaultRule r = rule({}, ReturnCodeFault{0});
  EXPECT_CONTAINS(error(r), "rule 1: fault rule \"bad\": return code 0 is not an error");
  r.action = ReturnCodeFault{4096};
  EXPECT_CONTAINS(error(r), "4096");
  r.action = FailJobFault{101, 2};
  EXPECT_CONTAINS(error(r), "at_percent 101 is not in [0, 100]");
  r.action = FailJobFault{50, 0};
  EXPECT_CONTAINS(error(r), "error code 0 is not in [1, 65535]");
  r.action = FailJobFault{50, 65536};
  EXPECT_CONTAINS(error(r), "error code 65536 is not in [1, 65535]");
  r.action = DelayFault{std::chrono::milliseconds(0)};
  EXPECT_CONTAINS(error(r), "delay 0 ms");
  r.action = DelayFault{std::chrono::hours(25)};
  EXPECT_CONTAINS(error(r), "is not in [1, 86400000]");
  r.action = JobTimeoutFault{};
  r.probability = 1.5;
  EXPECT_CONTAINS(error(r), "probability");
  r.probability = std::numeric_limits<double>::quiet_NaN();
  EXPECT_CONTAINS(error(r), "probability");
  r.probability = 1;
  r.max_fires = 0;
  EXPECT_CONTAINS(error(r), "max must be at least 1");
  r.max_fires.reset();
  EXPECT_TRUE(validate_fault_rule(r).ok());
}

constexpr std::string_view kRulesFile = R"({
  "description": "a group reference point fails half-way, once; the cluster drops 10 %",
  "rules": [
    {"name": "crp-half-way",
     "match": {"namespace": "root\\virtualization\\v2",
               "class": "Msvm_CollectionReferencePointService",
               "method": "CreateReferencePoint"},
     "action": {"type": "fail-job", "at_percent": 50, "error_code": 32768},
     "skip": 1, "max": 1},
    {"match": {"namespace": "root/HyperVCluster/v2"},
     "action": {"type": "transport", "fault": "drop"}, "probability": 0.1},
    {"action": {"type": "return-code", "code": 32779}},
    {"action": {"type": "delay", "ms": 1500}},
    {"action": {"type": "job-timeout"}}
  ]
})";

TEST(FaultRulesJson, LoadsEveryActionAndField) {
  auto set = load_fault_rules(kRulesFile);
  ASSERT_TRUE(set.ok()) << set.status().to_string();
  ASSERT_EQ(set->rules.size(), 5u);
  const FaultRule& first = set->rules[0];
  EXPECT_EQ(first.name, "crp-half-way");
  EXPECT_EQ(first.match.cim_namespace, "root\\virtualization\\v2");
  EXPECT_EQ(first.match.method, "CreateReferencePoint");
  EXPECT_EQ(first.match.instance_path, "");
  EXPECT_EQ(first.action, FaultAction(FailJobFault{50, 32768}));
  EXPECT_EQ(first.skip, 1u);
  EXPECT_EQ(first.max_fires, 1u);
  EXPECT_EQ(first.probability, 1.0);
  EXPECT_EQ(set->rules[1].action, FaultAction(TransportFault{TransportFaultKind::kDrop}));
  EXPECT_EQ(set->rules[1].probability, 0.1);
  EXPECT_FALSE(set->rules[1].max_fires.has_value());
  EXPECT_EQ(set->rules[2].action, FaultAction(ReturnCodeFault{32779}));
  EXPECT_EQ(set->rules[3].action, FaultAction(DelayFault{std::chrono::milliseconds(1500)}));
  EXPECT_EQ(set->rules[4].action, FaultAction(JobTimeoutFault{}));
  EXPECT_TRUE(FaultPlan::create(set->rules).ok());
}

TEST(FaultRulesJson, SaveLoadRoundTripsCanonically) {
  auto set = load_fault_rules(kRulesFile);
  ASSERT_TRUE(set.ok());
  const std::string text = save_fault_rules(*set);
  auto again = load_fault_rules(text);
  ASSERT_TRUE(again.ok()) << again.status().to_string();
  EXPECT_EQ(*again, *set);
  EXPECT_EQ(save_fault_rules(*again), text);
}

std::string load_error(std::string_view text) {
  auto set = load_fault_rules(text);
  EXPECT_FALSE(set.ok()) << text;
  return set.ok() ? "" : set.status().message();
}

TEST(FaultRulesJson, ErrorsNameThePointerAndTheProblem) {
  EXPECT_CONTAINS(load_error("nope"), "fault rules: not valid JSON");
  EXPECT_CONTAINS(load_error("{}"), "fault rules at /: missing required key \"rules\"");
  EXPECT_CONTAINS(load_error(R"({"rules": {}})"), "at /rules: expected an array");
  EXPECT_CONTAINS(load_error(R"({"rules": [{}]})"), "at /rules/0: missing required key \"action\"");
  EXPECT_CONTAINS(load_error(R"({"rules": [{"action": {"type": "explode"}}]})"),
                  "at /rules/0/action/type: \"explode\" is not one of \"return-code\"");
  EXPECT_CONTAINS(load_error(R"({"rules": [{"action": {"type": "return-code", "code": 4096}}]})"),
                  "at /rules/0/action/code: 4096 is not an error");
  EXPECT_CONTAINS(load_error(R"({"rules": [{"action": {"type": "return-code", "code": 0}}]})"),
                  "at /rules/0/action/code: 0 is out of range [1, 4294967295]");
  EXPECT_CONTAINS(load_error(R"({"rules": [{"action": {"type": "return-code"}}]})"),
                  "missing required key \"code\"");
  EXPECT_CONTAINS(
      load_error(R"({"rules": [{"action": {"type": "job-timeout", "at_percent": 5}}]})"),
      "at /rules/0/action: unknown key \"at_percent\" (expected one of: type)");
  EXPECT_CONTAINS(
      load_error(
          R"({"rules": [{"action": {"type": "fail-job", "at_percent": 101, "error_code": 2}}]})"),
      "at /rules/0/action/at_percent: 101 is out of range [0, 100]");
  EXPECT_CONTAINS(
      load_error(
          R"({"rules": [{"action": {"type": "fail-job", "at_percent": 5, "error_code": 65536}}]})"),
      "at /rules/0/action/error_code: 65536 is out of range [1, 65535]");
  EXPECT_CONTAINS(
      load_error(R"({"rules": [{"action": {"type": "transport", "fault": "http-503"}}]})"),
      "at /rules/0/action/fault: \"http-503\" is not one of \"drop\", \"http-500\", "
      "\"http-401\"");
  EXPECT_CONTAINS(load_error(R"({"rules": [{"action": {"type": "delay", "ms": 0}}]})"),
                  "at /rules/0/action/ms: 0 is out of range");
  EXPECT_CONTAINS(
      load_error(R"({"rules": [{"action": {"type": "job-timeout"}, "probability": 1.01}]})"),
      "at /rules/0/probability: 1.01 is out of range [0.0, 1.0]");
  EXPECT_CONTAINS(load_error(R"({"rules": [{"action": {"type": "job-timeout"}, "max": 0}]})"),
                  "at /rules/0/max: 0 is out of range");
  EXPECT_CONTAINS(load_error(R"({"rules": [{"action": {"type": "job-timeout"}, "skip": -1}]})"),
                  "at /rules/0/skip: -1 is out of range");
  EXPECT_CONTAINS(
      load_error(R"({"rules": [{"action": {"type": "job-timeout"}, "match": {"klass": "x"}}]})"),
      "at /rules/0/match: unknown key \"klass\"");
  EXPECT_CONTAINS(
      load_error(R"({"rules": [{"action": {"type": "job-timeout"}, "match": {"class": 5}}]})"),
      "at /rules/0/match/class: expected a string, got 5");
  EXPECT_CONTAINS(load_error(R"({"rules": [], "rules": []})"), "duplicate key \"rules\"");
}

}  // namespace
}  // namespace sim::control
