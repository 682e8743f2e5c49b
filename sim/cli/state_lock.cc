#include "sim/cli/state_lock.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <thread>
#include <utility>

namespace sim::cli {
namespace fs = std::filesystem;

wmi::Result<fs::path> resolve_state_path(const fs::path& path) {
  constexpr int kMaxLinks = 40;
  fs::path at = path;
  for (int links = 0;; ++links) {
    std::error_code ec;
    if (!fs::is_symlink(fs::symlink_status(at, ec))) return at;
    if (links == kMaxLinks) {
      return wmi::invalid_argument(
          fmt::format("state {}: more than {} symlinks to follow", path.string(), kMaxLinks));
    }
    const fs::path target = fs::read_symlink(at, ec);
    if (ec) {
      return wmi::invalid_argument(fmt::format("state {}: cannot read symlink {}: {}",
                                               path.string(), at.string(), ec.message()));
    }
    at = target.is_absolute() ? target : at.parent_path() / target;
  }
}

std::chrono::milliseconds state_lock_timeout() {
  const char* text = std::getenv("HVSIM_STATE_LOCK_TIMEOUT");
  if (text == nullptr) return kDefaultStateLockTimeout;
  const std::string_view view(text);
  unsigned seconds = 0;
  const auto [end, ec] = std::from_chars(view.data(), view.data() + view.size(), seconds);
  if (ec != std::errc() || end != view.data() + view.size()) return kDefaultStateLockTimeout;
  return std::chrono::seconds(seconds);
}

wmi::Result<StateLock> StateLock::acquire(const fs::path& target, const std::string& shown,
                                          std::chrono::milliseconds timeout) {
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    return wmi::invalid_argument(fmt::format("state {}: cannot open directory {}: {}", shown,
                                             dir.string(), std::strerror(errno)));
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR) {
      const std::string reason = std::strerror(errno);
      ::close(fd);
      return wmi::invalid_argument(
          fmt::format("state {}: cannot lock directory {}: {}", shown, dir.string(), reason));
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      ::close(fd);
      return wmi::invalid_argument(fmt::format(
          "state {}: another hvsim command held its directory's lock for {:g} s; nothing was done "
          "(wait longer with HVSIM_STATE_LOCK_TIMEOUT=SECONDS)",
          shown, static_cast<double>(timeout.count()) / 1000));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return StateLock(fd);
}

StateLock::StateLock(StateLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

StateLock::~StateLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the descriptor releases the lock
}

}  // namespace sim::cli
