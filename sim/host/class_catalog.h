// Which classes each namespace serves (spec §2: absences are checked as strictly as presences)
// and the class hierarchy that queries and association filters use. Constant data; thread-safe.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "sim/host/class_def.h"
#include "sim/host/mutant.h"

namespace sim::host {

// The canonical spelling of a served namespace ("root\virtualization\v2", any letter case, works),
// or nullopt.
std::optional<std::string_view> served_namespace(std::string_view namespace_name);

// The class called `name` (any letter case) in a served namespace: a Msvm_ class it serves or a
// CIM_ ancestor of one (which has no instances of its own); nullptr when the namespace lacks it.
// `mutant` is the host's (mutant.h); only class-leaks-into-namespace changes what is served.
const ClassDef* find_class(std::string_view canonical_namespace, std::string_view name,
                           Mutant mutant);

// The classes with instances in a served namespace.
std::span<const ClassDef* const> concrete_classes(std::string_view canonical_namespace,
                                                  Mutant mutant);

// Whether `class_name` is `ancestor` or derives from it (any letter case).
bool is_a(std::string_view class_name, std::string_view ancestor);

}  // namespace sim::host
