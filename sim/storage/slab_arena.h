// SlabArena: first-in-first-out byte storage for replica-log payloads. Bytes are copied into large
// slabs mapped with MADV_HUGEPAGE; released slabs return to a pool and are reused, so once warm (or
// after reserve()) appends touch no fresh pages. First-touch faults cost ~10 µs per 4 KiB page on
// these machines (bench/README figures), which is why nothing here allocates per record.
// Not synchronised.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <span>
#include <vector>

namespace sim::storage {

class SlabArena {
 public:
  static constexpr std::size_t kDefaultSlabBytes = std::size_t{64} << 20;

  explicit SlabArena(std::size_t slab_bytes = kDefaultSlabBytes);
  ~SlabArena();
  SlabArena(const SlabArena&) = delete;
  SlabArena& operator=(const SlabArena&) = delete;

  // Copies `bytes` in and returns where they now live, stable until release_before() passes
  // `ticket`. Tickets must not decrease from one append to the next (the replica log passes record
  // sequence numbers). Payloads larger than a slab get a slab of their own.
  std::span<const std::byte> append(std::span<const std::byte> bytes, std::uint64_t ticket);

  // Frees every slab whose appends all have tickets < `ticket` (FIFO release).
  void release_before(std::uint64_t ticket);

  // Maps and touches pooled slabs until at least `bytes` of capacity exist without faulting.
  void reserve(std::size_t bytes);

 private:
  struct Slab {
    std::byte* base = nullptr;
    std::size_t capacity = 0;
    std::size_t used = 0;
    std::uint64_t last_ticket = 0;  // ticket of the newest append placed here
  };

  Slab take_slab(std::size_t min_capacity);
  void recycle(Slab slab);
  void clear();  // frees every live slab

  std::size_t slab_bytes_;
  std::deque<Slab> live_;   // oldest first; back() receives appends
  std::vector<Slab> pool_;  // standard-size slabs ready for reuse
};

}  // namespace sim::storage
