#include "sim/storage/slab_arena.h"

#include <sys/mman.h>

#include <cassert>
#include <cstring>
#include <new>

namespace sim::storage {
namespace {

constexpr std::size_t kPageBytes = 4096;

std::byte* map_bytes(std::size_t bytes) {
  void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  madvise(p, bytes, MADV_HUGEPAGE);  // advisory; failure only costs speed
  return static_cast<std::byte*>(p);
}

}  // namespace

SlabArena::SlabArena(std::size_t slab_bytes) : slab_bytes_(slab_bytes) { assert(slab_bytes > 0); }

SlabArena::~SlabArena() {
  clear();
  for (const Slab& s : pool_) munmap(s.base, s.capacity);
}

SlabArena::Slab SlabArena::take_slab(std::size_t min_capacity) {
  if (min_capacity <= slab_bytes_ && !pool_.empty()) {
    Slab s = pool_.back();
    pool_.pop_back();
    return s;
  }
  Slab s;
  s.capacity = min_capacity <= slab_bytes_
                   ? slab_bytes_
                   : (min_capacity + kPageBytes - 1) / kPageBytes * kPageBytes;
  s.base = map_bytes(s.capacity);
  return s;
}

void SlabArena::recycle(Slab slab) {
  if (slab.capacity == slab_bytes_) {
    slab.used = 0;
    pool_.push_back(slab);
  } else {
    munmap(slab.base, slab.capacity);
  }
}

std::span<const std::byte> SlabArena::append(std::span<const std::byte> bytes,
                                             std::uint64_t ticket) {
  if (live_.empty() || live_.back().capacity - live_.back().used < bytes.size()) {
    live_.push_back(take_slab(bytes.size()));
  }
  Slab& slab = live_.back();
  std::byte* at = slab.base + slab.used;
  if (!bytes.empty()) std::memcpy(at, bytes.data(), bytes.size());
  slab.used += bytes.size();
  slab.last_ticket = ticket;
  return std::span<const std::byte>(at, bytes.size());
}

void SlabArena::release_before(std::uint64_t ticket) {
  while (!live_.empty() && live_.front().last_ticket < ticket) {
    recycle(live_.front());
    live_.pop_front();
  }
}

void SlabArena::clear() {
  while (!live_.empty()) {
    recycle(live_.front());
    live_.pop_front();
  }
}

void SlabArena::reserve(std::size_t bytes) {
  std::size_t ready = 0;
  for (const Slab& s : pool_) ready += s.capacity;
  if (!live_.empty()) ready += live_.back().capacity - live_.back().used;
  while (ready < bytes) {
    Slab s = take_slab(slab_bytes_);
    for (std::size_t off = 0; off < s.capacity; off += kPageBytes) s.base[off] = std::byte{0};
    ready += s.capacity;
    pool_.push_back(s);
  }
}

}  // namespace sim::storage
