#include "sim/host/mutant.h"

#include <array>

namespace sim::host {
namespace {

constexpr std::array<MutantInfo, 8> kMutants = {{
    {Mutant::kRctDropsBlock, "rct-drops-block", "a change query omits one changed block"},
    {Mutant::kJobSuccessWithErrorCode, "job-success-with-error-code",
     "a job completes (JobState 7) with ErrorCode != 0"},
    {Mutant::kErrorLeavesReferencePoint, "error-leaves-reference-point",
     "a failed CreateReferencePoint leaves a reference point on one member"},
    {Mutant::kReturnsReservedCode, "returns-reserved-code",
     "a method returns a code from a reserved range"},
    {Mutant::kClassLeaksIntoNamespace, "class-leaks-into-namespace",
     "a root/virtualization/v2-only class is served in root/HyperVCluster/v2 too"},
    {Mutant::kPercentCompleteGoesBack, "percent-complete-goes-back",
     "a job's PercentComplete decreases between polls"},
    {Mutant::kLogApplyLosesRecord, "log-apply-loses-record",
     "applying a replica log segment skips one record"},
    {Mutant::kConvertAcceptsStandardSnapshot, "convert-accepts-standard-snapshot",
     "ConvertToReferencePoint accepts a standard checkpoint"},
}};

}  // namespace

std::span<const MutantInfo> all_mutants() { return kMutants; }

std::optional<Mutant> mutant_named(std::string_view name) {
  for (const MutantInfo& info : kMutants) {
    if (info.name == name) return info.mutant;
  }
  return std::nullopt;
}

}  // namespace sim::host
