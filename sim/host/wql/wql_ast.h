// The syntax tree of the WQL subset hvsim answers (grammar in wql_parser.h). Plain value types in
// canonical form, so that two queries that mean the same thing compare equal:
//   - a comparison always has the property on the left (`5 < X` is stored as `X > 5`), and both
//     `<>` and `!=` are CompareOp::kNotEqual;
//   - `X = NULL` / `X <> NULL` are stored as IsNull / IsNotNull;
//   - an integer literal is uint64 when >= 0 and int64 only when negative;
//   - a chain `a AND b AND c` is one And node with three operands; parentheses make no node.
// Not synchronised; thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "wmi/cim/object_path.h"

namespace sim::wql {

// Limits that keep hostile input from exhausting memory or the stack. The parser rejects
// anything beyond them; the printer refuses to write a tree that the parser would reject.
inline constexpr std::size_t kMaxQueryBytes = 256 * 1024;
inline constexpr int kMaxConditionDepth = 32;  // nested parentheses and NOTs together

// A WQL constant. NULL is only meaningful in `= NULL` / `<> NULL` and is folded away there; a
// Comparison never holds it.
struct Null {
  friend bool operator==(Null, Null) = default;
};
using Literal = std::variant<Null, bool, std::uint64_t, std::int64_t, double, std::string>;

enum class CompareOp { kEqual, kNotEqual, kLess, kGreater, kLessEqual, kGreaterEqual };

// "=", "<>", "<", ">", "<=", ">=".
const char* to_string(CompareOp op);
// The operator that means the same with its operands swapped (`<` ↔ `>`, `<=` ↔ `>=`).
CompareOp swapped(CompareOp op);

enum class ConditionKind { kCompare, kLike, kIsNull, kIsNotNull, kNot, kAnd, kOr };

// One node of a WHERE condition. Which fields are meaningful depends on `kind`:
//   kCompare               property, op, literal (never Null)
//   kLike                  property, literal (a string: the pattern, valid per wql_like.h)
//   kIsNull, kIsNotNull    property
//   kNot                   operands (exactly one)
//   kAnd, kOr              operands (two or more)
// The factory functions below fill exactly those; others keep their defaults, so == is exact.
struct Condition {
  ConditionKind kind = ConditionKind::kIsNull;
  std::string property;
  CompareOp op = CompareOp::kEqual;
  Literal literal;
  std::vector<Condition> operands;

  friend bool operator==(const Condition&, const Condition&) = default;
};

Condition compare(std::string property, CompareOp op, Literal literal);
Condition like(std::string property, std::string pattern);
Condition is_null(std::string property);
Condition is_not_null(std::string property);
Condition negation(Condition operand);
Condition conjunction(std::vector<Condition> operands);
Condition disjunction(std::vector<Condition> operands);

// SELECT * | p1, p2, ... FROM class_name [WHERE where]
struct SelectQuery {
  std::vector<std::string> properties;  // as written, in order; empty means SELECT *
  std::string class_name;
  std::optional<Condition> where;

  friend bool operator==(const SelectQuery&, const SelectQuery&) = default;
};

// ASSOCIATORS OF {source} [WHERE clause...]. Names are as written; "" means the clause is absent.
struct AssociatorsQuery {
  wmi::ObjectPath source;
  std::string assoc_class;
  std::string result_class;
  std::string role;
  std::string result_role;
  std::string required_qualifier;
  std::string required_assoc_qualifier;
  bool class_defs_only = false;
  bool schema_only = false;
  bool keys_only = false;

  friend bool operator==(const AssociatorsQuery&, const AssociatorsQuery&) = default;
};

// REFERENCES OF {source} [WHERE clause...]; result_class names the association class.
struct ReferencesQuery {
  wmi::ObjectPath source;
  std::string result_class;
  std::string role;
  std::string required_qualifier;
  bool class_defs_only = false;
  bool schema_only = false;
  bool keys_only = false;

  friend bool operator==(const ReferencesQuery&, const ReferencesQuery&) = default;
};

using Query = std::variant<SelectQuery, AssociatorsQuery, ReferencesQuery>;

}  // namespace sim::wql
