#include "sim/host/wql/wql_condition_eval.h"

#include <cmath>
#include <optional>
#include <string>
#include <type_traits>
#include <variant>

#include "sim/host/wql/wql_lexer.h"
#include "sim/host/wql/wql_like.h"
#include "sim/host/wql/wql_path.h"
#include "wmi/cim/cim_name.h"
#include "wmi/cim/dmtf_datetime.h"

namespace sim::wql {
namespace {

using wmi::CimElement;
using wmi::CimType;
using Int = __int128;  // holds every uint64 and int64 value exactly

bool is_integer_type(CimType t) {
  return (t >= CimType::kUint8 && t <= CimType::kSint64) || t == CimType::kChar16;
}

// -1, 0 or 1 as a compares to b.
template <typename T>
int three_way(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

bool holds(CompareOp op, int order) {
  switch (op) {
    case CompareOp::kEqual:
      return order == 0;
    case CompareOp::kNotEqual:
      return order != 0;
    case CompareOp::kLess:
      return order < 0;
    case CompareOp::kGreater:
      return order > 0;
    case CompareOp::kLessEqual:
      return order <= 0;
    case CompareOp::kGreaterEqual:
      return order >= 0;
  }
  return false;
}

bool is_equality(CompareOp op) { return op == CompareOp::kEqual || op == CompareOp::kNotEqual; }

std::optional<Int> integer_value(const CimElement& e) {
  if (const auto* c = std::get_if<char16_t>(&e)) return Int{*c};
  return std::visit(
      [](const auto& v) -> std::optional<Int> {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) return Int{v};
        return std::nullopt;
      },
      e);
}

// A string literal that reads as exactly one WQL integer literal.
std::optional<Int> integer_in_string(const std::string& text) {
  auto tokens = tokenize(text);
  if (!tokens.ok() || tokens->size() != 2 || (*tokens)[0].kind != TokenKind::kNumber) {
    return std::nullopt;
  }
  const Literal& n = (*tokens)[0].number;
  if (const auto* u = std::get_if<std::uint64_t>(&n)) return Int{*u};
  if (const auto* i = std::get_if<std::int64_t>(&n)) return Int{*i};
  return std::nullopt;
}

bool compare_integer(Int value, CompareOp op, const Literal& literal) {
  std::optional<Int> other;
  if (const auto* u = std::get_if<std::uint64_t>(&literal)) other = Int{*u};
  if (const auto* i = std::get_if<std::int64_t>(&literal)) other = Int{*i};
  if (const auto* b = std::get_if<bool>(&literal)) other = Int{*b ? 1 : 0};
  if (const auto* s = std::get_if<std::string>(&literal)) other = integer_in_string(*s);
  if (other) return holds(op, three_way(value, *other));
  if (const auto* d = std::get_if<double>(&literal)) {
    const auto v = static_cast<double>(value);
    return v == *d ? holds(op, 0) : holds(op, v < *d ? -1 : 1);
  }
  return false;
}

bool compare_real(double value, CompareOp op, const Literal& literal) {
  std::optional<double> other;
  if (const auto* u = std::get_if<std::uint64_t>(&literal)) other = static_cast<double>(*u);
  if (const auto* i = std::get_if<std::int64_t>(&literal)) other = static_cast<double>(*i);
  if (const auto* d = std::get_if<double>(&literal)) other = *d;
  if (!other || std::isnan(value) || std::isnan(*other)) return false;
  return holds(op, three_way(value, *other));
}

bool compare_boolean(bool value, CompareOp op, const Literal& literal) {
  if (!is_equality(op)) return false;
  std::optional<Int> other;
  if (const auto* b = std::get_if<bool>(&literal)) other = Int{*b ? 1 : 0};
  if (const auto* u = std::get_if<std::uint64_t>(&literal)) other = Int{*u};
  if (const auto* i = std::get_if<std::int64_t>(&literal)) other = Int{*i};
  if (const auto* s = std::get_if<std::string>(&literal)) {
    if (wmi::iequals(*s, "TRUE")) other = Int{1};
    if (wmi::iequals(*s, "FALSE")) other = Int{0};
  }
  return other && holds(op, three_way(Int{value ? 1 : 0}, *other));
}

bool compare_datetime(const wmi::Datetime& value, CompareOp op, const std::string& literal) {
  auto other = wmi::parse_dmtf_datetime(literal);
  if (!other.ok()) return false;
  const auto* a_ts = std::get_if<wmi::Timestamp>(&value);
  const auto* b_ts = std::get_if<wmi::Timestamp>(&*other);
  if (a_ts && b_ts) return holds(op, three_way(a_ts->utc(), b_ts->utc()));
  const auto* a_iv = std::get_if<wmi::Interval>(&value);
  const auto* b_iv = std::get_if<wmi::Interval>(&*other);
  if (a_iv && b_iv) return holds(op, three_way(a_iv->duration, b_iv->duration));
  return false;
}

bool compare_element(const CimElement& value, CompareOp op, const Literal& literal) {
  const CimType type = wmi::type_of(value);
  if (is_integer_type(type)) return compare_integer(*integer_value(value), op, literal);
  const auto* text = std::get_if<std::string>(&literal);
  switch (type) {
    case CimType::kReal32:
      return compare_real(std::get<float>(value), op, literal);
    case CimType::kReal64:
      return compare_real(std::get<double>(value), op, literal);
    case CimType::kBoolean:
      return compare_boolean(std::get<bool>(value), op, literal);
    case CimType::kString:
      return text != nullptr &&
             holds(op, three_way(wmi::ascii_lowered(std::get<std::string>(value)),
                                 wmi::ascii_lowered(*text)));
    case CimType::kDatetime:
      return text != nullptr && compare_datetime(std::get<wmi::Datetime>(value), op, *text);
    case CimType::kReference: {
      if (text == nullptr || !is_equality(op)) return false;
      auto path = parse_query_path(*text);
      if (!path.ok()) return false;
      const bool same = same_instance_in_query(std::get<wmi::ObjectPath>(value), *path);
      return same == (op == CompareOp::kEqual);
    }
    default:
      return false;
  }
}

// The property's scalar value, or nullptr when missing, null or an array.
const CimElement* scalar_of(const wmi::Instance& instance, const std::string& property) {
  const wmi::CimValue* value = instance.find(property);
  if (value == nullptr || value->is_null() || value->is_array()) return nullptr;
  return &value->scalar();
}

}  // namespace

bool matches(const Condition& condition, const wmi::Instance& instance) {
  switch (condition.kind) {
    case ConditionKind::kCompare: {
      const CimElement* value = scalar_of(instance, condition.property);
      return value != nullptr && compare_element(*value, condition.op, condition.literal);
    }
    case ConditionKind::kLike: {
      const CimElement* value = scalar_of(instance, condition.property);
      const auto* text = value ? std::get_if<std::string>(value) : nullptr;
      const auto* pattern = std::get_if<std::string>(&condition.literal);
      return text != nullptr && pattern != nullptr && like_matches(*text, *pattern);
    }
    case ConditionKind::kIsNull:
    case ConditionKind::kIsNotNull: {
      const wmi::CimValue* value = instance.find(condition.property);
      const bool null = value == nullptr || value->is_null();
      return null == (condition.kind == ConditionKind::kIsNull);
    }
    case ConditionKind::kNot:
      return condition.operands.size() == 1 && !matches(condition.operands.front(), instance);
    case ConditionKind::kAnd:
      for (const Condition& c : condition.operands) {
        if (!matches(c, instance)) return false;
      }
      return true;
    case ConditionKind::kOr:
      for (const Condition& c : condition.operands) {
        if (matches(c, instance)) return true;
      }
      return false;
  }
  return false;
}

wmi::Instance project(const SelectQuery& query, const wmi::Instance& instance) {
  if (query.properties.empty()) return instance;
  wmi::PropertyList selected;
  for (const std::string& name : query.properties) {
    if (wmi::find_property(selected, name) != nullptr) continue;
    for (const wmi::Property& p : instance.properties()) {
      if (wmi::iequals(p.name, name)) {
        selected.push_back(p);
        break;
      }
    }
  }
  wmi::Instance out(instance.class_name(), instance.namespace_name(), std::move(selected));
  if (instance.path()) out.set_path(*instance.path());
  return out;
}

}  // namespace sim::wql
