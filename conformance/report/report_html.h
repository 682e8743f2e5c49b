// conformance::report_html: the certification report as one self-contained HTML page (inline CSS,
// no JavaScript, no external assets) for an auditor: header, summary (id="summary"), both coverage
// matrices, one section per assertion. Every string from the RunResult is HTML-escaped. Pure;
// thread-safe; never fails.
#pragma once

#include <string>
#include <string_view>

#include "conformance/report/run_result.h"

namespace conformance {

std::string report_html(const RunResult& run);

// Escapes & < > " ' for element text and double- or single-quoted attribute values.
std::string html_escape(std::string_view text);

}  // namespace conformance
