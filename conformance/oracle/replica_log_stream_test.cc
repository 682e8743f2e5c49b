#include "conformance/oracle/replica_log_stream.h"

#include <gtest/gtest.h>

#include <string_view>

namespace conformance::oracle {
namespace {

void put(std::vector<std::byte>& out, std::uint64_t value, std::size_t width) {
  for (std::size_t i = 0; i < width; ++i) out.push_back(std::byte(value >> (8 * i) & 0xFF));
}

void put_magic(std::vector<std::byte>& out, std::string_view magic) {
  for (char c : magic) out.push_back(static_cast<std::byte>(c));
}

// A stream as docs/formats/replica-log.md lays it out (CRC fields zero: not checked here): a
// 4-byte write of 0xAB at 8 and a zero fill of 2 bytes at 9, first sequence 7.
std::vector<std::byte> two_record_stream() {
  std::vector<std::byte> s;
  put_magic(s, "HVRLOG01");
  put(s, 1, 4);
  put(s, 48, 4);
  put(s, 7, 8);
  put(s, 2, 8);
  put(s, 4, 8);
  put(s, 0, 8);
  put_magic(s, "RREC");
  put(s, 0, 4);
  put(s, 7, 8);
  put(s, 8, 8);
  put(s, 4, 8);
  for (int i = 0; i < 4; ++i) s.push_back(std::byte{0xAB});
  put(s, 0, 4);
  put_magic(s, "RREC");
  put(s, 1, 4);
  put(s, 8, 8);
  put(s, 9, 8);
  put(s, 2, 8);
  put(s, 0, 4);
  put_magic(s, "REND");
  put(s, 0, 4);
  put(s, 2, 8);
  put(s, 0, 8);
  return s;
}

TEST(ReplicaLogStream, ParsesAndAppliesInOrder) {
  const auto stream = two_record_stream();
  const auto size = log_stream_size(stream);
  ASSERT_TRUE(size.ok());
  EXPECT_EQ(*size, stream.size());
  const auto segment = parse_log_stream(stream);
  ASSERT_TRUE(segment.ok()) << segment.status().to_string();
  ASSERT_EQ(segment->records.size(), 2u);
  EXPECT_EQ(segment->records[1].sequence, 8u);
  EXPECT_TRUE(segment->records[1].zero_fill);
  std::vector<std::byte> replica(16, std::byte{1});
  apply_records(*segment, 4, replica);  // the window [4, 20)
  const std::vector<std::byte> expected = {
      std::byte{1}, std::byte{1},    std::byte{1}, std::byte{1}, std::byte{0xAB}, std::byte{0},
      std::byte{0}, std::byte{0xAB}, std::byte{1}, std::byte{1}, std::byte{1},    std::byte{1},
      std::byte{1}, std::byte{1},    std::byte{1}, std::byte{1}};
  EXPECT_EQ(replica, expected);
}

TEST(ReplicaLogStream, RefusesAMissingRecordOrTruncation) {
  auto stream = two_record_stream();
  stream[24] = std::byte{3};  // the header claims a third record
  EXPECT_FALSE(parse_log_stream(stream).ok());
  auto truncated = two_record_stream();
  truncated.pop_back();
  EXPECT_FALSE(parse_log_stream(truncated).ok());
  auto resequenced = two_record_stream();
  resequenced[48 + 8] = std::byte{9};  // record 0 says sequence 9
  EXPECT_FALSE(parse_log_stream(resequenced).ok());
}

}  // namespace
}  // namespace conformance::oracle
