#include "sim/host/instance_access.h"

#include <algorithm>

#include "sim/host/cim_paths.h"
#include "sim/host/class_catalog.h"
#include "sim/host/class_names.h"
#include "sim/host/job_table.h"
#include "sim/host/wsman_faults.h"
#include "wmi/cim/cim_name.h"

namespace sim::host {

namespace {

bool listed(std::span<const std::string> names, std::string_view name) {
  return std::any_of(names.begin(), names.end(),
                     [&](const std::string& n) { return wmi::iequals(n, name); });
}
bool listed(std::span<const std::string_view> names, std::string_view name) {
  return std::any_of(names.begin(), names.end(),
                     [&](std::string_view n) { return wmi::iequals(n, name); });
}

wmi::Status validate_singleton(const HostState& state, const ResolvedClass& resolved,
                               const wmi::ObjectPath& path) {
  const control::SingletonSelectors& rule = state.profile.singleton_selectors;
  for (const std::string& required : rule.required) {
    if (path.key(required) == nullptr) {
      return invalid_selectors(std::string(resolved.def->name) + " needs the selector " + required);
    }
  }
  const wmi::ObjectPath actual =
      service_path(RenderScope{state, resolved.namespace_name}, resolved.def->name);
  for (const wmi::KeyBinding& key : path.keys) {
    if (!listed(rule.accepted, key.name)) {
      return invalid_selectors(key.name + " is not a selector of " +
                               std::string(resolved.def->name));
    }
    const auto* given = std::get_if<std::string>(&key.value);
    const auto* expected = std::get_if<std::string>(actual.key(key.name));
    if (given == nullptr || expected == nullptr || !wmi::iequals(*given, *expected)) {
      return invalid_selectors("selector " + key.name + " does not match the service");
    }
  }
  return {};
}

void observe_jobs(HostState& state, std::string_view namespace_name) {
  for (auto& [id, job] : state.jobs) {
    if (wmi::iequals(job.owner_namespace, namespace_name)) observe_job(state, job);
  }
}

}  // namespace

wmi::Result<ResolvedClass> resolve_class(const HostState& state, std::string_view namespace_name,
                                         std::string_view class_name) {
  const auto served = served_namespace(namespace_name);
  if (!served) return wmi::not_found("namespace " + std::string(namespace_name) + " is not served");
  const ClassDef* def = find_class(*served, class_name, state.mutant);
  if (def == nullptr) {
    return wmi::not_found("class " + std::string(class_name) + " does not exist in " +
                          std::string(*served));
  }
  return ResolvedClass{*served, def};
}

wmi::Status validate_selectors(const HostState& state, const ResolvedClass& resolved,
                               const wmi::ObjectPath& path) {
  const ClassDef& def = *resolved.def;
  if (def.singleton) return validate_singleton(state, resolved, path);
  if (def.keys.empty()) return invalid_selectors(std::string(def.name) + " has no instances");
  for (std::size_t i = 0; i < path.keys.size(); ++i) {
    const wmi::KeyBinding& key = path.keys[i];
    if (!listed(def.keys, key.name)) {
      return invalid_selectors(key.name + " is not a key of " + std::string(def.name));
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (wmi::iequals(path.keys[j].name, key.name)) {
        return invalid_selectors("selector " + key.name + " is given twice");
      }
    }
    const bool reference = std::holds_alternative<wmi::ReferenceKey>(key.value);
    if (!reference && !std::holds_alternative<std::string>(key.value)) {
      return invalid_selectors("selector " + key.name + " must be a string");
    }
    if (wmi::iequals(key.name, "CreationClassName") &&
        !wmi::iequals(key_text(path, key.name), def.name)) {
      return invalid_selectors("CreationClassName must be " + std::string(def.name));
    }
  }
  if (path.keys.size() != def.keys.size()) {
    return invalid_selectors(std::string(def.name) + " is addressed by " +
                             std::to_string(def.keys.size()) + " selectors, not " +
                             std::to_string(path.keys.size()));
  }
  return {};
}

std::optional<wmi::Instance> read_instance(HostState& state, const ResolvedClass& resolved,
                                           const wmi::ObjectPath& path) {
  const ClassDef& def = *resolved.def;
  if (def.enumerate == nullptr) return std::nullopt;
  if (is_a(def.name, cls::kConcreteJob)) {
    const auto job = state.jobs.find(key_text(path, "InstanceID"));
    if (job != state.jobs.end() &&
        wmi::iequals(job->second.owner_namespace, resolved.namespace_name)) {
      observe_job(state, job->second);
    }
  }
  const RenderScope scope{state, resolved.namespace_name};
  if (def.find != nullptr) return def.find(scope, path);
  std::vector<wmi::Instance> all;
  def.enumerate(scope, all);
  if (def.singleton) return std::move(all.front());
  wmi::ObjectPath wanted = path;
  wanted.namespace_name = std::string(resolved.namespace_name);
  for (wmi::Instance& instance : all) {
    if (wmi::same_instance(*instance.path(), wanted)) return std::move(instance);
  }
  return std::nullopt;
}

std::vector<wmi::Instance> read_all(HostState& state, std::string_view namespace_name,
                                    std::string_view class_name) {
  if (is_a(cls::kConcreteJob, class_name) || is_a(class_name, cls::kConcreteJob))
    observe_jobs(state, namespace_name);
  const RenderScope scope{state, namespace_name};
  std::vector<wmi::Instance> out;
  for (const ClassDef* def : concrete_classes(namespace_name, state.mutant)) {
    if (def->enumerate != nullptr && (class_name.empty() || is_a(def->name, class_name))) {
      def->enumerate(scope, out);
    }
  }
  return out;
}

}  // namespace sim::host
