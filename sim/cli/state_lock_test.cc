#include "sim/cli/state_lock.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

namespace sim::cli {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

class CliStateLock : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(testing::TempDir()) /
           ("hvsim_cli_lock_" + std::to_string(::getpid()) + "_" +
            testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "real");
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(CliStateLock, ResolvesAChainOfSymlinksToItsTarget) {
  const fs::path target = dir_ / "real" / "s.state";
  EXPECT_EQ(*resolve_state_path(target), target);  // no link: itself, existing or not
  fs::create_symlink("real/s.state", dir_ / "relative");
  fs::create_symlink(dir_ / "relative", dir_ / "absolute");
  EXPECT_EQ(*resolve_state_path(dir_ / "relative"), dir_ / "real/s.state");
  EXPECT_EQ(*resolve_state_path(dir_ / "absolute"), dir_ / "real/s.state");  // dangling is fine
  fs::create_symlink("loop", dir_ / "loop");
  auto loop = resolve_state_path(dir_ / "loop");
  ASSERT_FALSE(loop.ok());
  EXPECT_NE(loop.status().message().find("more than 40 symlinks"), std::string::npos);
}

TEST_F(CliStateLock, ASecondHolderWaitsThenFailsClearly) {
  const fs::path target = dir_ / "real" / "s.state";
  auto first = StateLock::acquire(target, "S", milliseconds(0));
  ASSERT_TRUE(first.ok()) << first.status().to_string();
  auto second = StateLock::acquire(target, "S", milliseconds(50));
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().message(),
            "state S: another hvsim command held its directory's lock for 0.05 s; nothing was done "
            "(wait longer with HVSIM_STATE_LOCK_TIMEOUT=SECONDS)");
  { StateLock released = std::move(first).value(); }
  EXPECT_TRUE(StateLock::acquire(target, "S", milliseconds(0)).ok());
}

TEST_F(CliStateLock, AMissingDirectoryIsNamed) {
  auto lock = StateLock::acquire(dir_ / "none" / "s.state", "S", milliseconds(0));
  ASSERT_FALSE(lock.ok());
  EXPECT_NE(lock.status().message().find("cannot open directory"), std::string::npos);
}

}  // namespace
}  // namespace sim::cli
