#include "sim/host/wql/wql_printer.h"

#include <fmt/format.h>

#include <cmath>
#include <string_view>

#include "sim/host/wql/wql_association_clauses.h"
#include "sim/host/wql/wql_lexer.h"
#include "sim/host/wql/wql_like.h"
#include "wmi/cim/cim_name.h"
#include "wmi/cim/wmi_path.h"

namespace sim::wql {
namespace {

wmi::Status check_name(std::string_view name, std::string_view what) {
  Keyword keyword;
  if (!wmi::is_cim_identifier(name) || lookup_keyword(name, keyword)) {
    return wmi::invalid_argument(
        fmt::format("WQL print: {} '{}' is not an identifier WQL can write", what, name));
  }
  return {};
}

std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '\\' || c == '"') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

bool is_junction(const Condition& c) {
  return c.kind == ConditionKind::kAnd || c.kind == ConditionKind::kOr;
}

class ConditionPrinter {
 public:
  wmi::Status print(const Condition& c, int depth) {
    switch (c.kind) {
      case ConditionKind::kCompare: {
        if (wmi::Status s = check_name(c.property, "property"); !s.ok()) return s;
        if (std::holds_alternative<Null>(c.literal)) {
          return wmi::invalid_argument("WQL print: a comparison with NULL (use IS NULL)");
        }
        auto literal = print_literal(c.literal);
        if (!literal.ok()) return literal.status();
        out_ += fmt::format("{} {} {}", c.property, to_string(c.op), *literal);
        return {};
      }
      case ConditionKind::kLike: {
        if (wmi::Status s = check_name(c.property, "property"); !s.ok()) return s;
        const auto* pattern = std::get_if<std::string>(&c.literal);
        if (pattern == nullptr || check_like_pattern(*pattern)) {
          return wmi::invalid_argument("WQL print: LIKE needs a valid string pattern");
        }
        out_ += fmt::format("{} LIKE {}", c.property, quoted(*pattern));
        return {};
      }
      case ConditionKind::kIsNull:
      case ConditionKind::kIsNotNull:
        if (wmi::Status s = check_name(c.property, "property"); !s.ok()) return s;
        out_ += c.property;
        out_ += c.kind == ConditionKind::kIsNull ? " IS NULL" : " IS NOT NULL";
        return {};
      case ConditionKind::kNot:
        if (c.operands.size() != 1) {
          return wmi::invalid_argument("WQL print: NOT needs exactly one operand");
        }
        if (wmi::Status s = enter(depth); !s.ok()) return s;
        out_ += "NOT ";
        return operand(c.operands.front(), depth + 1);
      case ConditionKind::kAnd:
      case ConditionKind::kOr: {
        if (c.operands.size() < 2) {
          return wmi::invalid_argument("WQL print: AND/OR needs at least two operands");
        }
        const char* joiner = c.kind == ConditionKind::kAnd ? " AND " : " OR ";
        for (std::size_t i = 0; i < c.operands.size(); ++i) {
          if (i > 0) out_ += joiner;
          if (wmi::Status s = operand(c.operands[i], depth); !s.ok()) return s;
        }
        return {};
      }
    }
    return wmi::invalid_argument("WQL print: unknown condition kind");
  }

  std::string take() { return std::move(out_); }

 private:
  // One more NOT or '(' at `depth` is allowed when the parser would accept it.
  static wmi::Status enter(int depth) {
    if (depth >= kMaxConditionDepth) {
      return wmi::invalid_argument(
          fmt::format("WQL print: condition nested deeper than {} levels", kMaxConditionDepth));
    }
    return {};
  }

  // An operand of NOT, AND or OR: in parentheses when it is itself an AND or OR.
  wmi::Status operand(const Condition& c, int depth) {
    if (!is_junction(c)) return print(c, depth);
    if (wmi::Status s = enter(depth); !s.ok()) return s;
    out_ += '(';
    if (wmi::Status s = print(c, depth + 1); !s.ok()) return s;
    out_ += ')';
    return {};
  }

  std::string out_;
};

wmi::Result<std::string> print_select(const SelectQuery& q) {
  std::string out = "SELECT ";
  if (q.properties.empty()) out += '*';
  for (std::size_t i = 0; i < q.properties.size(); ++i) {
    if (wmi::Status s = check_name(q.properties[i], "property"); !s.ok()) return s;
    if (i > 0) out += ", ";
    out += q.properties[i];
  }
  if (wmi::Status s = check_name(q.class_name, "class"); !s.ok()) return s;
  out += " FROM ";
  out += q.class_name;
  if (q.where) {
    auto where = print_condition(*q.where);
    if (!where.ok()) return where.status();
    out += " WHERE ";
    out += *where;
  }
  return out;
}

wmi::Result<std::string> print_association(const char* statement, const wmi::ObjectPath& source,
                                           const AssociationClauses& clauses) {
  auto path = wmi::format_wmi_path(source, wmi::PathStyle::kBackslash);
  if (!path.ok()) return path.status();
  std::string out = fmt::format("{} {{{}}}", statement, *path);
  bool first = true;
  for (const ClauseInfo& info : all_clauses()) {
    if (!clauses.present(info.clause)) continue;
    out += first ? " WHERE " : " ";
    first = false;
    out += info.name;
    if (info.takes_value) {
      const std::string& value = clauses.value(info.clause);
      if (wmi::Status s = check_name(value, info.name); !s.ok()) return s;
      out += " = ";
      out += value;
    }
  }
  return out;
}

}  // namespace

wmi::Result<std::string> print_literal(const Literal& literal) {
  if (std::holds_alternative<Null>(literal)) return std::string("NULL");
  if (const auto* b = std::get_if<bool>(&literal)) return std::string(*b ? "TRUE" : "FALSE");
  if (const auto* u = std::get_if<std::uint64_t>(&literal)) return fmt::format("{}", *u);
  if (const auto* i = std::get_if<std::int64_t>(&literal)) return fmt::format("{}", *i);
  if (const auto* s = std::get_if<std::string>(&literal)) return quoted(*s);
  const double d = std::get<double>(literal);
  if (!std::isfinite(d)) return wmi::invalid_argument("WQL print: a real must be finite");
  std::string text = fmt::format("{}", d);
  if (text.find_first_of(".e") == std::string::npos) text += ".0";
  return text;
}

wmi::Result<std::string> print_condition(const Condition& condition) {
  ConditionPrinter printer;
  if (wmi::Status s = printer.print(condition, 0); !s.ok()) return s;
  return printer.take();
}

wmi::Result<std::string> print_query(const Query& query) {
  if (const auto* select = std::get_if<SelectQuery>(&query)) return print_select(*select);
  if (const auto* assoc = std::get_if<AssociatorsQuery>(&query)) {
    return print_association("ASSOCIATORS OF", assoc->source, clauses_of(*assoc));
  }
  const auto& refs = std::get<ReferencesQuery>(query);
  return print_association("REFERENCES OF", refs.source, clauses_of(refs));
}

}  // namespace sim::wql
