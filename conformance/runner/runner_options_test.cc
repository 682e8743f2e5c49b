#include "conformance/runner/runner_options.h"

#include <gtest/gtest.h>

#include <vector>

namespace conformance {
namespace {

ParsedCommandLine parse(std::vector<const char*> args) {
  args.insert(args.begin(), "hvconform");
  return parse_command_line(static_cast<int>(args.size()), args.data());
}

TEST(RunnerOptions, DefaultsAreTheSimulatorWithDocStrictAndTheSmallInventory) {
  const ParsedCommandLine parsed = parse({});
  ASSERT_FALSE(parsed.exit_code);
  EXPECT_EQ(parsed.options.target, "sim:doc-strict");
  EXPECT_EQ(parsed.options.inventory, "fixtures/inventories/small.json");
  EXPECT_FALSE(parsed.options.seed);
  EXPECT_FALSE(parsed.options.report_dir);
  EXPECT_EQ(parsed.options.gtest_args, std::vector<std::string>{"hvconform"});
}

TEST(RunnerOptions, OwnOptionsParsedAndGoogleTestFlagsPassedThrough) {
  const ParsedCommandLine parsed =
      parse({"--target", "sim:async-jobs", "--gtest_filter=Namespace*", "--seed", "42", "--report",
             "out", "--mutant", "rct-drops-block", "--allow-mutation", "--gtest_shard_index=1"});
  ASSERT_FALSE(parsed.exit_code) << parsed.message;
  EXPECT_EQ(parsed.options.target, "sim:async-jobs");
  EXPECT_EQ(parsed.options.seed, 42u);
  EXPECT_EQ(parsed.options.report_dir, "out");
  EXPECT_EQ(parsed.options.mutant, "rct-drops-block");
  EXPECT_TRUE(parsed.options.allow_mutation);
  EXPECT_EQ(parsed.options.gtest_args,
            (std::vector<std::string>{"hvconform", "--gtest_filter=Namespace*",
                                      "--gtest_shard_index=1"}));
}

TEST(RunnerOptions, HelpExitsZeroWithUsage) {
  const ParsedCommandLine parsed = parse({"--help"});
  EXPECT_EQ(parsed.exit_code, 0);
  EXPECT_NE(parsed.message.find("--target"), std::string::npos);
  EXPECT_NE(parsed.message.find("--gtest_filter"), std::string::npos);
}

TEST(RunnerOptions, BadValuesAreUsageErrors) {
  EXPECT_EQ(parse({"--seed", "many"}).exit_code, 2);
  EXPECT_EQ(parse({"--json"}).exit_code, 2);
  EXPECT_FALSE(parse({"--list-assertions", "--json"}).exit_code);
}

TEST(TargetSpec, SimulatorForms) {
  auto plain = parse_target_spec("sim");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->kind, TargetSpec::Kind::kSimulator);
  EXPECT_EQ(plain->profile, "doc-strict");
  auto profiled = parse_target_spec("sim:async-jobs");
  ASSERT_TRUE(profiled.ok());
  EXPECT_EQ(profiled->profile, "async-jobs");
  EXPECT_FALSE(parse_target_spec("sim:").ok());
  EXPECT_FALSE(parse_target_spec("sim:../x").ok());
}

TEST(TargetSpec, WsmanFormsParseToTheirUrl) {
  auto https = parse_target_spec("wsman+https://hv01:5986/wsman");
  ASSERT_TRUE(https.ok());
  EXPECT_EQ(https->kind, TargetSpec::Kind::kWsman);
  EXPECT_EQ(https->url, "https://hv01:5986/wsman");
  auto http = parse_target_spec("wsman+http://hv01/wsman");
  ASSERT_TRUE(http.ok());
  EXPECT_EQ(http->url, "http://hv01/wsman");
  EXPECT_FALSE(parse_target_spec("wsman+https://").ok());
  EXPECT_FALSE(parse_target_spec("https://hv01/wsman").ok());
  EXPECT_FALSE(parse_target_spec("").ok());
}

}  // namespace
}  // namespace conformance
