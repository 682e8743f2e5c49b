#include "sim/host/wql/wql_association_filter.h"

#include <fmt/format.h>

#include "sim/host/wql/wql_path.h"
#include "wmi/cim/cim_name.h"

namespace sim::wql {
namespace {

// A scalar, non-null reference property of an association instance.
struct Reference {
  const std::string* name;
  const wmi::ObjectPath* target;
};

std::vector<Reference> references_of(const wmi::Instance& association) {
  std::vector<Reference> refs;
  for (const wmi::Property& p : association.properties()) {
    if (const wmi::ObjectPath* target = p.value.as_reference()) {
      refs.push_back(Reference{&p.name, target});
    }
  }
  return refs;
}

bool named(const Reference& ref, const std::string& wanted) {
  return wanted.empty() || wmi::iequals(*ref.name, wanted);
}

bool of_class(const ClassMatcher& is_a, std::string_view class_name, const std::string& wanted) {
  return wanted.empty() || is_a(class_name, wanted);
}

wmi::Status unsupported(const char* statement, std::string_view clause) {
  return wmi::invalid_argument(
      fmt::format("WQL: {} ... WHERE {} is not supported by hvsim", statement, clause));
}

}  // namespace

bool same_class_name(std::string_view class_name, std::string_view wanted) {
  return wmi::iequals(class_name, wanted);
}

wmi::Result<std::vector<Associator>> filter_associators(const AssociatorsQuery& query,
                                                        std::span<const wmi::Instance> candidates,
                                                        const ClassMatcher& is_a) {
  constexpr const char* kStatement = "ASSOCIATORS OF";
  if (query.class_defs_only) return unsupported(kStatement, "ClassDefsOnly");
  if (query.schema_only) return unsupported(kStatement, "SchemaOnly");
  if (!query.required_qualifier.empty()) return unsupported(kStatement, "RequiredQualifier");
  if (!query.required_assoc_qualifier.empty()) {
    return unsupported(kStatement, "RequiredAssocQualifier");
  }
  std::vector<Associator> found;
  for (const wmi::Instance& association : candidates) {
    if (!of_class(is_a, association.class_name(), query.assoc_class)) continue;
    const std::vector<Reference> refs = references_of(association);
    for (std::size_t from = 0; from < refs.size(); ++from) {
      if (!named(refs[from], query.role) ||
          !same_instance_in_query(*refs[from].target, query.source)) {
        continue;
      }
      for (std::size_t to = 0; to < refs.size(); ++to) {
        if (to == from || !named(refs[to], query.result_role) ||
            !of_class(is_a, refs[to].target->class_name, query.result_class)) {
          continue;
        }
        found.push_back(
            Associator{*refs[to].target, &association, *refs[from].name, *refs[to].name});
      }
    }
  }
  return found;
}

wmi::Result<std::vector<const wmi::Instance*>> filter_references(
    const ReferencesQuery& query, std::span<const wmi::Instance> candidates,
    const ClassMatcher& is_a) {
  constexpr const char* kStatement = "REFERENCES OF";
  if (query.class_defs_only) return unsupported(kStatement, "ClassDefsOnly");
  if (query.schema_only) return unsupported(kStatement, "SchemaOnly");
  if (!query.required_qualifier.empty()) return unsupported(kStatement, "RequiredQualifier");
  std::vector<const wmi::Instance*> found;
  for (const wmi::Instance& association : candidates) {
    if (!of_class(is_a, association.class_name(), query.result_class)) continue;
    for (const Reference& ref : references_of(association)) {
      if (named(ref, query.role) && same_instance_in_query(*ref.target, query.source)) {
        found.push_back(&association);
        break;
      }
    }
  }
  return found;
}

}  // namespace sim::wql
