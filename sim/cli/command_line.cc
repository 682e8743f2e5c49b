#include "sim/cli/command_line.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <functional>

#include "sim/cli/arguments.h"
#include "sim/cli/help_text.h"
#include "sim/control/byte_size.h"
#include "sim/control/inventory_generator.h"
#include "wmi/wsman/wsman_target.h"

#ifndef HVSIM_SOURCE_DIR
#error "HVSIM_SOURCE_DIR must name the source tree (sim/cli/CMakeLists.txt defines it)"
#endif
#ifndef HVSIM_VERSION
#define HVSIM_VERSION "unknown"
#endif

namespace sim::cli {
namespace {

struct Raw {
  std::string state, inventory, profile, faults;
  std::string target_timeout = "60s", password;
  std::vector<CLI::Option*> password_options;
  std::string seed, vms, disks_per_vm, generator_seed;
  bool seed_given = false;
  std::vector<std::string> params;
  std::string expect, poll_interval = "100ms", max_polls = "3000";
  std::string offset = "0", length, fill, size, duration, disk_size;
};

// A whole decimal number (no sign) up to `max`; nullopt otherwise.
std::optional<std::uint64_t> whole_number(const std::string& text, std::uint64_t max) {
  std::uint64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || value > max) return std::nullopt;
  return value;
}

std::string usage_message(const CLI::Error& e, const CLI::App& app) {
  // Name the deepest subcommand that was reached, for the --help hint.
  std::string chain = "hvsim";
  const CLI::App* at = &app;
  while (true) {
    auto subs = at->get_subcommands();
    if (subs.empty()) break;
    at = subs.front();
    chain += " " + at->get_name();
  }
  std::string what = e.what();
  std::replace(what.begin(), what.end(), '\n', ' ');
  while (!what.empty() && what.back() == ' ') what.pop_back();
  return fmt::format("{} (see '{} --help')", what, chain);
}

}  // namespace

bool is_host_command(CommandKind kind) {
  switch (kind) {
    case CommandKind::kQuery:
    case CommandKind::kGet:
    case CommandKind::kInvoke:
    case CommandKind::kDiskWrite:
    case CommandKind::kDiskRead:
    case CommandKind::kDiskResize:
    case CommandKind::kCrash:
    case CommandKind::kClockAdvance:
    case CommandKind::kClockNow:
    case CommandKind::kExportList:
    case CommandKind::kExportRestore:
      return true;
    default:
      return false;
  }
}

std::string default_inventory_path() {
  return std::string(HVSIM_SOURCE_DIR) + "/fixtures/inventories/small.json";
}

ParseOutcome parse_command_line(std::span<const std::string> args) {
  CommandLine c;
  Raw raw;
  CLI::App app(main_description(), "hvsim");
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("hvsim ") + HVSIM_VERSION);
  app.footer(main_footer());
  app.get_formatter()->column_width(28);

  std::vector<std::pair<CLI::App*, CommandKind>> leaves;
  std::vector<std::function<void()>> setup_readers;

  // The host setup options; `with_state`: also --state (every host command, not serve).
  const auto add_setup = [&](CLI::App* sub, bool with_state = true) {
    CLI::Option* state =
        with_state
            ? sub->add_option("--state", raw.state,
                              "Keep the host in this file across commands (see hvsim --help)")
                  ->type_name("S")
            : nullptr;
    auto* inventory = sub->add_option("--inventory", raw.inventory,
                                      "Inventory JSON (default: " + default_inventory_path() + ")")
                          ->type_name("F");
    auto* profile =
        sub->add_option("--profile", raw.profile, "Profile JSON (default: doc-strict, built in)")
            ->type_name("P");
    auto* seed = sub->add_option("--seed", raw.seed, "Run seed (default 1)")->type_name("N");
    auto* faults = sub->add_option("--faults", raw.faults, "Fault-rule JSON (default: no faults)")
                       ->type_name("F");
    for (CLI::Option* o : {state, inventory, profile, seed, faults}) {
      if (o != nullptr) o->group("Host setup");
    }
    setup_readers.push_back([&c, &raw, sub, state, inventory, profile, seed, faults] {
      if (!sub->parsed()) return;
      if (state != nullptr && state->count() > 0) c.setup.state = raw.state;
      if (inventory->count() > 0) c.setup.inventory = raw.inventory;
      if (profile->count() > 0) c.setup.profile = raw.profile;
      raw.seed_given = seed->count() > 0;
      if (faults->count() > 0) c.setup.faults = raw.faults;
    });
  };
  const auto add_namespace = [&](CLI::App* sub, const char* what) {
    sub->add_option("--namespace", c.namespace_name,
                    fmt::format("{} ('\\' or '/' separators)", what))
        ->type_name("NS");
  };
  const auto add_json = [&](CLI::App* sub) {
    sub->add_flag("--json", c.json, "Print JSON instead of MOF-like text");
  };
  const auto add_value = [&](CLI::App* sub) {
    sub->add_option("--value", c.value_property,
                    "Print only property NAME of each instance, raw: one line per value or "
                    "array element, strings unquoted and unescaped (for scripts)")
        ->type_name("NAME")
        ->excludes("--json");
  };
  const auto add_target = [&](CLI::App* sub) {
    const std::vector<CLI::Option*> options{
        sub->add_option("--target", c.target.url,
                        "Talk to this WS-Management endpoint instead of a simulated host: "
                        "wsman+http(s)://HOST[:PORT][/wsman]")
            ->type_name("URL"),
        sub->add_option("--auth", c.target.auth,
                        "none, basic, negotiate, ntlm or kerberos (default: negotiate with "
                        "--user, else none)")
            ->type_name("MODE")
            ->check(CLI::IsMember({"none", "basic", "negotiate", "ntlm", "kerberos"})),
        sub->add_option("--user", c.target.user,
                        "User: DOMAIN\\user (NTLM), user@REALM (Kerberos) or user (Basic)")
            ->type_name("U"),
        sub->add_option("--password-env", c.target.password_env,
                        "Read the password from environment variable VAR (never give it on "
                        "the command line)")
            ->type_name("VAR"),
        sub->add_option("--ca", c.target.ca_file, "Verify the https server with this PEM CA file")
            ->type_name("F"),
        sub->add_flag("--insecure", c.target.insecure,
                      "Do not verify the https server's certificate (tests only)"),
        sub->add_option("--spn-host", c.target.service_host,
                        "Negotiate: the host in the service name HTTP@HOST (default: the URL's)")
            ->type_name("HOST"),
        sub->add_option("--timeout", raw.target_timeout,
                        "Give up on a request after this long (default 60s)")
            ->type_name("DURATION"),
    };
    for (CLI::Option* o : options) o->group("Remote target");
    // Only to say why it is refused: a password on a command line ends up in shell history and ps.
    raw.password_options.push_back(
        sub->add_option("--password", raw.password, "")->group("")->type_name("P"));
  };
  const auto leaf = [&](CLI::App* parent, const char* name, const char* description,
                        CommandKind kind) {
    CLI::App* sub = parent->add_subcommand(name, description);
    leaves.emplace_back(sub, kind);
    return sub;
  };

  // query
  CLI::App* query = leaf(&app, "query", "Run a WQL query (SELECT, ASSOCIATORS OF, REFERENCES OF)",
                         CommandKind::kQuery);
  query->add_option("WQL", c.wql, "The query, e.g. \"SELECT * FROM Msvm_ComputerSystem\"")
      ->required();
  add_namespace(query,
                "Namespace to query (default: the one the OF {path} names, else every "
                "namespace the host serves)");
  add_json(query);
  add_value(query);
  add_setup(query);
  add_target(query);
  query->footer(query_footer());

  // get
  CLI::App* get = leaf(&app, "get", "Get one instance by its WMI path", CommandKind::kGet);
  get->add_option("PATH", c.path,
                  "WMI object path, e.g. 'root/virtualization/v2:Msvm_ComputerSystem."
                  "CreationClassName=\"Msvm_ComputerSystem\",Name=\"<GUID>\"'")
      ->required();
  add_namespace(get, "Namespace for a PATH without one (default root/virtualization/v2)");
  add_json(get);
  add_value(get);
  add_setup(get);
  add_target(get);

  // invoke
  CLI::App* invoke =
      leaf(&app, "invoke", "Call a method on an instance or service", CommandKind::kInvoke);
  invoke->add_option("PATH", c.path, "WMI path of the instance or singleton service")->required();
  invoke->add_option("METHOD", c.method, "Method name, e.g. CreateReferencePoint")->required();
  invoke->add_option("PARAMS", raw.params, "In-parameters as Name=Value (strings; see below)");
  invoke->add_flag("--wait", c.wait, "On ReturnValue 4096, wait for the job and print it");
  invoke->add_option("--expect", raw.expect, "Exit 1 (after printing) unless ReturnValue is N")
      ->type_name("N");
  invoke
      ->add_option("--poll-interval", raw.poll_interval,
                   "Virtual time between job polls with --wait (default 100ms)")
      ->type_name("DURATION");
  invoke->add_option("--max-polls", raw.max_polls, "Give up --wait after N polls (default 3000)")
      ->type_name("N");
  add_namespace(invoke, "Namespace for a PATH without one (default root/virtualization/v2)");
  add_json(invoke);
  add_setup(invoke);
  add_target(invoke);
  invoke->footer(invoke_footer());

  // disk
  CLI::App* disk = app.add_subcommand("disk", "Data plane: write, read or resize a virtual disk");
  disk->require_subcommand(1);
  const char* disk_help =
      "Msvm_StorageAllocationSettingData InstanceID or HostResource path of the disk";
  CLI::App* disk_write =
      leaf(disk, "write", "Write a byte pattern to a disk (tracked like a guest write)",
           CommandKind::kDiskWrite);
  disk_write->add_option("DISK", c.disk, disk_help)->required();
  disk_write->add_option("--offset", raw.offset, "Byte offset (default 0; e.g. 1MiB)")
      ->type_name("SIZE");
  disk_write->add_option("--length", raw.length, "Bytes to write (e.g. 64KiB)")
      ->type_name("SIZE")
      ->required();
  disk_write->add_option("--byte", raw.fill, "Fill byte, 0..255 or 0xNN (default 0xA5)")
      ->type_name("B");
  disk_write->add_flag("--offline", c.offline,
                       "Change the content behind the tracker's back (a disk patched offline: "
                       "earlier RCT ids become invalid)");
  add_setup(disk_write);
  disk_write->footer("Offset and length must be multiples of the disk's logical sector size.");
  CLI::App* disk_read =
      leaf(disk, "read", "Read a disk range and print a summary", CommandKind::kDiskRead);
  disk_read
      ->add_option("DISK", c.disk,
                   "Disk (InstanceID or HostResource path), or the path of a file an export wrote "
                   "(any byte range; see `hvsim export ls`)")
      ->required();
  disk_read->add_option("--offset", raw.offset, "Byte offset (default 0)")->type_name("SIZE");
  disk_read->add_option("--length", raw.length, "Bytes to read (e.g. 64KiB)")
      ->type_name("SIZE")
      ->required();
  disk_read->add_option("--output", c.output, "Also write the bytes read to this local file");
  add_setup(disk_read);
  disk_read->footer(
      "Prints offset, length, the CRC-32C of the bytes, 'uniform = 0xNN' when every byte is the "
      "same\n(else 'uniform = no') and a hex dump of the first 32 bytes. With --output the bytes\n"
      "go to FILE too (created or truncated); such a read is not journalled in a state file.");
  CLI::App* disk_resize =
      leaf(disk, "resize", "Grow or shrink a disk (earlier RCT ids become invalid)",
           CommandKind::kDiskResize);
  disk_resize->add_option("DISK", c.disk, disk_help)->required();
  disk_resize->add_option("SIZE", raw.size, "New size, e.g. 2TiB")->required();
  add_setup(disk_resize);

  // export
  CLI::App* exports =
      app.add_subcommand("export", "Files that ExportReferencePoint wrote on the host");
  exports->require_subcommand(1);
  CLI::App* export_ls =
      leaf(exports, "ls", "List the exported files under a directory, with their sizes",
           CommandKind::kExportList);
  export_ls->add_option("DIR", c.directories, "Export directory (e.g. D:\\Backups\\full)")
      ->required()
      ->expected(1);
  add_setup(export_ls);
  export_ls->footer(
      "Prints one line per file: its size in bytes, a tab, its path. Read a file with\n"
      "`hvsim disk read PATH --offset N --length N` (any byte range inside it).");
  CLI::App* export_restore =
      leaf(exports, "restore", "Rebuild a disk from a chain of exports into a local file",
           CommandKind::kExportRestore);
  export_restore
      ->add_option("DIR", c.directories,
                   "Export directories, oldest first: a full export, then incrementals")
      ->required();
  export_restore->add_option("--disk", c.disk, disk_help)->required();
  export_restore->add_option("--output", c.output, "Local file to write the disk's bytes to")
      ->required();
  add_setup(export_restore);
  export_restore->footer(
      "Each incremental's base must be the previous export's reference point. The output is a\n"
      "sparse file of the disk's virtual size; prints the disk, its size and the bytes held.\n"
      "Layout of an export: docs/formats/export.md.");

  // crash
  CLI::App* crash =
      leaf(&app, "crash", "Stop the host uncleanly and bring it back", CommandKind::kCrash);
  add_setup(crash);
  crash->footer(
      "Disk content survives; change tracking may coarsen (later change queries may return "
      "more\nblocks than were written) and replica logs need resynchronization.");

  // clock
  CLI::App* clock = app.add_subcommand("clock", "The host's virtual clock");
  clock->require_subcommand(1);
  CLI::App* clock_advance = leaf(clock, "advance", "Let virtual time pass (jobs progress with it)",
                                 CommandKind::kClockAdvance);
  clock_advance->add_option("DURATION", raw.duration, "e.g. 5s, 300000ms, 2min, 1h")->required();
  add_setup(clock_advance);
  CLI::App* clock_now = leaf(clock, "now", "Print the virtual time (DMTF)", CommandKind::kClockNow);
  add_setup(clock_now);

  // inventory
  CLI::App* inventory = app.add_subcommand("inventory", "Make or check inventory files");
  inventory->require_subcommand(1);
  CLI::App* generate =
      leaf(inventory, "generate",
           "Print a deterministic large inventory (VMs vm-0001..., one group all-vms)",
           CommandKind::kInventoryGenerate);
  generate
      ->add_option("--vms", raw.vms,
                   fmt::format("Number of VMs (at most {})", control::kMaxGeneratedVms))
      ->type_name("N")
      ->required();
  generate
      ->add_option("--disks-per-vm", raw.disks_per_vm,
                   fmt::format("VHDX disks per VM (at most {})", control::kMaxDisksPerVm))
      ->type_name("M")
      ->required();
  generate->add_option("--disk-size", raw.disk_size, "Size of each disk, e.g. 1TiB")
      ->type_name("SIZE")
      ->required();
  generate->add_option("--seed", raw.generator_seed, "Seed for the GUIDs (default 1)")
      ->type_name("N");
  generate->footer(
      "Example: hvsim inventory generate --vms 1000 --disks-per-vm 8 --disk-size "
      "64TiB > big.json");
  CLI::App* check = leaf(inventory, "check", "Validate an inventory file and summarise it",
                         CommandKind::kInventoryCheck);
  check->add_option("F", c.file, "Inventory JSON file")->required();

  // profile
  CLI::App* profile = app.add_subcommand("profile", "Profiles: the behaviour table");
  profile->require_subcommand(1);
  leaf(profile, "keys", "List every profile key with its default, evidence and note",
       CommandKind::kProfileKeys);
  CLI::App* profile_show =
      leaf(profile, "show", "Print a profile with every key (default: doc-strict)",
           CommandKind::kProfileShow);
  profile_show->add_option("P", c.file, "Profile JSON file to load and print in full");

  // state
  CLI::App* state = app.add_subcommand("state", "State files (see hvsim --help)");
  state->require_subcommand(1);
  CLI::App* state_show =
      leaf(state, "show", "Print a state file's setup and journal", CommandKind::kStateShow);
  state_show->add_option("S", c.file, "State file")->required();

  // serve
  CLI::App* serve =
      leaf(&app, "serve", "Serve a simulated host over WS-Management, as a WinRM listener does",
           CommandKind::kServe);
  serve
      ->add_option("--listen", c.serve.listen,
                   "ADDR:PORT to listen on (default 127.0.0.1:5985; port 0 picks a free one)")
      ->type_name("ADDR:PORT");
  serve->add_option("--auth", c.serve.auth, "none (loopback only), basic or negotiate")
      ->type_name("MODE")
      ->check(CLI::IsMember({"none", "basic", "negotiate"}));
  serve
      ->add_option("--users", c.serve.users,
                   "Users for basic and negotiate (NTLM): lines DOMAIN:USER:PASSWORD")
      ->type_name("F");
  serve->add_option("--keytab", c.serve.keytab, "Kerberos service keytab for negotiate")
      ->type_name("F");
  serve->add_option("--tls-cert", c.serve.tls_cert, "Serve HTTPS with this PEM certificate")
      ->type_name("PEM");
  serve->add_option("--tls-key", c.serve.tls_key, "... and this PEM private key")->type_name("PEM");
  serve->add_flag("--enable-control", c.serve.enable_control,
                  "Serve root/hvsim: disk I/O, crash, clock, fault rules "
                  "(docs/formats/control-namespace.md)");
  serve
      ->add_option("--time-scale", c.serve.time_scale,
                   "Simulated seconds per real second (default 1)")
      ->type_name("X");
  serve
      ->add_option("--trace", c.serve.trace,
                   "Append every request/response pair to F (JSON Lines; no credentials)")
      ->type_name("F");
  serve
      ->add_option("--max-envelope-size", c.serve.max_envelope_size,
                   "Largest request in bytes, and the default answer limit (default 512000)")
      ->type_name("BYTES");
  serve
      ->add_option("--enumeration-timeout", c.serve.enumeration_timeout_ms,
                   "Milliseconds an idle enumeration lives (default 60000)")
      ->type_name("MS");
  serve
      ->add_option("--max-connections", c.serve.max_connections,
                   "Open connections at most (default 256)")
      ->type_name("N");
  add_setup(serve, /*with_state=*/false);
  serve->footer(serve_footer());

  ParseOutcome outcome;
  // CLI11 reports an unknown command word as "A subcommand is required": name it instead.
  CLI::App* at = &app;
  std::string chain = "hvsim";
  for (const std::string& arg : args) {
    if (arg.starts_with("-")) continue;  // --help, --version between command words
    const auto subs = at->get_subcommands([](CLI::App*) { return true; });
    if (subs.empty()) break;  // a leaf: its own arguments follow
    const auto it = std::find_if(subs.begin(), subs.end(),
                                 [&](const CLI::App* sub) { return sub->get_name() == arg; });
    if (it == subs.end()) {
      std::string names;
      for (const CLI::App* sub : subs) names += (names.empty() ? "" : ", ") + sub->get_name();
      outcome.exit_code = 2;
      outcome.error =
          fmt::format("unknown command \"{}\" after '{}'; commands: {}", arg, chain, names);
      return outcome;
    }
    at = *it;
    chain += " " + arg;
  }
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    outcome.out_text = app.help();
    return outcome;
  } catch (const CLI::CallForAllHelp&) {
    outcome.out_text = app.help("", CLI::AppFormatMode::All);
    return outcome;
  } catch (const CLI::CallForVersion& e) {
    outcome.out_text = std::string(e.what()) + "\n";
    return outcome;
  } catch (const CLI::ParseError& e) {
    outcome.exit_code = 2;
    outcome.error = usage_message(e, app);
    return outcome;
  }

  for (const auto& [sub, kind] : leaves) {
    if (sub->parsed()) c.kind = kind;
  }
  for (const auto& read : setup_readers) read();
  const auto usage = [&](const std::string& message) {
    outcome.exit_code = 2;
    outcome.error = message;
    return outcome;
  };
  const auto number_option = [&](const std::string& text, const char* name, std::uint64_t max,
                                 auto& into) -> bool {
    auto value = whole_number(text, max);
    if (!value) {
      usage(fmt::format("{}: \"{}\" is not a whole number in 0..{}", name, text, max));
      return false;
    }
    into = static_cast<std::remove_reference_t<decltype(into)>>(*value);
    return true;
  };
  if (raw.seed_given) {
    std::uint64_t seed = 0;
    if (!number_option(raw.seed, "--seed", UINT64_MAX, seed)) return outcome;
    c.setup.seed = seed;
  }
  const auto size_option = [&](const std::string& text, const char* name,
                               std::uint64_t& into) -> bool {
    auto size = control::parse_byte_size(text);
    if (!size.ok()) {
      usage(fmt::format("{}: {}", name, size.status().message()));
      return false;
    }
    into = *size;
    return true;
  };

  if (std::any_of(raw.password_options.begin(), raw.password_options.end(),
                  [](const CLI::Option* o) { return o->count() > 0; })) {
    return usage(
        "--password is not accepted: a password on the command line is seen by other users "
        "and kept in shell history; put it in an environment variable and give --password-env "
        "VAR");
  }
  if (c.target.url.empty()) {
    if (!c.target.auth.empty() || !c.target.user.empty() || !c.target.password_env.empty() ||
        !c.target.ca_file.empty() || c.target.insecure || !c.target.service_host.empty()) {
      return usage("--auth, --user, --password-env, --ca, --insecure and --spn-host need --target");
    }
  } else {
    if (c.setup.state || c.setup.inventory || c.setup.profile || raw.seed_given || c.setup.faults) {
      return usage(
          "--target talks to a WS-Management endpoint; --state, --inventory, --profile, --seed "
          "and --faults set up a simulated host and cannot go with it");
    }
    if (auto endpoint = wmi::wsman::parse_wsman_target(c.target.url); !endpoint.ok()) {
      return usage("--target: " + endpoint.status().message());
    }
    if (!c.target.ca_file.empty() && c.target.insecure) {
      return usage("--ca and --insecure cannot go together");
    }
    auto timeout = parse_duration(raw.target_timeout);
    if (!timeout.ok()) return usage("--timeout: " + timeout.status().message());
    if (timeout->count() < 1000) return usage("--timeout: at least 1ms");
    c.target.timeout = *timeout;
  }

  switch (c.kind) {
    case CommandKind::kInvoke: {
      auto params = parse_parameters(raw.params);
      if (!params.ok()) return usage(params.status().message());
      c.params = std::move(params).value();
      if (!raw.expect.empty()) {
        std::uint64_t expect = 0;
        const char* end = raw.expect.data() + raw.expect.size();
        auto [ptr, ec] = std::from_chars(raw.expect.data(), end, expect);
        if (ec != std::errc() || ptr != end || expect > 0xFFFFFFFFu) {
          return usage(
              fmt::format("--expect: \"{}\" is not a ReturnValue (0..4294967295)", raw.expect));
        }
        c.expect = static_cast<std::uint32_t>(expect);
      }
      auto interval = parse_duration(raw.poll_interval);
      if (!interval.ok()) return usage("--poll-interval: " + interval.status().message());
      if (interval->count() < 1000) return usage("--poll-interval: at least 1ms");
      c.poll_interval = *interval;
      if (!number_option(raw.max_polls, "--max-polls", 1'000'000, c.max_polls)) return outcome;
      if (c.max_polls == 0) return usage("--max-polls: at least 1");
      break;
    }
    case CommandKind::kDiskWrite:
    case CommandKind::kDiskRead:
      if (!size_option(raw.offset, "--offset", c.offset)) return outcome;
      if (!size_option(raw.length, "--length", c.length)) return outcome;
      if (!raw.fill.empty()) {
        auto fill = parse_byte_value(raw.fill);
        if (!fill.ok()) return usage("--byte: " + fill.status().message());
        c.fill = *fill;
      }
      break;
    case CommandKind::kDiskResize:
      if (!size_option(raw.size, "SIZE", c.new_size)) return outcome;
      break;
    case CommandKind::kClockAdvance: {
      auto duration = parse_duration(raw.duration);
      if (!duration.ok()) return usage(duration.status().message());
      c.duration = *duration;
      break;
    }
    case CommandKind::kInventoryGenerate:
      if (!number_option(raw.vms, "--vms", control::kMaxGeneratedVms, c.vms)) return outcome;
      if (!number_option(raw.disks_per_vm, "--disks-per-vm", control::kMaxDisksPerVm,
                         c.disks_per_vm)) {
        return outcome;
      }
      if (!raw.generator_seed.empty() &&
          !number_option(raw.generator_seed, "--seed", UINT64_MAX, c.generator_seed)) {
        return outcome;
      }
      if (!size_option(raw.disk_size, "--disk-size", c.disk_size)) return outcome;
      break;
    default:
      break;
  }
  c.journal_argv = strip_setup_options(args);
  outcome.command = std::move(c);
  return outcome;
}

}  // namespace sim::cli
