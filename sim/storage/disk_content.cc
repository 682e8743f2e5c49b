#include "sim/storage/disk_content.h"

#include <algorithm>
#include <bit>
#include <cstring>

namespace sim::storage {
namespace {

constexpr std::size_t kFirstCapacity = 16;

std::uint64_t slot_number(std::uint64_t slot) { return (slot >> 32) - 1; }
std::uint32_t slot_index(std::uint64_t slot) { return static_cast<std::uint32_t>(slot); }

}  // namespace

std::size_t DiskContent::home(std::uint64_t number) const {
  return static_cast<std::size_t>((number * 0x9E3779B97F4A7C15ull) >> (64 - slot_bits_));
}

std::uint32_t DiskContent::find(std::uint64_t number) const {
  if (slots_.empty()) return kNone;
  const std::size_t mask = slots_.size() - 1;
  const std::uint64_t key = (number + 1) << 32;
  for (std::size_t i = home(number);; i = (i + 1) & mask) {
    const std::uint64_t slot = slots_[i];
    if (slot == 0) return kNone;
    if ((slot & ~std::uint64_t{0xFFFFFFFF}) == key) return slot_index(slot);
  }
}

void DiskContent::rehash(std::size_t capacity) {
  std::vector<std::uint64_t> old = std::move(slots_);
  slots_.assign(capacity, 0);
  slot_bits_ = static_cast<unsigned>(std::countr_zero(capacity));
  const std::size_t mask = capacity - 1;
  for (const std::uint64_t slot : old) {
    if (slot == 0) continue;
    std::size_t i = home(slot_number(slot));
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

std::uint32_t DiskContent::find_or_add(std::uint64_t number) {
  if (const std::uint32_t index = find(number); index != kNone) return index;
  if (2 * (group_count_ + 1) > slots_.size()) {
    rehash(std::max(kFirstCapacity, 2 * slots_.size()));
  }
  std::uint32_t index;
  if (!free_groups_.empty()) {
    index = free_groups_.back();
    free_groups_.pop_back();
  } else {
    index = static_cast<std::uint32_t>(groups_.size());
    groups_.emplace_back();
  }
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = home(number);
  while (slots_[i] != 0) i = (i + 1) & mask;
  slots_[i] = ((number + 1) << 32) | index;
  ++group_count_;
  return index;
}

void DiskContent::erase(std::uint64_t number) {
  const std::size_t mask = slots_.size() - 1;
  const std::uint64_t key = (number + 1) << 32;
  std::size_t hole = home(number);
  while ((slots_[hole] & ~std::uint64_t{0xFFFFFFFF}) != key) hole = (hole + 1) & mask;
  free_groups_.push_back(slot_index(slots_[hole]));
  --group_count_;
  if (group_count_ == 0) {  // nothing left: give the index memory back too
    slots_ = {};
    slot_bits_ = 0;
    groups_ = {};
    free_groups_ = {};
    return;
  }
  // Backward-shift deletion: pull later entries of the probe run into the hole when their home
  // position allows it, so lookups never need tombstones.
  for (std::size_t j = (hole + 1) & mask; slots_[j] != 0; j = (j + 1) & mask) {
    const std::size_t at_home = home(slot_number(slots_[j]));
    if (((j - at_home) & mask) >= ((j - hole) & mask)) {
      slots_[hole] = slots_[j];
      hole = j;
    }
  }
  slots_[hole] = 0;
}

void DiskContent::write(std::uint64_t offset, std::span<const std::byte> data) {
  const std::byte* source = data.data();
  std::uint64_t at = offset;
  const std::uint64_t end = offset + data.size();
  while (at < end) {
    const std::uint64_t number = at / kGroupBytes;
    const std::uint64_t group_end = std::min(end, (number + 1) * kGroupBytes);
    Group& group = groups_[find_or_add(number)];
    for (; at < group_end;) {
      const std::uint64_t within = at % kChunkBytes;
      const std::size_t n =
          static_cast<std::size_t>(std::min(kChunkBytes - within, group_end - at));
      std::uint32_t& id = group.chunk[(at >> kChunkShift) & (kGroupChunks - 1)];
      std::byte* chunk;
      if (id == 0) {
        id = pool_.acquire();
        chunk = pool_.at(id);
        std::memset(chunk, 0, within);  // a recycled chunk holds old bytes
        std::memset(chunk + within + n, 0, kChunkBytes - within - n);
      } else {
        chunk = pool_.at(id);
      }
      std::memcpy(chunk + within, source, n);
      source += n;
      at += n;
    }
  }
}

void DiskContent::read(std::uint64_t offset, std::span<std::byte> out) const {
  std::byte* target = out.data();
  std::uint64_t at = offset;
  const std::uint64_t end = offset + out.size();
  while (at < end) {
    const std::uint64_t number = at / kGroupBytes;
    const std::uint64_t group_end = std::min(end, (number + 1) * kGroupBytes);
    const std::uint32_t index = find(number);
    if (index == kNone) {
      std::memset(target, 0, group_end - at);
      target += group_end - at;
      at = group_end;
      continue;
    }
    const Group& group = groups_[index];
    for (; at < group_end;) {
      const std::uint64_t within = at % kChunkBytes;
      const std::size_t n =
          static_cast<std::size_t>(std::min(kChunkBytes - within, group_end - at));
      const std::uint32_t id = group.chunk[(at >> kChunkShift) & (kGroupChunks - 1)];
      if (id == 0) {
        std::memset(target, 0, n);
      } else {
        std::memcpy(target, pool_.at(id) + within, n);
      }
      target += n;
      at += n;
    }
  }
}

void DiskContent::clear_in_group(std::uint64_t number, std::uint32_t index, std::uint64_t from,
                                 std::uint64_t to) {
  const std::uint64_t base = number * kGroupBytes;
  from = std::max(from, base);
  to = std::min(to, base + kGroupBytes);
  bool empty = true;
  for (std::uint64_t c = 0; c < kGroupChunks; ++c) {
    std::uint32_t& id = groups_[index].chunk[c];
    if (id == 0) continue;
    const std::uint64_t chunk_start = base + c * kChunkBytes;
    const std::uint64_t lo = std::max(from, chunk_start);
    const std::uint64_t hi = std::min(to, chunk_start + kChunkBytes);
    if (lo == chunk_start && hi == chunk_start + kChunkBytes) {
      pool_.release(id);
      id = 0;
      continue;
    }
    if (lo < hi) std::memset(pool_.at(id) + (lo - chunk_start), 0, hi - lo);
    empty = false;
  }
  if (empty) erase(number);
}

std::vector<std::pair<std::uint64_t, std::uint32_t>> DiskContent::groups_in(
    std::uint64_t from, std::uint64_t to) const {
  std::vector<std::pair<std::uint64_t, std::uint32_t>> hit;
  if (group_count_ == 0) return hit;
  const std::uint64_t first = from / kGroupBytes;
  const std::uint64_t last = (to - 1) / kGroupBytes;
  if (last - first < slots_.size()) {  // walk the range
    for (std::uint64_t number = first; number <= last; ++number) {
      if (const std::uint32_t index = find(number); index != kNone) hit.emplace_back(number, index);
    }
    return hit;
  }
  // The range holds more groups than the table has slots: walk the table instead.
  for (const std::uint64_t slot : slots_) {
    if (slot != 0 && slot_number(slot) >= first && slot_number(slot) <= last) {
      hit.emplace_back(slot_number(slot), slot_index(slot));
    }
  }
  return hit;
}

void DiskContent::clear_range(std::uint64_t from, std::uint64_t to) {
  if (from >= to) return;
  // Collected first, since erasing moves entries.
  for (const auto& [number, index] : groups_in(from, to)) clear_in_group(number, index, from, to);
}

void DiskContent::copy_into(std::uint64_t from, std::uint64_t to, DiskContent& into) const {
  if (from >= to) return;
  for (const auto& [number, index] : groups_in(from, to)) {
    for (std::uint64_t c = 0; c < kGroupChunks; ++c) {
      const std::uint32_t id = groups_[index].chunk[c];
      const std::uint64_t chunk_start = (number * kGroupChunks + c) * kChunkBytes;
      if (id == 0 || chunk_start < from || chunk_start >= to) continue;
      into.write(chunk_start, std::span<const std::byte>(pool_.at(id), kChunkBytes));
    }
  }
}

std::vector<std::pair<std::uint64_t, std::uint64_t>> DiskContent::held_extents(
    std::uint64_t from, std::uint64_t to) const {
  std::vector<std::pair<std::uint64_t, std::uint64_t>> extents;
  if (from >= to) return extents;
  auto groups = groups_in(from, to);
  std::sort(groups.begin(), groups.end());
  for (const auto& [number, index] : groups) {
    for (std::uint64_t c = 0; c < kGroupChunks; ++c) {
      const std::uint64_t start = (number * kGroupChunks + c) * kChunkBytes;
      if (groups_[index].chunk[c] == 0 || start < from || start >= to) continue;
      if (!extents.empty() && extents.back().second == start) {
        extents.back().second = start + kChunkBytes;
      } else {
        extents.emplace_back(start, start + kChunkBytes);
      }
    }
  }
  return extents;
}

}  // namespace sim::storage
