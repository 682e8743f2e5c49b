// conformance::RunResult: everything one hvconform run found, as the report writers
// (report_json.h, report_html.h, report_junit.h) render it. The runner fills it from GoogleTest's
// results; the writers are pure functions of it. Plain values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "conformance/catalogue/assertion.h"

namespace conformance {

enum class Verdict { kPass, kFail, kWarn, kNotTested };

// One call the suite made and what came back, e.g. {"root/virtualization/v2",
// "Msvm_CollectionReferencePointService", "CreateReferencePoint", "ReferencePointType=2", 4096}.
struct Observation {
  std::string cim_namespace;
  std::string class_name;
  std::string method;
  std::string arguments;                      // short, human-readable
  std::optional<std::uint32_t> return_value;  // none: the call failed before a ReturnValue
  std::optional<std::uint32_t> job_error_code;
  std::optional<std::uint16_t> reference_point_type;  // CreateReferencePoint only
};

// One GoogleTest test (a property or an example) and how it ended.
struct TestOutcome {
  std::string name;  // "Suite.Test"
  Verdict verdict;   // kPass, kFail or kNotTested (skipped); the runner derives WARN per assertion
  std::string message;  // failure text (seed and shrunk counterexample) or the skip reason
  double seconds = 0;
  std::vector<Observation> evidence;  // capped by the runner
};

struct AssertionResult {
  const Assertion* assertion;  // points into the catalogue
  Verdict verdict;     // FAIL if any test failed; NOT-TESTED if none ran; WARN if kUnverified; PASS
  std::string reason;  // why NOT-TESTED or WARN
  std::vector<TestOutcome> tests;
};

struct TargetIdentity {
  std::string target;  // "sim:doc-strict", "wsman+https://host:5986/wsman"
  std::string protocol_version, product_vendor, product_version;  // Identify
  std::vector<std::string> namespaces;
  std::string profile;    // the profile the expectations were taken from
  std::string inventory;  // simulator targets only
  std::string mutant;     // simulator targets only; empty: none
};

// What the sessions' clean-up did (conformance/suites/session_cleanup.h).
struct CleanupSummary {
  std::size_t sessions = 0;
  std::size_t removed = 0;             // objects removed
  std::vector<std::string> leftovers;  // "<path>: <why>", objects that could not be removed
};

struct RunResult {
  TargetIdentity target;
  std::string hvconform_version;
  std::uint64_t seed = 0;
  std::string started_utc;  // ISO 8601
  double seconds = 0;
  CleanupSummary cleanup;
  std::vector<AssertionResult> assertions;  // catalogue order
  // The codes the contract documents per "Class.Method" (from the oracle): the rows of the
  // method x return-code matrix, so that a documented code nothing provoked shows as NOT-TESTED.
  std::map<std::string, std::vector<std::uint32_t>> documented_codes;
};

}  // namespace conformance
