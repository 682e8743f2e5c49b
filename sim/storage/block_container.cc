#include "sim/storage/block_container.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

namespace sim::storage {
namespace {

constexpr std::size_t kBitmapBytes = BlockContainer::kWords * sizeof(std::uint64_t);
// Fewer block numbers than this are sorted by comparison rather than by counting.
constexpr std::size_t kComparisonSortMax = 48;
// Ranges wider than this go straight to a bitmap rather than into an array.
constexpr std::uint32_t kWidestArrayRange = 64;
constexpr std::uint32_t kFirstArrayCapacity = 4;

template <typename T>
T* checked(void* memory) {
  if (memory == nullptr) throw std::bad_alloc();
  return static_cast<T*>(memory);
}

// Sets bits lo..hi (inclusive) of `words`; returns how many were clear before.
std::uint32_t set_range(std::uint64_t* words, std::uint32_t lo, std::uint32_t hi) {
  const std::uint32_t first = lo >> 6;
  const std::uint32_t last = hi >> 6;
  std::uint32_t newly_set = 0;
  for (std::uint32_t w = first; w <= last; ++w) {
    std::uint64_t mask = ~std::uint64_t{0};
    if (w == first) mask &= ~std::uint64_t{0} << (lo & 63);
    if (w == last) mask &= ~std::uint64_t{0} >> (63 - (hi & 63));
    newly_set += static_cast<std::uint32_t>(std::popcount(mask & ~words[w]));
    words[w] |= mask;
  }
  return newly_set;
}

// True when no entry is smaller than the one before. Fixed chunks with no data-dependent branch,
// which the compiler vectorises: about as fast as reading the entries.
bool ascending(std::span<const std::uint16_t> entries) {
  constexpr std::size_t kChunk = 16;
  unsigned descents = 0;
  std::size_t i = 1;
  for (; i + kChunk <= entries.size(); i += kChunk) {
    for (std::size_t j = 0; j < kChunk; ++j) descents |= entries[i + j] < entries[i + j - 1];
  }
  for (; i < entries.size(); ++i) descents |= entries[i] < entries[i - 1];
  return descents == 0;
}

std::uint32_t count_bits(const std::uint64_t* words) {
  std::uint32_t count = 0;
  for (std::uint32_t w = 0; w < BlockContainer::kWords; ++w) {
    count += static_cast<std::uint32_t>(std::popcount(words[w]));
  }
  return count;
}

}  // namespace

BlockContainer::BlockContainer(BlockContainer&& other) noexcept
    : bits_(std::exchange(other.bits_, nullptr)),
      count_(std::exchange(other.count_, 0)),
      capacity_(std::exchange(other.capacity_, 0)),
      kind_(std::exchange(other.kind_, Kind::kEmpty)) {}

BlockContainer& BlockContainer::operator=(BlockContainer&& other) noexcept {
  if (this != &other) {
    release();
    bits_ = std::exchange(other.bits_, nullptr);
    count_ = std::exchange(other.count_, 0);
    capacity_ = std::exchange(other.capacity_, 0);
    kind_ = std::exchange(other.kind_, Kind::kEmpty);
  }
  return *this;
}

void BlockContainer::release() {
  if (kind_ == Kind::kArray || kind_ == Kind::kBitmap) std::free(bits_);
  bits_ = nullptr;
  count_ = 0;
  capacity_ = 0;
  kind_ = Kind::kEmpty;
}

void BlockContainer::become_full() {
  release();
  kind_ = Kind::kFull;
}

bool BlockContainer::contains(std::uint32_t block) const {
  switch (kind_) {
    case Kind::kEmpty:
      return false;
    case Kind::kFull:
      return true;
    case Kind::kBitmap:
      return (bits_[block >> 6] >> (block & 63)) & 1;
    case Kind::kArray:
      return std::find(array_, array_ + count_, block) != array_ + count_;
  }
  return false;
}

void BlockContainer::or_into(std::uint64_t* words) const {
  switch (kind_) {
    case Kind::kEmpty:
      return;
    case Kind::kFull:
      std::memset(words, 0xFF, kBitmapBytes);
      return;
    case Kind::kBitmap:
      for (std::uint32_t w = 0; w < kWords; ++w) words[w] |= bits_[w];
      return;
    case Kind::kArray:
      for (std::uint32_t i = 0; i < count_; ++i) {
        words[array_[i] >> 6] |= std::uint64_t{1} << (array_[i] & 63);
      }
      return;
  }
}

std::span<const std::uint16_t> BlockContainer::array_entries() const {
  if (kind_ != Kind::kArray) return {};
  return {array_, count_};
}

std::span<const std::uint16_t> BlockContainer::sorted_entries() const {
  if (kind_ != Kind::kArray) return {};
  const std::span<std::uint16_t> entries(array_, count_);
  if (!ascending(entries)) {
    std::uint16_t spare[kMaxArray];
    sort_blocks(entries, spare);
  }
  return entries;
}

void BlockContainer::sort_blocks(std::span<std::uint16_t> blocks, std::span<std::uint16_t> spare) {
  if (blocks.size() <= kComparisonSortMax) {
    std::sort(blocks.begin(), blocks.end());
    return;
  }
  // Two counting passes: by the low byte into `spare`, then (stably) by the high byte back.
  std::uint32_t low[256] = {};
  std::uint32_t high[256] = {};
  for (const std::uint16_t b : blocks) {
    ++low[b & 0xFF];
    ++high[b >> 8];
  }
  std::uint32_t low_at = 0;
  std::uint32_t high_at = 0;
  for (unsigned digit = 0; digit < 256; ++digit) {
    low_at += std::exchange(low[digit], low_at);
    high_at += std::exchange(high[digit], high_at);
  }
  for (const std::uint16_t b : blocks) spare[low[b & 0xFF]++] = b;
  for (const std::uint16_t b : spare.first(blocks.size())) blocks[high[b >> 8]++] = b;
}

std::span<const std::uint64_t> BlockContainer::bitmap_words() const {
  if (kind_ != Kind::kBitmap) return {};
  return {bits_, kWords};
}

void BlockContainer::prefetch() const {
  if (kind_ != Kind::kArray) return;
  constexpr std::uint32_t kPerLine = 64 / sizeof(std::uint16_t);
  for (std::uint32_t i = 0; i < count_; i += kPerLine) __builtin_prefetch(array_ + i);
}

std::size_t BlockContainer::heap_bytes() const {
  if (kind_ == Kind::kBitmap) return kBitmapBytes;
  if (kind_ == Kind::kArray) return capacity_ * sizeof(std::uint16_t);
  return 0;
}

void BlockContainer::assign_words(const std::uint64_t* words) {
  const std::uint32_t count = count_bits(words);
  if (count == 0) {
    release();
  } else if (count == kBlocks) {
    become_full();
  } else if (count <= kMaxArray) {
    if (kind_ != Kind::kArray) {
      release();
      kind_ = Kind::kArray;
    }
    count_ = 0;
    ensure_array_capacity(count);
    for (std::uint32_t w = 0; w < kWords; ++w) {
      for (std::uint64_t bits = words[w]; bits != 0; bits &= bits - 1) {
        array_[count_++] = static_cast<std::uint16_t>(w * 64 + std::countr_zero(bits));
      }
    }
  } else {
    if (kind_ != Kind::kBitmap) {
      release();
      bits_ = checked<std::uint64_t>(std::aligned_alloc(64, kBitmapBytes));
      kind_ = Kind::kBitmap;
    }
    if (bits_ != words) std::memcpy(bits_, words, kBitmapBytes);
    count_ = count;
  }
}

void BlockContainer::ensure_array_capacity(std::uint32_t needed) {
  if (needed <= capacity_) return;
  std::uint32_t capacity = std::max<std::uint32_t>(capacity_ * 2u, kFirstArrayCapacity);
  capacity = std::min(std::max(capacity, needed), kMaxArray);
  array_ = checked<std::uint16_t>(std::realloc(array_, capacity * sizeof(std::uint16_t)));
  capacity_ = static_cast<std::uint16_t>(capacity);
}

void BlockContainer::compact_array() {
  alignas(64) std::uint64_t words[kWords] = {};
  or_into(words);
  const std::uint32_t distinct = count_bits(words);
  if (distinct >= kMaxArray / 4) {
    release();
    bits_ = checked<std::uint64_t>(std::aligned_alloc(64, kBitmapBytes));
    std::memcpy(bits_, words, kBitmapBytes);
    count_ = distinct;
    kind_ = Kind::kBitmap;
    return;
  }
  assign_words(words);
}

void BlockContainer::mark_slow(std::uint32_t lo, std::uint32_t hi) {
  if (kind_ == Kind::kFull) return;
  if (lo == 0 && hi == kBlocks - 1) {
    become_full();
    return;
  }
  const std::uint32_t width = hi - lo + 1;
  if (kind_ == Kind::kEmpty && width <= kWidestArrayRange) kind_ = Kind::kArray;
  if (kind_ == Kind::kArray && width <= kWidestArrayRange) {
    if (count_ + width > kMaxArray) compact_array();
    if (kind_ == Kind::kArray) {
      ensure_array_capacity(count_ + width);
      for (std::uint32_t b = lo; b <= hi; ++b) array_[count_++] = static_cast<std::uint16_t>(b);
      return;
    }
  }
  if (kind_ == Kind::kBitmap) {
    count_ += set_range(bits_, lo, hi);
    if (count_ == kBlocks) become_full();
    return;
  }
  // An array (or nothing) that the range does not fit: rebuild from words.
  alignas(64) std::uint64_t words[kWords] = {};
  or_into(words);
  set_range(words, lo, hi);
  assign_words(words);
}

void BlockContainer::merge_from(const BlockContainer& other) {
  if (other.empty() || full()) return;
  if (other.full()) {
    become_full();
    return;
  }
  alignas(64) std::uint64_t words[kWords] = {};
  or_into(words);
  other.or_into(words);
  assign_words(words);
}

void BlockContainer::coarsen(unsigned group_log2) {
  if (empty() || full()) return;
  const unsigned group = 1u << group_log2;
  const std::uint64_t group_mask =
      group == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << group) - 1;
  alignas(64) std::uint64_t words[kWords] = {};
  or_into(words);
  for (std::uint64_t& word : words) {
    std::uint64_t coarse = 0;
    for (unsigned shift = 0; shift < 64; shift += group) {
      if ((word >> shift) & group_mask) coarse |= group_mask << shift;
    }
    word = coarse;
  }
  assign_words(words);
}

}  // namespace sim::storage
