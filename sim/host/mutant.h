// sim::host::Mutant: deliberately broken behaviours of the simulated host, for testing the
// conformance suite only (`hvconform --mutant NAME`): each mutant must make at least one assertion
// fail, or the suite has a hole. A host built with Mutant::kNone (the default) has none of them;
// nothing but hvconform and the mutants' own tests ever selects another. Pure functions.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace sim::host {

enum class Mutant {
  kNone,
  kRctDropsBlock,                   // a change query omits one changed block
  kJobSuccessWithErrorCode,         // a job completes (JobState 7) with ErrorCode != 0
  kErrorLeavesReferencePoint,       // a failed CreateReferencePoint leaves a point on one member
  kReturnsReservedCode,             // a method returns a code from a reserved range
  kClassLeaksIntoNamespace,         // a v2-only class is served in root/HyperVCluster/v2 too
  kPercentCompleteGoesBack,         // a job's PercentComplete decreases between polls
  kLogApplyLosesRecord,             // applying a replica log segment skips one record
  kConvertAcceptsStandardSnapshot,  // ConvertToReferencePoint accepts a standard checkpoint
};

struct MutantInfo {
  Mutant mutant;
  std::string_view name;         // kebab-case, e.g. "rct-drops-block"
  std::string_view description;  // one line
};

// Every mutant but kNone, in declaration order.
std::span<const MutantInfo> all_mutants();
// The mutant called `name` (exact), if any.
std::optional<Mutant> mutant_named(std::string_view name);

}  // namespace sim::host
