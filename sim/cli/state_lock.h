// StateLock: what makes `hvsim … --state S` safe when several processes use one state file. The
// file S names is resolved through symlinks first (resolve_state_path), so a symlinked state file
// is read and replaced at its target; then the directory holding that target is locked with
// flock(2) for the whole load–run–save of one command. A second process waits for the lock up to
// a timeout and then fails with a clear error: it never reads a state another process is about to
// replace, so no update is lost. (The directory, not the file, is locked: saving renames a new
// file over the old one, and a lock on the old inode would protect nothing.)
// Thread-safety: one object per command; the lock is released when it is destroyed.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>

#include "wmi/cim/status.h"

namespace sim::cli {

// The file a state path stands for: `path` itself, or the end of its chain of symlinks (relative
// links resolved from the link's directory). kInvalidArgument for a chain of more than 40 links.
wmi::Result<std::filesystem::path> resolve_state_path(const std::filesystem::path& path);

// How long a command waits for another's lock by default; HVSIM_STATE_LOCK_TIMEOUT (whole
// seconds) overrides it.
inline constexpr std::chrono::seconds kDefaultStateLockTimeout{30};
std::chrono::milliseconds state_lock_timeout();

class StateLock {
 public:
  // Locks the directory of `target` (a resolved state path), waiting up to `timeout`.
  // kInvalidArgument "state <shown>: another hvsim command has held … for <timeout>; …" on timeout,
  // or when the directory cannot be opened (with the reason).
  static wmi::Result<StateLock> acquire(const std::filesystem::path& target,
                                        const std::string& shown,
                                        std::chrono::milliseconds timeout);

  StateLock(StateLock&& other) noexcept;
  StateLock& operator=(StateLock&&) = delete;
  StateLock(const StateLock&) = delete;
  ~StateLock();

 private:
  explicit StateLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace sim::cli
