#include "sim/storage/change_query.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <vector>

namespace sim::storage {
namespace {

constexpr std::uint64_t kLowBits = BlockContainer::kBlocks - 1;
// OR-ed into a word before counting its trailing zeros: the count is unchanged for a non-zero word,
// and the compiler, unable to tell a zero word apart, emits no branch per boundary.
constexpr std::uint64_t kTopBit = std::uint64_t{1} << 63;

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
  // Branch-light (the per-range emitter is the query's hot loop): four positions are stored per
  // round whether or not they exist, and only the real ones are counted, so the sole
  // data-dependent branch is one loop exit per four boundaries. Flushes when the buffer nears
  // capacity.
  void add_flips(std::uint64_t base, std::uint64_t flips) {
    std::uint64_t* at = bounds_ + held_;
    held_ += static_cast<std::size_t>(std::popcount(flips));
    do {
      at[0] = base + static_cast<unsigned>(std::countr_zero(flips | kTopBit));
      flips &= flips - 1;
      at[1] = base + static_cast<unsigned>(std::countr_zero(flips | kTopBit));
      flips &= flips - 1;
      at[2] = base + static_cast<unsigned>(std::countr_zero(flips | kTopBit));
      flips &= flips - 1;
      at[3] = base + static_cast<unsigned>(std::countr_zero(flips | kTopBit));
      flips &= flips - 1;
      at += 4;
    } while (flips != 0);
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
  // A word adds at most 64 boundaries, plus up to 3 unused slots of the last round of four.

  std::uint64_t window_start_;
  std::uint64_t window_end_;
  unsigned shift_;
  std::span<ByteRange> out_;
  std::size_t count_ = 0;
  bool truncated_ = false;
  std::size_t held_ = 0;
  std::uint64_t bounds_[kFlushAt + 64 + 4];
};

}  // namespace

// x86-64: also built for x86-64-v3 (popcnt, tzcnt, blsr as single instructions: the emitter's
// per-boundary chain drops from ~4 to ~2 cycles), chosen at load time when the CPU has it.
#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target_clones("arch=x86-64-v3", "default")))
#endif
CollectedChanges
collect_changes(std::span<const std::unique_ptr<BlockSet>> sets, const ChangeWindow& window,
                std::span<ByteRange> out) {
  RangeWriter writer(window, out);
  const std::uint64_t first_block = window.byte_offset >> window.block_shift;
  const std::uint64_t last_block =
      (window.byte_offset + window.byte_length - 1) >> window.block_shift;
  const std::uint64_t first_container = first_block >> BlockSet::kContainerShift;
  const std::uint64_t last_container = last_block >> BlockSet::kContainerShift;

  std::vector<const BlockContainer*> sources;
  sources.reserve(sets.size());
  alignas(64) std::uint64_t scratch[BlockContainer::kWords] = {};  // all zero between containers
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
      const std::uint32_t first_word = lo >> 6;
      const std::uint32_t last_word = hi >> 6;
      std::uint64_t open = carry;
      if (std::all_of(sources.begin(), sources.end(), [](const BlockContainer* s) {
            return s->kind() == BlockContainer::Kind::kArray;
          })) {
        // Arrays: scatter into the scratch bitmap, noting non-empty words in a summary, and visit
        // only those words (in order; a run left open before a skipped word ends at that word).
        std::uint64_t summary[BlockContainer::kWords / 64] = {};
        for (const BlockContainer* source : sources) {
          for (const std::uint16_t block : source->array_entries()) {
            scratch[block >> 6] |= std::uint64_t{1} << (block & 63);
            summary[block >> 12] |= std::uint64_t{1} << ((block >> 6) & 63);
          }
        }
        scratch[first_word] &= ~std::uint64_t{0} << (lo & 63);
        scratch[last_word] &= ~std::uint64_t{0} >> (63 - (hi & 63));
        std::uint32_t expected = first_word;  // the word after the last one visited
        for (std::uint32_t s = first_word >> 6; s <= (last_word >> 6); ++s) {
          std::uint64_t live = summary[s];
          if (s == (first_word >> 6)) live &= ~std::uint64_t{0} << (first_word & 63);
          if (s == (last_word >> 6)) live &= ~std::uint64_t{0} >> (63 - (last_word & 63));
          for (; live != 0; live &= live - 1) {
            const std::uint32_t w = s * 64 + static_cast<std::uint32_t>(std::countr_zero(live));
            if (w != expected && open != 0) {
              writer.add(base + std::uint64_t{expected} * 64);
              open = 0;
            }
            const std::uint64_t bits = scratch[w];
            scratch[w] = 0;
            writer.add_flips(base + std::uint64_t{w} * 64, bits ^ ((bits << 1) | open));
            open = bits >> 63;
            expected = w + 1;
          }
        }
        if (expected != last_word + 1 && open != 0) {
          writer.add(base + std::uint64_t{expected} * 64);
          open = 0;
        }
        // Visited words are clear again; a clipped window may have left bits outside it.
        if (lo != 0 || hi != kLowBits) std::memset(scratch, 0, sizeof(scratch));
      } else {
        const std::uint64_t* words = scratch;
        const bool own_words = sources.size() == 1 && lo == 0 && hi == kLowBits;
        if (own_words) {
          words = sources[0]->bitmap_words().data();
        } else {
          for (const BlockContainer* source : sources) source->or_into(scratch);
          scratch[first_word] &= ~std::uint64_t{0} << (lo & 63);
          scratch[last_word] &= ~std::uint64_t{0} >> (63 - (hi & 63));
        }
        // Dense: every word costs the same, with no branch on its content.
        for (std::uint32_t w = first_word; w <= last_word; ++w) {
          const std::uint64_t bits = words[w];
          const std::uint64_t flips = bits ^ ((bits << 1) | open);
          open = bits >> 63;
          writer.add_flips(base + std::uint64_t{w} * 64, flips);
        }
        if (!own_words) std::memset(scratch, 0, sizeof(scratch));
      }
      carry = open != 0;
      next_block = base + ((hi >> 6) + 1) * 64;
    }
  }
  if (carry) writer.add(std::min(next_block, last_block + 1));
  writer.flush();
  return writer.result();
}

}  // namespace sim::storage
