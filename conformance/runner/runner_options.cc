#include "conformance/runner/runner_options.h"

#include <CLI/CLI.hpp>

namespace conformance {
namespace {

constexpr std::string_view kWsmanPrefixes[] = {"wsman+http://", "wsman+https://"};

constexpr const char* kFooter =
    "GoogleTest's own flags (--gtest_filter=..., --gtest_shard_index, --gtest_output=xml:...) are\n"
    "passed through. Exit code: 0 exactly when no assertion FAILed; 1 when one did (or the\n"
    "report could not be written); 2 for a usage error; 130 after Ctrl-C (the report is still\n"
    "written). Each session removes what it created on the target when it ends, also after a\n"
    "failure or Ctrl-C; the run prints what the clean-up removed and anything it left behind.";

}  // namespace

wmi::Result<TargetSpec> parse_target_spec(std::string_view text) {
  TargetSpec spec;
  if (text == "sim") return spec;
  if (text.starts_with("sim:")) {
    spec.profile = std::string(text.substr(4));
    if (spec.profile.empty() || spec.profile.find('/') != std::string::npos) {
      return wmi::invalid_argument(
          "--target sim:PROFILE needs a profile name, e.g. sim:doc-strict");
    }
    return spec;
  }
  for (std::string_view prefix : kWsmanPrefixes) {
    if (text.starts_with(prefix)) {
      spec.kind = TargetSpec::Kind::kWsman;
      spec.url = std::string(text.substr(std::string_view("wsman+").size()));
      if (text.size() == prefix.size()) {
        return wmi::invalid_argument("--target " + std::string(text) + " names no host");
      }
      return spec;
    }
  }
  return wmi::invalid_argument("--target " + std::string(text) +
                               ": expected sim, sim:PROFILE, wsman+http://HOST[:PORT]/wsman or "
                               "wsman+https://HOST[:PORT]/wsman");
}

ParsedCommandLine parse_command_line(int argc, const char* const* argv) {
  ParsedCommandLine parsed;
  RunnerOptions& o = parsed.options;
  CLI::App app{
      "hvconform: the Hyper-V backup API conformance suite; runs every assertion of the "
      "catalogue against a target and reports PASS, FAIL, WARN or NOT-TESTED for each.",
      "hvconform"};
  app.allow_extras();
  app.footer(kFooter);
  app.add_option("--target", o.target,
                 "sim[:PROFILE] (in-process simulator, default sim:doc-strict) or "
                 "wsman+http(s)://HOST[:PORT]/wsman");
  app.add_option("--inventory", o.inventory,
                 "the simulator's inventory (default fixtures/inventories/small.json, found from "
                 "any directory)");
  app.add_option("--seed", o.seed, "replays a run exactly (default: random, printed at start)");
  app.add_flag("--allow-mutation", o.allow_mutation,
               "lets the suite create state on a non-simulator target");
  app.add_option("--report", o.report_dir, "writes report.html, report.json and junit.xml there");
  app.add_flag("--list-assertions", o.list_assertions, "prints the assertion catalogue and exits");
  app.add_flag("--json", o.json, "with --list-assertions: as JSON");
  app.add_flag("--list-mutants", o.list_mutants, "prints the simulator's test-only mutants");
  app.add_option("--mutant", o.mutant, "runs against a deliberately broken simulator");
  app.add_flag("--self-check", o.self_check,
               "checks that every test names an assertion of the catalogue, and exits");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    parsed.exit_code = 0;
    parsed.message = app.help();
    return parsed;
  } catch (const CLI::ParseError& e) {
    parsed.exit_code = 2;
    parsed.message = std::string("hvconform: ") + e.what() + "\nRun hvconform --help for usage.";
    return parsed;
  }
  o.gtest_args.emplace_back(argc > 0 ? argv[0] : "hvconform");
  for (const std::string& extra : app.remaining()) o.gtest_args.push_back(extra);
  if (o.json && !o.list_assertions) {
    parsed.exit_code = 2;
    parsed.message = "hvconform: --json goes with --list-assertions";
  }
  return parsed;
}

}  // namespace conformance
