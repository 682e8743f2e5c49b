#include "conformance/runner/assertion_verdicts.h"

#include <algorithm>

namespace conformance {
namespace {

constexpr std::string_view kNoTestRan = "no test of it ran (filtered out or not written yet)";
constexpr std::string_view kUnverifiedPass =
    "passed, but it rests on a profile guess (unverified) until seen on a real host";

// The distinct skip messages of `tests`, joined with "; ".
std::string skip_reasons(const std::vector<TestOutcome>& tests) {
  std::vector<std::string> reasons;
  for (const TestOutcome& test : tests) {
    if (test.verdict != Verdict::kNotTested) continue;
    const std::string reason = test.message.empty() ? "skipped" : test.message;
    if (std::find(reasons.begin(), reasons.end(), reason) == reasons.end()) {
      reasons.push_back(reason);
    }
  }
  std::string joined;
  for (const std::string& reason : reasons) {
    if (!joined.empty()) joined += "; ";
    joined += reason;
  }
  return joined;
}

void decide(AssertionResult& result) {
  const auto has = [&result](Verdict verdict) {
    return std::any_of(result.tests.begin(), result.tests.end(),
                       [verdict](const TestOutcome& t) { return t.verdict == verdict; });
  };
  if (result.tests.empty()) {
    result.verdict = Verdict::kNotTested;
    result.reason = std::string(kNoTestRan);
  } else if (has(Verdict::kFail)) {
    result.verdict = Verdict::kFail;
  } else if (!has(Verdict::kPass)) {
    result.verdict = Verdict::kNotTested;
    result.reason = skip_reasons(result.tests);
  } else if (result.assertion->evidence == Evidence::kUnverified) {
    result.verdict = Verdict::kWarn;
    result.reason = std::string(kUnverifiedPass);
  } else {
    result.verdict = Verdict::kPass;
  }
}

}  // namespace

std::vector<AssertionResult> assertion_verdicts(std::span<const Assertion> catalogue,
                                                std::span<const NamedOutcome> outcomes) {
  std::vector<AssertionResult> results;
  results.reserve(catalogue.size());
  for (const Assertion& assertion : catalogue) {
    AssertionResult result{
        .assertion = &assertion, .verdict = Verdict::kNotTested, .reason = {}, .tests = {}};
    for (const NamedOutcome& named : outcomes) {
      if (named.assertion_id == assertion.id) result.tests.push_back(named.outcome);
    }
    decide(result);
    results.push_back(std::move(result));
  }
  return results;
}

}  // namespace conformance
