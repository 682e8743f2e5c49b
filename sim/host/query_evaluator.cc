#include "sim/host/query_evaluator.h"

#include "sim/host/class_catalog.h"
#include "sim/host/instance_access.h"
#include "sim/host/wql/wql_association_filter.h"
#include "sim/host/wql/wql_condition_eval.h"
#include "sim/host/wql/wql_parser.h"
#include "wmi/cim/cim_name.h"

namespace sim::host {

namespace {

using Instances = std::vector<wmi::Instance>;

wmi::Status unknown_class(std::string_view name, std::string_view ns) {
  return wmi::invalid_argument("WQL names class " + std::string(name) + ", which " +
                               std::string(ns) + " does not have");
}

bool class_is_a(std::string_view class_name, std::string_view wanted) {
  return is_a(class_name, wanted);
}

// The clause classes must exist in the namespace ("" = no clause).
wmi::Status check_classes(const HostState& state, std::string_view ns,
                          std::initializer_list<std::string_view> names) {
  for (std::string_view name : names) {
    if (!name.empty() && find_class(ns, name, state.mutant) == nullptr) {
      return unknown_class(name, ns);
    }
  }
  return {};
}

// The source instance must exist; kNotFound otherwise.
wmi::Status check_source(HostState& state, std::string_view ns, wmi::ObjectPath source) {
  if (!source.namespace_name.empty() && !served_namespace(source.namespace_name)) {
    return wmi::not_found("namespace " + source.namespace_name + " is not served");
  }
  source.namespace_name = std::string(ns);
  auto resolved = resolve_class(state, ns, source.class_name);
  if (!resolved.ok()) return resolved.status();
  if (!validate_selectors(state, *resolved, source).ok() ||
      !read_instance(state, *resolved, source)) {
    return wmi::not_found("the source instance does not exist");
  }
  return {};
}

wmi::Instance keys_only(const wmi::Instance& instance) {
  wmi::Instance out(instance.class_name(), instance.namespace_name());
  for (const wmi::KeyBinding& key : instance.path()->keys) {
    if (const wmi::CimValue* value = instance.find(key.name)) out.set(key.name, *value);
  }
  out.set_path(*instance.path());
  return out;
}

// Filters and projects in place: a SELECT without WHERE or a property list returns the rendered
// instances as they are, without another pass or copy.
wmi::Result<Instances> select(HostState& state, std::string_view ns,
                              const wql::SelectQuery& query) {
  if (auto s = check_classes(state, ns, {query.class_name}); !s.ok()) return s;
  Instances all = read_all(state, ns, query.class_name);
  if (!query.where && query.properties.empty()) return all;
  std::size_t kept = 0;
  for (wmi::Instance& instance : all) {
    if (query.where && !wql::matches(*query.where, instance)) continue;
    if (!query.properties.empty()) {
      all[kept] = wql::project(query, instance);
    } else if (&all[kept] != &instance) {
      all[kept] = std::move(instance);
    }
    ++kept;
  }
  all.erase(all.begin() + static_cast<std::ptrdiff_t>(kept), all.end());
  return all;
}

// The association instances (keyed by references) of `class_name`, or of every class when "".
Instances association_instances(HostState& state, std::string_view ns,
                                std::string_view class_name) {
  Instances all = read_all(state, ns, class_name);
  Instances out;
  for (wmi::Instance& instance : all) {
    const auto& keys = instance.path()->keys;
    if (!keys.empty() && std::holds_alternative<wmi::ReferenceKey>(keys.front().value)) {
      out.push_back(std::move(instance));
    }
  }
  return out;
}

wmi::Result<Instances> associators(HostState& state, std::string_view ns,
                                   const wql::AssociatorsQuery& query) {
  if (auto s = check_classes(state, ns, {query.assoc_class, query.result_class}); !s.ok()) return s;
  if (auto s = check_source(state, ns, query.source); !s.ok()) return s;
  const Instances associations = association_instances(state, ns, query.assoc_class);
  auto found = wql::filter_associators(query, associations, &class_is_a);
  if (!found.ok()) return found.status();
  Instances out;
  for (const wql::Associator& associator : *found) {
    auto resolved = resolve_class(state, ns, associator.target.class_name);
    if (!resolved.ok()) continue;
    auto instance = read_instance(state, *resolved, associator.target);
    if (!instance) continue;
    out.push_back(query.keys_only ? keys_only(*instance) : std::move(*instance));
  }
  return out;
}

wmi::Result<Instances> references(HostState& state, std::string_view ns,
                                  const wql::ReferencesQuery& query) {
  if (auto s = check_classes(state, ns, {query.result_class}); !s.ok()) return s;
  if (auto s = check_source(state, ns, query.source); !s.ok()) return s;
  const Instances associations = association_instances(state, ns, query.result_class);
  auto found = wql::filter_references(query, associations, &class_is_a);
  if (!found.ok()) return found.status();
  Instances out;
  for (const wmi::Instance* association : *found) {
    out.push_back(query.keys_only ? keys_only(*association) : *association);
  }
  return out;
}

}  // namespace

wmi::Result<Instances> evaluate_query(HostState& state, std::string_view canonical_namespace,
                                      std::string_view wql_text) {
  auto parsed = wql::parse_query(wql_text);
  if (!parsed.ok()) return parsed.status();
  if (const auto* q = std::get_if<wql::SelectQuery>(&*parsed)) {
    return select(state, canonical_namespace, *q);
  }
  if (const auto* q = std::get_if<wql::AssociatorsQuery>(&*parsed)) {
    return associators(state, canonical_namespace, *q);
  }
  return references(state, canonical_namespace, std::get<wql::ReferencesQuery>(*parsed));
}

}  // namespace sim::host
