#include "sim/cli/output_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace sim::cli {

wmi::Result<OutputFile> OutputFile::create(std::string path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    return wmi::invalid_argument(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
  }
  struct stat info {};
  const bool regular = ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode);
  return OutputFile(fd, std::move(path), regular);
}

OutputFile::OutputFile(int fd, std::string path, bool regular)
    : fd_(fd), path_(std::move(path)), regular_(regular) {}

OutputFile::OutputFile(OutputFile&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), path_(std::move(other.path_)), regular_(other.regular_) {}

OutputFile::~OutputFile() {
  if (fd_ < 0) return;
  ::close(fd_);
  if (regular_) ::unlink(path_.c_str());
}

wmi::Status OutputFile::abandon() {
  const std::string reason = std::strerror(errno);
  if (fd_ >= 0) ::close(std::exchange(fd_, -1));
  if (regular_) ::unlink(path_.c_str());
  return wmi::invalid_argument(fmt::format("cannot write {}: {}{}", path_, reason,
                                           regular_ ? " (the partial file was removed)" : ""));
}

wmi::Status OutputFile::write_at(std::uint64_t offset, std::span<const std::byte> data) {
  if (fd_ < 0) return wmi::invalid_argument(fmt::format("cannot write {}: already closed", path_));
  std::size_t written = 0;
  while (written < data.size()) {
    const ssize_t n = regular_ ? ::pwrite(fd_, data.data() + written, data.size() - written,
                                          static_cast<off_t>(offset + written))
                               : ::write(fd_, data.data() + written, data.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) errno = ENOSPC;
      return abandon();
    }
    written += static_cast<std::size_t>(n);
  }
  return {};
}

wmi::Status OutputFile::finish(std::uint64_t size) {
  if (fd_ < 0) return wmi::invalid_argument(fmt::format("cannot write {}: already closed", path_));
  if (regular_ && ::ftruncate(fd_, static_cast<off_t>(size)) != 0) return abandon();
  if (::close(std::exchange(fd_, -1)) != 0) return abandon();
  return {};
}

}  // namespace sim::cli
