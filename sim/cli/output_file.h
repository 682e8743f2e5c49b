// OutputFile: a local file the hvsim tool writes (disk read --output, export restore --output),
// written in pieces and never left half-written: a write that fails, or a file dropped before
// finish(), removes what was written and reports the system's reason.
// Only a regular file is removed or resized; a device (/dev/null, /dev/stdout) is just written.
// Movable, not copyable; not synchronised.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "wmi/cim/status.h"

namespace sim::cli {

class OutputFile {
 public:
  // Creates `path`, or truncates it. kInvalidArgument "cannot write <path>: <strerror>".
  static wmi::Result<OutputFile> create(std::string path);

  OutputFile(OutputFile&& other) noexcept;
  OutputFile& operator=(OutputFile&&) = delete;
  OutputFile(const OutputFile&) = delete;
  ~OutputFile();  // removes the file unless finish() succeeded

  // Writes `data` at `offset`. On failure the file is removed (kInvalidArgument with the reason);
  // the object is then finished.
  wmi::Status write_at(std::uint64_t offset, std::span<const std::byte> data);
  // Sets a regular file's size to `size` (a sparse tail reads as zeros) and closes it; removes it
  // on failure, as write_at does.
  wmi::Status finish(std::uint64_t size);

 private:
  OutputFile(int fd, std::string path, bool regular);
  // Closes (if still open), removes a regular file, and returns "cannot write <path>: <reason of
  // errno>".
  wmi::Status abandon();

  int fd_;
  std::string path_;
  bool regular_;
};

}  // namespace sim::cli
