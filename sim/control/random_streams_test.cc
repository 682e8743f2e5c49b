#include "sim/control/random_streams.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <array>
#include <set>
#include <vector>

namespace sim::control {
namespace {

std::vector<std::uint64_t> draws(RandomStream stream, int n) {
  std::vector<std::uint64_t> out;
  for (int i = 0; i < n; ++i) out.push_back(stream());
  return out;
}

TEST(SplitMix64, MatchesTheReferenceSequence) {
  // The reference generator's state advances by the golden gamma; seeded with 0 its outputs are
  // splitmix64(0), splitmix64(gamma), ... (Vigna's splitmix64.c).
  EXPECT_EQ(splitmix64(0), 0xE220A8397B1DCDAFULL);
  EXPECT_EQ(splitmix64(0x9E3779B97F4A7C15ULL), 0x6E789E6AA1B965F4ULL);
  EXPECT_EQ(splitmix64(2 * 0x9E3779B97F4A7C15ULL), 0x06C45D188009454FULL);
}

TEST(RandomStreams, DerivationIsPinned) {
  // Changing the derivation changes every recorded replay; these values pin it (checked against
  // an independent Python implementation of the documented derivation and of std::mt19937_64).
  const RandomStreams streams(42);
  EXPECT_EQ(streams.run_seed(), 42u);
  EXPECT_EQ(streams.stream_seed("ids"), 0x8C5B5CA0CDFD60B9ULL);
  EXPECT_EQ(streams.stream("ids")(), 0xF4A24BF9A6CE1F94ULL);
}

TEST(RandomStreams, SameSeedAndNameReplayTheSameSequence) {
  const RandomStreams a(7);
  const RandomStreams b(7);
  EXPECT_EQ(draws(a.stream(stream::kIds), 100), draws(b.stream(stream::kIds), 100));
  EXPECT_EQ(draws(a.stream(stream::kFaults), 100), draws(a.stream(stream::kFaults), 100));
}

TEST(RandomStreams, NamesAndSeedsGiveDifferentStreams) {
  const RandomStreams streams(7);
  const std::array<std::string_view, 5> names{stream::kIds, stream::kJobTiming, stream::kFaults,
                                              stream::kInventory, stream::kStorage};
  std::set<std::uint64_t> seeds;
  std::set<std::vector<std::uint64_t>> sequences;
  for (const auto name : names) {
    seeds.insert(streams.stream_seed(name));
    sequences.insert(draws(streams.stream(name), 8));
  }
  EXPECT_EQ(seeds.size(), names.size());
  EXPECT_EQ(sequences.size(), names.size());
  EXPECT_NE(draws(RandomStreams(8).stream(stream::kIds), 8),
            draws(RandomStreams(7).stream(stream::kIds), 8));
}

TEST(RandomStreams, DrawingFromOneStreamDoesNotShiftAnother) {
  const RandomStreams streams(99);
  RandomStream ids = streams.stream(stream::kIds);
  RandomStream faults = streams.stream(stream::kFaults);
  const auto undisturbed = draws(streams.stream(stream::kIds), 10);
  for (int i = 0; i < 1000; ++i) faults();
  EXPECT_EQ(draws(ids, 10), undisturbed);
}

TEST(RandomStream, ChanceAtTheEdgesNeverDraws) {
  RandomStream used(1);
  const RandomStream untouched(1);
  EXPECT_FALSE(used.chance(0.0));
  EXPECT_FALSE(used.chance(-3.0));
  EXPECT_TRUE(used.chance(1.0));
  EXPECT_TRUE(used.chance(7.0));
  EXPECT_EQ(draws(used, 5), draws(untouched, 5));
}

TEST(RandomStream, ChanceFollowsItsProbability) {
  RandomStream stream(5);
  int hits = 0;
  for (int i = 0; i < 100000; ++i) hits += stream.chance(0.25) ? 1 : 0;
  EXPECT_NEAR(hits / 100000.0, 0.25, 0.01);
}

TEST(RandomStream, GuidsAreVersion4Shaped) {
  RandomStream stream(11);
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string upper = stream.guid();
    const std::string lower = stream.guid(false);
    for (const std::string& g : {upper, lower}) {
      ASSERT_EQ(g.size(), 36u) << g;
      EXPECT_EQ(g[8], '-');
      EXPECT_EQ(g[13], '-');
      EXPECT_EQ(g[18], '-');
      EXPECT_EQ(g[23], '-');
      EXPECT_EQ(g[14], '4') << g;
      EXPECT_NE(std::string("89abAB").find(g[19]), std::string::npos) << g;
      seen.insert(g);
    }
    EXPECT_EQ(upper, [&] {
      std::string u = upper;
      std::transform(u.begin(), u.end(), u.begin(), ::toupper);
      return u;
    }());
    EXPECT_TRUE(std::none_of(lower.begin(), lower.end(), ::isupper)) << lower;
  }
  EXPECT_EQ(seen.size(), 2000u);
}

RC_GTEST_PROP(RandomStream, BelowAndInRangeStayInBounds,
              (std::uint64_t seed, std::uint64_t a, std::uint64_t b)) {
  RandomStream stream(seed);
  const std::uint64_t bound = std::max<std::uint64_t>(a, 1);
  RC_ASSERT(stream.below(bound) < bound);
  const auto [low, high] = std::minmax(a, b);
  const std::uint64_t x = stream.in_range(low, high);
  RC_ASSERT(x >= low);
  RC_ASSERT(x <= high);
  const double u = stream.unit();
  RC_ASSERT(u >= 0.0);
  RC_ASSERT(u < 1.0);
}

TEST(RandomStream, BelowIsUniform) {
  RandomStream stream(3);
  std::array<int, 6> counts{};
  for (int i = 0; i < 60000; ++i) ++counts[stream.below(6)];
  for (const int c : counts) EXPECT_NEAR(c, 10000, 500);
}

TEST(RandomStream, WorksWithStandardAlgorithms) {
  std::vector<int> a{1, 2, 3, 4, 5, 6, 7, 8};
  std::vector<int> b = a;
  RandomStream s1(4);
  RandomStream s2(4);
  std::shuffle(a.begin(), a.end(), s1);
  std::shuffle(b.begin(), b.end(), s2);
  EXPECT_EQ(a, b);
}

}  // namespace
}  // namespace sim::control
