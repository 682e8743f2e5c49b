// conformance::report_junit: the run as JUnit XML for CI dashboards: one <testsuite> per assertion
// area (the id's prefix, "CRP" for "CRP-TYPE-001"), one <testcase> per assertion. FAIL is a
// <failure> (message: the reason or first failure; text: every failing test's message), NOT-TESTED
// is <skipped message="reason">, WARN passes with the reason in <system-out>. Written with
// libxml2's xmlTextWriter, so escaping is libxml2's; control characters XML forbids become '?'.
// Pure; thread-safe.
#pragma once

#include <string>

#include "conformance/report/run_result.h"
#include "wmi/cim/status.h"

namespace conformance {

// kProtocol if libxml2 fails to write (out of memory); otherwise the XML document.
wmi::Result<std::string> report_junit(const RunResult& run);

}  // namespace conformance
