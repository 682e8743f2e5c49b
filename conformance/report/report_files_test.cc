#include "conformance/report/report_files.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "conformance/report/report_json.h"
#include "conformance/report/sample_run_result.h"

namespace conformance {
namespace {

namespace fs = std::filesystem;

fs::path fresh_dir(const char* name) {
  fs::path dir = fs::temp_directory_path() / fmt::format("hvsim-report-{}-{}", name, getpid());
  fs::remove_all(dir);
  return dir;
}

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(ReportFiles, CreatesTheDirectoryAndWritesAllThreeFilesWithNoTemporariesLeft) {
  fs::path dir = fresh_dir("ok") / "nested";
  RunResult run = testing::sample_run_result();
  wmi::Status s = write_report_files(run, dir);
  ASSERT_TRUE(s.ok()) << s.to_string();
  EXPECT_EQ(read(dir / "report.json"), report_json(run));
  EXPECT_NE(read(dir / "report.html").find("id=\"summary\""), std::string::npos);
  EXPECT_NE(read(dir / "junit.xml").find("<testsuites"), std::string::npos);
  int entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++entries;
  EXPECT_EQ(entries, 3);
  fs::remove_all(dir.parent_path());
}

TEST(ReportFiles, ADirectoryThatIsAFileIsAnInvalidArgumentNamingThePath) {
  fs::path dir = fresh_dir("file");
  std::ofstream(dir) << "not a directory";
  wmi::Status s = write_report_files(testing::sample_run_result(), dir);
  EXPECT_EQ(s.kind(), wmi::StatusKind::kInvalidArgument);
  EXPECT_NE(s.message().find(dir.string()), std::string::npos) << s.message();
  fs::remove(dir);
}

TEST(ReportFiles, AnUnwritableFileFailsWithItsPathAndLeavesNoHalfWrittenReport) {
  if (getuid() == 0) {
    // root ignores permissions; make the rename fail instead: report.html is a non-empty directory.
    fs::path dir = fresh_dir("blocked");
    fs::create_directories(dir / "report.html" / "occupied");
    wmi::Status s = write_report_files(testing::sample_run_result(), dir);
    EXPECT_EQ(s.kind(), wmi::StatusKind::kProtocol);
    EXPECT_NE(s.message().find((dir / "report.html").string()), std::string::npos) << s.message();
    EXPECT_FALSE(fs::exists(dir / ".report.html.tmp"));
    EXPECT_FALSE(fs::exists(dir / ".junit.xml.tmp"));
    EXPECT_FALSE(fs::exists(dir / "junit.xml"));
    fs::remove_all(dir);
    return;
  }
  fs::path dir = fresh_dir("readonly");
  fs::create_directories(dir);
  fs::permissions(dir, fs::perms::owner_read | fs::perms::owner_exec);
  wmi::Status s = write_report_files(testing::sample_run_result(), dir);
  EXPECT_EQ(s.kind(), wmi::StatusKind::kProtocol);
  EXPECT_NE(s.message().find(dir.string()), std::string::npos) << s.message();
  fs::permissions(dir, fs::perms::owner_all);
  EXPECT_TRUE(fs::is_empty(dir));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace conformance
