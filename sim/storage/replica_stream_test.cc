#include "sim/storage/replica_stream.h"

#include "sim/storage/crc32c.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace sim::storage {
namespace {

// A small segment with payloads of different sizes, including an empty one.
class StreamFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    for (std::size_t i = 0; i < 4; ++i) {
      payloads_.emplace_back(i * 100, std::byte(0x40 + i));
    }
    for (std::size_t i = 0; i < payloads_.size(); ++i) {
      records_.push_back(LogRecord{7 + i, i * 4096, payloads_[i].size(), payloads_[i]});
    }
    records_.front().length = 4096;  // payloads_[0] is empty: a zero fill of one block
    auto stream = export_stream(7, records_);
    ASSERT_TRUE(stream.ok()) << stream.error().to_string();
    stream_ = std::move(*stream);
  }

  std::vector<std::vector<std::byte>> payloads_;
  std::vector<LogRecord> records_;
  std::vector<std::byte> stream_;
};

TEST_F(StreamFixture, RoundTripsWithoutCopyingPayloads) {
  auto imported = import_stream(stream_);
  ASSERT_TRUE(imported.ok()) << imported.error().to_string();
  EXPECT_EQ(imported->first_sequence, 7u);
  ASSERT_EQ(imported->records.size(), records_.size());
  for (std::size_t i = 0; i < records_.size(); ++i) {
    const LogRecord& got = imported->records[i];
    EXPECT_EQ(got.sequence, records_[i].sequence);
    EXPECT_EQ(got.offset, records_[i].offset);
    EXPECT_EQ(got.length, records_[i].length);
    EXPECT_EQ(got.zero_fill(), records_[i].zero_fill());
    EXPECT_TRUE(std::ranges::equal(got.payload, records_[i].payload));
    if (!got.payload.empty()) {
      EXPECT_GE(got.payload.data(), stream_.data());
      EXPECT_LT(got.payload.data(), stream_.data() + stream_.size());
    }
  }
}

TEST_F(StreamFixture, EverySingleByteCorruptionIsDetected) {
  for (std::size_t at = 0; at < stream_.size(); ++at) {
    for (std::uint8_t flip : {0x01, 0x80, 0xFF}) {
      auto bad = stream_;
      bad[at] ^= std::byte(flip);
      auto imported = import_stream(bad);
      ASSERT_FALSE(imported.ok()) << "byte " << at << " xor " << int(flip) << " went unnoticed";
      EXPECT_EQ(imported.code(), ErrorCode::kDataCorrupt);
    }
  }
}

TEST_F(StreamFixture, EveryTruncationAndExtensionIsDetected) {
  for (std::size_t size = 0; size < stream_.size(); ++size) {
    auto imported = import_stream(std::span<const std::byte>(stream_.data(), size));
    ASSERT_FALSE(imported.ok()) << "truncation to " << size << " bytes went unnoticed";
    EXPECT_EQ(imported.code(), ErrorCode::kDataCorrupt);
  }
  auto longer = stream_;
  longer.push_back(std::byte{0});
  auto imported = import_stream(longer);
  ASSERT_FALSE(imported.ok());
  EXPECT_NE(imported.error().message.find("after the trailer"), std::string::npos);
}

TEST_F(StreamFixture, ReorderedRecordsAreDetected) {
  std::swap(records_[1], records_[2]);
  // Renumber so the writer accepts the swapped order: only the import's checks can catch it now.
  std::vector<LogRecord> swapped = records_;
  swapped[1].sequence = 8;
  swapped[2].sequence = 9;
  auto reordered = export_stream(7, swapped);
  ASSERT_TRUE(reordered.ok());
  // Splice the original frames in swapped order: same bytes, different order.
  const std::size_t r1 = kStreamHeaderBytes + kRecordFrameBytes + payloads_[0].size();
  const std::size_t len1 = kRecordFrameBytes + payloads_[1].size();
  const std::size_t len2 = kRecordFrameBytes + payloads_[2].size();
  std::vector<std::byte> spliced(stream_.begin(), stream_.begin() + r1);
  spliced.insert(spliced.end(), stream_.begin() + r1 + len1, stream_.begin() + r1 + len1 + len2);
  spliced.insert(spliced.end(), stream_.begin() + r1, stream_.begin() + r1 + len1);
  spliced.insert(spliced.end(), stream_.begin() + r1 + len1 + len2, stream_.end());
  ASSERT_EQ(spliced.size(), stream_.size());
  auto imported = import_stream(spliced);
  ASSERT_FALSE(imported.ok());
  EXPECT_NE(imported.error().message.find("reordered"), std::string::npos)
      << imported.error().message;
}

TEST(ReplicaStream, WriterRejectsGapsAndWrongBufferSize) {
  const std::vector<std::byte> payload(8, std::byte{1});
  std::vector<LogRecord> gap{{5, 0, 8, payload}, {7, 0, 8, payload}};
  auto stream = export_stream(5, gap);
  ASSERT_FALSE(stream.ok());
  EXPECT_EQ(stream.code(), ErrorCode::kInvalidParameter);
  std::vector<std::byte> small(10);
  EXPECT_FALSE(write_stream(5, {}, small).ok());
  std::vector<LogRecord> short_payload{{5, 0, 16, payload}};
  EXPECT_EQ(export_stream(5, short_payload).code(), ErrorCode::kInvalidParameter);
}

TEST(ReplicaStream, ForgedRecordCountIsRejectedBeforeAllocating) {
  auto stream = export_stream(0, {});
  ASSERT_TRUE(stream.ok());
  // Claim 2^60 records and re-sign the header, as a hostile producer could.
  (*stream)[31] = std::byte{0x10};
  const std::uint32_t crc = crc32c(std::span<const std::byte>(stream->data(), 44));
  for (int i = 0; i < 4; ++i) (*stream)[44 + i] = std::byte(crc >> (8 * i));
  auto imported = import_stream(*stream);
  ASSERT_FALSE(imported.ok());
  EXPECT_NE(imported.error().message.find("cannot hold them"), std::string::npos)
      << imported.error().message;
}

}  // namespace
}  // namespace sim::storage
