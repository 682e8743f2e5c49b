// How hvconform turns test outcomes into assertion verdicts, in catalogue order:
//   FAIL        any test of the assertion failed;
//   NOT-TESTED  no test of it ran (filtered out, or none written), or every one skipped — the
//               reason is the skip messages ("needs DataPlane");
//   WARN        it passed, but its evidence is unverified (it rests on a profile guess);
//   PASS        it passed.
// Pure function; thread-safe.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "conformance/catalogue/assertion.h"
#include "conformance/report/run_result.h"

namespace conformance {

// A finished test and the assertion it names.
struct NamedOutcome {
  std::string assertion_id;
  TestOutcome outcome;
};

// One AssertionResult per catalogue entry, in catalogue order; outcomes naming an id the catalogue
// lacks are ignored (the self-check reports them).
std::vector<AssertionResult> assertion_verdicts(std::span<const Assertion> catalogue,
                                                std::span<const NamedOutcome> outcomes);

}  // namespace conformance
