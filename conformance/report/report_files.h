// conformance::write_report_files: renders a RunResult into `dir` as report.json, report.html and
// junit.xml. All three are rendered and written to temporary files in `dir` first, then renamed
// into place (json, html, junit in that order), so no file is ever half-written: on failure the
// temporaries are removed, files not yet renamed keep what an earlier run left, and the error names
// the path. Not thread-safe for concurrent writers to the same dir.
#pragma once

#include <filesystem>

#include "conformance/report/run_result.h"
#include "wmi/cim/status.h"

namespace conformance {

// kInvalidArgument (with the path) if dir cannot be created or is not a directory; kProtocol (with
// the path) if a file cannot be written or renamed or the JUnit XML cannot be rendered.
wmi::Status write_report_files(const RunResult& run, const std::filesystem::path& dir);

}  // namespace conformance
