#include "sim/storage/disk_snapshot.h"

#include <algorithm>
#include <iterator>

#include <fmt/format.h>

namespace sim::storage {
namespace {

constexpr std::uint64_t kChunk = DiskContent::kChunkBytes;

std::uint64_t round_up(std::uint64_t n) { return (n + kChunk - 1) / kChunk * kChunk; }

}  // namespace

DiskSnapshot::DiskSnapshot(const DiskContent& live, std::uint64_t size, std::uint32_t sector)
    : live_(&live), size_(size), sector_(sector) {}

template <typename Piece>
void DiskSnapshot::for_each_piece(std::uint64_t from, std::uint64_t to, Piece piece) const {
  auto it = frozen_.upper_bound(from);
  if (it != frozen_.begin() && std::prev(it)->second > from) it = std::prev(it);
  for (std::uint64_t at = from; at < to;) {
    if (it != frozen_.end() && it->first <= at) {
      const std::uint64_t end = std::min(to, it->second);
      piece(at, end, preserved_);
      at = end;
      ++it;
    } else {
      const std::uint64_t end = it == frozen_.end() ? to : std::min(to, it->first);
      piece(at, end, *live_);
      at = end;
    }
  }
}

Status DiskSnapshot::check_range(std::uint64_t offset, std::uint64_t length) const {
  if (live_ == nullptr) return invalid_parameter("the snapshot's disk no longer exists");
  if (length == 0 || offset % sector_ != 0 || length % sector_ != 0) {
    return invalid_parameter(
        fmt::format("offset {} and length {} must be multiples of the {}-byte sector, length > 0",
                    offset, length, sector_));
  }
  if (offset > size_ || length > size_ - offset) {
    return invalid_parameter(
        fmt::format("range [{}, +{}) is outside the {}-byte snapshot", offset, length, size_));
  }
  return {};
}

Status DiskSnapshot::read(std::uint64_t offset, std::span<std::byte> out) const {
  const std::uint64_t length = out.size();
  if (Status s = check_range(offset, length); !s) return s;
  for_each_piece(offset, offset + length,
                 [&](std::uint64_t from, std::uint64_t to, const DiskContent& source) {
                   source.read(from, out.subspan(from - offset, to - from));
                 });
  return {};
}

Status DiskSnapshot::copy_into(DiskContent& into) const {
  if (live_ == nullptr) return invalid_parameter("the snapshot's disk no longer exists");
  // Frozen ranges are chunk-aligned, so every piece of [0, round_up(size_)) is too.
  for_each_piece(0, round_up(size_),
                 [&](std::uint64_t from, std::uint64_t to, const DiskContent& source) {
                   source.copy_into(from, to, into);
                 });
  return {};
}

void DiskSnapshot::preserve(std::uint64_t offset, std::uint64_t length) {
  const std::uint64_t from = offset / kChunk * kChunk;
  const std::uint64_t to = std::min(round_up(offset + length), round_up(size_));
  if (live_ == nullptr || from >= to) return;
  // Copy the gaps between frozen ranges, and merge every range overlapping or touching [from, to).
  auto first = frozen_.upper_bound(from);
  if (first != frozen_.begin() && std::prev(first)->second >= from) first = std::prev(first);
  std::uint64_t start = from;
  std::uint64_t end = to;
  std::uint64_t at = from;
  auto it = first;
  for (; it != frozen_.end() && it->first <= to; ++it) {
    if (it->first > at) live_->copy_into(at, it->first, preserved_);
    at = std::max(at, it->second);
    start = std::min(start, it->first);
    end = std::max(end, it->second);
  }
  if (at < to) live_->copy_into(at, to, preserved_);
  frozen_.erase(first, it);
  frozen_.emplace(start, end);
}

}  // namespace sim::storage
