// sim::storage::ChunkPool: fixed-size 4 KiB chunks for sparse disk content, carved from 2 MiB
// slabs that are 2 MiB-aligned and mapped with MADV_HUGEPAGE, so a chunk costs neither a malloc
// call nor (once its slab is touched) a 4 KiB first-touch fault (~10 µs each on these machines).
// A pool's first slab keeps 4 KiB pages, so a pool holding a few chunks costs a few pages (a host
// has thousands of mostly idle disks). A chunk is named by a 32-bit id (never 0), which its owner
// stores instead of a pointer; at() turns it into an address in O(1). Released chunks are reused
// before new slabs are mapped; a slab whose chunks are all released is unmapped, except one kept as
// a spare (none once no chunk is in use), so memory follows the chunks in use. Contents of a newly
// acquired chunk are unspecified (the caller overwrites or zeroes them). Movable, not copyable;
// not synchronised.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace sim::storage {

class ChunkPool {
 public:
  static constexpr std::size_t kChunkBytes = 4096;
  static constexpr unsigned kSlabShift = 9;  // chunks per slab: 512 (2 MiB)
  static constexpr std::size_t kSlabChunks = std::size_t{1} << kSlabShift;
  static constexpr std::size_t kSlabBytes = kSlabChunks * kChunkBytes;

  ChunkPool() = default;
  ~ChunkPool();
  ChunkPool(ChunkPool&& other) noexcept;
  ChunkPool& operator=(ChunkPool&& other) noexcept;
  ChunkPool(const ChunkPool&) = delete;
  ChunkPool& operator=(const ChunkPool&) = delete;

  // A chunk nobody else holds. Throws std::bad_alloc when no memory can be mapped.
  std::uint32_t acquire();
  // Returns `id` (from acquire(), not yet released) to the pool.
  void release(std::uint32_t id);
  // Releases every chunk and unmaps every slab.
  void clear();

  std::byte* at(std::uint32_t id) const {
    const std::uint32_t n = id - 1;
    return slabs_[n >> kSlabShift].base + std::size_t{n & (kSlabChunks - 1)} * kChunkBytes;
  }

  std::size_t chunks_in_use() const { return in_use_; }
  std::size_t mapped_bytes() const { return mapped_slabs_ * kSlabBytes; }

 private:
  struct Slab {
    std::byte* base = nullptr;                  // nullptr: the slot is unmapped and free for reuse
    std::uint64_t free[kSlabChunks / 64] = {};  // bit set: chunk free
    std::uint32_t live = 0;
    bool listed = false;  // in open_
  };

  std::uint32_t map_slab();
  void unmap_slab(std::uint32_t slab);

  std::vector<Slab> slabs_;
  std::vector<std::uint32_t> open_;      // slabs that may have free chunks (checked on use)
  std::vector<std::uint32_t> unmapped_;  // slots of slabs_ to reuse
  std::size_t in_use_ = 0;
  std::size_t mapped_slabs_ = 0;
  std::size_t empty_slabs_ = 0;  // mapped slabs with no live chunk (at most one stays)
};

}  // namespace sim::storage
