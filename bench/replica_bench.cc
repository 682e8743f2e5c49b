// Replica-log benchmarks (issue 4 targets, DESIGN.md "Targets"): append with payload, zero-fill
// ("metadata-only") append, apply onto a replica disk and export with CRC-32C — each beside a naive
// baseline (one heap std::vector per record) and a limit probe (memcpy, or a bare record store)
// measured in the same run. Memory is prefaulted outside timed loops; every benchmark reports the
// page faults it took per operation, which must be ~0 in steady state.
#include <benchmark/benchmark.h>
#include <sys/mman.h>
#include <sys/resource.h>

#include <cstring>
#include <map>
#include <memory>
#include <random>
#include <vector>

#include "sim/storage/replica_log.h"
#include "sim/storage/replica_stream.h"
#include "sim/storage/virtual_disk.h"

namespace sim::storage {
namespace {

constexpr std::size_t kWindowBytes = std::size_t{256} << 20;  // payload retained before a discard
constexpr std::uint64_t kReplicaBytes = std::uint64_t{1} << 30;

long minor_faults() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_minflt;
}

// Prefaulted, huge-page-advised memory that stays mapped for the whole run.
std::byte* prefaulted(std::size_t bytes) {
  void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) std::abort();
  madvise(p, bytes, MADV_HUGEPAGE);
  std::memset(p, 1, bytes);
  return static_cast<std::byte*>(p);
}

std::vector<std::byte> pattern(std::size_t bytes) {
  std::vector<std::byte> v(bytes);
  for (std::size_t i = 0; i < bytes; ++i) v[i] = std::byte(i * 131 + 7);
  return v;
}

// Reports throughput and page faults per operation for a loop of `ops` operations of `bytes` each.
void finish(benchmark::State& state, long faults_before, std::size_t bytes_per_op) {
  const long faults = minor_faults() - faults_before;
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes_per_op));
  state.counters["faults_per_op"] = benchmark::Counter(double(faults) / double(state.iterations()));
}

void BM_LimitMemcpy(benchmark::State& state) {
  const auto size = static_cast<std::size_t>(state.range(0));
  static std::byte* dst = prefaulted(kWindowBytes);
  const auto src = pattern(size);
  std::size_t at = 0;
  const long faults = minor_faults();
  for (auto _ : state) {
    if (at + size > kWindowBytes) at = 0;
    std::memcpy(dst + at, src.data(), size);
    benchmark::DoNotOptimize(dst + at);
    at += size;
  }
  finish(state, faults, size);
}

// Appends `size`-byte writes; every kWindowBytes the log is discarded to a fresh mark, as
// replication shipping a segment would. Steady state reuses the arena's slabs.
void BM_ReplicaAppend(benchmark::State& state) {
  const auto size = static_cast<std::size_t>(state.range(0));
  const auto payload = pattern(size);
  ReplicaLog log(ReplicaLogOptions{});
  log.reserve(2 * kWindowBytes);
  std::uint64_t offset = 0, retained = 0;
  auto step = [&] {
    log.append(offset, size, payload);
    offset = (offset + size) % kReplicaBytes;
    if ((retained += size) >= kWindowBytes) {
      const LogMark m = log.mark();
      log.discard_before(m);
      log.release(m);
      retained = 0;
    }
  };
  for (std::size_t warm = 0; warm < 2 * kWindowBytes / size; ++warm) step();  // records_ capacity
  const long faults = minor_faults();
  for (auto _ : state) step();
  finish(state, faults, size);
}

void BM_NaiveAppend(benchmark::State& state) {
  struct Record {
    std::uint64_t sequence, offset;
    std::vector<std::byte> payload;
  };
  const auto size = static_cast<std::size_t>(state.range(0));
  const auto payload = pattern(size);
  std::vector<Record> log;
  std::uint64_t sequence = 0, retained = 0;
  const long faults = minor_faults();
  for (auto _ : state) {
    log.push_back(Record{sequence++, sequence * size, payload});
    if ((retained += size) >= kWindowBytes) {
      log.clear();
      retained = 0;
    }
  }
  finish(state, faults, size);
}

// Zero-fill records carry no payload: this is the per-record bookkeeping cost alone.
void BM_ReplicaAppendZeroFill(benchmark::State& state) {
  ReplicaLog log(ReplicaLogOptions{});
  std::uint64_t n = 0;
  auto step = [&] {
    log.append((n * 4096) % kReplicaBytes, 4096, {});
    if (++n % (1 << 22) == 0) {
      const LogMark m = log.mark();
      log.discard_before(m);
      log.release(m);
    }
  };
  for (int warm = 0; warm < (1 << 23); ++warm) step();
  const long faults = minor_faults();
  for (auto _ : state) step();
  finish(state, faults, 0);
}

// The floor for a metadata-only record: storing 32 bytes into a prefaulted array.
void BM_LimitRecordStore(benchmark::State& state) {
  constexpr std::size_t kRecords = std::size_t{1} << 22;
  static LogRecord* records =
      reinterpret_cast<LogRecord*>(prefaulted(kRecords * sizeof(LogRecord)));
  std::uint64_t n = 0;
  const long faults = minor_faults();
  for (auto _ : state) {
    LogRecord& r = records[n % kRecords];
    r.sequence = n;
    r.offset = (n * 4096) % kReplicaBytes;
    r.length = 4096;
    r.payload = {};
    benchmark::DoNotOptimize(&r);
    ++n;
  }
  finish(state, faults, 0);
}

// kWindowBytes of `size`-byte records at shuffled, size-aligned offsets of a 1 GiB replica.
struct ApplyInput {
  explicit ApplyInput(std::size_t size) : payload(pattern(size)) {
    const std::size_t count = kWindowBytes / size;
    std::vector<std::uint64_t> slots(kReplicaBytes / size);
    for (std::size_t i = 0; i < slots.size(); ++i) slots[i] = i * size;
    std::shuffle(slots.begin(), slots.end(), std::mt19937_64(42));
    for (std::size_t i = 0; i < count; ++i) {
      records.push_back(LogRecord{i, slots[i], size, payload});
    }
  }
  std::vector<std::byte> payload;
  std::vector<LogRecord> records;
};

void BM_ReplicaApply(benchmark::State& state) {
  const auto size = static_cast<std::size_t>(state.range(0));
  const ApplyInput input(size);
  auto replica = VirtualDisk::create(DiskSpec{kReplicaBytes, 512, DiskFormat::kVhdx, Guid{}, 1});
  if (!replica.ok() || !apply_records(input.records, **replica).ok()) std::abort();  // prefault
  const long faults = minor_faults();
  for (auto _ : state) {
    if (!apply_records(input.records, **replica).ok()) std::abort();
  }
  finish(state, faults, kWindowBytes);
}

void BM_NaiveApply(benchmark::State& state) {
  const auto size = static_cast<std::size_t>(state.range(0));
  const ApplyInput input(size);
  const long faults = minor_faults();
  for (auto _ : state) {
    std::map<std::uint64_t, std::vector<std::byte>> replica;
    for (const LogRecord& r : input.records) {
      replica[r.offset].assign(r.payload.begin(), r.payload.end());
    }
    benchmark::DoNotOptimize(replica);
  }
  finish(state, faults, kWindowBytes);
}

void BM_LimitApplyMemcpy(benchmark::State& state) {
  const auto size = static_cast<std::size_t>(state.range(0));
  const ApplyInput input(size);
  static std::byte* replica = prefaulted(kReplicaBytes);
  const long faults = minor_faults();
  for (auto _ : state) {
    for (const LogRecord& r : input.records)
      std::memcpy(replica + r.offset, r.payload.data(), size);
    benchmark::ClobberMemory();
  }
  finish(state, faults, kWindowBytes);
}

void BM_ReplicaExport(benchmark::State& state) {
  const auto size = static_cast<std::size_t>(state.range(0));
  const ApplyInput input(size);
  const std::size_t stream_bytes = stream_size(input.records);
  static std::byte* out = prefaulted(2 * kWindowBytes);
  const long faults = minor_faults();
  for (auto _ : state) {
    if (!write_stream(0, input.records, std::span<std::byte>(out, stream_bytes)).ok()) std::abort();
    benchmark::ClobberMemory();
  }
  finish(state, faults, kWindowBytes);
}

void BM_NaiveExport(benchmark::State& state) {
  const auto size = static_cast<std::size_t>(state.range(0));
  const ApplyInput input(size);
  const long faults = minor_faults();
  for (auto _ : state) {
    auto stream = export_stream(0, input.records);  // a fresh buffer every time
    benchmark::DoNotOptimize(stream);
  }
  finish(state, faults, kWindowBytes);
}

void write_sizes(benchmark::internal::Benchmark* b) {
  b->Arg(4 << 10)->Arg(64 << 10)->Arg(1 << 20);
}

BENCHMARK(BM_LimitMemcpy)->Apply(write_sizes);
BENCHMARK(BM_ReplicaAppend)->Apply(write_sizes);
BENCHMARK(BM_NaiveAppend)->Apply(write_sizes);
BENCHMARK(BM_LimitRecordStore);
BENCHMARK(BM_ReplicaAppendZeroFill);
BENCHMARK(BM_LimitApplyMemcpy)->Apply(write_sizes)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReplicaApply)->Apply(write_sizes)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_NaiveApply)->Apply(write_sizes)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReplicaExport)->Apply(write_sizes)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_NaiveExport)->Apply(write_sizes)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace sim::storage

BENCHMARK_MAIN();
