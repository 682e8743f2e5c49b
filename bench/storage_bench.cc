// storage_bench: Resilient Change Tracking costs (issue 3 targets) with, in the same run, a naive
// baseline (std::set of dirty blocks per id, copied at seal) and a limit probe (random bit-set in a
// flat bitmap of the same size, epoch bump, flat bitmap scan). Memory figures are counters.
// Inputs are precomputed and memory prefaulted outside timed regions. Run through `bench/run
// storage`.
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <cstring>
#include <memory>
#include <random>
#include <set>
#include <vector>

#include "sim/storage/change_tracker.h"

namespace {

using sim::storage::ByteRange;
using sim::storage::ChangeTracker;

constexpr std::uint64_t kKiB = 1024;
constexpr std::uint64_t kMiB = kKiB * kKiB;
constexpr std::uint64_t kGiB = kMiB * kKiB;
constexpr std::uint64_t kTiB = kGiB * kKiB;
constexpr std::uint64_t kDisk = 64 * kTiB;
constexpr std::uint64_t kBlock = 64 * kKiB;
constexpr std::uint64_t kBlocks = kDisk / kBlock;  // 2^30
constexpr std::size_t kOffsets = 1 << 20;          // precomputed random inputs (power of two)

std::vector<std::uint64_t> random_blocks(std::uint64_t range, std::uint64_t seed) {
  std::mt19937_64 engine(seed);
  std::vector<std::uint64_t> v(kOffsets);
  for (auto& x : v) x = engine() % range;
  return v;
}

std::unique_ptr<ChangeTracker> tracker(std::uint64_t disk = kDisk) {
  auto t = std::make_unique<ChangeTracker>(disk, true, 1);
  if (!t->enable(kBlock).ok()) std::abort();
  return t;
}

std::size_t heap_in_use() { return mallinfo2().uordblks; }

// ---- tracked write (metadata only) -------------------------------------------------------------

// Writes of 4 KiB at random blocks within `span_blocks`; `live_ids` ids sealed beforehand;
// `prewarm` writes first, so the measured state is the steady state.
void run_writes(benchmark::State& state, std::uint64_t span_blocks, int live_ids,
                std::uint64_t prewarm) {
  auto t = tracker();
  for (int i = 1; i < live_ids; ++i) {
    t->record_write((i * 7919ull % kBlocks) * kBlock, 4096);
    (void)t->seal();
  }
  const auto blocks = random_blocks(span_blocks, 2);
  std::mt19937_64 engine(3);
  for (std::uint64_t i = 0; i < prewarm; ++i)
    t->record_write((engine() % span_blocks) * kBlock, 4096);
  std::size_t i = 0;
  for (auto _ : state) {
    t->record_write(blocks[i++ & (kOffsets - 1)] * kBlock, 4096);
  }
  state.counters["live_ids"] = live_ids;
}

void BM_Write_Hot(benchmark::State& s) {
  run_writes(s, 1024, static_cast<int>(s.range(0)), 1 << 16);
}
void BM_Write_Random64TiB(benchmark::State& s) {
  // 2^14 containers turn into bitmaps after ~1024-4096 writes each: warm to that steady state.
  run_writes(s, kBlocks, static_cast<int>(s.range(0)), std::uint64_t{1} << 26);
}
void BM_Write_Random64TiB_FirstTouch(benchmark::State& s) { run_writes(s, kBlocks, 1, 0); }
BENCHMARK(BM_Write_Hot)->Arg(1)->Arg(64);
BENCHMARK(BM_Write_Random64TiB)->Arg(1)->Arg(64);
BENCHMARK(BM_Write_Random64TiB_FirstTouch);

void BM_Naive_Write_Random64TiB(benchmark::State& state) {
  std::set<std::uint64_t> dirty;
  const auto blocks = random_blocks(kBlocks, 2);
  for (std::size_t i = 0; i < kOffsets; ++i) dirty.insert(blocks[i]);
  std::size_t i = 0;
  for (auto _ : state) {
    dirty.insert(blocks[i & (kOffsets - 1)] ^ (i >> 20));  // the set keeps growing, as a log would
    ++i;
  }
}
BENCHMARK(BM_Naive_Write_Random64TiB);

// Limit: independent random bit-sets in a flat bitmap of `bits` bits.
void BM_Limit_RandomBitSet(benchmark::State& state) {
  const std::uint64_t bits = static_cast<std::uint64_t>(state.range(0));
  std::vector<std::uint64_t> bitmap(bits / 64, 0);  // value-initialised: prefaulted
  const auto blocks = random_blocks(bits, 2);
  std::size_t i = 0;
  for (auto _ : state) {
    const std::uint64_t b = blocks[i++ & (kOffsets - 1)];
    bitmap[b >> 6] |= std::uint64_t{1} << (b & 63);
  }
  benchmark::DoNotOptimize(bitmap.data());
}
BENCHMARK(BM_Limit_RandomBitSet)->Arg(1024)->Arg(std::int64_t{1} << 30);

// ---- seal ------------------------------------------------------------------------------------

void BM_Seal(benchmark::State& state) {
  const std::uint64_t disk = static_cast<std::uint64_t>(state.range(0)) * kGiB;
  auto t = tracker(disk);
  const auto blocks = random_blocks(disk / kBlock, 4);
  for (std::size_t i = 0; i < 100000; ++i) t->record_write(blocks[i] * kBlock, 4096);
  for (auto _ : state) benchmark::DoNotOptimize(t->seal());
}
BENCHMARK(BM_Seal)->Arg(128)->Arg(64 * 1024)->Iterations(1 << 19);

void BM_Seal_WithIdText(benchmark::State& state) {
  auto t = tracker();
  for (auto _ : state) benchmark::DoNotOptimize(t->seal()->to_string());
}
BENCHMARK(BM_Seal_WithIdText)->Iterations(1 << 19);

// Naive: copy the dirty set at seal (a 128 GiB disk with 1 % of its blocks dirty).
void BM_Naive_Seal_128GiB(benchmark::State& state) {
  std::set<std::uint64_t> dirty;
  const auto blocks = random_blocks(128 * kGiB / kBlock, 4);
  for (std::size_t i = 0; i < 20000; ++i) dirty.insert(blocks[i]);
  for (auto _ : state) {
    std::set<std::uint64_t> sealed = dirty;
    benchmark::DoNotOptimize(sealed);
  }
}
BENCHMARK(BM_Naive_Seal_128GiB);

// Limit: an epoch bump touching one cache line, recorded in a preallocated list.
void BM_Limit_EpochBump(benchmark::State& state) {
  std::vector<std::uint64_t> epochs;
  epochs.reserve(std::size_t{1} << 26);
  std::uint64_t epoch = 0;
  for (auto _ : state) {
    epochs.push_back(++epoch);
    if (epochs.size() == epochs.capacity()) epochs.clear();
  }
  benchmark::DoNotOptimize(epochs.data());
}
BENCHMARK(BM_Limit_EpochBump);

// ---- query on 64 TiB ---------------------------------------------------------------------------

enum Density { kEmpty = 0, kClustered01 = 1, kUniform1 = 2, kUniform10 = 3 };

std::unique_ptr<ChangeTracker> dirty_tracker(Density d, std::string& id) {
  auto t = tracker();
  id = t->state().most_recent_id;
  std::mt19937_64 engine(5);
  if (d == kClustered01) {  // 0.1 % of blocks, inside 1 % of the address space, 64 KiB writes
    for (std::uint64_t i = 0; i < kBlocks / 1000; ++i)
      t->record_write((engine() % (kBlocks / 100)) * kBlock, kBlock);
  } else if (d != kEmpty) {
    const std::uint64_t n = d == kUniform1 ? kBlocks / 100 : kBlocks / 10;
    for (std::uint64_t i = 0; i < n; ++i) t->record_write((engine() % kBlocks) * kBlock, kBlock);
  }
  return t;
}

// One whole-disk query, paged through a buffer of 4096 ranges; returns the number of ranges.
std::size_t query_all(const ChangeTracker& t, const std::string& id, std::vector<ByteRange>& out) {
  std::size_t ranges = 0;
  for (std::uint64_t at = 0; at < kDisk;) {
    auto r = t.query_changes(id, at, kDisk - at, out);
    ranges += r->range_count;
    at += r->processed_length;
  }
  return ranges;
}

void report_ranges(benchmark::State& state, std::size_t ranges) {
  state.counters["ranges"] = static_cast<double>(ranges);
  state.counters["ns_per_range"] = benchmark::Counter(
      static_cast<double>(ranges),
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

// Repeated queries of the same changes: from the second on, arrays of block numbers are sorted.
void BM_Query64TiB(benchmark::State& state) {
  std::string id;
  auto t = dirty_tracker(static_cast<Density>(state.range(0)), id);
  std::vector<ByteRange> out(4096);
  std::size_t ranges = 0;
  for (auto _ : state) ranges = query_all(*t, id, out);
  report_ranges(state, ranges);
}
BENCHMARK(BM_Query64TiB)
    ->Arg(kEmpty)
    ->Arg(kClustered01)
    ->Arg(kUniform1)
    ->Arg(kUniform10)
    ->Unit(benchmark::kMillisecond);

// The first query after the writes, which also sorts every array (info: what one backup pays).
void BM_Query64TiB_First(benchmark::State& state) {
  std::string id;
  std::unique_ptr<ChangeTracker> t;
  std::vector<ByteRange> out(4096);
  std::size_t ranges = 0;
  for (auto _ : state) {
    state.PauseTiming();
    t.reset();
    t = dirty_tracker(static_cast<Density>(state.range(0)), id);
    state.ResumeTiming();
    ranges = query_all(*t, id, out);
  }
  report_ranges(state, ranges);
}
BENCHMARK(BM_Query64TiB_First)->Arg(kUniform1)->Iterations(2)->Unit(benchmark::kMillisecond);

// Naive: per-block scan of a flat vector<bool> (any density costs the same), emitting ranges.
void BM_Naive_Query64TiB(benchmark::State& state) {
  std::vector<bool> dirty(kBlocks, false);
  std::mt19937_64 engine(5);
  for (std::uint64_t i = 0; i < kBlocks / 100; ++i) dirty[engine() % kBlocks] = true;
  for (auto _ : state) {
    std::uint64_t ranges = 0;
    bool open = false;
    for (std::uint64_t b = 0; b < kBlocks; ++b) {
      ranges += dirty[b] && !open;
      open = dirty[b];
    }
    benchmark::DoNotOptimize(ranges);
  }
}
BENCHMARK(BM_Naive_Query64TiB)->Unit(benchmark::kMillisecond)->Iterations(2);

// Limit: scan a flat 128 MiB bitmap (one bit per 64 KiB block of 64 TiB).
void BM_Limit_FlatScan128MiB(benchmark::State& state) {
  std::vector<std::uint64_t> bitmap(kBlocks / 64, 0);
  for (auto _ : state) {
    std::uint64_t acc = 0;
    for (std::uint64_t w : bitmap) acc += static_cast<std::uint64_t>(w != 0);
    benchmark::DoNotOptimize(acc);
  }
}
BENCHMARK(BM_Limit_FlatScan128MiB)->Unit(benchmark::kMillisecond);

// ---- tracking memory ---------------------------------------------------------------------------

// A fully dirty 1 TiB disk (every block written in 1 MiB writes) in each of K epochs.
void BM_Memory_FullyDirty(benchmark::State& state) {
  const int k = static_cast<int>(state.range(0));
  for (auto _ : state) {
    const std::size_t before = heap_in_use();
    auto t = tracker(kTiB);
    for (int e = 0; e < k; ++e) {
      for (std::uint64_t at = 0; at < kTiB; at += kMiB) t->record_write(at, kMiB);
      if (e + 1 < k) (void)t->seal();
    }
    state.counters["bytes_per_TiB"] = static_cast<double>(heap_in_use() - before);
    state.counters["tracker_bytes"] = static_cast<double>(t->memory_bytes());
    state.counters["live_ids"] = static_cast<double>(t->live_id_count());
  }
}
BENCHMARK(BM_Memory_FullyDirty)
    ->Arg(1)
    ->Arg(8)
    ->Arg(64)
    ->Iterations(1)
    ->Repetitions(1)
    ->Unit(benchmark::kMillisecond);

// 64 TiB disk, 0.1 % of blocks changed (clustered in 1 % of space, or uniform).
void BM_Memory_Sparse64TiB(benchmark::State& state) {
  for (auto _ : state) {
    const std::size_t before = heap_in_use();
    std::string id;
    auto t = dirty_tracker(kClustered01, id);
    std::mt19937_64 engine(6);
    std::set<std::uint64_t> changed;
    if (state.range(0) == 1) {  // uniform instead
      t = tracker();
      for (std::uint64_t i = 0; i < kBlocks / 1000; ++i)
        t->record_write((engine() % kBlocks) * kBlock, kBlock);
    }
    const double bytes = static_cast<double>(heap_in_use() - before);
    auto page = t->query_changes(t->state().most_recent_id, 0, kDisk, std::size_t{1} << 21);
    double blocks = 0;
    for (const ByteRange& r : page->ranges) blocks += static_cast<double>(r.length / kBlock);
    state.counters["bytes"] = bytes;
    state.counters["changed_blocks"] = blocks;
    state.counters["budget_bytes"] = 64.0 * 64 * kKiB + 3.0 * blocks;
    state.counters["bytes_per_changed_block"] = bytes / blocks;
  }
}
BENCHMARK(BM_Memory_Sparse64TiB)
    ->Arg(0)
    ->Arg(1)
    ->Iterations(1)
    ->Repetitions(1)
    ->Unit(benchmark::kMillisecond);

// Naive memory: std::set of dirty blocks, bytes per changed block.
void BM_Naive_Memory_PerBlock(benchmark::State& state) {
  for (auto _ : state) {
    const std::size_t before = heap_in_use();
    std::set<std::uint64_t> dirty;
    for (std::uint64_t i = 0; i < 1000000; ++i) dirty.insert(i * 977);
    state.counters["bytes_per_changed_block"] = static_cast<double>(heap_in_use() - before) / 1e6;
  }
}
BENCHMARK(BM_Naive_Memory_PerBlock)->Iterations(1)->Repetitions(1)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
