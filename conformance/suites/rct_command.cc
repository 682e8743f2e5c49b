#include "conformance/suites/rct_command.h"

#include <algorithm>

#include <fmt/format.h>

#include "conformance/suites/regression_name.h"

namespace conformance::suites {

rc::Gen<RctCommand> gen_rct_command() {
  return rc::gen::apply(
      [](RctOp op, std::size_t disk, std::size_t pick, std::uint64_t sector, std::uint64_t sectors,
         std::uint64_t window_start, std::uint64_t window_sectors) {
        RctCommand c{op, disk, pick};
        if (op == RctOp::kQuery) {
          c.offset = window_start * kRctSector;
          c.length = std::min(window_sectors * 64 * kRctSector, kRctQueryArea - c.offset);
        } else if (op == RctOp::kWrite || op == RctOp::kModifyOffline) {
          c.offset = sector * kRctSector;
          c.length = sectors * kRctSector;
        }
        return c;
      },
      rc::gen::weightedElement<RctOp>({{10, RctOp::kWrite},
                                       {3, RctOp::kSeal},
                                       {8, RctOp::kQuery},
                                       {1, RctOp::kDestroy},
                                       {1, RctOp::kCrash},
                                       {1, RctOp::kResize},
                                       {1, RctOp::kModifyOffline}}),
      rc::gen::inRange<std::size_t>(0, 16), rc::gen::inRange<std::size_t>(0, 16),
      rc::gen::inRange<std::uint64_t>(0, kRctWriteArea / kRctSector - 32),
      rc::gen::inRange<std::uint64_t>(1, 33),
      rc::gen::inRange<std::uint64_t>(0, kRctQueryArea / kRctSector - 1),
      rc::gen::inRange<std::uint64_t>(1, 64 * 4 + 1));
}

std::string_view rct_op_name(RctOp op) {
  switch (op) {
    case RctOp::kWrite:
      return "RctOp::kWrite";
    case RctOp::kSeal:
      return "RctOp::kSeal";
    case RctOp::kQuery:
      return "RctOp::kQuery";
    case RctOp::kDestroy:
      return "RctOp::kDestroy";
    case RctOp::kCrash:
      return "RctOp::kCrash";
    case RctOp::kResize:
      return "RctOp::kResize";
    case RctOp::kModifyOffline:
      return "RctOp::kModifyOffline";
  }
  return "RctOp::kWrite";
}

std::string rct_regression_snippet(std::string_view assertion_id, std::uint64_t session_seed,
                                   const std::vector<RctCommand>& commands) {
  std::string steps;
  for (const RctCommand& c : commands) {
    steps += fmt::format("      {{{}, {}, {}, {}, {}}},\n", rct_op_name(c.op), c.disk, c.pick,
                         c.offset, c.length);
  }
  return fmt::format(
      "// Regression: paste into conformance/suites/change_tracking_regressions.cc\n"
      "CONFORMANCE_TEST(ChangeTrackingRegression, {0}, \"{1}\") {{\n"
      "  expect_no_rct_findings({2}u, {{\n"
      "{3}"
      "  }});\n"
      "}}\n",
      regression_test_name(session_seed, steps), assertion_id, session_seed, steps);
}

}  // namespace conformance::suites
