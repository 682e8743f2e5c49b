// hvsim_storage_soak: runs many random operations against TrackingOracle (see tracking_oracle.h),
// in episodes of fresh random disks, and stops at the first mismatch.
// Usage: hvsim_storage_soak [operations=10000000] [seed]   (seed also from $SEED; else random)
// Prints the seed first and progress every million operations; exit status 1 on a mismatch, with
// the failing episode's disk and operation, replayable with the same seed.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "sim/storage/tracking_oracle.h"

namespace {

using sim::storage::testing::choose_disk;
using sim::storage::testing::Op;
using sim::storage::testing::OpKind;
using sim::storage::testing::TrackingOracle;

constexpr std::uint64_t kEpisodeOps = 1000;
// Writes and queries dominate; events stay frequent enough to matter in every episode.
constexpr int kWeights[sim::storage::testing::kOpKindCount] = {30, 8, 6, 12, 25, 6, 2, 1, 1, 1, 3};

OpKind draw_kind(std::mt19937_64& engine) {
  static_assert(sizeof(kWeights) / sizeof(kWeights[0]) == sim::storage::testing::kOpKindCount);
  int total = 0;
  for (int w : kWeights) total += w;
  int pick = static_cast<int>(engine() % static_cast<std::uint64_t>(total));
  int kind = 0;
  while (pick >= kWeights[kind]) pick -= kWeights[kind++];
  return static_cast<OpKind>(kind);
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t operations = argc > 1 ? std::stoull(argv[1]) : 10'000'000;
  std::uint64_t seed = std::random_device{}();
  if (const char* env = std::getenv("SEED")) seed = std::stoull(env);
  if (argc > 2) seed = std::stoull(argv[2]);
  std::printf("storage soak: %llu operations, seed=%llu\n",
              static_cast<unsigned long long>(operations), static_cast<unsigned long long>(seed));
  std::fflush(stdout);

  const auto start = std::chrono::steady_clock::now();
  std::mt19937_64 engine(seed);
  std::uint64_t done = 0;
  for (std::uint64_t episode = 0; done < operations; ++episode) {
    const std::uint64_t a = engine(), b = engine();
    TrackingOracle oracle(choose_disk(a, b), a ^ b);
    for (std::uint64_t i = 0; i < kEpisodeOps && done < operations; ++i, ++done) {
      const OpKind kind = draw_kind(engine);
      const Op op{kind, engine(), engine(), engine(), engine()};
      if (auto failure = oracle.apply(op)) {
        std::printf("FAIL seed=%llu episode=%llu disk=choose_disk(%lluu, %lluu) op #%llu\n  %s\n",
                    static_cast<unsigned long long>(seed), static_cast<unsigned long long>(episode),
                    static_cast<unsigned long long>(a), static_cast<unsigned long long>(b),
                    static_cast<unsigned long long>(i), failure->c_str());
        return 1;
      }
      if ((done + 1) % 1'000'000 == 0) {
        const double secs =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::printf("  %llu operations ok (%.0f s)\n", static_cast<unsigned long long>(done + 1),
                    secs);
        std::fflush(stdout);
      }
    }
  }
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("storage soak: PASS %llu operations, seed=%llu, %.1f s\n",
              static_cast<unsigned long long>(done), static_cast<unsigned long long>(seed), secs);
  return 0;
}
