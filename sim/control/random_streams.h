// sim::control random streams: one run seed → independent, named, reproducible random streams.
// The simulator has no global RNG; each concern draws from its own stream, so adding a draw in one
// concern (say, a fault decision) never shifts the ids or job timings of another, and the same seed
// replays the same run.
//
// Derivation (stable across platforms and releases; changing it changes every replay):
//   tag(name)          = FNV-1a 64 of the stream name's bytes
//   stream_seed        = splitmix64(splitmix64(run_seed) XOR tag(name))
//   stream             = std::mt19937_64 seeded with stream_seed
// where splitmix64(x) is the output function of Steele et al.'s SplitMix64 applied to
// x + 0x9E3779B97F4A7C15. std::mt19937_64's output sequence is fixed by the C++ standard, and the
// bounded draws below use only that sequence (no std:: distributions, whose output varies between
// standard libraries), so a seed gives the same values with any compiler.
//
// Thread-safety: RandomStreams is immutable and may be shared; a RandomStream is a value owned by
// one concern and is not synchronised.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <string_view>

namespace sim::control {

// The stream names the simulator uses. Any other name also works; these are the shared ones.
namespace stream {
inline constexpr std::string_view kIds = "ids";               // GUIDs of groups, jobs, points
inline constexpr std::string_view kJobTiming = "job-timing";  // job duration jitter
inline constexpr std::string_view kFaults = "faults";         // fault-rule probability draws
inline constexpr std::string_view kInventory = "inventory";   // generated inventories
inline constexpr std::string_view kStorage = "storage";       // per-disk tracker/session seeds
}  // namespace stream

// SplitMix64 output function of x + golden gamma (see above). Pure.
std::uint64_t splitmix64(std::uint64_t x);

class RandomStream {
 public:
  // A UniformRandomBitGenerator, so std::shuffle and friends accept it.
  using result_type = std::uint64_t;
  static constexpr result_type min() { return std::mt19937_64::min(); }
  static constexpr result_type max() { return std::mt19937_64::max(); }

  explicit RandomStream(std::uint64_t stream_seed) : engine_(stream_seed) {}

  result_type operator()() { return engine_(); }
  // Uniform in [0, bound), by rejection (unbiased). Precondition: bound > 0.
  std::uint64_t below(std::uint64_t bound);
  // Uniform in [low, high]. Precondition: low <= high.
  std::uint64_t in_range(std::uint64_t low, std::uint64_t high);
  // Uniform in [0, 1) with 53 random bits.
  double unit();
  // True with probability p: never for p <= 0, always for p >= 1 (neither case draws).
  bool chance(double p);
  // A GUID string shaped as RFC 4122 version 4: 8-4-4-4-12 hex digits, version nibble 4, variant
  // bits 10xx; uppercase when `uppercase` (the form Hyper-V uses for VM Names), else lowercase.
  std::string guid(bool uppercase = true);

 private:
  std::mt19937_64 engine_;
};

class RandomStreams {
 public:
  explicit RandomStreams(std::uint64_t run_seed) : run_seed_(run_seed) {}

  std::uint64_t run_seed() const { return run_seed_; }
  // The seed of the stream called `name` (derivation above). Pure.
  std::uint64_t stream_seed(std::string_view name) const;
  // A fresh stream called `name`: every call with the same name starts the same sequence.
  RandomStream stream(std::string_view name) const { return RandomStream(stream_seed(name)); }

 private:
  std::uint64_t run_seed_;
};

}  // namespace sim::control
