// The keyword clauses of ASSOCIATORS OF / REFERENCES OF ... WHERE, in one table shared by the
// parser (which accepts them in any case and order) and the printer (which writes them in table
// order, spelled as here). AssociationClauses is the parser's scratch form of either query.
// Pure data and functions; thread-safe.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include "sim/host/wql/wql_ast.h"

namespace sim::wql {

enum class Clause {
  kAssocClass,
  kResultClass,
  kRole,
  kResultRole,
  kRequiredQualifier,
  kRequiredAssocQualifier,
  kClassDefsOnly,
  kSchemaOnly,
  kKeysOnly,
};
inline constexpr std::size_t kClauseCount = 9;

struct ClauseInfo {
  std::string_view name;  // canonical spelling, e.g. "AssocClass"
  Clause clause;
  bool takes_value;    // "Name = value" rather than a bare flag
  bool in_references;  // also valid in REFERENCES OF
};

// Every clause, in printing order.
const std::array<ClauseInfo, kClauseCount>& all_clauses();

// The clause named `name` (any letter case), or nullptr.
const ClauseInfo* find_clause(std::string_view name);

// "AssocClass, ResultClass, ..." — the clauses valid in the statement, for error messages.
std::string clause_names(bool references);

// Clause values of one query; "" / false mean absent.
class AssociationClauses {
 public:
  bool present(Clause c) const;
  const std::string& value(Clause c) const { return values_[index(c)]; }
  bool flag(Clause c) const { return flags_[index(c)]; }
  // Preconditions: set_value only for clauses that take a value (and a non-empty value),
  // set_flag only for the others.
  void set_value(Clause c, std::string v) { values_[index(c)] = std::move(v); }
  void set_flag(Clause c) { flags_[index(c)] = true; }

 private:
  static std::size_t index(Clause c) { return static_cast<std::size_t>(c); }
  std::array<std::string, kClauseCount> values_;
  std::array<bool, kClauseCount> flags_{};
};

// A clause already present in `clauses` that WMI forbids together with `adding` (ClassDefsOnly
// with ResultClass or SchemaOnly), or nullptr.
const ClauseInfo* conflicting_clause(const AssociationClauses& clauses, Clause adding);

AssociatorsQuery associators_query(wmi::ObjectPath source, const AssociationClauses& clauses);
ReferencesQuery references_query(wmi::ObjectPath source, const AssociationClauses& clauses);
AssociationClauses clauses_of(const AssociatorsQuery& query);
AssociationClauses clauses_of(const ReferencesQuery& query);

}  // namespace sim::wql
