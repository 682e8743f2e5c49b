// Runs a change-tracking command sequence (rct_command.h) on a Session against an oracle that
// keeps, per RCT id, the bytes written since the id was sealed (conformance/oracle/
// written_ranges.h), and records what each query showed by kind of finding: a written byte in no
// returned range, an unwritten block reported without a crash, a wrong code for an invalidated id,
// malformed paging, or a step the target refused. The properties in change_tracking_suite.cc
// assert one kind each; expect_no_rct_findings replays a printed regression. Not synchronised.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "conformance/suites/rct_command.h"
#include "conformance/target/target.h"

namespace conformance::suites {

struct RctFindings {
  bool started = false;  // false: the target has no group with RCT-sealable disks, or no DataPlane
  std::vector<std::string> unsound;
  std::vector<std::string> inexact;
  std::vector<std::string> wrong_codes;
  std::vector<std::string> bad_pages;
  std::vector<std::string> refused;  // a write, seal, destroy, crash or resize that failed
};

// Runs `commands` in order on `session`'s first VM group; stops at the first refused step.
RctFindings run_rct_sequence(Session& session, const std::vector<RctCommand>& commands);

// GoogleTest expectations: `commands` on a session of current_target() opened with
// `session_seed` show no finding of any kind (the body of a printed regression test).
void expect_no_rct_findings(std::uint64_t session_seed, const std::vector<RctCommand>& commands);

}  // namespace conformance::suites
