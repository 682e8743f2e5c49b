#include "sim/storage/rct_id.h"

#include <gtest/gtest.h>

namespace sim::storage {
namespace {

TEST(RctId, ParsesTheRealHostExample) {
  const auto id = parse_rct_id("rctX:5bfde23b:ce75:4303:b54f:6c18394f105c:00000001");
  ASSERT_TRUE(id.ok()) << id.error().to_string();
  EXPECT_EQ(id->sequence, 1u);
  EXPECT_EQ(id->session.to_string(), "5bfde23b-ce75-4303-b54f-6c18394f105c");
  EXPECT_EQ(id->to_string(), "rctX:5bfde23b:ce75:4303:b54f:6c18394f105c:00000001");
}

TEST(RctId, RoundTripsRandomSessions) {
  std::mt19937_64 engine(7);
  for (std::uint32_t seq : {0u, 1u, 0xABCDu, 0xFFFFFFFFu}) {
    const RctId id{Guid::random(engine), seq};
    const auto back = parse_rct_id(id.to_string());
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, id);
  }
}

TEST(RctId, RandomGuidsAreVersion4) {
  std::mt19937_64 engine(1);
  const Guid g = Guid::random(engine);
  EXPECT_EQ(g.bytes()[6] >> 4, 4);
  EXPECT_EQ(g.bytes()[8] >> 6, 2);
  EXPECT_EQ(Guid::parse(g.to_string()), g);
}

TEST(RctId, MalformedTextsFailWithInvalidTrackingId) {
  for (const char* text : {"", "rctX:", "rctX:5bfde23b-ce75-4303-b54f-6c18394f105c:00000001",
                           "RCTX:5bfde23b:ce75:4303:b54f:6c18394f105c:00000001",
                           "rctX:5bfde23b:ce75:4303:b54f:6c18394f105c:0000001",
                           "rctX:5bfde23b:ce75:4303:b54f:6c18394f105c:000000001",
                           "rctX:5bfde23b:ce75:4303:b54f:6c18394f105g:00000001",
                           "rctX:5bfde23b:ce75:4303:b54f:6c18394f105c:0000000x"}) {
    const auto id = parse_rct_id(text);
    ASSERT_FALSE(id.ok()) << text;
    EXPECT_EQ(id.code(), ErrorCode::kInvalidTrackingId) << text;
  }
}

TEST(StorageError, NamesTheCode) {
  EXPECT_EQ(to_string(ErrorCode::kNoTrackingData),
            "0xC03A0030 (no change tracking data for that id)");
}

}  // namespace
}  // namespace sim::storage
