#include "sim/cli/output_file.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <vector>

namespace sim::cli {
namespace {

namespace fs = std::filesystem;

fs::path scratch(const char* name) {
  return fs::temp_directory_path() / fmt::format("hvsim_output_file_{}_{}", ::getpid(), name);
}

std::vector<std::byte> bytes(std::size_t n, std::byte value) { return std::vector(n, value); }

TEST(OutputFile, WritesPiecesAndASparseTail) {
  const fs::path path = scratch("ok");
  auto file = OutputFile::create(path.string());
  ASSERT_TRUE(file.ok()) << file.status().to_string();
  ASSERT_TRUE(file->write_at(0, bytes(3, std::byte{'a'})).ok());
  ASSERT_TRUE(file->write_at(3, bytes(2, std::byte{'b'})).ok());
  ASSERT_TRUE(file->finish(8).ok());
  std::ifstream in(path, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(text, std::string("aaabb\0\0\0", 8));
  fs::remove(path);
}

TEST(OutputFile, NamesTheReasonWhenItCannotCreate) {
  auto file = OutputFile::create("/nonexistent-dir/x");
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.status().message(), "cannot write /nonexistent-dir/x: No such file or directory");
}

TEST(OutputFile, AFailedWriteRemovesThePartialFileAndSaysWhy) {
  const fs::path path = scratch("full");
  // A file-size limit makes the second write fail with EFBIG (SIGXFSZ ignored), as a full disk
  // would with ENOSPC.
  rlimit old{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old), 0);
  const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit small = old;
  small.rlim_cur = 4096;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  auto file = OutputFile::create(path.string());
  ASSERT_TRUE(file.ok());
  EXPECT_TRUE(file->write_at(0, bytes(4096, std::byte{1})).ok());
  const wmi::Status failed = file->write_at(4096, bytes(4096, std::byte{1}));
  ::setrlimit(RLIMIT_FSIZE, &old);
  std::signal(SIGXFSZ, old_handler);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.message(),
            "cannot write " + path.string() + ": File too large (the partial file was removed)");
  EXPECT_FALSE(fs::exists(path));
}

TEST(OutputFile, AFileDroppedUnfinishedIsRemoved) {
  const fs::path path = scratch("dropped");
  {
    auto file = OutputFile::create(path.string());
    ASSERT_TRUE(file.ok());
    ASSERT_TRUE(file->write_at(0, bytes(10, std::byte{1})).ok());
  }
  EXPECT_FALSE(fs::exists(path));
}

TEST(OutputFile, ADeviceIsWrittenButNeverRemoved) {
  auto file = OutputFile::create("/dev/full");
  ASSERT_TRUE(file.ok());
  const wmi::Status failed = file->write_at(0, bytes(10, std::byte{1}));
  EXPECT_EQ(failed.message(), "cannot write /dev/full: No space left on device");
  EXPECT_TRUE(fs::exists("/dev/full"));
}

}  // namespace
}  // namespace sim::cli
