// The browser test: report.html rendered by headless Chromium (Debian `chromium`, installed
// by ci/setup) shows the summary. A missing chromium is a FAILURE, not a skip.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>

#include "conformance/report/report_files.h"
#include "conformance/report/sample_run_result.h"

namespace conformance {
namespace {

namespace fs = std::filesystem;

// Runs `command` through the shell; its stdout, or nullopt if it could not run or exited non-zero.
std::optional<std::string> run_command(const std::string& command) {
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return std::nullopt;
  std::string out;
  std::array<char, 4096> buffer;
  while (std::size_t n = fread(buffer.data(), 1, buffer.size(), pipe)) out.append(buffer.data(), n);
  if (pclose(pipe) != 0) return std::nullopt;
  return out;
}

TEST(ReportChromium, HeadlessChromiumRendersTheSummary) {
  std::optional<std::string> chromium = run_command("command -v chromium");
  ASSERT_TRUE(chromium.has_value()) << "chromium is not installed; run ci/setup";
  fs::path dir = fs::temp_directory_path() / fmt::format("hvsim-report-chromium-{}", getpid());
  fs::remove_all(dir);
  RunResult run = testing::sample_run_result();
  run.target.target = "<script>document.title='pwned'</script>";
  ASSERT_TRUE(write_report_files(run, dir).ok());
  std::optional<std::string> dom = run_command(
      fmt::format("timeout 120 chromium --headless --no-sandbox --disable-gpu "
                  "--user-data-dir={} --dump-dom file://{} 2>/dev/null",
                  (dir / "profile").string(), fs::absolute(dir / "report.html").string()));
  fs::remove_all(dir);
  ASSERT_TRUE(dom.has_value()) << "chromium failed to render the report";
  EXPECT_NE(dom->find("1 PASS \u00b7 1 FAIL \u00b7 1 WARN \u00b7 1 NOT-TESTED"), std::string::npos)
      << *dom;
  EXPECT_NE(dom->find("id=\"summary\""), std::string::npos);
  EXPECT_EQ(dom->find("pwned</title>"), std::string::npos);
  EXPECT_NE(dom->find("CRP-RSV-003"), std::string::npos);
}

}  // namespace
}  // namespace conformance
