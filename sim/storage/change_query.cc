#include "sim/storage/change_query.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <vector>

namespace sim::storage {
namespace {

constexpr std::uint64_t kLowBits = BlockContainer::kBlocks - 1;

// Collects run boundaries (block numbers where membership flips: start, end, start, end, ...) and
// converts complete pairs into byte ranges in the caller's buffer.
class RangeWriter {
 public:
  RangeWriter(const ChangeWindow& window, std::span<ByteRange> out)
      : window_start_(window.byte_offset),
        window_end_(window.byte_offset + window.byte_length),
        shift_(window.block_shift),
        out_(out) {}

  // Appends the boundaries of one word: bit i of `flips` set means a boundary at base + i.
  // Flushes when the boundary buffer nears capacity.
  void add_flips(std::uint64_t base, std::uint64_t flips) {
    while (flips != 0) {
      bounds_[held_++] = base + static_cast<unsigned>(std::countr_zero(flips));
      flips &= flips - 1;
    }
    if (held_ > kFlushAt) flush();
  }
  void add(std::uint64_t block) {
    bounds_[held_++] = block;
    if (held_ > kFlushAt) flush();
  }

  // Converts every complete (start, end) pair into a range. Sets truncated() when the buffer is
  // full and another range (complete or started) is waiting.
  void flush() {
    std::size_t i = 0;
    for (; i + 1 < held_ && !truncated_; i += 2) {
      if (count_ == out_.size()) {
        truncated_ = true;
        break;
      }
      const std::uint64_t start = std::max(bounds_[i] << shift_, window_start_);
      const std::uint64_t end = std::min(bounds_[i + 1] << shift_, window_end_);
      out_[count_++] = ByteRange{start, end - start};
    }
    if (i < held_ && count_ == out_.size()) truncated_ = true;
    if (truncated_) {
      held_ = 0;  // the answer is final; later boundaries are dropped
    } else if (i < held_) {
      bounds_[0] = bounds_[i];
      held_ = 1;
    } else {
      held_ = 0;
    }
  }

  bool truncated() const { return truncated_; }
  CollectedChanges result() const {
    if (!truncated_) return {count_, window_end_ - window_start_};
    const ByteRange& last = out_[count_ - 1];
    return {count_, last.offset + last.length - window_start_};
  }

 private:
  static constexpr std::size_t kFlushAt = 4096;

  std::uint64_t window_start_;
  std::uint64_t window_end_;
  unsigned shift_;
  std::span<ByteRange> out_;
  std::size_t count_ = 0;
  bool truncated_ = false;
  std::size_t held_ = 0;
  std::uint64_t bounds_[kFlushAt + 2 * 64];
};

}  // namespace

CollectedChanges collect_changes(std::span<const std::unique_ptr<BlockSet>> sets,
                                 const ChangeWindow& window, std::span<ByteRange> out) {
  RangeWriter writer(window, out);
  const std::uint64_t first_block = window.byte_offset >> window.block_shift;
  const std::uint64_t last_block =
      (window.byte_offset + window.byte_length - 1) >> window.block_shift;
  const std::uint64_t first_container = first_block >> BlockSet::kContainerShift;
  const std::uint64_t last_container = last_block >> BlockSet::kContainerShift;

  std::vector<const BlockContainer*> sources;
  sources.reserve(sets.size());
  alignas(64) std::uint64_t scratch[BlockContainer::kWords];
  bool carry = false;                      // the last block scanned is changed (a run is open)
  std::uint64_t next_block = first_block;  // the block after the last one scanned

  for (std::uint64_t page = first_container >> BlockSet::kPageShift;
       page <= (last_container >> BlockSet::kPageShift) && !writer.truncated(); ++page) {
    if (std::none_of(sets.begin(), sets.end(), [&](const auto& s) { return s->has_page(page); })) {
      continue;
    }
    const std::uint64_t page_first = page << BlockSet::kPageShift;
    const std::uint64_t begin = std::max(first_container, page_first);
    const std::uint64_t end =
        std::min(last_container, page_first + (1u << BlockSet::kPageShift) - 1);
    for (std::uint64_t c = begin; c <= end && !writer.truncated(); ++c) {
      sources.clear();
      bool full = false;
      for (const auto& set : sets) {
        if (const BlockContainer* found = set->find(c)) {
          sources.push_back(found);
          full |= found->full();
        }
      }
      if (sources.empty()) continue;
      const std::uint64_t base = c << BlockSet::kContainerShift;
      const std::uint32_t lo = c == first_container ? first_block & kLowBits : 0;
      const std::uint32_t hi = c == last_container ? last_block & kLowBits : kLowBits;
      if (carry && next_block != base + lo) {
        writer.add(next_block);  // the open run ended before this container
        carry = false;
      }
      if (full) {
        if (!carry) writer.add(base + lo);
        carry = true;
        next_block = base + hi + 1;
        continue;
      }
      const std::uint64_t* words = scratch;
      if (sources.size() == 1 && lo == 0 && hi == kLowBits &&
          sources[0]->kind() == BlockContainer::Kind::kBitmap) {
        words = sources[0]->bitmap_words().data();
      } else {
        std::memset(scratch, 0, sizeof(scratch));
        for (const BlockContainer* source : sources) source->or_into(scratch);
        scratch[lo >> 6] &= ~std::uint64_t{0} << (lo & 63);
        scratch[hi >> 6] &= ~std::uint64_t{0} >> (63 - (hi & 63));
      }
      for (std::uint32_t w = lo >> 6; w <= (hi >> 6); ++w) {
        const std::uint64_t bits = words[w];
        const std::uint64_t flips = bits ^ ((bits << 1) | static_cast<std::uint64_t>(carry));
        carry = (bits >> 63) != 0;
        writer.add_flips(base + std::uint64_t{w} * 64, flips);
      }
      next_block = base + ((hi >> 6) + 1) * 64;
    }
  }
  if (carry) writer.add(std::min(next_block, last_block + 1));
  writer.flush();
  return writer.result();
}

}  // namespace sim::storage
