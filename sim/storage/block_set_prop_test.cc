// RapidCheck properties of BlockSet and collect_changes against std::set<uint64_t>: dense marking
// across container shapes (array growth and compaction, bitmap, full), merge, coarsening, and the
// range extraction with paging, over one set or the union of several, with marks between queries
// (which sort arrays in place). Small block spaces, many marks, so every shape transition happens.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <random>
#include <set>
#include <span>
#include <vector>

#include "sim/storage/block_set.h"
#include "sim/storage/change_query.h"

namespace sim::storage {
namespace {

// Marks random runs (mostly single blocks in a hot spot, some long) into `set` and `model`.
void mark_random(BlockSet& set, std::set<std::uint64_t>& model, std::uint64_t count) {
  const std::uint64_t n = set.block_count();
  for (std::uint64_t i = 0; i < count; ++i) {
    const auto kind = *rc::gen::inRange(0, 10);
    const std::uint64_t first =
        kind < 6 ? *rc::gen::inRange<std::uint64_t>(0, std::min<std::uint64_t>(n, 9000))
                 : *rc::gen::inRange<std::uint64_t>(0, n);
    const std::uint64_t width = kind == 9 ? *rc::gen::inRange<std::uint64_t>(1, 200000)
                                          : *rc::gen::inRange<std::uint64_t>(1, 80);
    const std::uint64_t last = std::min(n - 1, first + width - 1);
    set.mark(first, last);
    for (std::uint64_t b = first; b <= last; ++b) model.insert(b);
  }
}

std::vector<ByteRange> ranges_of(const std::set<std::uint64_t>& blocks, unsigned shift,
                                 std::uint64_t begin, std::uint64_t end) {
  std::vector<ByteRange> out;
  for (std::uint64_t b : blocks) {
    const std::uint64_t from = std::max(b << shift, begin);
    const std::uint64_t to = std::min((b + 1) << shift, end);
    if (from >= to) continue;
    if (!out.empty() && out.back().offset + out.back().length == from) {
      out.back().length += to - from;
    } else {
      out.push_back({from, to - from});
    }
  }
  return out;
}

// Marks single blocks in ascending order with pseudo-random gaps from a random start: the appends
// that keep a sorted array sorted. (Few generated values, so that shrinking stays cheap.)
void mark_ascending(BlockSet& set, std::set<std::uint64_t>& model) {
  const std::uint64_t count = *rc::gen::inRange<std::uint64_t>(0, 3000);
  std::uint64_t block = *rc::gen::inRange<std::uint64_t>(0, set.block_count());
  std::minstd_rand gaps(*rc::gen::arbitrary<std::uint32_t>());
  for (std::uint64_t i = 0; i < count && block < set.block_count(); ++i) {
    set.mark(block, block);
    model.insert(block);
    block += 1 + gaps() % 300;
  }
}

// The whole answer for [begin, end) over `sets`, paged through a small buffer.
std::vector<ByteRange> collect_paged(std::span<const std::unique_ptr<BlockSet>> sets,
                                     unsigned shift, std::uint64_t begin, std::uint64_t end) {
  std::vector<ByteRange> got;
  std::vector<ByteRange> buffer(*rc::gen::inRange<std::size_t>(1, 40));
  for (std::uint64_t at = begin; at < end;) {
    const auto c = collect_changes(sets, ChangeWindow{at, end - at, shift}, buffer);
    got.insert(got.end(), buffer.begin(),
               buffer.begin() + static_cast<std::ptrdiff_t>(c.range_count));
    RC_ASSERT(c.processed_length > 0);
    at += c.processed_length;
  }
  return got;
}

RC_GTEST_PROP(BlockSetProp, MarksMergesAndCoarseningMatchASet, ()) {
  const std::uint64_t blocks = *rc::gen::inRange<std::uint64_t>(1, 4 * BlockContainer::kBlocks);
  BlockSet a(blocks), b(blocks);
  std::set<std::uint64_t> model_a, model_b;
  mark_random(a, model_a, *rc::gen::inRange<std::uint64_t>(0, 3000));
  mark_random(b, model_b, *rc::gen::inRange<std::uint64_t>(0, 3000));
  if (*rc::gen::arbitrary<bool>()) {
    a.merge_from(b);
    model_a.insert(model_b.begin(), model_b.end());
  }
  if (*rc::gen::arbitrary<bool>()) {
    a.coarsen(4);
    std::set<std::uint64_t> coarse;
    for (std::uint64_t x : model_a) {
      for (std::uint64_t y = x & ~std::uint64_t{15}; y < (x | 15) + 1; ++y) coarse.insert(y);
    }
    model_a = coarse;  // may extend past block_count; the window clips it
  }
  for (int probe = 0; probe < 200; ++probe) {
    const std::uint64_t x = *rc::gen::inRange<std::uint64_t>(0, blocks);
    RC_ASSERT(a.contains(x) == model_a.contains(x));
  }
  const unsigned shift = *rc::gen::inRange(12u, 17u);
  const std::uint64_t disk = blocks << shift;
  const std::uint64_t begin = *rc::gen::inRange<std::uint64_t>(0, disk);
  const std::uint64_t end = *rc::gen::inRange<std::uint64_t>(begin + 1, disk + 1);
  const std::vector<ByteRange> want = ranges_of(model_a, shift, begin, end);

  std::vector<std::unique_ptr<BlockSet>> sets;
  sets.push_back(std::make_unique<BlockSet>(std::move(a)));
  RC_ASSERT(collect_paged(sets, shift, begin, end) == want);
}

// Several sets (epochs) marked in rounds, with queries of a suffix of them between rounds: a query
// sorts array containers in place, so marks after it (in or out of order) must still be seen, and
// a union of several sets (arrays sorted together, or OR-ed with bitmaps) must match the union.
RC_GTEST_PROP(BlockSetProp, QueriesBetweenMarksMatchTheUnion, ()) {
  const std::uint64_t blocks = *rc::gen::inRange<std::uint64_t>(1, 3 * BlockContainer::kBlocks);
  const int set_count = *rc::gen::inRange(1, 4);  // 1 to 3
  std::vector<std::unique_ptr<BlockSet>> sets;
  std::vector<std::set<std::uint64_t>> models(static_cast<std::size_t>(set_count));
  for (int i = 0; i < set_count; ++i) sets.push_back(std::make_unique<BlockSet>(blocks));
  const int rounds = *rc::gen::inRange(1, 5);
  for (int round = 0; round < rounds; ++round) {
    for (std::size_t i = 0; i < sets.size(); ++i) {
      if (*rc::gen::arbitrary<bool>()) {
        mark_ascending(*sets[i], models[i]);
      } else {
        mark_random(*sets[i], models[i], *rc::gen::inRange<std::uint64_t>(0, 200));
      }
    }
    const auto first = *rc::gen::inRange<std::size_t>(0, sets.size());
    std::set<std::uint64_t> model;
    for (std::size_t i = first; i < sets.size(); ++i)
      model.insert(models[i].begin(), models[i].end());
    const unsigned shift = *rc::gen::inRange(12u, 17u);
    const std::uint64_t disk = blocks << shift;
    const std::uint64_t begin = *rc::gen::inRange<std::uint64_t>(0, disk);
    const std::uint64_t end = *rc::gen::inRange<std::uint64_t>(begin + 1, disk + 1);
    const auto suffix = std::span<const std::unique_ptr<BlockSet>>(sets).subspan(first);
    RC_ASSERT(collect_paged(suffix, shift, begin, end) == ranges_of(model, shift, begin, end));
  }
}

}  // namespace
}  // namespace sim::storage
