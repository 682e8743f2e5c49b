#include "sim/cli/cli.h"

#include <fmt/format.h>

#include <filesystem>
#include <optional>
#include <sstream>
#include <variant>

#include "sim/cli/arguments.h"
#include "sim/cli/command_line.h"
#include "sim/cli/error_line.h"
#include "sim/cli/host_commands.h"
#include "sim/cli/serve_command.h"
#include "sim/cli/state_file.h"
#include "sim/cli/state_lock.h"
#include "sim/cli/target_command.h"
#include "sim/control/fault_rules_json.h"
#include "sim/control/inventory_generator.h"
#include "sim/control/inventory_json.h"
#include "sim/control/profile_keys.h"
#include "sim/storage/crc32c.h"
#include "wmi/cim/utf8.h"

namespace sim::cli {
namespace {

// A failure to report: its one line and the exit status.
struct Failure {
  int exit_code;
  std::string message;
};

int report(std::ostream& err, const Failure& failure) {
  print_error(err, failure.message);
  return failure.exit_code;
}

std::uint32_t checksum(const std::string& text) {
  return storage::crc32c(std::as_bytes(std::span(text.data(), text.size())));
}

bool valid_utf8(std::string_view text) {
  for (std::size_t pos = 0; pos < text.size();) {
    auto decoded = wmi::utf8::decode(text, pos);
    if (!decoded) return false;
    pos += decoded->length;
  }
  return true;
}

// Reads and loads one setup file; the message names the file.
template <typename T, typename Loader>
wmi::Result<T> load_file(const std::string& path, std::string_view what, Loader loader) {
  auto text = read_text_file(path, what);
  if (!text.ok()) return text.status();
  auto loaded = loader(*text);
  if (!loaded.ok()) {
    return wmi::invalid_argument(fmt::format("{} {}: {}", what, path, loaded.status().message()));
  }
  return std::move(loaded).value();
}

// control::load_profile, pointing an unknown key at the list of keys.
wmi::Result<control::Profile> load_profile_text(const std::string& text) {
  auto profile = control::load_profile(text);
  if (!profile.ok() && profile.status().message().find("unknown key") != std::string::npos) {
    return wmi::invalid_argument(profile.status().message() +
                                 "; `hvsim profile keys` lists every key");
  }
  return profile;
}

wmi::Result<HostSetup> setup_from_options(const SetupOptions& options) {
  HostSetup setup;
  auto inventory = load_file<control::Inventory>(
      options.inventory.value_or(default_inventory_path()), "inventory",
      [](const std::string& t) { return control::load_inventory(t); });
  if (!inventory.ok()) return inventory.status();
  setup.inventory = std::move(inventory).value();
  if (options.profile) {
    auto profile = load_file<control::Profile>(*options.profile, "profile", load_profile_text);
    if (!profile.ok()) return profile.status();
    setup.profile = std::move(profile).value();
  }
  if (options.faults) {
    auto faults = load_file<control::FaultRuleSet>(
        *options.faults, "fault rules",
        [](const std::string& t) { return control::load_fault_rules(t); });
    if (!faults.ok()) return faults.status();
    setup.faults = std::move(faults).value();
  }
  setup.seed = options.seed.value_or(1);
  return setup;
}

// The existing state file's setup fixes these; giving one again is a usage error.
std::optional<Failure> conflicting_setup(const SetupOptions& options) {
  const std::pair<bool, const char*> given[] = {{options.inventory.has_value(), "inventory"},
                                                {options.profile.has_value(), "profile"},
                                                {options.seed.has_value(), "seed"},
                                                {options.faults.has_value(), "faults"}};
  for (const auto& [present, name] : given) {
    if (present) {
      return Failure{
          2, fmt::format("state {} already fixes the {}; drop --{}", *options.state, name, name)};
    }
  }
  return std::nullopt;
}

// True for a command whose replay would reach outside the simulated host (write a local file):
// such a command is never journalled, and a journal entry naming one is refused.
bool writes_local_files(const CommandLine& command) {
  return command.kind == CommandKind::kExportRestore ||
         (command.kind == CommandKind::kDiskRead && !command.output.empty());
}

// Rebuilds the host's history from the journal; fails when an entry does not do what it did.
std::optional<Failure> replay(const std::string& state_path, const State& state, host::Host& host) {
  std::ostream discard(nullptr);
  for (std::size_t i = 0; i < state.journal.size(); ++i) {
    const JournalEntry& entry = state.journal[i];
    const auto where = [&] {
      return fmt::format("state {}: journal entry {} (hvsim {})", state_path, i + 1,
                         shell_quote(entry.argv));
    };
    ParseOutcome parsed = parse_command_line(entry.argv);
    if (!parsed.command || !is_host_command(parsed.command->kind) || parsed.command->setup.state ||
        parsed.command->journal_argv != entry.argv || writes_local_files(*parsed.command)) {
      return Failure{1, where() + ": not a host command without setup options and local files" +
                            (parsed.error.empty() ? "" : ": " + parsed.error)};
    }
    std::ostringstream printed;
    const HostCommandResult result = run_host_command(*parsed.command, host, printed, discard);
    const std::string difference =
        result.exit_code != entry.exit_code
            ? fmt::format("replay exited {}, the journal recorded {}", result.exit_code,
                          entry.exit_code)
            : std::string(checksum(printed.str()) != entry.stdout_crc32c
                              ? "replay printed other output than the recorded run"
                              : "");
    if (!difference.empty()) {
      return Failure{1, where() + ": " + difference +
                            " (the state was written by another hvsim build, or edited)"};
    }
  }
  return std::nullopt;
}

// The state file a command runs with, read under its lock: the state (nullopt when the file does
// not exist yet) and the resolved path to save to.
struct OpenState {
  std::filesystem::path target;
  std::optional<State> state;
};

std::variant<OpenState, Failure> open_state(const std::string& shown,
                                            const std::filesystem::path& target) {
  std::error_code ec;
  const auto status = std::filesystem::status(target, ec);
  if (std::filesystem::is_directory(status)) {
    return Failure{2, fmt::format("state {} is a directory; --state takes a file (e.g. {}/s.state)",
                                  shown, shown)};
  }
  if (!std::filesystem::exists(status)) {
    const std::filesystem::path dir =
        target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
    if (!std::filesystem::is_directory(dir, ec)) {
      return Failure{1, fmt::format("state {}: directory {} does not exist", shown, dir.string())};
    }
    return OpenState{target, std::nullopt};
  }
  auto text = read_text_file(target, "state file");
  if (!text.ok()) return Failure{1, text.status().message()};
  auto loaded = parse_state(*text);
  if (!loaded.ok()) {
    return Failure{1, fmt::format("state {}: {}", shown, loaded.status().message())};
  }
  return OpenState{target, std::move(loaded).value()};
}

int run_host(const CommandLine& command, std::ostream& out, std::ostream& err) {
  State state;
  std::optional<OpenState> opened;
  std::optional<StateLock> lock;
  if (command.setup.state) {
    const std::string& shown = *command.setup.state;
    for (const std::string& arg : command.journal_argv) {
      if (!valid_utf8(arg)) {
        return report(err, {2, "an argument is not valid UTF-8 (a state file records it)"});
      }
    }
    auto target = resolve_state_path(shown);
    if (!target.ok()) return report(err, {1, target.status().message()});
    auto locked = StateLock::acquire(*target, shown, state_lock_timeout());
    if (!locked.ok()) return report(err, {1, locked.status().message()});
    lock.emplace(std::move(locked).value());
    auto open = open_state(shown, *target);
    if (auto* failure = std::get_if<Failure>(&open)) return report(err, *failure);
    opened = std::move(std::get<OpenState>(open));
    if (opened->state) {
      if (auto conflict = conflicting_setup(command.setup)) return report(err, *conflict);
      state = std::move(*opened->state);
    }
  }
  const bool existing = opened && opened->state.has_value();
  if (!existing) {
    auto setup = setup_from_options(command.setup);
    if (!setup.ok()) return report(err, {1, setup.status().message()});
    state.setup = std::move(setup).value();
  }
  auto host = build_host(state.setup);
  if (!host.ok()) {
    return report(err, {1, "cannot build the host: " + host.status().to_string()});
  }
  if (existing) {
    if (auto failure = replay(*command.setup.state, state, **host)) return report(err, *failure);
  }

  std::ostringstream printed;
  const HostCommandResult result = run_host_command(command, **host, printed, err);
  out << printed.str();
  out.flush();
  // A failed command leaves the state file as it was; so does one that changed nothing.
  if (opened && result.reached_host && result.exit_code == 0 && !writes_local_files(command)) {
    state.journal.push_back({command.journal_argv, result.exit_code, checksum(printed.str())});
    if (auto s = write_file_atomically(opened->target, format_state(state)); !s.ok()) {
      return report(err, {1, s.message()});
    }
  }
  return result.exit_code;
}

int inventory_generate(const CommandLine& c, std::ostream& out, std::ostream& err) {
  auto inventory =
      control::generate_inventory(c.vms, c.disks_per_vm, c.disk_size, c.generator_seed);
  if (!inventory.ok()) return report(err, {1, inventory.status().message()});
  out << control::save_inventory(*inventory);
  return 0;
}

int inventory_check(const CommandLine& c, std::ostream& out, std::ostream& err) {
  auto inventory = load_file<control::Inventory>(
      c.file, "inventory", [](const std::string& t) { return control::load_inventory(t); });
  if (!inventory.ok()) return report(err, {1, inventory.status().message()});
  std::size_t disks = 0;
  for (const auto& vm : inventory->vms) disks += vm.disks.size();
  out << fmt::format("{}: ok: host {}, {} VMs, {} disks, {} groups\n", c.file, inventory->host_name,
                     inventory->vms.size(), disks, inventory->groups.size());
  return 0;
}

int profile_keys(std::ostream& out) {
  for (const control::KeyDescription& key : control::describe_profile_keys()) {
    out << fmt::format("{} = {}  [{}]\n    {}\n", key.name, key.default_value,
                       control::to_string(key.evidence), key.note);
  }
  return 0;
}

int profile_show(const CommandLine& c, std::ostream& out, std::ostream& err) {
  control::Profile profile;
  if (!c.file.empty()) {
    auto loaded = load_file<control::Profile>(c.file, "profile", load_profile_text);
    if (!loaded.ok()) return report(err, {1, loaded.status().message()});
    profile = std::move(loaded).value();
  }
  out << control::save_profile(profile) << "\n";
  return 0;
}

int state_show(const CommandLine& c, std::ostream& out, std::ostream& err) {
  auto text = read_text_file(c.file, "state file");
  if (!text.ok()) return report(err, {1, text.status().message()});
  auto state = parse_state(*text);
  if (!state.ok()) {
    return report(err, {1, fmt::format("state {}: {}", c.file, state.status().message())});
  }
  const HostSetup& s = state->setup;
  std::size_t disks = 0;
  for (const auto& vm : s.inventory.vms) disks += vm.disks.size();
  out << fmt::format("seed = {}\n", s.seed);
  out << fmt::format("inventory = host {}, {} VMs, {} disks, {} groups\n", s.inventory.host_name,
                     s.inventory.vms.size(), disks, s.inventory.groups.size());
  out << fmt::format("profile = {}\n", s.profile.description);
  out << fmt::format("faults = {} rules\n", s.faults.rules.size());
  out << fmt::format("journal = {} commands\n", state->journal.size());
  for (std::size_t i = 0; i < state->journal.size(); ++i) {
    const JournalEntry& e = state->journal[i];
    out << fmt::format("{:>4}  exit {}  hvsim {}\n", i + 1, e.exit_code, shell_quote(e.argv));
  }
  return 0;
}

}  // namespace

int run_cli(std::span<const std::string> args, std::ostream& out, std::ostream& err) {
  ParseOutcome parsed = parse_command_line(args);
  if (!parsed.command) {
    if (!parsed.error.empty()) return report(err, {parsed.exit_code, parsed.error});
    out << parsed.out_text;
    return parsed.exit_code;
  }
  const CommandLine& c = *parsed.command;
  if (!c.target.url.empty()) return run_target_command(c, out, err);
  if (is_host_command(c.kind)) return run_host(c, out, err);
  switch (c.kind) {
    case CommandKind::kServe: {
      auto setup = setup_from_options(c.setup);
      if (!setup.ok()) return report(err, {2, setup.status().message()});
      return run_serve(c, *setup, out, err);
    }
    case CommandKind::kInventoryGenerate:
      return inventory_generate(c, out, err);
    case CommandKind::kInventoryCheck:
      return inventory_check(c, out, err);
    case CommandKind::kProfileKeys:
      return profile_keys(out);
    case CommandKind::kProfileShow:
      return profile_show(c, out, err);
    case CommandKind::kStateShow:
      return state_show(c, out, err);
    default:
      return report(err, {1, "internal: unhandled command"});
  }
}

}  // namespace sim::cli
