#include "sim/control/fault_rules.h"

#include <algorithm>
#include <cctype>
#include <utility>

namespace sim::control {

namespace {

constexpr std::chrono::milliseconds kMaxDelay = std::chrono::hours(24);

char fold(char c) {
  if (c == '\\') return '/';
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

// Equal after folding case (and, for namespaces, the separator).
bool same_name(std::string_view pattern, std::string_view value) {
  return pattern.size() == value.size() &&
         std::equal(pattern.begin(), pattern.end(), value.begin(),
                    [](char a, char b) { return fold(a) == fold(b); });
}

std::string rule_label(const FaultRule& rule) {
  return rule.name.empty() ? std::string("fault rule") : "fault rule \"" + rule.name + "\"";
}

struct ActionCheck {
  std::string label;
  wmi::Status operator()(const ReturnCodeFault& a) const {
    if (a.code == 0 || a.code == 4096) {
      return wmi::invalid_argument(label + ": return code " + std::to_string(a.code) +
                                   " is not an error (use a fail-job action for jobs)");
    }
    return {};
  }
  wmi::Status operator()(const FailJobFault& a) const {
    if (a.at_percent > 100) {
      return wmi::invalid_argument(label + ": at_percent " + std::to_string(a.at_percent) +
                                   " is not in [0, 100]");
    }
    if (a.error_code == 0 || a.error_code > 0xFFFF) {
      return wmi::invalid_argument(
          label + ": error code " + std::to_string(a.error_code) +
          " is not in [1, 65535] (Msvm_ConcreteJob.ErrorCode is a uint16)");
    }
    return {};
  }
  wmi::Status operator()(const DelayFault& a) const {
    if (a.delay.count() < 1 || a.delay > kMaxDelay) {
      return wmi::invalid_argument(label + ": delay " + std::to_string(a.delay.count()) +
                                   " ms is not in [1, 86400000]");
    }
    return {};
  }
  wmi::Status operator()(const JobTimeoutFault&) const { return {}; }
  wmi::Status operator()(const TransportFault& a) const {
    switch (a.kind) {
      case TransportFaultKind::kDrop:
      case TransportFaultKind::kHttp500:
      case TransportFaultKind::kHttp401:
        return {};
    }
    return wmi::invalid_argument(label + ": unknown transport fault");
  }
};

}  // namespace

wmi::Status validate_fault_rule(const FaultRule& rule) {
  const std::string label = rule_label(rule);
  if (!(rule.probability >= 0.0 && rule.probability <= 1.0)) {
    return wmi::invalid_argument(label + ": probability " + std::to_string(rule.probability) +
                                 " is not in [0, 1]");
  }
  if (rule.max_fires && *rule.max_fires == 0) {
    return wmi::invalid_argument(label +
                                 ": max must be at least 1 (remove the rule to disable it)");
  }
  return std::visit(ActionCheck{label}, rule.action);
}

bool fault_matches(const FaultMatch& match, const CallDescription& call) {
  return (match.cim_namespace.empty() || same_name(match.cim_namespace, call.cim_namespace)) &&
         (match.class_name.empty() || same_name(match.class_name, call.class_name)) &&
         (match.method.empty() || same_name(match.method, call.method)) &&
         (match.instance_path.empty() || match.instance_path == call.instance_path);
}

bool action_applies(const FaultAction& action, CallKind kind) {
  if (std::holds_alternative<DelayFault>(action) || std::holds_alternative<TransportFault>(action))
    return true;
  if (std::holds_alternative<ReturnCodeFault>(action)) return kind != CallKind::kRead;
  return kind == CallKind::kJobMethod;
}

wmi::Result<FaultPlan> FaultPlan::create(std::vector<FaultRule> rules) {
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (auto status = validate_fault_rule(rules[i]); !status.ok()) {
      return wmi::invalid_argument("rule " + std::to_string(i) + ": " + status.message());
    }
  }
  FaultPlan plan;
  plan.counters_.resize(rules.size());
  plan.rules_ = std::move(rules);
  return plan;
}

std::optional<FaultDecision> FaultPlan::decide(const CallDescription& call,
                                               RandomStream& fault_stream) {
  for (std::size_t i = 0; i < rules_.size(); ++i) {
    const FaultRule& rule = rules_[i];
    if (!fault_matches(rule.match, call) || !action_applies(rule.action, call.kind)) continue;
    RuleCounters& counters = counters_[i];
    ++counters.matched;
    if (counters.matched <= rule.skip) continue;
    if (rule.max_fires && counters.fired >= *rule.max_fires) continue;
    if (!fault_stream.chance(rule.probability)) continue;
    ++counters.fired;
    return FaultDecision{i, rule.action};
  }
  return std::nullopt;
}

void FaultPlan::reset_counters() { std::fill(counters_.begin(), counters_.end(), RuleCounters{}); }

}  // namespace sim::control
