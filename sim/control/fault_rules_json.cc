#include "sim/control/fault_rules_json.h"

#include <utility>

#include "sim/control/strict_json.h"

namespace sim::control {

namespace {

using wmi::Result;
using wmi::Status;

constexpr std::uint64_t kOneDayMs = 24 * 60 * 60 * 1000;

enum class ActionType { kReturnCode, kFailJob, kDelay, kJobTimeout, kTransport };
constexpr Named<ActionType> kActionTypes[] = {{"return-code", ActionType::kReturnCode},
                                              {"fail-job", ActionType::kFailJob},
                                              {"delay", ActionType::kDelay},
                                              {"job-timeout", ActionType::kJobTimeout},
                                              {"transport", ActionType::kTransport}};
constexpr Named<TransportFaultKind> kTransportKinds[] = {
    {"drop", TransportFaultKind::kDrop},
    {"http-500", TransportFaultKind::kHttp500},
    {"http-401", TransportFaultKind::kHttp401}};

// The unsigned integer member `key` of `object` (required), within [min, max].
Result<std::uint64_t> integer_member(const JsonField& object, std::string_view key,
                                     std::uint64_t min, std::uint64_t max) {
  auto field = object.required(key);
  if (!field.ok()) return field.status();
  return field->integer(min, max);
}

Result<FaultAction> read_action(const JsonField& action) {
  if (auto s = action.expect_any_object(); !s.ok()) return s;
  auto type_field = action.required("type");
  if (!type_field.ok()) return type_field.status();
  auto type = type_field->choice<ActionType>(kActionTypes);
  if (!type.ok()) return type.status();
  switch (*type) {
    case ActionType::kReturnCode: {
      if (auto s = action.expect_object({"type", "code"}); !s.ok()) return s;
      auto code = integer_member(action, "code", 1, 0xFFFFFFFF);
      if (!code.ok()) return code.status();
      if (*code == 4096) {
        return action.member("code")->error(
            "4096 is not an error (use a fail-job action for jobs)");
      }
      return FaultAction(ReturnCodeFault{static_cast<std::uint32_t>(*code)});
    }
    case ActionType::kFailJob: {
      if (auto s = action.expect_object({"type", "at_percent", "error_code"}); !s.ok()) return s;
      auto percent = integer_member(action, "at_percent", 0, 100);
      if (!percent.ok()) return percent.status();
      auto code = integer_member(action, "error_code", 1, 0xFFFF);
      if (!code.ok()) return code.status();
      return FaultAction(
          FailJobFault{static_cast<std::uint8_t>(*percent), static_cast<std::uint32_t>(*code)});
    }
    case ActionType::kDelay: {
      if (auto s = action.expect_object({"type", "ms"}); !s.ok()) return s;
      auto ms = integer_member(action, "ms", 1, kOneDayMs);
      if (!ms.ok()) return ms.status();
      return FaultAction(DelayFault{std::chrono::milliseconds(*ms)});
    }
    case ActionType::kJobTimeout:
      if (auto s = action.expect_object({"type"}); !s.ok()) return s;
      return FaultAction(JobTimeoutFault{});
    case ActionType::kTransport: {
      if (auto s = action.expect_object({"type", "fault"}); !s.ok()) return s;
      auto fault = action.required("fault");
      if (!fault.ok()) return fault.status();
      auto kind = fault->choice<TransportFaultKind>(kTransportKinds);
      if (!kind.ok()) return kind.status();
      return FaultAction(TransportFault{*kind});
    }
  }
  return action.error("unknown action type");
}

Status read_match(const JsonField& match, FaultMatch& out) {
  if (auto s = match.expect_object({"namespace", "class", "method", "instance"}); !s.ok()) return s;
  for (const auto& [key, target] :
       {std::pair{"namespace", &out.cim_namespace}, std::pair{"class", &out.class_name},
        std::pair{"method", &out.method}, std::pair{"instance", &out.instance_path}}) {
    if (auto field = match.member(key)) {
      auto text = field->string();
      if (!text.ok()) return text.status();
      *target = std::move(*text);
    }
  }
  return {};
}

Result<FaultRule> read_rule(const JsonField& entry) {
  if (auto s = entry.expect_object({"name", "match", "action", "probability", "skip", "max"});
      !s.ok()) {
    return s;
  }
  FaultRule rule;
  if (auto name = entry.member("name")) {
    auto text = name->string();
    if (!text.ok()) return text.status();
    rule.name = std::move(*text);
  }
  if (auto match = entry.member("match")) {
    if (auto s = read_match(*match, rule.match); !s.ok()) return s;
  }
  auto action_field = entry.required("action");
  if (!action_field.ok()) return action_field.status();
  auto action = read_action(*action_field);
  if (!action.ok()) return action.status();
  rule.action = std::move(*action);
  if (auto probability = entry.member("probability")) {
    auto p = probability->number(0.0, 1.0);
    if (!p.ok()) return p.status();
    rule.probability = *p;
  }
  if (auto skip = entry.member("skip")) {
    auto n = skip->integer(0, UINT64_MAX);
    if (!n.ok()) return n.status();
    rule.skip = *n;
  }
  if (auto max = entry.member("max")) {
    auto n = max->integer(1, UINT64_MAX);
    if (!n.ok()) return n.status();
    rule.max_fires = *n;
  }
  // The readers above enforce every limit; this keeps the file and C++ paths in agreement.
  if (auto s = validate_fault_rule(rule); !s.ok()) return entry.error(s.message());
  return rule;
}

Result<FaultRuleSet> read_rule_set(const Json& root) {
  const JsonField document(root, "fault rules");
  if (auto s = document.expect_object({"description", "rules"}); !s.ok()) return s;
  FaultRuleSet set;
  if (auto description = document.member("description")) {
    auto text = description->string();
    if (!text.ok()) return text.status();
    set.description = std::move(*text);
  }
  auto rules = document.required("rules");
  if (!rules.ok()) return rules.status();
  if (auto s = rules->expect_array(); !s.ok()) return s;
  for (std::size_t i = 0; i < rules->size(); ++i) {
    auto rule = read_rule(rules->element(i));
    if (!rule.ok()) return rule.status();
    set.rules.push_back(std::move(*rule));
  }
  return set;
}

struct ActionWriter {
  Json operator()(const ReturnCodeFault& a) const {
    return {{"type", "return-code"}, {"code", a.code}};
  }
  Json operator()(const FailJobFault& a) const {
    return {{"type", "fail-job"}, {"at_percent", a.at_percent}, {"error_code", a.error_code}};
  }
  Json operator()(const DelayFault& a) const {
    return {{"type", "delay"}, {"ms", a.delay.count()}};
  }
  Json operator()(const JobTimeoutFault&) const { return {{"type", "job-timeout"}}; }
  Json operator()(const TransportFault& a) const {
    return {{"type", "transport"},
            {"fault", std::string(name_of(
                          std::span<const Named<TransportFaultKind>>(kTransportKinds), a.kind))}};
  }
};

}  // namespace

Result<FaultRuleSet> load_fault_rules(std::string_view json_text) {
  try {
    auto root = parse_strict_json(json_text, "fault rules");
    if (!root.ok()) return root.status();
    return read_rule_set(*root);
  } catch (const Json::exception& e) {
    // The readers check types before reading; this is a guard, not a path.
    return wmi::invalid_argument(std::string("fault rules: ") + e.what());
  }
}

std::string save_fault_rules(const FaultRuleSet& rule_set) {
  Json rules = Json::array();
  for (const FaultRule& rule : rule_set.rules) {
    Json entry{{"name", rule.name},
               {"match",
                {{"namespace", rule.match.cim_namespace},
                 {"class", rule.match.class_name},
                 {"method", rule.match.method},
                 {"instance", rule.match.instance_path}}},
               {"action", std::visit(ActionWriter{}, rule.action)},
               {"probability", rule.probability},
               {"skip", rule.skip}};
    if (rule.max_fires) entry["max"] = *rule.max_fires;
    rules.push_back(std::move(entry));
  }
  const Json root{{"description", rule_set.description}, {"rules", std::move(rules)}};
  return root.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace sim::control
