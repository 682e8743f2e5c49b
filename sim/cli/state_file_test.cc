#include "sim/cli/state_file.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "sim/control/inventory_json.h"
#include "sim/control/strict_json.h"
#include "sim/storage/crc32c.h"

namespace sim::cli {
namespace {

namespace fs = std::filesystem;
using control::Json;

State sample_state() {
  auto inventory = read_text_file(HVSIM_SOURCE_DIR "/fixtures/inventories/small.json", "inventory");
  EXPECT_TRUE(inventory.ok());
  auto profile = read_text_file(HVSIM_SOURCE_DIR "/fixtures/profiles/async-jobs.json", "profile");
  EXPECT_TRUE(profile.ok());
  auto faults = control::load_fault_rules(R"({
    "description": "one counted fault",
    "rules": [{"name": "crp", "match": {"method": "CreateReferencePoint"},
               "action": {"type": "return-code", "code": 2}, "skip": 1, "max": 1}]})");
  EXPECT_TRUE(faults.ok()) << faults.status().to_string();

  State state;
  state.setup.inventory = *control::load_inventory(*inventory);
  state.setup.profile = *control::load_profile(*profile);
  state.setup.seed = 18446744073709551615u;
  state.setup.faults = *faults;
  state.journal = {
      {{"query", "SELECT * FROM Msvm_ComputerSystem"}, 0, 0},
      {{"invoke", "root/virtualization/v2:C.K=\"é\"", "M", "S=<INSTANCE/>", "--wait"},
       1,
       4294967295u},
  };
  return state;
}

TEST(CliStateFile, RoundTripsEveryPart) {
  const State state = sample_state();
  const std::string text = format_state(state);
  auto back = parse_state(text);
  ASSERT_TRUE(back.ok()) << back.status().to_string();
  EXPECT_EQ(*back, state);
  EXPECT_EQ(format_state(*back), text);  // canonical: saving again gives the same bytes
}

TEST(CliStateFile, DefaultSetupRoundTrips) {
  State state;  // empty inventory, doc-strict, seed 1, no faults, empty journal
  auto back = parse_state(format_state(state));
  ASSERT_TRUE(back.ok()) << back.status().to_string();
  EXPECT_EQ(*back, state);
}

std::string error_of(std::string_view text) {
  auto parsed = parse_state(text);
  EXPECT_FALSE(parsed.ok()) << text;
  return parsed.status().message();
}

// `body` behind a header that matches it, as hvsim writes one.
std::string with_header(std::string_view body) {
  return fmt::format("{} length={} crc32c={:08x}\n{}", kStateFormat, body.size(),
                     storage::crc32c(std::as_bytes(std::span(body.data(), body.size()))), body);
}

// The body of a state file (what follows the header line).
std::string body_of(const std::string& file) { return file.substr(file.find('\n') + 1); }

TEST(CliStateFile, RefusesOtherVersionsAndAlteredFiles) {
  const std::string good = format_state(sample_state());
  ASSERT_TRUE(good.starts_with("hvsim-state-2 length="));
  EXPECT_NE(error_of(body_of(good)).find("older hvsim (format hvsim-state-1)"), std::string::npos);
  EXPECT_NE(error_of("hvsim-state-3" + good.substr(13)).find("\"hvsim-state-3\" is not"),
            std::string::npos);
  EXPECT_NE(error_of("garbage").find("not an hvsim state file"), std::string::npos);
  EXPECT_NE(error_of("hvsim-state-2 length=x\n{}").find("the header is not"), std::string::npos);
  EXPECT_NE(error_of("hvsim-state-2\n{}").find("the header is not"), std::string::npos);

  // A setup edit with the header left alone: the seed changed from 18446744073709551615.
  std::string edited = good;
  const std::size_t seed = edited.find("18446744073709551615");
  ASSERT_NE(seed, std::string::npos);
  edited.replace(seed, 20, "18446744073709551614");
  EXPECT_NE(error_of(edited).find("altered or damaged"), std::string::npos);
  EXPECT_NE(error_of(good.substr(0, good.size() - 1)).find("altered or damaged"),
            std::string::npos);
  EXPECT_NE(error_of(good + " ").find("altered or damaged"), std::string::npos);
}

TEST(CliStateFile, RejectsMalformedFilesNamingThePlace) {
  State state;
  Json good = Json::parse(body_of(format_state(state)));
  const auto with = [&](auto change) {
    Json j = good;
    change(j);
    return with_header(j.dump());
  };
  EXPECT_NE(error_of(with_header("{")).find("not valid JSON"), std::string::npos);
  EXPECT_NE(error_of(with([](Json& j) { j["extra"] = 1; })).find("extra"), std::string::npos);
  EXPECT_NE(error_of(with([](Json& j) { j.erase("journal"); })).find("journal"), std::string::npos);
  EXPECT_NE(error_of(with([](Json& j) { j["seed"] = -1; })).find("/seed"), std::string::npos);
  EXPECT_NE(error_of(with([](Json& j) {
              j["journal"] = Json::array({Json::object()});
            })).find("/journal/0"),
            std::string::npos);
  EXPECT_NE(error_of(with([](Json& j) {
              j["journal"] =
                  Json::array({Json{{"argv", Json::array()}, {"exit", 0}, {"stdout_crc32c", 0}}});
            })).find("needs a command"),
            std::string::npos);
  EXPECT_NE(error_of(with([](Json& j) {
              j["journal"] = Json::array(
                  {Json{{"argv", Json::array({"query"})}, {"exit", 256}, {"stdout_crc32c", 0}}});
            })).find("/journal/0/exit"),
            std::string::npos);
  EXPECT_NE(error_of(with([](Json& j) { j["inventory"]["vms"] = 5; })).find("/inventory"),
            std::string::npos);
  EXPECT_NE(error_of(with([](Json& j) { j["profile"]["settings"]["nope"] = 1; })).find("/profile"),
            std::string::npos);
  EXPECT_NE(error_of(with([](Json& j) { j["faults"] = Json::array(); })).find("/faults"),
            std::string::npos);
}

class CliAtomicWrite : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(testing::TempDir()) /
           ("hvsim_cli_state_" + std::to_string(::getpid()) + "_" +
            testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::size_t entries() const {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir_), {}));
  }
  fs::path dir_;
};

TEST_F(CliAtomicWrite, CreatesAndReplacesLeavingNoTemporaryFile) {
  const fs::path file = dir_ / "s.json";
  ASSERT_TRUE(write_file_atomically(file, "one").ok());
  EXPECT_EQ(*read_text_file(file, "state file"), "one");
  ASSERT_TRUE(write_file_atomically(file, "two, longer").ok());
  EXPECT_EQ(*read_text_file(file, "state file"), "two, longer");
  EXPECT_EQ(entries(), 1u);
}

TEST_F(CliAtomicWrite, FailureLeavesTheOldFileAlone) {
  const fs::path file = dir_ / "s.json";
  ASSERT_TRUE(write_file_atomically(file, "old").ok());
  // Renaming a file over a non-empty directory fails: the write must not touch anything.
  const fs::path blocked = dir_ / "blocked";
  fs::create_directories(blocked / "inside");
  const wmi::Status s = write_file_atomically(blocked, "new");
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("cannot save"), std::string::npos);
  EXPECT_TRUE(fs::is_directory(blocked));
  EXPECT_EQ(*read_text_file(file, "state file"), "old");
  EXPECT_EQ(entries(), 2u);  // s.json and blocked/, no temporary left behind

  EXPECT_FALSE(write_file_atomically(dir_ / "missing" / "s.json", "x").ok());
}

TEST(CliReadTextFile, MissingFileSaysWhatAndWhy) {
  auto text = read_text_file("/nonexistent/hvsim/x.json", "inventory");
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().kind(), wmi::StatusKind::kNotFound);
  EXPECT_EQ(text.status().message(),
            "cannot read inventory /nonexistent/hvsim/x.json: No such file or directory");
}

}  // namespace
}  // namespace sim::cli
