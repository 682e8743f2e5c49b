// conformance::catalogue(): every assertion the conformance suite checks, all areas, in a stable
// order (the order of the certification report). The entries live one file per area
// (namespace_assertions.cc, ...); this is the one place that lists the areas.
// Pure functions over static data; thread-safe.
#pragma once

#include <span>
#include <string_view>

#include "conformance/catalogue/assertion.h"

namespace conformance {

// Every assertion, area by area, each area in id order.
std::span<const Assertion> catalogue();

// The assertion with exactly this id, or nullptr.
const Assertion* find_assertion(std::string_view id);

// Whether `id` has the form AREA-TOPIC-NNN: two upper-case alphanumeric words and three digits.
bool well_formed_assertion_id(std::string_view id);

// The areas' entries (one .cc each; catalogue() concatenates them).
std::span<const Assertion> type_domain_assertions();
std::span<const Assertion> return_code_assertions();
std::span<const Assertion> job_assertions();
std::span<const Assertion> change_tracking_assertions();
std::span<const Assertion> replica_log_assertions();
std::span<const Assertion> backup_workflow_assertions();
std::span<const Assertion> checkpoint_assertions();
std::span<const Assertion> namespace_assertions();

}  // namespace conformance
