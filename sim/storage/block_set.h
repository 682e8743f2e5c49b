// sim::storage::BlockSet: a sparse set of tracking-block numbers over a disk of up to 2^34 blocks —
// the blocks written during one change-tracking epoch. Blocks are grouped in containers of 2^16
// (BlockContainer: empty / array / bitmap / full); containers sit in pages of up to 512, and a page
// is allocated on the first write that lands in it. Creating a set allocates nothing, so starting
// an epoch is O(1) in disk size; memory follows the blocks marked (a fully marked disk costs 16
// bytes per container, i.e. ~256 KiB per 64 TiB at 64 KiB blocks). Movable, not copyable; not
// synchronised, and a query (collect_changes) sorts array containers in place: one thread at a
// time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "sim/storage/block_container.h"

namespace sim::storage {

class BlockSet {
 public:
  static constexpr unsigned kContainerShift = 16;
  static constexpr unsigned kPageShift = 9;  // containers per page: 512

  // A set over blocks [0, block_count); block_count <= 2^34.
  explicit BlockSet(std::uint64_t block_count);

  std::uint64_t block_count() const { return block_count_; }
  std::uint64_t container_count() const { return container_count_; }
  std::uint64_t page_count() const { return page_count_; }

  // Marks blocks first..last (inclusive; first <= last < block_count). Never fails.
  [[gnu::always_inline]] void mark(std::uint64_t first, std::uint64_t last) {
    const std::uint64_t index = first >> kContainerShift;
    const std::uint64_t page = index >> kPageShift;
    if (index == (last >> kContainerShift) && page < pages_.size() && pages_[page] &&
        pages_[page][index & kPageMask].mark_fast(first & 0xFFFF, last & 0xFFFF)) [[likely]] {
      return;
    }
    mark_slow(first, last);
  }

  bool contains(std::uint64_t block) const;
  // True when the page holding containers [page << kPageShift, ...) has been allocated.
  bool has_page(std::uint64_t page) const { return page < pages_.size() && pages_[page]; }
  // The container at `index`, or nullptr when nothing was marked in it.
  const BlockContainer* find(std::uint64_t index) const {
    const std::uint64_t page = index >> kPageShift;
    if (!has_page(page)) return nullptr;
    const BlockContainer& c = pages_[page][index & kPageMask];
    return c.empty() ? nullptr : &c;
  }

  // Marks every block `other` holds; `other` must have the same block_count.
  void merge_from(const BlockSet& other);
  // Replaces each marked block by its whole aligned group of 2^group_log2 blocks (group_log2 <= 6).
  void coarsen(unsigned group_log2);
  // Heap bytes owned: page directory, pages, and containers' payloads.
  std::size_t heap_bytes() const;

 private:
  static constexpr std::uint64_t kPageMask = (std::uint64_t{1} << kPageShift) - 1;

  BlockContainer& container_for_write(std::uint64_t index) {
    const std::uint64_t page = index >> kPageShift;
    if (page < pages_.size() && pages_[page]) [[likely]] {
      return pages_[page][index & kPageMask];
    }
    return allocate_page_for(index);
  }
  BlockContainer& allocate_page_for(std::uint64_t index);
  // mark() for the cases mark_fast does not take: a page to allocate, a container to grow or
  // reshape, or a range over several containers.
  [[gnu::noinline]] void mark_slow(std::uint64_t first, std::uint64_t last);

  std::uint64_t block_count_;
  std::uint64_t container_count_;
  std::uint64_t page_count_;
  std::uint64_t page_slots_;  // containers per page: min(512, container_count)
  std::vector<std::unique_ptr<BlockContainer[]>> pages_;  // sized on first write
};

}  // namespace sim::storage
