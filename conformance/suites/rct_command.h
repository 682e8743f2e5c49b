// One step of a change-tracking command sequence (DESIGN area 4): a write through the DataPlane, a
// seal (collection CreateReferencePoint), a GetVirtualDiskChanges query over a window, a destroy,
// a host crash, a resize or an offline change. The RapidCheck generator draws them; a failing
// property prints the shrunk sequence as a C++ regression test (rct_regression_snippet) that
// replays it through expect_no_rct_findings (rct_sequence.h). Plain values; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <rapidcheck.h>

namespace conformance::suites {

enum class RctOp { kWrite, kSeal, kQuery, kDestroy, kCrash, kResize, kModifyOffline };

struct RctCommand {
  RctOp op = RctOp::kWrite;
  std::size_t disk = 0;  // index into the group's disks (modulo their count)
  std::size_t pick = 0;  // which id / point (modulo); a write's byte value
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
};

inline constexpr std::uint64_t kRctSector = 4 * 1024;             // aligned for 512 and 4096
inline constexpr std::uint64_t kRctWriteArea = 8 * 1024 * 1024;   // writes land in [0, 8 MiB)
inline constexpr std::uint64_t kRctQueryArea = 16 * 1024 * 1024;  // windows lie in [0, 16 MiB)

// Writes are the commonest step, then queries, then seals; the disruptive ones are rare.
rc::Gen<RctCommand> gen_rct_command();

// "RctOp::kWrite".
std::string_view rct_op_name(RctOp op);

// A CONFORMANCE_TEST that replays `commands` on a session opened with `session_seed`, named
// ChangeTrackingRegression.Seed<session_seed>_<hash of the steps> and checking `assertion_id`;
// paste it into conformance/suites/change_tracking_regressions.cc.
std::string rct_regression_snippet(std::string_view assertion_id, std::uint64_t session_seed,
                                   const std::vector<RctCommand>& commands);

}  // namespace conformance::suites
