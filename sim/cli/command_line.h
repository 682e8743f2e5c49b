// The `hvsim` command line: every subcommand, its options and its --help text (CLI11), parsed
// into a CommandLine value without running anything. The same parser reads a state file's journal
// back on replay, so what a journal entry means is exactly what the command line meant.
//
// Parsing checks the form of every argument (numbers, sizes, durations, Name=Value); content that
// needs a library or a file (WMI paths, WQL, JSON files) is checked when the command runs.
// Pure function; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "wmi/cim/datetime.h"
#include "wmi/cim/instance.h"

namespace sim::cli {

enum class CommandKind {
  kQuery,
  kGet,
  kInvoke,
  kDiskWrite,
  kDiskRead,
  kDiskResize,
  kCrash,
  kClockAdvance,
  kClockNow,
  kExportList,
  kExportRestore,
  kInventoryGenerate,
  kInventoryCheck,
  kProfileKeys,
  kProfileShow,
  kStateShow,
  kServe,
};

// True for the commands that run against a simulated host: they take the setup options and a
// state file records them.
bool is_host_command(CommandKind kind);

// Which host a host command runs against (unset: not given on the command line).
struct SetupOptions {
  std::optional<std::string> state;
  std::optional<std::string> inventory;
  std::optional<std::string> profile;
  std::optional<std::uint64_t> seed;
  std::optional<std::string> faults;
};

inline constexpr std::string_view kDefaultNamespace = "root/virtualization/v2";

// `hvsim serve`: where and how the WS-Management endpoint listens (sim/server/server.h).
struct ServeOptions {
  std::string listen = "127.0.0.1:5985";
  std::string auth = "none";  // none | basic | negotiate
  std::optional<std::string> users;
  std::optional<std::string> keytab;
  std::optional<std::string> tls_cert;
  std::optional<std::string> tls_key;
  std::optional<std::string> trace;
  bool enable_control = false;
  double time_scale = 1;
  std::size_t max_envelope_size = 512000;
  std::uint64_t enumeration_timeout_ms = 60000;
  std::size_t max_connections = 256;
};

// query, get, invoke --target: a WS-Management endpoint (a Windows host's WinRM listener, or
// `hvsim serve`) instead of a simulated host (sim/cli/target_command.h).
struct TargetOptions {
  std::string url;   // wsman+http(s)://HOST[:PORT][/PATH]; "": the simulated host
  std::string auth;  // none | basic | negotiate | ntlm | kerberos; "": negotiate with --user
  std::string user;
  std::string password_env;  // the environment variable holding the password, never the password
  std::string ca_file;
  bool insecure = false;
  std::string service_host;  // Negotiate's HTTP@HOST when the URL's host is not the SPN's
  wmi::Microseconds timeout{60'000'000};
};

struct CommandLine {
  CommandKind kind = CommandKind::kQuery;
  SetupOptions setup;
  // The arguments without the setup options: what a state file's journal records.
  std::vector<std::string> journal_argv;

  // --namespace as given, "" when absent: get/invoke resolve relative paths in it (default
  // kDefaultNamespace); query runs in it (default: see run_host_command).
  std::string namespace_name;
  bool json = false;           // query, get, invoke
  std::string value_property;  // query, get: print only this property's raw values

  std::string wql;                      // query
  std::string path;                     // get, invoke: WMI path text
  std::string method;                   // invoke
  wmi::PropertyList params;             // invoke: string values, typed by the host
  bool wait = false;                    // invoke --wait
  std::optional<std::uint32_t> expect;  // invoke --expect
  wmi::Microseconds poll_interval{100'000};
  int max_polls = 3000;

  std::string disk;            // disk *
  std::uint64_t offset = 0;    // disk write/read
  std::uint64_t length = 0;    // disk write/read
  std::uint8_t fill = 0xA5;    // disk write --byte
  bool offline = false;        // disk write --offline
  std::uint64_t new_size = 0;  // disk resize

  wmi::Microseconds duration{0};  // clock advance

  std::vector<std::string> directories;  // export ls (one), export restore (the chain)
  std::string output;                    // disk read / export restore --output

  std::size_t vms = 0;  // inventory generate
  std::size_t disks_per_vm = 0;
  std::uint64_t disk_size = 0;
  std::uint64_t generator_seed = 1;

  std::string file;  // inventory check, profile show, state show

  ServeOptions serve;  // serve

  TargetOptions target;  // query, get, invoke
};

struct ParseOutcome {
  std::optional<CommandLine> command;  // set when there is a command to run
  int exit_code = 0;     // without a command: 0 after --help/--version, 2 for a usage error
  std::string out_text;  // help or version text, for stdout
  std::string error;     // the usage error: one line, without the "hvsim: error: " prefix
};

// Parses `args` (without the program name).
ParseOutcome parse_command_line(std::span<const std::string> args);

// The inventory host commands use without --inventory:
// <source tree>/fixtures/inventories/small.json (the tree hvsim was built from).
std::string default_inventory_path();

}  // namespace sim::cli
