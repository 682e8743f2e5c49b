#include "sim/storage/chunk_pool.h"

#include <sys/mman.h>

#include <bit>
#include <cstdint>
#include <new>
#include <utility>

namespace sim::storage {
namespace {

// kSlabBytes of memory aligned to kSlabBytes, so that with `huge` the kernel can back it with one
// huge page.
std::byte* map_aligned_slab(bool huge) {
  constexpr std::size_t kBytes = ChunkPool::kSlabBytes;
  void* p = mmap(nullptr, 2 * kBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  const auto raw = reinterpret_cast<std::uintptr_t>(p);
  const std::uintptr_t aligned = (raw + kBytes - 1) & ~(std::uintptr_t{kBytes} - 1);
  if (aligned > raw) munmap(p, aligned - raw);
  if (const std::uintptr_t tail = raw + 2 * kBytes - (aligned + kBytes); tail > 0) {
    munmap(reinterpret_cast<void*>(aligned + kBytes), tail);
  }
  if (huge) madvise(reinterpret_cast<void*>(aligned), kBytes, MADV_HUGEPAGE);  // advisory
  return reinterpret_cast<std::byte*>(aligned);
}

}  // namespace

ChunkPool::~ChunkPool() { clear(); }

ChunkPool::ChunkPool(ChunkPool&& other) noexcept
    : slabs_(std::move(other.slabs_)),
      open_(std::move(other.open_)),
      unmapped_(std::move(other.unmapped_)),
      in_use_(std::exchange(other.in_use_, 0)),
      mapped_slabs_(std::exchange(other.mapped_slabs_, 0)),
      empty_slabs_(std::exchange(other.empty_slabs_, 0)) {}

ChunkPool& ChunkPool::operator=(ChunkPool&& other) noexcept {
  if (this != &other) {
    clear();
    slabs_ = std::move(other.slabs_);
    open_ = std::move(other.open_);
    unmapped_ = std::move(other.unmapped_);
    in_use_ = std::exchange(other.in_use_, 0);
    mapped_slabs_ = std::exchange(other.mapped_slabs_, 0);
    empty_slabs_ = std::exchange(other.empty_slabs_, 0);
  }
  return *this;
}

void ChunkPool::clear() {
  for (Slab& s : slabs_) {
    if (s.base != nullptr) munmap(s.base, kSlabBytes);
  }
  slabs_.clear();
  open_.clear();
  unmapped_.clear();
  in_use_ = 0;
  mapped_slabs_ = 0;
  empty_slabs_ = 0;
}

std::uint32_t ChunkPool::map_slab() {
  std::uint32_t index;
  if (!unmapped_.empty()) {
    index = unmapped_.back();
    unmapped_.pop_back();
  } else {
    index = static_cast<std::uint32_t>(slabs_.size());
    slabs_.emplace_back();
  }
  Slab& s = slabs_[index];
  // A pool's first slab keeps 4 KiB pages: a disk with a few KiB written (thousands of disks in
  // one process) must not hold a 2 MiB huge page each.
  s.base = map_aligned_slab(mapped_slabs_ > 0);
  for (std::uint64_t& word : s.free) word = ~std::uint64_t{0};
  s.live = 0;
  s.listed = true;
  open_.push_back(index);
  ++mapped_slabs_;
  ++empty_slabs_;
  return index;
}

void ChunkPool::unmap_slab(std::uint32_t index) {
  Slab& s = slabs_[index];
  munmap(s.base, kSlabBytes);
  s.base = nullptr;
  unmapped_.push_back(index);
  --mapped_slabs_;
  --empty_slabs_;
}

std::uint32_t ChunkPool::acquire() {
  // open_ may hold slabs that filled up or were unmapped since they were listed: drop those.
  while (!open_.empty()) {
    Slab& s = slabs_[open_.back()];
    if (s.base != nullptr && s.live < kSlabChunks) break;
    s.listed = false;
    open_.pop_back();
  }
  const std::uint32_t index = open_.empty() ? map_slab() : open_.back();
  Slab& s = slabs_[index];
  unsigned word = 0;
  while (s.free[word] == 0) ++word;
  const unsigned bit = static_cast<unsigned>(std::countr_zero(s.free[word]));
  s.free[word] &= s.free[word] - 1;
  if (s.live++ == 0) --empty_slabs_;
  ++in_use_;
  return ((index << kSlabShift) | (word * 64 + bit)) + 1;
}

void ChunkPool::release(std::uint32_t id) {
  const std::uint32_t n = id - 1;
  const std::uint32_t index = n >> kSlabShift;
  const std::uint32_t slot = n & (kSlabChunks - 1);
  Slab& s = slabs_[index];
  s.free[slot / 64] |= std::uint64_t{1} << (slot % 64);
  if (--in_use_ == 0) {  // nothing held: give every slab back, the spare included
    clear();
    return;
  }
  if (--s.live == 0) {
    ++empty_slabs_;
    if (empty_slabs_ > 1) {
      unmap_slab(index);
      return;
    }
  }
  if (!s.listed) {
    s.listed = true;
    open_.push_back(index);
  }
}

}  // namespace sim::storage
