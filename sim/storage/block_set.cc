#include "sim/storage/block_set.h"

#include <algorithm>

namespace sim::storage {

BlockSet::BlockSet(std::uint64_t block_count)
    : block_count_(block_count),
      container_count_((block_count + BlockContainer::kBlocks - 1) >> kContainerShift),
      page_count_((container_count_ + kPageMask) >> kPageShift),
      page_slots_(std::min<std::uint64_t>(container_count_, kPageMask + 1)) {}

BlockContainer& BlockSet::allocate_page_for(std::uint64_t index) {
  const std::uint64_t page = index >> kPageShift;
  if (pages_.empty()) pages_.resize(page_count_);
  if (!pages_[page]) pages_[page] = std::make_unique<BlockContainer[]>(page_slots_);
  return pages_[page][index & kPageMask];
}

void BlockSet::mark_slow(std::uint64_t first, std::uint64_t last) {
  const std::uint64_t first_container = first >> kContainerShift;
  const std::uint64_t last_container = last >> kContainerShift;
  if (first_container == last_container) {
    container_for_write(first_container).mark(first & 0xFFFF, last & 0xFFFF);
    return;
  }
  container_for_write(first_container).mark(first & 0xFFFF, 0xFFFF);
  for (std::uint64_t c = first_container + 1; c < last_container; ++c) {
    container_for_write(c).mark(0, 0xFFFF);
  }
  container_for_write(last_container).mark(0, last & 0xFFFF);
}

bool BlockSet::contains(std::uint64_t block) const {
  const BlockContainer* c = find(block >> kContainerShift);
  return c != nullptr && c->contains(block & 0xFFFF);
}

void BlockSet::merge_from(const BlockSet& other) {
  for (std::uint64_t page = 0; page < other.pages_.size(); ++page) {
    if (!other.pages_[page]) continue;
    for (std::uint64_t slot = 0; slot < page_slots_; ++slot) {
      const BlockContainer& source = other.pages_[page][slot];
      if (source.empty()) continue;
      container_for_write((page << kPageShift) | slot).merge_from(source);
    }
  }
}

void BlockSet::coarsen(unsigned group_log2) {
  for (auto& page : pages_) {
    if (!page) continue;
    for (std::uint64_t slot = 0; slot < page_slots_; ++slot) page[slot].coarsen(group_log2);
  }
}

std::size_t BlockSet::heap_bytes() const {
  std::size_t bytes = pages_.capacity() * sizeof(pages_[0]);
  for (const auto& page : pages_) {
    if (!page) continue;
    bytes += page_slots_ * sizeof(BlockContainer);
    for (std::uint64_t slot = 0; slot < page_slots_; ++slot) bytes += page[slot].heap_bytes();
  }
  return bytes;
}

}  // namespace sim::storage
