// RapidCheck generators for WQL syntax trees (test-only). Every generated tree is canonical (see
// wql_ast.h) and printable, so print → parse must give it back. Strings come from
// wmi::gen::hostile_string (quotes, backslashes, controls, non-ASCII, up to 64 KiB).
#pragma once

#include <rapidcheck.h>

#include <cmath>
#include <string>
#include <vector>

#include "sim/host/wql/wql_ast.h"
#include "sim/host/wql/wql_lexer.h"
#include "wmi/cim/cim_gen.h"

namespace sim::wql::gen {

// A CIM identifier that is not a WQL reserved word.
inline rc::Gen<std::string> name() {
  return rc::gen::suchThat(wmi::gen::identifier(), [](const std::string& s) {
    Keyword k;
    return !lookup_keyword(s, k);
  });
}

// Property names drawn from a small pool (so that conditions hit an instance's properties), in
// random letter case, or occasionally any name.
inline rc::Gen<std::string> property_name() {
  return rc::gen::weightedOneOf<std::string>({
      {6, rc::gen::map(rc::gen::tuple(
                           rc::gen::element<std::string>("A", "Bb", "Ccc", "Dd_1", "E", "Missing"),
                           rc::gen::arbitrary<bool>()),
                       [](const auto& t) {
                         return std::get<1>(t) ? wmi::ascii_lowered(std::get<0>(t))
                                               : std::get<0>(t);
                       })},
      {1, name()},
  });
}

// A non-null literal in canonical form.
inline rc::Gen<Literal> literal() {
  return rc::gen::oneOf(
      rc::gen::cast<Literal>(rc::gen::arbitrary<bool>()),
      rc::gen::cast<Literal>(wmi::gen::full_range<std::uint64_t>()),
      rc::gen::map(rc::gen::inRange<std::int64_t>(std::numeric_limits<std::int64_t>::min(), 0),
                   [](std::int64_t v) { return Literal(v); }),
      rc::gen::cast<Literal>(rc::gen::suchThat(wmi::gen::any_real<double>(),
                                               [](double d) { return std::isfinite(d); })),
      rc::gen::cast<Literal>(wmi::gen::hostile_string()));
}

// One piece of a LIKE pattern: a wildcard, a set, or an ordinary (hostile) character other
// than '['.
inline rc::Gen<std::string> like_piece() {
  return rc::gen::weightedOneOf<std::string>({
      {2, rc::gen::element<std::string>("%", "_", "[a-z]", "[^0-9]", "[]]", "[_]", "[%]", "[-x]",
                                        "[\xc3\xa0-\xc3\xbf]")},
      {5, rc::gen::suchThat(wmi::gen::hostile_char(),
                            [](const std::string& c) { return c.find('[') == std::string::npos; })},
  });
}

inline std::string joined(const std::vector<std::string>& parts) {
  std::string s;
  for (const auto& p : parts) s += p;
  return s;
}

// A valid LIKE pattern.
inline rc::Gen<std::string> like_pattern() {
  return rc::gen::map(rc::gen::container<std::vector<std::string>>(like_piece()), joined);
}

inline CompareOp op_of(int i) { return static_cast<CompareOp>(i); }

// A condition with at most `depth` levels of NOT/AND/OR; leaves use `leaf_literal`.
inline rc::Gen<Condition> condition(int depth, rc::Gen<Literal> leaf_literal = literal()) {
  return rc::gen::exec([depth, leaf_literal] {
    const int kind = *rc::gen::inRange(0, depth > 0 ? 7 : 4);
    switch (kind) {
      case 0:
        return compare(*property_name(), op_of(*rc::gen::inRange(0, 6)), *leaf_literal);
      case 1:
        return like(*property_name(), *like_pattern());
      case 2:
        return is_null(*property_name());
      case 3:
        return is_not_null(*property_name());
      case 4:
        return negation(*condition(depth - 1, leaf_literal));
      default: {
        std::vector<Condition> operands;
        const int n = *rc::gen::inRange(2, 5);
        for (int i = 0; i < n; ++i) operands.push_back(*condition(depth - 1, leaf_literal));
        return kind == 5 ? conjunction(std::move(operands)) : disjunction(std::move(operands));
      }
    }
  });
}

inline rc::Gen<SelectQuery> select_query() {
  return rc::gen::exec([] {
    SelectQuery q;
    if (*rc::gen::arbitrary<bool>()) {
      q.properties = *rc::gen::resize(5, rc::gen::container<std::vector<std::string>>(name()));
    }
    q.class_name = *name();
    if (*rc::gen::inRange(0, 4) != 0) q.where = *condition(*rc::gen::inRange(0, 6));
    return q;
  });
}

// A value for an optional clause: "" (absent) half of the time.
inline rc::Gen<std::string> clause_value() {
  return rc::gen::oneOf(rc::gen::just(std::string()), name());
}

inline rc::Gen<Query> association_query() {
  return rc::gen::exec([]() -> Query {
    const wmi::ObjectPath source = *wmi::gen::object_path(0);
    const bool class_defs_only = *rc::gen::inRange(0, 4) == 0;
    const std::string result_class = class_defs_only ? std::string() : *clause_value();
    const bool schema_only = !class_defs_only && *rc::gen::inRange(0, 4) == 0;
    const bool keys_only = *rc::gen::arbitrary<bool>();
    if (*rc::gen::arbitrary<bool>()) {
      ReferencesQuery q{source,          result_class, *clause_value(), *clause_value(),
                        class_defs_only, schema_only,  keys_only};
      return q;
    }
    AssociatorsQuery q{source,          *clause_value(), result_class,    *clause_value(),
                       *clause_value(), *clause_value(), *clause_value(), class_defs_only,
                       schema_only,     keys_only};
    return q;
  });
}

inline rc::Gen<Query> query() {
  return rc::gen::weightedOneOf<Query>({
      {3, rc::gen::cast<Query>(select_query())},
      {1, association_query()},
  });
}

}  // namespace sim::wql::gen
