// Properties of fault plans: the same seed and the same calls give the same decisions and counters;
// counters obey skip and max; an action fires only on calls it can apply to; rule sets survive save
// → load unchanged and canonically.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>
#include <vector>

#include "sim/control/fault_rules.h"
#include "sim/control/fault_rules_json.h"

namespace sim::control {
namespace {

const std::vector<std::string> kNamespaces{"", "root/virtualization/v2", "root\\HyperVCluster\\v2"};
const std::vector<std::string> kClasses{"", "Msvm_CollectionReferencePointService",
                                        "Msvm_CollectionManagementService", "Msvm_ConcreteJob"};
const std::vector<std::string> kMethods{"", "CreateReferencePoint", "AddMember",
                                        "RequestStateChange"};
const std::vector<std::string> kPaths{"", "path-a", "path-b"};

rc::Gen<FaultAction> action() {
  return rc::gen::oneOf(
      rc::gen::map(rc::gen::oneOf(rc::gen::inRange<std::uint32_t>(1, 4096),
                                  rc::gen::inRange<std::uint32_t>(4097, 70000)),
                   [](std::uint32_t c) { return FaultAction(ReturnCodeFault{c}); }),
      rc::gen::map(
          rc::gen::pair(rc::gen::inRange<int>(0, 101), rc::gen::inRange<std::uint32_t>(1, 65536)),
          [](std::pair<int, std::uint32_t> p) {
            return FaultAction(FailJobFault{static_cast<std::uint8_t>(p.first), p.second});
          }),
      rc::gen::map(rc::gen::inRange<int>(1, 86400001),
                   [](int ms) { return FaultAction(DelayFault{std::chrono::milliseconds(ms)}); }),
      rc::gen::just(FaultAction(JobTimeoutFault{})),
      rc::gen::map(rc::gen::element(TransportFaultKind::kDrop, TransportFaultKind::kHttp500,
                                    TransportFaultKind::kHttp401),
                   [](TransportFaultKind k) { return FaultAction(TransportFault{k}); }));
}

rc::Gen<FaultRule> valid_rule() {
  return rc::gen::exec([] {
    FaultRule r;
    r.name = *rc::gen::element<std::string>("", "a", "crp \"half\" way", "\xc3\xa9t\xc3\xa9");
    r.match = {*rc::gen::elementOf(kNamespaces), *rc::gen::elementOf(kClasses),
               *rc::gen::elementOf(kMethods), *rc::gen::elementOf(kPaths)};
    r.action = *action();
    r.probability =
        *rc::gen::oneOf(rc::gen::element(0.0, 0.1, 0.5, 1.0),
                        rc::gen::map(rc::gen::inRange(0, 1000001), [](int p) { return p / 1e6; }));
    r.skip = *rc::gen::inRange<std::uint64_t>(0, 4);
    if (*rc::gen::arbitrary<bool>()) r.max_fires = *rc::gen::inRange<std::uint64_t>(1, 4);
    return r;
  });
}

// Views into the static name tables (a generated std::string would not outlive the view).
rc::Gen<std::string_view> one_of(const std::vector<std::string>& names) {
  return rc::gen::map(rc::gen::inRange<std::size_t>(0, names.size()),
                      [&names](std::size_t i) { return std::string_view(names[i]); });
}

rc::Gen<CallDescription> call() {
  return rc::gen::exec([] {
    CallDescription c{*one_of(kNamespaces), *one_of(kClasses), *one_of(kMethods), *one_of(kPaths),
                      CallKind::kRead};
    if (!c.method.empty()) c.kind = *rc::gen::element(CallKind::kMethod, CallKind::kJobMethod);
    return c;
  });
}

RC_GTEST_PROP(FaultPlanProperty, SameSeedSameCallsSameDecisions, (std::uint64_t seed)) {
  const auto rules = *rc::gen::container<std::vector<FaultRule>>(valid_rule());
  const auto calls = *rc::gen::container<std::vector<CallDescription>>(call());
  auto a = FaultPlan::create(rules);
  auto b = FaultPlan::create(rules);
  RC_ASSERT(a.ok());
  RC_ASSERT(b.ok());
  RandomStream stream_a = RandomStreams(seed).stream(stream::kFaults);
  RandomStream stream_b = RandomStreams(seed).stream(stream::kFaults);
  for (const CallDescription& c : calls) {
    const auto da = a->decide(c, stream_a);
    const auto db = b->decide(c, stream_b);
    RC_ASSERT(da.has_value() == db.has_value());
    if (da) {
      RC_ASSERT(da->rule_index == db->rule_index);
      RC_ASSERT(da->action == rules[da->rule_index].action);
      RC_ASSERT(fault_matches(rules[da->rule_index].match, c));
      RC_ASSERT(action_applies(da->action, c.kind));
    }
  }
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const RuleCounters& counters = a->counters(i);
    RC_ASSERT(counters == b->counters(i));
    RC_ASSERT(counters.fired <=
              (counters.matched > rules[i].skip ? counters.matched - rules[i].skip : 0));
    if (rules[i].max_fires) RC_ASSERT(counters.fired <= *rules[i].max_fires);
    if (rules[i].probability == 0.0) RC_ASSERT(counters.fired == 0u);
  }
}

RC_GTEST_PROP(FaultRulesProperty, SaveLoadRoundTripsCanonically, ()) {
  FaultRuleSet set;
  set.description = *rc::gen::element<std::string>("", "plan", "line\nbreak \"quoted\"");
  set.rules = *rc::gen::container<std::vector<FaultRule>>(valid_rule());
  const std::string text = save_fault_rules(set);
  auto loaded = load_fault_rules(text);
  if (!loaded.ok()) RC_FAIL(loaded.status().to_string());
  RC_ASSERT(*loaded == set);
  RC_ASSERT(save_fault_rules(*loaded) == text);
}

}  // namespace
}  // namespace sim::control
