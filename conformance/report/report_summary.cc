#include "conformance/report/report_summary.h"

#include <fmt/format.h>

namespace conformance {

std::string_view verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::kPass:
      return "PASS";
    case Verdict::kFail:
      return "FAIL";
    case Verdict::kWarn:
      return "WARN";
    case Verdict::kNotTested:
      return "NOT-TESTED";
  }
  return "NOT-TESTED";
}

std::string_view evidence_name(Evidence evidence) {
  switch (evidence) {
    case Evidence::kDoc:
      return "doc";
    case Evidence::kMof:
      return "mof";
    case Evidence::kSample:
      return "sample";
    case Evidence::kField:
      return "field";
    case Evidence::kUnverified:
      return "unverified";
  }
  return "unverified";
}

std::string_view namespaces_name(Namespaces namespaces) {
  switch (namespaces) {
    case Namespaces::kBoth:
      return "both";
    case Namespaces::kVirtualizationOnly:
      return "virtualization-only";
    case Namespaces::kClusterOnly:
      return "cluster-only";
  }
  return "both";
}

int verdict_severity(Verdict verdict) {
  switch (verdict) {
    case Verdict::kNotTested:
      return 0;
    case Verdict::kPass:
      return 1;
    case Verdict::kWarn:
      return 2;
    case Verdict::kFail:
      return 3;
  }
  return 0;
}

VerdictCounts count_verdicts(const RunResult& run) {
  VerdictCounts counts;
  for (const AssertionResult& a : run.assertions) {
    switch (a.verdict) {
      case Verdict::kPass:
        ++counts.pass;
        break;
      case Verdict::kFail:
        ++counts.fail;
        break;
      case Verdict::kWarn:
        ++counts.warn;
        break;
      case Verdict::kNotTested:
        ++counts.not_tested;
        break;
    }
  }
  return counts;
}

std::string summary_line(const VerdictCounts& counts) {
  return fmt::format("{} PASS \u00b7 {} FAIL \u00b7 {} WARN \u00b7 {} NOT-TESTED", counts.pass,
                     counts.fail, counts.warn, counts.not_tested);
}

std::string_view assertion_area(std::string_view id) { return id.substr(0, id.find('-')); }

}  // namespace conformance
