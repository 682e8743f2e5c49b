// One case of LOG-APPLY-001 (spec §8, "record every write in order"): on a session whose first VM
// group replicates, `before` writes, a log-based point A, `between` writes, a log-based point B;
// the per-VM export of B since A carries one log record per write in between, and applying them to
// the disk's bytes at A gives its bytes at B. A failing case prints as a C++ regression test
// (log_apply_snippet) that replays it through expect_log_apply_reproduces. Not synchronised.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <rapidcheck.h>

#include "conformance/target/target.h"

namespace conformance::suites {

inline constexpr std::uint64_t kLogSector = 4096;
inline constexpr std::uint64_t kLogRegion = 1024 * 1024;  // writes land in the first MiB

// A write of min(sectors, 16) sectors at `sector`, each byte the write's 1-based ordinal.
struct LogWrite {
  std::uint64_t sector = 0;
  std::uint64_t sectors = 1;
};

struct LogApplyCase {
  std::size_t disk = 0;  // index into the group's disks (modulo their count)
  std::vector<LogWrite> before;
  std::vector<LogWrite> between;  // at least one
};

rc::Gen<LogApplyCase> gen_log_apply_case();

// Runs `c` on `session`: "" when the applied segment reproduces the primary, "skip: <why>" when
// the target cannot replicate or has no DataPlane, else what went wrong.
std::string log_apply_problem(Session& session, const LogApplyCase& c);

// A CONFORMANCE_TEST named ReplicaLogRegression.Seed<session_seed>_<hash of the case> replaying
// `c`; paste it into conformance/suites/replica_log_regressions.cc.
std::string log_apply_snippet(std::uint64_t session_seed, const LogApplyCase& c);

// GoogleTest expectations: `c` on a session of current_target() opened with `session_seed`
// reproduces the primary (the body of a printed regression test).
void expect_log_apply_reproduces(std::uint64_t session_seed, const LogApplyCase& c);

}  // namespace conformance::suites
