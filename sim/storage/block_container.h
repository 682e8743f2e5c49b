// sim::storage::BlockContainer: the set of marked blocks inside one aligned chunk of 2^16 tracking
// blocks, in the cheapest of four shapes (as in Roaring bitmaps):
//   empty   no memory;
//   array   up to 4096 block numbers (uint16), appended unsorted and possibly repeated, compacted
//           (sorted, deduplicated) when it fills — so a write is an append, never a memmove; a
//           query sorts it in place, and it stays sorted while later appends come in order;
//   bitmap  8 KiB, one bit per block, with a live count of set bits;
//   full    every block marked; no memory.
// A bitmap whose count reaches 2^16 becomes full; a full array is compacted and becomes a bitmap
// only when at least a quarter of it was distinct. Marking is the only way blocks enter; nothing
// removes one. Owns its heap memory; movable, not copyable; not synchronised (sorted_entries(),
// though const, may reorder the array in place: one thread at a time).
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>

namespace sim::storage {

class BlockContainer {
 public:
  static constexpr std::uint32_t kBlocks = 1u << 16;
  static constexpr std::uint32_t kWords = kBlocks / 64;
  static constexpr std::uint32_t kMaxArray = 4096;

  enum class Kind : std::uint8_t { kEmpty, kArray, kBitmap, kFull };

  BlockContainer() = default;
  ~BlockContainer() { release(); }
  BlockContainer(BlockContainer&& other) noexcept;
  BlockContainer& operator=(BlockContainer&& other) noexcept;
  BlockContainer(const BlockContainer&) = delete;
  BlockContainer& operator=(const BlockContainer&) = delete;

  Kind kind() const { return kind_; }
  bool empty() const { return kind_ == Kind::kEmpty; }
  bool full() const { return kind_ == Kind::kFull; }

  // Marks blocks lo..hi (inclusive; lo <= hi < kBlocks). Never fails (allocation failure aborts).
  void mark(std::uint32_t lo, std::uint32_t hi) {
    if (!mark_fast(lo, hi)) mark_slow(lo, hi);
  }
  // The write path's common cases, small enough to inline: one block set in a bitmap, or appended
  // to an array with room. Returns false (changing nothing) otherwise.
  [[gnu::always_inline]] bool mark_fast(std::uint32_t lo, std::uint32_t hi) {
    if (lo != hi) return false;
    if (kind_ == Kind::kBitmap) {
      std::uint64_t& word = bits_[lo >> 6];
      const std::uint64_t bit = std::uint64_t{1} << (lo & 63);
      count_ += static_cast<std::uint32_t>((word & bit) == 0);
      word |= bit;
      if (count_ == kBlocks) [[unlikely]]
        become_full();
      return true;
    }
    if (kind_ == Kind::kArray && count_ < capacity_) {
      if (array_[count_ - 1] != lo) array_[count_++] = static_cast<std::uint16_t>(lo);
      return true;
    }
    return false;
  }
  // Any mark; the out-of-line counterpart of mark_fast.
  [[gnu::noinline]] void mark_slow(std::uint32_t lo, std::uint32_t hi);

  bool contains(std::uint32_t block) const;
  // Sets, in `words` (kWords words), the bit of every marked block. Leaves other bits as they were.
  void or_into(std::uint64_t* words) const;
  // The bit words when kind() == kBitmap, else empty.
  std::span<const std::uint64_t> bitmap_words() const;
  // The entries (block numbers, unsorted, possibly repeated) when kind() == kArray, else empty.
  std::span<const std::uint16_t> array_entries() const;
  // The same entries in ascending order: a linear check, and when an append since the last call
  // came out of order, a linear-time sort of the array in place (the set is unchanged).
  std::span<const std::uint16_t> sorted_entries() const;
  // Sorts block numbers ascending in time linear in their count; `spare` is working space at
  // least as large.
  static void sort_blocks(std::span<std::uint16_t> blocks, std::span<std::uint16_t> spare);

  // Asks the CPU to start loading an array's entries, so that a scan overlaps their memory latency
  // with its work on the previous container. (A bitmap's sequential scan needs no hint.)
  void prefetch() const;

  // Marks every block `other` holds.
  void merge_from(const BlockContainer& other);
  // Marks every block of each aligned group of 2^group_log2 blocks (group_log2 <= 6) that holds a
  // marked block: the coarse answer a crashed host recovers from its coarse map.
  void coarsen(unsigned group_log2);
  // Heap bytes owned (the 8 KiB bitmap or the array's capacity).
  std::size_t heap_bytes() const;

 private:
  // Replaces the content by the set whose bits are `words`, in the cheapest shape.
  void assign_words(const std::uint64_t* words);
  // Array full: sort and deduplicate, or turn into a bitmap when at least kMaxArray / 4 are
  // distinct.
  void compact_array();
  void ensure_array_capacity(std::uint32_t needed);
  [[gnu::noinline]] void become_full();
  void release();

  union {
    std::uint16_t* array_;
    std::uint64_t* bits_ = nullptr;
  };
  std::uint32_t count_ = 0;     // array: entries held (may repeat); bitmap: set bits
  std::uint16_t capacity_ = 0;  // array: allocated entries (<= kMaxArray)
  Kind kind_ = Kind::kEmpty;
};

static_assert(sizeof(BlockContainer) == 16);

}  // namespace sim::storage
