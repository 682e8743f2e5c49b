// Reading instances out of the model for the dispatcher: namespace/class resolution, selector
// validation, lookup by path and enumeration by class (subclasses included). Reading a job counts
// as one poll of it (job_table.h). Not synchronised (HostState's rules).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "sim/host/class_def.h"
#include "sim/host/host_state.h"

namespace sim::host {

struct ResolvedClass {
  std::string_view namespace_name;  // canonical spelling
  const ClassDef* def;
};

// kNotFound naming the namespace or the class when either is not served.
wmi::Result<ResolvedClass> resolve_class(const HostState& state, std::string_view namespace_name,
                                         std::string_view class_name);

// Ok when `path`'s keys address an instance of `def`: exactly the class's keys (any letter case,
// each once, string-valued unless a reference key; CreationClassName naming the class), or for a
// singleton service the profile's singleton selectors, each matching the service's value.
// Otherwise a w:InvalidSelectors fault saying what is wrong.
wmi::Status validate_selectors(const HostState& state, const ResolvedClass& resolved,
                               const wmi::ObjectPath& path);

// The instance at `path` (selectors already valid), or nullopt.
std::optional<wmi::Instance> read_instance(HostState& state, const ResolvedClass& resolved,
                                           const wmi::ObjectPath& path);

// Every instance in the namespace whose class is_a `class_name` ("" = every class), in catalogue
// then model order.
std::vector<wmi::Instance> read_all(HostState& state, std::string_view namespace_name,
                                    std::string_view class_name);

}  // namespace sim::host
