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
  // Appends the run boundaries of the blocks base + b, b in `sorted` (ascending, repeats allowed),
  // while a run is open up to `run_end` (exclusive): a block past that end closes the run and opens
  // the next. Returns the end of the last run, which stays open. Branch-free per block: both
  // boundaries of a possible gap are stored, and counted only when there is a gap.
  std::uint64_t add_blocks(std::uint64_t base, std::span<const std::uint16_t> sorted,
                           std::uint64_t run_end) {
    for (std::size_t i = 0; i < sorted.size() && !truncated_;) {
      const std::size_t stop = std::min(sorted.size(), i + kBlocksPerFlush);
      std::size_t held = held_;
      for (; i < stop; ++i) {
        const std::uint64_t block = base + sorted[i];
        bounds_[held] = run_end;
        bounds_[held + 1] = block;
        held += block > run_end ? 2 : 0;
        run_end = block + 1;
      }
      held_ = held;
      if (held_ > kFlushAt) flush();
    }
    return run_end;
  }
  void add(std::uint64_t block) {
    bounds_[held_++] = block;
    if (held_ > kFlushAt) flush();
  }

  // Converts every complete (start, end) pair into a range. Sets truncated() when the buffer is
  // full and another range (complete or started) is waiting.
  void flush() {
    const std::size_t pairs = std::min(held_ / 2, out_.size() - count_);
    const std::uint64_t window_start = window_start_;
    const std::uint64_t window_end = window_end_;
    ByteRange* to = out_.data() + count_;
    for (std::size_t p = 0; p < pairs; ++p) {
      const std::uint64_t start = std::max(bounds_[2 * p] << shift_, window_start);
      const std::uint64_t end = std::min(bounds_[2 * p + 1] << shift_, window_end);
      to[p] = ByteRange{start, end - start};
    }
    count_ += pairs;
    const std::size_t used = 2 * pairs;
    if (used < held_ && count_ == out_.size()) {
      truncated_ = true;
      held_ = 0;  // the answer is final; later boundaries are dropped
    } else if (used < held_) {
      bounds_[0] = bounds_[used];
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
  // Between flushes, a word adds at most 64 boundaries plus up to 3 unused slots of the last round
  // of four; add_blocks, at most two per block.
  static constexpr std::size_t kBlocksPerFlush = 32;

  std::uint64_t window_start_;
  std::uint64_t window_end_;
  unsigned shift_;
  std::span<ByteRange> out_;
  std::size_t count_ = 0;
  bool truncated_ = false;
  std::size_t held_ = 0;
  std::uint64_t bounds_[kFlushAt + 64 + 4];
};

// The block numbers of one container's arrays (one per epoch) in ascending order, repeats
// possible: a single array's own entries (sorted in place once), or several arrays' gathered into
// `buffer` and sorted together — valid until the next call.
std::span<const std::uint16_t> sorted_union(std::span<const BlockContainer* const> arrays,
                                            std::vector<std::uint16_t>& buffer) {
  if (arrays.size() == 1) return arrays[0]->sorted_entries();
  std::size_t count = 0;
  for (const BlockContainer* array : arrays) count += array->array_entries().size();
  if (buffer.size() < 2 * count) buffer.resize(2 * count);
  std::uint16_t* at = buffer.data();
  for (const BlockContainer* array : arrays) at = std::ranges::copy(array->array_entries(), at).out;
  const std::span<std::uint16_t> blocks(buffer.data(), count);
  BlockContainer::sort_blocks(blocks, std::span<std::uint16_t>(buffer).subspan(count));
  return blocks;
}

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
  std::vector<std::uint16_t> gathered;                             // sorted_union's buffer
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
        if (c < end) {
          if (const BlockContainer* next = set->find(c + 1)) next->prefetch();  // overlap its load
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
      if (std::all_of(sources.begin(), sources.end(), [](const BlockContainer* s) {
            return s->kind() == BlockContainer::Kind::kArray;
          })) {
        // Arrays: runs straight from the sorted block numbers inside [lo, hi] (searched for only
        // when the window clips the container: a search's scattered loads would miss the cache).
        const std::span<const std::uint16_t> sorted = sorted_union(sources, gathered);
        auto from = sorted.begin();
        auto to = sorted.end();
        if (lo != 0) from = std::lower_bound(from, to, lo);
        if (hi != kLowBits) to = std::upper_bound(from, to, hi);
        if (from == to) continue;  // none inside the window: an open run ends at next_block
        std::uint64_t run_end = next_block;  // an open run reaches base + lo
        if (!carry) {
          writer.add(base + *from);
          run_end = base + *from;
        }
        next_block = writer.add_blocks(base, {from, to}, run_end);
        carry = true;
        continue;
      }
      // A bitmap (with any other shapes OR-ed in): every word costs the same, with no branch on
      // its content; the scan stops as soon as the caller's buffer is full.
      const std::uint32_t first_word = lo >> 6;
      const std::uint32_t last_word = hi >> 6;
      const std::uint64_t* words = scratch;
      const bool own_words = sources.size() == 1 && lo == 0 && hi == kLowBits;
      if (own_words) {
        words = sources[0]->bitmap_words().data();
      } else {
        for (const BlockContainer* source : sources) source->or_into(scratch);
        scratch[first_word] &= ~std::uint64_t{0} << (lo & 63);
        scratch[last_word] &= ~std::uint64_t{0} >> (63 - (hi & 63));
      }
      std::uint64_t open = carry;
      for (std::uint32_t w = first_word; w <= last_word && !writer.truncated(); ++w) {
        const std::uint64_t bits = words[w];
        const std::uint64_t flips = bits ^ ((bits << 1) | open);
        open = bits >> 63;
        writer.add_flips(base + std::uint64_t{w} * 64, flips);
      }
      if (!own_words) std::memset(scratch, 0, sizeof(scratch));
      carry = open != 0;
      next_block = base + ((hi >> 6) + 1) * 64;
    }
  }
  if (carry) writer.add(std::min(next_block, last_block + 1));
  writer.flush();
  return writer.result();
}

}  // namespace sim::storage
