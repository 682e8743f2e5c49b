#include "sim/host/host_files.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "wmi/cim/cim_name.h"

namespace sim::host {

wmi::Status HostFile::check_range(std::uint64_t offset, std::uint64_t length) const {
  if (offset > size || length > size - offset) {
    return wmi::invalid_argument(
        fmt::format("range [{}, +{}) is outside {} ({} bytes)", offset, length, path, size));
  }
  return {};
}

wmi::Status HostFile::read(std::uint64_t offset, std::span<std::byte> out) const {
  if (auto s = check_range(offset, out.size()); !s.ok()) return s;
  if (image != nullptr) {
    image->read(offset, out);
  } else if (!out.empty()) {
    std::memcpy(out.data(), bytes.data() + offset, out.size());
  }
  return {};
}

std::uint64_t HostFile::stored_bytes() const {
  return image != nullptr ? image->allocated_bytes() : bytes.size();
}

std::string HostFiles::normalize(std::string_view path) {
  std::string out(path);
  std::replace(out.begin(), out.end(), '/', '\\');
  while (!out.empty() && out.back() == '\\') out.pop_back();
  return out;
}

std::string HostFiles::join(std::string_view directory, std::string_view name) {
  return normalize(directory) + "\\" + std::string(name);
}

wmi::Status HostFiles::add(HostFile file) {
  file.path = normalize(file.path);
  if (file.path.empty()) return wmi::invalid_argument("a file needs a path");
  if (files_.contains(file.path)) return wmi::invalid_argument(file.path + " already exists");
  std::string key = file.path;
  files_.emplace(std::move(key), std::move(file));
  return {};
}

wmi::Status HostFiles::add_bytes(std::string_view path, std::vector<std::byte> bytes) {
  HostFile file;
  file.path = std::string(path);
  file.size = bytes.size();
  file.bytes = std::move(bytes);
  return add(std::move(file));
}

wmi::Status HostFiles::add_image(std::string_view path, std::uint64_t size,
                                 std::shared_ptr<const storage::DiskContent> image) {
  HostFile file;
  file.path = std::string(path);
  file.size = size;
  file.image = std::move(image);
  return add(std::move(file));
}

const HostFile* HostFiles::find(std::string_view path) const {
  const auto it = files_.find(normalize(path));
  return it == files_.end() ? nullptr : &it->second;
}

std::vector<const HostFile*> HostFiles::under(std::string_view directory) const {
  const std::string prefix = normalize(directory) + "\\";
  std::vector<const HostFile*> out;
  // Keys sort case-insensitively, so the files under `prefix` are one run from its lower bound.
  for (auto it = files_.lower_bound(prefix); it != files_.end(); ++it) {
    if (it->first.size() < prefix.size() ||
        !wmi::iequals(std::string_view(it->first).substr(0, prefix.size()), prefix)) {
      break;
    }
    out.push_back(&it->second);
  }
  return out;
}

bool HostFiles::any_under(std::string_view directory) const { return !under(directory).empty(); }

}  // namespace sim::host
