// HostFiles: the simulated host's file system, in memory — what exports write (export.md) and
// what the DataPlane reads back by path. Files are named by Windows path: compared ASCII
// case-insensitively with '/' read as '\', exact text otherwise (no "..", no short names). A file
// is either bytes (configuration text, replica-log streams) or a sparse disk image that shares the
// storage engine's chunk machinery, so an image of a 1 TiB disk with 1 % written costs ~1 % of it.
// Files are written once and never changed (exports are read-only); a path is never reused.
// Not synchronised (HostState's rules).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sim/host/model.h"
#include "sim/storage/disk_content.h"
#include "wmi/cim/status.h"

namespace sim::host {

struct HostFile {
  std::string path;                                   // as written, '\' separators
  std::vector<std::byte> bytes;                       // a byte file (image == nullptr)
  std::shared_ptr<const storage::DiskContent> image;  // a sparse image of `size` bytes
  std::uint64_t size = 0;

  // Fills `out` from `offset`. kInvalidArgument when the range is not inside the file.
  wmi::Status read(std::uint64_t offset, std::span<std::byte> out) const;
  // What read refuses for [offset, offset + length), checked alone.
  wmi::Status check_range(std::uint64_t offset, std::uint64_t length) const;
  // Memory the file holds (bytes, or the image's allocated chunks).
  std::uint64_t stored_bytes() const;
};

class HostFiles {
 public:
  // `path` with '/' read as '\' and no trailing separator.
  static std::string normalize(std::string_view path);
  // `directory` + '\' + `name`.
  static std::string join(std::string_view directory, std::string_view name);

  // Stores a new file. kInvalidArgument when `path` is empty or already names a file.
  wmi::Status add_bytes(std::string_view path, std::vector<std::byte> bytes);
  wmi::Status add_image(std::string_view path, std::uint64_t size,
                        std::shared_ptr<const storage::DiskContent> image);

  // The file at `path`; nullptr when none.
  const HostFile* find(std::string_view path) const;
  // Whether any file lies under `directory` (at any depth).
  bool any_under(std::string_view directory) const;
  // The files under `directory`, in path order.
  std::vector<const HostFile*> under(std::string_view directory) const;
  std::size_t size() const { return files_.size(); }

 private:
  wmi::Status add(HostFile file);
  KeyedMap<HostFile> files_;  // by normalize(path)
};

}  // namespace sim::host
