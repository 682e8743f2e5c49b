// hvconform: the conformance runner. A custom GoogleTest main: it parses its own options
// (runner_options.h), selects the target the suites reach through current_target(), runs the
// linked-in suites with a listener that collects outcomes and evidence, turns them into assertion
// verdicts in catalogue order, prints a summary and what the sessions' clean-up removed
// (suites/session_cleanup.h), optionally writes the report (--report DIR), and
// exits 0 exactly when no assertion FAILed (1: some did, or the report could not be written;
// 2: usage error; 130: interrupted, after writing the report).
#include <fcntl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <rapidcheck/detail/Configuration.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <random>

#include "conformance/catalogue/catalogue.h"
#include "conformance/catalogue/test_registry.h"
#include "conformance/oracle/return_codes.h"
#include "conformance/report/report_files.h"
#include "conformance/report/report_summary.h"
#include "conformance/runner/assertion_verdicts.h"
#include "conformance/runner/catalogue_listing.h"
#include "conformance/runner/progress_printer.h"
#include "conformance/runner/repo_file.h"
#include "conformance/runner/run_listener.h"
#include "conformance/runner/runner_options.h"
#include "conformance/runner/sim_target.h"
#include "conformance/suites/session_cleanup.h"
#include "conformance/target/run_seed.h"
#include "sim/host/mutant.h"

namespace conformance {
namespace {

constexpr int kUsageError = 2;
constexpr int kInterrupted = 130;

std::atomic<bool> interrupted{false};

extern "C" void on_sigint(int) {
  interrupted.store(true);
  std::signal(SIGINT, SIG_DFL);  // a second Ctrl-C stops at once
}

int usage_error(const std::string& message) {
  fmt::print(stderr, "hvconform: {}\n", message);
  return kUsageError;
}

std::string utc_now_iso8601() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

// RapidCheck reads RC_PARAMS when it first runs a property: the run's seed replaces any seed there,
// other settings (max_success, ...) are kept.
void seed_rapidcheck(std::uint64_t seed) {
  std::string params;
  if (const char* existing = std::getenv("RC_PARAMS")) {
    std::string rest(existing);
    std::size_t start = 0;
    while (start < rest.size()) {
      std::size_t end = rest.find(' ', start);
      if (end == std::string::npos) end = rest.size();
      const std::string token = rest.substr(start, end - start);
      if (!token.empty() && !token.starts_with("seed=")) params += token + " ";
      start = end + 1;
    }
  }
  params += "seed=" + std::to_string(seed);
  ::setenv("RC_PARAMS", params.c_str(), 1);
  // RapidCheck echoes its configuration on stderr when it first loads it, which would break into
  // the progress bar; load it now, with stderr silenced (the seed line above says the same).
  std::fflush(stderr);
  const int saved_stderr = ::dup(STDERR_FILENO);
  const int null_device = ::open("/dev/null", O_WRONLY);
  if (saved_stderr >= 0 && null_device >= 0) ::dup2(null_device, STDERR_FILENO);
  rc::detail::configuration();
  std::cerr.flush();
  if (saved_stderr >= 0) {
    ::dup2(saved_stderr, STDERR_FILENO);
    ::close(saved_stderr);
  }
  if (null_device >= 0) ::close(null_device);
}

std::uint64_t random_seed() {
  std::random_device device;
  return (static_cast<std::uint64_t>(device()) << 32) | device();
}

void print_summary(const RunResult& run) {
  std::size_t counts[4] = {};
  for (const AssertionResult& result : run.assertions) {
    ++counts[static_cast<int>(result.verdict)];
    if (result.verdict == Verdict::kFail || result.verdict == Verdict::kNotTested) {
      fmt::print("  {:<10} {} {}\n", verdict_name(result.verdict), result.assertion->id,
                 result.reason.empty() ? std::string(result.assertion->statement) : result.reason);
    }
  }
  fmt::print(
      "hvconform: {} assertions: {} PASS, {} WARN, {} FAIL, {} NOT-TESTED ({:.1f} s, {}, "
      "seed {})\n",
      run.assertions.size(), counts[static_cast<int>(Verdict::kPass)],
      counts[static_cast<int>(Verdict::kWarn)], counts[static_cast<int>(Verdict::kFail)],
      counts[static_cast<int>(Verdict::kNotTested)], run.seconds, run.target.target, run.seed);
}

bool any_failed(const RunResult& run) {
  for (const AssertionResult& result : run.assertions) {
    if (result.verdict == Verdict::kFail) return true;
  }
  return false;
}

// What the sessions' clean-up did (anything left behind goes to stderr too; it does not change
// the exit code, which is about assertions).
void print_cleanup(const CleanupSummary& cleanup) {
  fmt::print("hvconform: clean-up: {} sessions, {} objects removed, {} left behind\n",
             cleanup.sessions, cleanup.removed, cleanup.leftovers.size());
  constexpr std::size_t kShown = 5;
  for (std::size_t i = 0; i < cleanup.leftovers.size() && i < kShown; ++i) {
    fmt::print(stderr, "  left behind: {}\n", cleanup.leftovers[i]);
  }
}

// Summarises, writes the report when asked, and gives the exit code.
int finish(RunResult& run, const std::vector<NamedOutcome>& outcomes,
           std::chrono::steady_clock::time_point started, const RunnerOptions& options,
           const suites::CleaningTarget& cleaning, bool was_interrupted) {
  run.assertions = assertion_verdicts(catalogue(), outcomes);
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  run.cleanup = {cleaning.sessions(), cleaning.removed(), cleaning.leftovers()};
  print_summary(run);
  print_cleanup(run.cleanup);
  int code = any_failed(run) ? 1 : 0;
  if (options.report_dir) {
    const wmi::Status written = write_report_files(run, *options.report_dir);
    if (written.ok()) {
      fmt::print("hvconform: report in {}\n",
                 std::filesystem::absolute(*options.report_dir).lexically_normal().string());
    } else {
      fmt::print(stderr, "hvconform: --report: {}\n", written.to_string());
      code = 1;
    }
  }
  if (was_interrupted) {
    fmt::print(stderr, "hvconform: interrupted after {} tests\n", outcomes.size());
    return kInterrupted;
  }
  return code;
}

int run_main(int argc, char** argv) {
  ParsedCommandLine parsed = parse_command_line(argc, argv);
  if (parsed.exit_code) {
    fmt::print(*parsed.exit_code == 0 ? stdout : stderr, "{}\n", parsed.message);
    return *parsed.exit_code;
  }
  const RunnerOptions& options = parsed.options;
  if (options.list_assertions) {
    fmt::print("{}", options.json ? assertions_json(catalogue()) : assertions_text(catalogue()));
    return 0;
  }
  if (options.list_mutants) {
    fmt::print("{}", mutants_text());
    return 0;
  }

  // GoogleTest takes what is not ours; anything it does not know either is a usage error.
  std::vector<std::string> gtest_args = options.gtest_args;
  std::vector<char*> gtest_argv;
  for (std::string& arg : gtest_args) gtest_argv.push_back(arg.data());
  int gtest_argc = static_cast<int>(gtest_argv.size());
  gtest_argv.push_back(nullptr);
  ::testing::InitGoogleTest(&gtest_argc, gtest_argv.data());
  if (gtest_argc > 1) {
    return usage_error(fmt::format("unknown argument {}; run hvconform --help", gtest_argv[1]));
  }

  if (options.self_check) {
    const std::vector<std::string> problems = self_check_problems();
    for (const std::string& problem : problems) fmt::print(stderr, "self-check: {}\n", problem);
    fmt::print("hvconform --self-check: {} tests, {} assertions, {}\n",
               ::testing::UnitTest::GetInstance()->total_test_count(), catalogue().size(),
               problems.empty() ? "ok" : fmt::format("{} problems", problems.size()));
    return problems.empty() ? 0 : 1;
  }

  auto spec = parse_target_spec(options.target);
  if (!spec.ok()) return usage_error(spec.status().message());
  if (spec->kind == TargetSpec::Kind::kWsman) {
    return usage_error(fmt::format(
        "--target {}: real hosts over WS-Man arrive with the WS-Man adapter (a later issue); use "
        "--target sim[:PROFILE] until then",
        options.target));
  }
  sim::host::Mutant mutant = sim::host::Mutant::kNone;
  if (options.mutant) {
    const auto named = sim::host::mutant_named(*options.mutant);
    if (!named) {
      return usage_error(
          fmt::format("--mutant {}: no such mutant; hvconform --list-mutants names "
                      "them:\n{}",
                      *options.mutant, mutants_text()));
    }
    mutant = *named;
  }
  const auto profile_path = resolve_repo_file("fixtures/profiles/" + spec->profile + ".json");
  if (!profile_path.ok()) {
    return usage_error(fmt::format("--target sim:{}: no such profile ({})", spec->profile,
                                   profile_path.status().message()));
  }
  const auto inventory_path = resolve_repo_file(options.inventory);
  if (!inventory_path.ok()) {
    return usage_error("--inventory: " + inventory_path.status().message());
  }
  auto profile_text = read_text_file(*profile_path);
  auto inventory_text = read_text_file(*inventory_path);
  if (!profile_text.ok()) return usage_error(profile_text.status().message());
  if (!inventory_text.ok()) return usage_error(inventory_text.status().message());

  const std::uint64_t seed = options.seed.value_or(random_seed());
  fmt::print("hvconform: seed {} (replay with --seed {})\n", seed, seed);
  std::fflush(stdout);
  set_run_seed(seed);
  seed_rapidcheck(seed);

  EvidenceLog evidence;
  auto target = SimTarget::create({.profile_name = spec->profile,
                                   .profile_json = std::move(*profile_text),
                                   .inventory_json = std::move(*inventory_text),
                                   .mutant = mutant},
                                  evidence);
  if (!target.ok()) return usage_error(target.status().message());
  suites::CleaningTarget cleaning(**target,
                                  [&](bool cleaning_up) { evidence.set_paused(cleaning_up); });
  set_current_target(cleaning);

  RunResult run;
  run.target.target = (*target)->description();
  run.target.namespaces = (*target)->namespaces();
  run.target.profile = spec->profile;
  run.target.inventory = inventory_path->string();
  run.target.mutant = options.mutant.value_or("");
  if (auto identity = (*target)->open(seed)->connection().identify(); identity.ok()) {
    run.target.protocol_version = identity->protocol_version;
    run.target.product_vendor = identity->product_vendor;
    run.target.product_version = identity->product_version;
  }
  run.documented_codes = oracle::documented_codes();
  run.hvconform_version = HVSIM_VERSION;
  run.seed = seed;
  run.started_utc = utc_now_iso8601();
  evidence.take();  // Identify is not a test's evidence

  if (GTEST_FLAG_GET(list_tests)) return RUN_ALL_TESTS();
  const auto started = std::chrono::steady_clock::now();
  ProgressPrinter progress(stdout, ::isatty(STDOUT_FILENO) != 0);
  RunListener* listener = nullptr;
  listener = new RunListener(evidence, progress, interrupted, [&] {
    progress.done();
    const int code = finish(run, listener->outcomes(), started, options, cleaning, true);
    std::fflush(stdout);
    std::fflush(stderr);
    std::_Exit(code);
  });
  ::testing::TestEventListeners& listeners = ::testing::UnitTest::GetInstance()->listeners();
  delete listeners.Release(listeners.default_result_printer());
  listeners.Append(listener);  // owned by GoogleTest from here
  std::signal(SIGINT, on_sigint);

  const int gtest_status = RUN_ALL_TESTS();
  const int code = finish(run, listener->outcomes(), started, options, cleaning, false);
  if (code == 0 && gtest_status != 0) {
    fmt::print(stderr,
               "hvconform: GoogleTest reported a failure outside any assertion's tests "
               "(run hvconform --self-check)\n");
  }
  return code;
}

}  // namespace
}  // namespace conformance

int main(int argc, char** argv) { return conformance::run_main(argc, argv); }
