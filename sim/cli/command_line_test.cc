#include "sim/cli/command_line.h"

#include <gtest/gtest.h>

namespace sim::cli {
namespace {

ParseOutcome parse(std::vector<std::string> args) { return parse_command_line(args); }

// The usage error of `args`, after checking it is one: exit 2, one line, no command.
std::string usage_error(std::vector<std::string> args) {
  const ParseOutcome outcome = parse(args);
  EXPECT_FALSE(outcome.command.has_value());
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_EQ(outcome.error.find('\n'), std::string::npos) << outcome.error;
  EXPECT_FALSE(outcome.error.empty());
  return outcome.error;
}

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

TEST(CliCommandLine, UsageErrorsAreOneLineWithAHelpHint) {
  EXPECT_TRUE(contains(usage_error({}), "(see 'hvsim --help')"));
  EXPECT_TRUE(contains(usage_error({"bogus"}), "unknown command \"bogus\" after 'hvsim'"));
  EXPECT_TRUE(contains(usage_error({"disk", "bogus"}), "commands: write, read, resize"));
  EXPECT_TRUE(contains(usage_error({"query", "SELECT", "--seed", "-1"}), "--seed"));
  EXPECT_TRUE(contains(usage_error({"invoke", "P", "M", "--max-polls", "0"}), "--max-polls"));
  EXPECT_TRUE(contains(usage_error({"query"}), "WQL is required"));
  EXPECT_TRUE(contains(usage_error({"query"}), "'hvsim query --help'"));
  EXPECT_TRUE(contains(usage_error({"disk"}), "subcommand"));
  EXPECT_TRUE(contains(usage_error({"query", "SELECT", "--bogus"}), "--bogus"));
  EXPECT_TRUE(contains(usage_error({"query", "SELECT", "--seed", "x"}), "--seed"));
  EXPECT_TRUE(contains(usage_error({"invoke", "P", "M", "A=1", "B"}), "not Name=Value"));
  EXPECT_TRUE(contains(usage_error({"invoke", "P", "M", "A=1", "a=2"}), "given twice"));
  EXPECT_TRUE(contains(usage_error({"invoke", "P", "M", "--expect", "x"}), "--expect"));
  EXPECT_TRUE(contains(usage_error({"invoke", "P", "M", "--poll-interval", "10"}), "unit"));
  EXPECT_TRUE(contains(usage_error({"disk", "write", "D", "--length", "64KB"}), "decimal units"));
  EXPECT_TRUE(
      contains(usage_error({"disk", "write", "D", "--length", "1", "--byte", "300"}), "--byte"));
  EXPECT_TRUE(contains(usage_error({"disk", "read", "D"}), "--length is required"));
  EXPECT_TRUE(contains(usage_error({"clock", "advance", "5"}), "missing unit"));
  EXPECT_TRUE(contains(usage_error({"inventory", "generate", "--vms", "1"}), "required"));
  EXPECT_TRUE(contains(usage_error({"inventory", "generate", "--vms", "100001", "--disks-per-vm",
                                    "1", "--disk-size", "1GiB"}),
                       "--vms: \"100001\" is not a whole number in 0..100000"));
  // serve keeps its host in memory: it does not take --state.
  EXPECT_TRUE(contains(usage_error({"serve", "--state", "s"}), "--state"));
}

TEST(CliCommandLine, HostOptionsAppearOnlyWhereTheyAreTaken) {
  const auto help = [](std::vector<std::string> args) {
    args.push_back("--help");
    return parse(args).out_text;
  };
  EXPECT_TRUE(contains(help({"query"}), "--state"));
  EXPECT_TRUE(contains(help({"serve"}), "--inventory"));
  EXPECT_FALSE(contains(help({"serve"}), "--state"));
  EXPECT_TRUE(contains(help({"inventory", "generate"}), "at most 100000"));
  for (const auto& offline : std::vector<std::vector<std::string>>{{"inventory", "generate"},
                                                                   {"inventory", "check"},
                                                                   {"profile", "keys"},
                                                                   {"state", "show"}}) {
    EXPECT_FALSE(contains(help(offline), "Host setup")) << offline.front();
  }
}

TEST(CliCommandLine, HelpAndVersionGoToStdoutWithExitZero) {
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"--help"},
                                             {"query", "--help"},
                                             {"invoke", "--help"},
                                             {"disk", "write", "--help"},
                                             {"clock", "advance", "--help"},
                                             {"inventory", "generate", "--help"},
                                             {"profile", "keys", "--help"},
                                             {"state", "show", "--help"}}) {
    const ParseOutcome outcome = parse(args);
    EXPECT_FALSE(outcome.command.has_value());
    EXPECT_EQ(outcome.exit_code, 0);
    EXPECT_TRUE(outcome.error.empty());
    EXPECT_TRUE(contains(outcome.out_text, "Usage:")) << args.front();
  }
  EXPECT_TRUE(contains(parse({"--help"}).out_text, "hvsim-state-2"));
  EXPECT_TRUE(contains(parse({"--help"}).out_text, default_inventory_path()));
  EXPECT_TRUE(contains(parse({"invoke", "--help"}).out_text, "--expect"));
  EXPECT_TRUE(contains(parse({"query", "--help"}).out_text, "--inventory"));
  EXPECT_TRUE(contains(parse({"--version"}).out_text, "hvsim "));
}

TEST(CliCommandLine, InvokeWithEverything) {
  const ParseOutcome outcome =
      parse({"invoke", "--state", "s.json", "root/virtualization/v2:C=@", "M",
             "ReferencePointSettings=", "Collection=root/v2:G.CollectionID=\"X\"", "--wait",
             "--expect", "4096", "--seed=7", "--poll-interval", "1s", "--json", "--namespace",
             "root\\HyperVCluster\\v2"});
  ASSERT_TRUE(outcome.command.has_value()) << outcome.error;
  const CommandLine& c = *outcome.command;
  EXPECT_EQ(c.kind, CommandKind::kInvoke);
  EXPECT_TRUE(is_host_command(c.kind));
  EXPECT_EQ(c.path, "root/virtualization/v2:C=@");
  EXPECT_EQ(c.method, "M");
  ASSERT_EQ(c.params.size(), 2u);
  EXPECT_EQ(c.params[0].name, "ReferencePointSettings");
  EXPECT_EQ(*c.params[1].value.as_string(), "root/v2:G.CollectionID=\"X\"");
  EXPECT_TRUE(c.wait);
  EXPECT_TRUE(c.json);
  EXPECT_EQ(c.expect, 4096u);
  EXPECT_EQ(c.poll_interval, std::chrono::seconds(1));
  EXPECT_EQ(c.namespace_name, "root\\HyperVCluster\\v2");
  EXPECT_EQ(c.setup.state, "s.json");
  EXPECT_EQ(c.setup.seed, 7u);
  EXPECT_FALSE(c.setup.inventory.has_value());
  const std::vector<std::string> journal = {"invoke",
                                            "root/virtualization/v2:C=@",
                                            "M",
                                            "ReferencePointSettings=",
                                            "Collection=root/v2:G.CollectionID=\"X\"",
                                            "--wait",
                                            "--expect",
                                            "4096",
                                            "--poll-interval",
                                            "1s",
                                            "--json",
                                            "--namespace",
                                            "root\\HyperVCluster\\v2"};
  EXPECT_EQ(c.journal_argv, journal);
  // The journal form parses to the same command, without the setup.
  const ParseOutcome again = parse(journal);
  ASSERT_TRUE(again.command.has_value());
  EXPECT_EQ(again.command->params, c.params);
  EXPECT_FALSE(again.command->setup.state.has_value());
  EXPECT_EQ(again.command->journal_argv, journal);
}

TEST(CliCommandLine, DataPlaneAndClock) {
  auto write = parse({"disk", "write", "DISK-1", "--offset", "1MiB", "--length", "64KiB", "--byte",
                      "0x5A", "--offline", "--profile", "p.json"});
  ASSERT_TRUE(write.command.has_value()) << write.error;
  EXPECT_EQ(write.command->kind, CommandKind::kDiskWrite);
  EXPECT_EQ(write.command->disk, "DISK-1");
  EXPECT_EQ(write.command->offset, 1u << 20);
  EXPECT_EQ(write.command->length, 64u << 10);
  EXPECT_EQ(write.command->fill, 0x5A);
  EXPECT_TRUE(write.command->offline);
  EXPECT_EQ(write.command->setup.profile, "p.json");

  auto read = parse({"disk", "read", "D", "--length", "4096"});
  ASSERT_TRUE(read.command.has_value());
  EXPECT_EQ(read.command->kind, CommandKind::kDiskRead);
  EXPECT_EQ(read.command->offset, 0u);

  auto resize = parse({"disk", "resize", "D", "2TiB"});
  ASSERT_TRUE(resize.command.has_value());
  EXPECT_EQ(resize.command->new_size, std::uint64_t{2} << 40);

  auto advance = parse({"clock", "advance", "300000ms"});
  ASSERT_TRUE(advance.command.has_value());
  EXPECT_EQ(advance.command->kind, CommandKind::kClockAdvance);
  EXPECT_EQ(advance.command->duration, std::chrono::minutes(5));

  EXPECT_EQ(parse({"crash"}).command->kind, CommandKind::kCrash);
  EXPECT_EQ(parse({"clock", "now"}).command->kind, CommandKind::kClockNow);
}

TEST(CliCommandLine, OfflineCommands) {
  auto generate = parse({"inventory", "generate", "--vms", "3", "--disks-per-vm", "2",
                         "--disk-size", "1TiB", "--seed", "9"});
  ASSERT_TRUE(generate.command.has_value()) << generate.error;
  EXPECT_EQ(generate.command->kind, CommandKind::kInventoryGenerate);
  EXPECT_FALSE(is_host_command(generate.command->kind));
  EXPECT_EQ(generate.command->vms, 3u);
  EXPECT_EQ(generate.command->disks_per_vm, 2u);
  EXPECT_EQ(generate.command->disk_size, std::uint64_t{1} << 40);
  EXPECT_EQ(generate.command->generator_seed, 9u);
  EXPECT_FALSE(generate.command->setup.seed.has_value());  // not a host seed

  EXPECT_EQ(parse({"inventory", "check", "f.json"}).command->file, "f.json");
  EXPECT_EQ(parse({"profile", "keys"}).command->kind, CommandKind::kProfileKeys);
  EXPECT_EQ(parse({"profile", "show"}).command->file, "");
  EXPECT_EQ(parse({"state", "show", "s.json"}).command->kind, CommandKind::kStateShow);
}

}  // namespace
}  // namespace sim::cli
