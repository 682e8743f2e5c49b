// A reference evaluator for WQL conditions (test-only): the semantics of wql_condition_eval.h
// restated as directly as possible, sharing no code with it — integers through long double (exact
// for every 64-bit value on x86-64), strings lowered by hand, LIKE by a memo-free dynamic
// programme over code points. Property tests compare it with matches().
#pragma once

#include <cctype>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "sim/host/wql/wql_ast.h"
#include "wmi/cim/dmtf_datetime.h"
#include "wmi/cim/instance.h"
#include "wmi/cim/utf8.h"
#include "wmi/cim/wmi_path.h"

namespace sim::wql::reference {

static_assert(std::numeric_limits<long double>::digits >= 64, "needs x87 extended precision");

inline std::string lowered(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return s;
}

inline bool test(CompareOp op, int cmp) {
  if (op == CompareOp::kEqual) return cmp == 0;
  if (op == CompareOp::kNotEqual) return cmp != 0;
  if (op == CompareOp::kLess) return cmp < 0;
  if (op == CompareOp::kGreater) return cmp > 0;
  if (op == CompareOp::kLessEqual) return cmp <= 0;
  return cmp >= 0;
}

template <typename T>
int cmp(T a, T b) {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

// "[ws][+-](digits | 0x hexdigits)[ws]" within the uint64 / int64 range.
inline std::optional<long double> integer_text(const std::string& s) {
  std::size_t i = 0;
  auto ws = [&](std::size_t k) {
    return k < s.size() && (s[k] == ' ' || s[k] == '\t' || s[k] == '\r' || s[k] == '\n');
  };
  while (ws(i)) ++i;
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
  int base = 10;
  if (i + 1 < s.size() && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
    base = 16;
    i += 2;
  }
  long double v = 0;
  std::size_t digits = 0;
  for (; i < s.size() && std::isxdigit(static_cast<unsigned char>(s[i])); ++i, ++digits) {
    const int d =
        std::isdigit(static_cast<unsigned char>(s[i])) ? s[i] - '0' : std::tolower(s[i]) - 'a' + 10;
    if (d >= base) return std::nullopt;
    v = v * base + d;
    if (v > 18446744073709551615.0L) return std::nullopt;
  }
  while (ws(i)) ++i;
  if (digits == 0 || i != s.size()) return std::nullopt;
  if (negative && v > 9223372036854775808.0L) return std::nullopt;
  return negative ? -v : v;
}

// LIKE over code points (invalid bytes as 0x110000 + byte), by dynamic programming.
inline std::vector<char32_t> units(const std::string& s) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < s.size();) {
    if (auto d = wmi::utf8::decode(s, i)) {
      out.push_back(d->code_point);
      i += d->length;
    } else {
      out.push_back(0x110000 + static_cast<unsigned char>(s[i++]));
    }
  }
  return out;
}

inline bool like_match(const std::string& text, const std::string& pattern) {
  struct Item {
    int kind = 0;  // 0 literal, 1 '_', 2 '%', 3 set
    bool negated = false;
    std::vector<char32_t> lo, hi;
  };
  const auto p = units(pattern);
  std::vector<Item> items;
  for (std::size_t i = 0; i < p.size();) {
    Item it;
    it.kind = 0;
    if (p[i] == '%' || p[i] == '_') {
      it.kind = p[i] == '%' ? 2 : 1;
      ++i;
    } else if (p[i] == '[') {
      it.kind = 3;
      ++i;
      if (i < p.size() && p[i] == '^') it.negated = true, ++i;
      bool first = true;
      while (i < p.size() && (first || p[i] != ']')) {
        first = false;
        if (i + 2 < p.size() && p[i + 1] == '-' && p[i + 2] != ']') {
          it.lo.push_back(p[i]), it.hi.push_back(p[i + 2]), i += 3;
        } else {
          it.lo.push_back(p[i]), it.hi.push_back(p[i]), ++i;
        }
      }
      ++i;
    } else {
      it.lo.push_back(p[i++]);
    }
    items.push_back(it);
  }
  auto fold = [](char32_t c) -> char32_t { return (c >= 'A' && c <= 'Z') ? c + 32 : c; };
  auto unfold = [](char32_t c) -> char32_t { return (c >= 'a' && c <= 'z') ? c - 32 : c; };
  auto one = [&](const Item& it, char32_t c) {
    if (it.kind == 1) return true;
    if (it.kind == 0) return fold(c) == fold(it.lo[0]);
    bool in = false;
    for (std::size_t k = 0; k < it.lo.size(); ++k) {
      for (char32_t f : {c, fold(c), unfold(c)}) in = in || (f >= it.lo[k] && f <= it.hi[k]);
    }
    return in != it.negated;
  };
  const auto t = units(text);
  // ok[j][i]: items[j..] match t[i..].
  std::vector<std::vector<char>> ok(items.size() + 1, std::vector<char>(t.size() + 1, 0));
  ok[items.size()][t.size()] = 1;
  for (std::size_t j = items.size(); j-- > 0;) {
    for (std::size_t i = t.size() + 1; i-- > 0;) {
      if (items[j].kind == 2) {
        ok[j][i] = ok[j + 1][i] || (i < t.size() && ok[j][i + 1]);
      } else {
        ok[j][i] = i < t.size() && one(items[j], t[i]) && ok[j + 1][i + 1];
      }
    }
  }
  return ok[0][0];
}

inline bool compare(const wmi::CimValue& v, CompareOp op, const Literal& lit) {
  const auto* s = std::get_if<std::string>(&lit);
  const bool equality = op == CompareOp::kEqual || op == CompareOp::kNotEqual;
  std::optional<long double> n;  // the literal as an exact integer
  if (auto* u = std::get_if<std::uint64_t>(&lit)) n = static_cast<long double>(*u);
  if (auto* i = std::get_if<std::int64_t>(&lit)) n = static_cast<long double>(*i);
  const auto* b = std::get_if<bool>(&lit);
  const auto* d = std::get_if<double>(&lit);
  switch (v.type()) {
    case wmi::CimType::kUint8:
    case wmi::CimType::kUint16:
    case wmi::CimType::kUint32:
    case wmi::CimType::kUint64:
    case wmi::CimType::kSint8:
    case wmi::CimType::kSint16:
    case wmi::CimType::kSint32:
    case wmi::CimType::kSint64:
    case wmi::CimType::kChar16: {
      const long double x = v.as_uint() ? static_cast<long double>(*v.as_uint())
                            : v.as_sint()
                                ? static_cast<long double>(*v.as_sint())
                                : static_cast<long double>(std::get<char16_t>(v.scalar()));
      if (d) return test(op, cmp(static_cast<double>(x), *d));
      if (b) n = *b ? 1 : 0;
      if (s) n = integer_text(*s);
      return n && test(op, cmp(x, *n));
    }
    case wmi::CimType::kReal32:
    case wmi::CimType::kReal64: {
      const double x = v.type() == wmi::CimType::kReal32 ? std::get<float>(v.scalar())
                                                         : std::get<double>(v.scalar());
      const std::optional<double> y = d   ? std::optional<double>(*d)
                                      : n ? std::optional<double>(static_cast<double>(*n))
                                          : std::nullopt;
      return y && !std::isnan(x) && test(op, cmp(x, *y));
    }
    case wmi::CimType::kBoolean: {
      if (!equality) return false;
      if (b) n = *b ? 1 : 0;
      if (s && lowered(*s) == "true") n = 1;
      if (s && lowered(*s) == "false") n = 0;
      return n && test(op, cmp<long double>(*v.as_bool() ? 1 : 0, *n));
    }
    case wmi::CimType::kString:
      return s && test(op, lowered(*v.as_string()).compare(lowered(*s)));
    case wmi::CimType::kDatetime: {
      auto other = s ? wmi::parse_dmtf_datetime(*s) : wmi::Result<wmi::Datetime>(wmi::Status());
      if (!other.ok()) return false;
      const auto& mine = std::get<wmi::Datetime>(v.scalar());
      if (mine.index() != other->index()) return false;
      if (mine.index() == 0) {
        return test(op, cmp(std::get<0>(mine).utc(), std::get<0>(*other).utc()));
      }
      return test(op, cmp(std::get<1>(mine).duration, std::get<1>(*other).duration));
    }
    case wmi::CimType::kReference: {
      auto other = s ? wmi::parse_wmi_path(*s) : wmi::Result<wmi::ObjectPath>(wmi::Status());
      if (!equality || !other.ok()) return false;
      wmi::ObjectPath a = *v.as_reference();
      wmi::ObjectPath c = *other;
      if (a.namespace_name.empty() || c.namespace_name.empty()) a.namespace_name = c.namespace_name;
      return wmi::same_instance(a, c) == (op == CompareOp::kEqual);
    }
    default:
      return false;
  }
}

inline bool satisfies(const Condition& c, const wmi::Instance& instance) {
  const wmi::CimValue* v = instance.find(c.property);
  const bool usable = v != nullptr && !v->is_null() && !v->is_array();
  switch (c.kind) {
    case ConditionKind::kCompare:
      return usable && compare(*v, c.op, c.literal);
    case ConditionKind::kLike:
      return usable && v->type() == wmi::CimType::kString &&
             like_match(*v->as_string(), std::get<std::string>(c.literal));
    case ConditionKind::kIsNull:
      return v == nullptr || v->is_null();
    case ConditionKind::kIsNotNull:
      return !(v == nullptr || v->is_null());
    case ConditionKind::kNot:
      return !satisfies(c.operands[0], instance);
    case ConditionKind::kAnd: {
      bool all = true;
      for (const auto& o : c.operands) all = satisfies(o, instance) && all;
      return all;
    }
    case ConditionKind::kOr: {
      bool any = false;
      for (const auto& o : c.operands) any = satisfies(o, instance) || any;
      return any;
    }
  }
  return false;
}

}  // namespace sim::wql::reference
