// hvconform's command line: its own options (the table) parsed with CLI11, everything else
// left for GoogleTest (--gtest_filter, sharding, --gtest_output keep working). Also the --target
// grammar: "sim" or "sim:PROFILE" (a simulator with fixtures/profiles/PROFILE.json) and
// "wsman+http://…" / "wsman+https://…" (a real host, refused until the WS-Man adapter lands).
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "wmi/cim/status.h"

namespace conformance {

inline constexpr std::string_view kDefaultProfile = "doc-strict";
inline constexpr std::string_view kDefaultInventory = "fixtures/inventories/small.json";

struct TargetSpec {
  enum class Kind { kSimulator, kWsman };
  Kind kind = Kind::kSimulator;
  std::string profile{kDefaultProfile};  // simulator
  std::string url;                       // wsman: "https://host:5986/wsman"
};

// Fails with kInvalidArgument naming what is wrong (an empty profile, an unknown scheme).
wmi::Result<TargetSpec> parse_target_spec(std::string_view text);

struct RunnerOptions {
  std::string target = "sim:" + std::string(kDefaultProfile);
  std::string inventory{kDefaultInventory};
  std::optional<std::uint64_t> seed;
  bool allow_mutation = false;
  std::optional<std::string> report_dir;
  bool list_assertions = false;
  bool json = false;
  bool list_mutants = false;
  std::optional<std::string> mutant;
  bool self_check = false;
  // argv[0] and every argument not hvconform's own, in order, for InitGoogleTest.
  std::vector<std::string> gtest_args;
};

// What parsing decided: run with `options`, or exit at once with `exit_code` (after --help, 0, or a
// usage error, 2) having printed `message` (to stdout for --help, else stderr).
struct ParsedCommandLine {
  RunnerOptions options;
  std::optional<int> exit_code;
  std::string message;
};

ParsedCommandLine parse_command_line(int argc, const char* const* argv);

}  // namespace conformance
