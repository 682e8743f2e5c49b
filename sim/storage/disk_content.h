// sim::storage::DiskContent: the bytes of a sparse virtual disk. Storage is allocated in 4 KiB
// chunks (ChunkPool: huge-page slabs, no malloc per chunk) on first write, so memory follows the
// bytes written, never the virtual size: each chunk costs 4 KiB plus its share of the index (chunk
// ids sit in 64-byte groups of 16, found through an open-addressing hash table keyed by group):
// ~5 bytes per chunk for contiguous data, up to ~80 for an isolated 4 KiB write. Bytes
// never written, or zero-filled, read as zeros; a zero fill releases the chunks it covers entirely,
// and a group left without chunks is dropped. A write or read costs one hash probe per 64 KiB plus
// the copy; zero() and truncate() cost O(min(groups in the range, groups held)).
// Knows nothing of sectors, sizes or tracking: VirtualDisk validates every request first.
// Movable, not copyable; not synchronised.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "sim/storage/chunk_pool.h"

namespace sim::storage {

class DiskContent {
 public:
  static constexpr std::uint64_t kChunkBytes = ChunkPool::kChunkBytes;

  // Stores `data` at `offset`.
  void write(std::uint64_t offset, std::span<const std::byte> data);
  // Makes [offset, offset + length) read as zeros, releasing the chunks it covers entirely.
  void zero(std::uint64_t offset, std::uint64_t length) { clear_range(offset, offset + length); }
  // Copies [offset, offset + out.size()) into `out`.
  void read(std::uint64_t offset, std::span<std::byte> out) const;
  // Forgets every byte at or beyond `size` (they read as zeros if the disk grows again).
  void truncate(std::uint64_t size) { clear_range(size, kEndOfSpace); }
  // Writes the chunks held in [from, to) (both multiples of kChunkBytes) into `into` at the same
  // offsets; chunks that read as zeros are skipped. Costs O(min(groups in range, groups held)).
  void copy_into(std::uint64_t from, std::uint64_t to, DiskContent& into) const;
  // The chunk-aligned extents [start, end) inside [from, to) (multiples of kChunkBytes) that hold
  // chunks, sorted and merged; everything else reads as zeros. Costs O(min(groups in range, groups
  // held) + extents).
  std::vector<std::pair<std::uint64_t, std::uint64_t>> held_extents(std::uint64_t from,
                                                                    std::uint64_t to) const;
  // Bytes of chunk storage currently allocated.
  std::uint64_t allocated_bytes() const { return pool_.chunks_in_use() * kChunkBytes; }

 private:
  static constexpr unsigned kChunkShift = 12;
  static constexpr unsigned kGroupShift = 4;  // chunks per group: 16 (64 KiB of disk)
  static constexpr std::uint64_t kGroupChunks = std::uint64_t{1} << kGroupShift;
  static constexpr std::uint64_t kGroupBytes = kGroupChunks * kChunkBytes;
  static constexpr std::uint64_t kEndOfSpace = std::uint64_t{1} << 50;  // beyond any disk

  struct alignas(64) Group {
    std::uint32_t chunk[kGroupChunks] = {};  // ChunkPool ids; 0: the chunk reads as zeros
  };

  // Index in groups_ of group `number`, or kNone.
  static constexpr std::uint32_t kNone = ~std::uint32_t{0};
  std::uint32_t find(std::uint64_t number) const;
  // Index in groups_ of group `number`, created empty when absent.
  std::uint32_t find_or_add(std::uint64_t number);
  void erase(std::uint64_t number);
  std::size_t home(std::uint64_t number) const;
  void rehash(std::size_t capacity);

  // Zeroes [from, to) and releases what it covers; from <= to <= kEndOfSpace.
  void clear_range(std::uint64_t from, std::uint64_t to);
  // The (number, index in groups_) of every group held that overlaps [from, to), from < to.
  std::vector<std::pair<std::uint64_t, std::uint32_t>> groups_in(std::uint64_t from,
                                                                 std::uint64_t to) const;
  // clear_range restricted to group `number`, present at groups_[index].
  void clear_in_group(std::uint64_t number, std::uint32_t index, std::uint64_t from,
                      std::uint64_t to);

  ChunkPool pool_;
  // Open addressing with linear probing; a slot holds (group number + 1) << 32 | index in groups_,
  // or 0 when empty. Load factor <= 1/2; capacity a power of two.
  std::vector<std::uint64_t> slots_;
  unsigned slot_bits_ = 0;
  std::vector<Group> groups_;
  std::vector<std::uint32_t> free_groups_;  // indices in groups_ not in use
  std::size_t group_count_ = 0;             // groups in use
};

}  // namespace sim::storage
