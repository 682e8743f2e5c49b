// conformance::report_json: the certification report as JSON (schema: docs/formats/report.md).
// A pure function of the RunResult; thread-safe. Never fails: strings are emitted as UTF-8, invalid
// bytes replaced by U+FFFD.
#pragma once

#include <string>

#include "conformance/report/run_result.h"

namespace conformance {

// Pretty-printed (2-space indent), newline-terminated.
std::string report_json(const RunResult& run);

}  // namespace conformance
