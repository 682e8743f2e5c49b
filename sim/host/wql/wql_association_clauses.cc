#include "sim/host/wql/wql_association_clauses.h"

#include <utility>

#include "wmi/cim/cim_name.h"

namespace sim::wql {

const std::array<ClauseInfo, kClauseCount>& all_clauses() {
  static constexpr std::array<ClauseInfo, kClauseCount> kClauses = {{
      {"AssocClass", Clause::kAssocClass, true, false},
      {"ResultClass", Clause::kResultClass, true, true},
      {"Role", Clause::kRole, true, true},
      {"ResultRole", Clause::kResultRole, true, false},
      {"RequiredQualifier", Clause::kRequiredQualifier, true, true},
      {"RequiredAssocQualifier", Clause::kRequiredAssocQualifier, true, false},
      {"ClassDefsOnly", Clause::kClassDefsOnly, false, true},
      {"SchemaOnly", Clause::kSchemaOnly, false, true},
      {"KeysOnly", Clause::kKeysOnly, false, true},
  }};
  return kClauses;
}

const ClauseInfo* find_clause(std::string_view name) {
  for (const ClauseInfo& info : all_clauses()) {
    if (wmi::iequals(info.name, name)) return &info;
  }
  return nullptr;
}

std::string clause_names(bool references) {
  std::string out;
  for (const ClauseInfo& info : all_clauses()) {
    if (references && !info.in_references) continue;
    if (!out.empty()) out += ", ";
    out += info.name;
  }
  return out;
}

bool AssociationClauses::present(Clause c) const {
  return flags_[index(c)] || !values_[index(c)].empty();
}

const ClauseInfo* conflicting_clause(const AssociationClauses& clauses, Clause adding) {
  auto info = [](Clause c) { return &all_clauses()[static_cast<std::size_t>(c)]; };
  if (adding == Clause::kClassDefsOnly) {
    for (Clause other : {Clause::kResultClass, Clause::kSchemaOnly}) {
      if (clauses.present(other)) return info(other);
    }
  }
  if ((adding == Clause::kResultClass || adding == Clause::kSchemaOnly) &&
      clauses.present(Clause::kClassDefsOnly)) {
    return info(Clause::kClassDefsOnly);
  }
  return nullptr;
}

AssociatorsQuery associators_query(wmi::ObjectPath source, const AssociationClauses& clauses) {
  AssociatorsQuery q;
  q.source = std::move(source);
  q.assoc_class = clauses.value(Clause::kAssocClass);
  q.result_class = clauses.value(Clause::kResultClass);
  q.role = clauses.value(Clause::kRole);
  q.result_role = clauses.value(Clause::kResultRole);
  q.required_qualifier = clauses.value(Clause::kRequiredQualifier);
  q.required_assoc_qualifier = clauses.value(Clause::kRequiredAssocQualifier);
  q.class_defs_only = clauses.flag(Clause::kClassDefsOnly);
  q.schema_only = clauses.flag(Clause::kSchemaOnly);
  q.keys_only = clauses.flag(Clause::kKeysOnly);
  return q;
}

ReferencesQuery references_query(wmi::ObjectPath source, const AssociationClauses& clauses) {
  ReferencesQuery q;
  q.source = std::move(source);
  q.result_class = clauses.value(Clause::kResultClass);
  q.role = clauses.value(Clause::kRole);
  q.required_qualifier = clauses.value(Clause::kRequiredQualifier);
  q.class_defs_only = clauses.flag(Clause::kClassDefsOnly);
  q.schema_only = clauses.flag(Clause::kSchemaOnly);
  q.keys_only = clauses.flag(Clause::kKeysOnly);
  return q;
}

namespace {

void set_if(AssociationClauses& clauses, Clause c, const std::string& value) {
  if (!value.empty()) clauses.set_value(c, value);
}
void set_if(AssociationClauses& clauses, Clause c, bool flag) {
  if (flag) clauses.set_flag(c);
}

}  // namespace

AssociationClauses clauses_of(const AssociatorsQuery& q) {
  AssociationClauses c;
  set_if(c, Clause::kAssocClass, q.assoc_class);
  set_if(c, Clause::kResultClass, q.result_class);
  set_if(c, Clause::kRole, q.role);
  set_if(c, Clause::kResultRole, q.result_role);
  set_if(c, Clause::kRequiredQualifier, q.required_qualifier);
  set_if(c, Clause::kRequiredAssocQualifier, q.required_assoc_qualifier);
  set_if(c, Clause::kClassDefsOnly, q.class_defs_only);
  set_if(c, Clause::kSchemaOnly, q.schema_only);
  set_if(c, Clause::kKeysOnly, q.keys_only);
  return c;
}

AssociationClauses clauses_of(const ReferencesQuery& q) {
  AssociationClauses c;
  set_if(c, Clause::kResultClass, q.result_class);
  set_if(c, Clause::kRole, q.role);
  set_if(c, Clause::kRequiredQualifier, q.required_qualifier);
  set_if(c, Clause::kClassDefsOnly, q.class_defs_only);
  set_if(c, Clause::kSchemaOnly, q.schema_only);
  set_if(c, Clause::kKeysOnly, q.keys_only);
  return c;
}

}  // namespace sim::wql
