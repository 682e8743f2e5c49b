// conformance::report summary helpers: the printable names of verdicts, evidence tags and namespace
// scopes, and the verdict counts every report format shows. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "conformance/catalogue/assertion.h"
#include "conformance/report/run_result.h"

namespace conformance {

// "PASS", "FAIL", "WARN", "NOT-TESTED".
std::string_view verdict_name(Verdict verdict);
// "doc", "mof", "sample", "field", "unverified".
std::string_view evidence_name(Evidence evidence);
// "both", "virtualization-only", "cluster-only".
std::string_view namespaces_name(Namespaces namespaces);

// Severity order for "the worst verdict": NOT-TESTED < PASS < WARN < FAIL.
int verdict_severity(Verdict verdict);

// How many assertions ended with each verdict.
struct VerdictCounts {
  int pass = 0;
  int fail = 0;
  int warn = 0;
  int not_tested = 0;
  int total() const { return pass + fail + warn + not_tested; }
};
VerdictCounts count_verdicts(const RunResult& run);

// "12 PASS · 0 FAIL · 3 WARN · 2 NOT-TESTED" (UTF-8 middle dots).
std::string summary_line(const VerdictCounts& counts);

// The area of an assertion id: the text before the first '-' ("CRP" for "CRP-TYPE-001"); the whole
// id when it has no '-'.
std::string_view assertion_area(std::string_view id);

}  // namespace conformance
