// State files: how `hvsim … --state S` carries one simulated host across separate processes, so
// a shell script can drive a whole backup cycle one command at a time.
//
// The file is one header line, then a JSON body:
//
//   hvsim-state-2 length=<body bytes> crc32c=<CRC-32C of the body, 8 hex digits>
//   {
//     "seed": 1,                                         HostOptions::seed
//     "inventory": { … },                                inventory_json.h format
//     "profile": { … },                                  profile_keys.h format (every key)
//     "faults": {"rules": [ … ]},                        fault_rules_json.h format
//     "journal": [                                       oldest first
//       {"argv": ["invoke", "<path>", "DefineCollection", "Name=Nightly"],
//        "exit": 0, "stdout_crc32c": 1234567890}
//     ]
//   }
//
// The header makes a file written by another format version, or altered by hand (setup edits
// included), fail to load with a clear error before anything is built from it.
//
// The host is deterministic (same setup and same calls ⇒ same ids, codes, jobs and results), so
// the body stores what the host was built from and the commands that succeeded against it.
// Loading builds a fresh host from the setup and replays the journal in order; only commands
// whose effect stays inside the simulated host can be replayed (no entry may write a local file).
// A journal entry is the argv of one host command (query, get, invoke, disk, crash, clock
// advance) without the program name and without the setup options (--state, --inventory,
// --profile, --seed, --faults), plus the exit status it had and the CRC-32C of what it printed
// on stdout. Replay checks each entry's exit status and output checksum, so a state file written
// by a different build fails loudly instead of silently diverging.
//
// Thread-safety: value types and pure functions, except the file helpers, which touch the file
// system (state_lock.h serialises the commands that share a state file).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "sim/control/fault_rules_json.h"
#include "sim/control/inventory.h"
#include "sim/control/profile.h"
#include "wmi/cim/status.h"

namespace sim::cli {

inline constexpr std::string_view kStateFormat = "hvsim-state-2";

// What a host is built from.
struct HostSetup {
  control::Inventory inventory;
  control::Profile profile;  // doc-strict by default
  std::uint64_t seed = 1;
  control::FaultRuleSet faults;
  friend bool operator==(const HostSetup&, const HostSetup&) = default;
};

struct JournalEntry {
  std::vector<std::string> argv;
  int exit_code = 0;
  std::uint32_t stdout_crc32c = 0;
  friend bool operator==(const JournalEntry&, const JournalEntry&) = default;
};

struct State {
  HostSetup setup;
  std::vector<JournalEntry> journal;
  friend bool operator==(const State&, const State&) = default;
};

// kInvalidArgument for a file of another format version, one whose body does not match its
// header's length and checksum, and "state file at <pointer>: <problem>" for a body that is not
// the format above (unknown keys included), or the inventory/profile/fault-rule loaders' own
// message.
wmi::Result<State> parse_state(std::string_view file_text);

// The state as a file (header and body); parse_state reads it back equal.
std::string format_state(const State& state);

// The contents of `path`; kNotFound "cannot read <what> <path>: <reason>" when it cannot be read.
wmi::Result<std::string> read_text_file(const std::filesystem::path& path, std::string_view what);

// Replaces `path` with `contents` atomically (give a resolved path: a symlink is replaced, not
// followed; state_lock.h resolves): writes a temporary file in the same directory,
// flushes it to disk and renames it over `path`, so a reader sees the old file or the new one,
// never a mix. On failure the old file is untouched and the temporary file is removed.
wmi::Status write_file_atomically(const std::filesystem::path& path, std::string_view contents);

}  // namespace sim::cli
