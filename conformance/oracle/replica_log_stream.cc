#include "conformance/oracle/replica_log_stream.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>

namespace conformance::oracle {
namespace {

constexpr std::size_t kRecordFrameBytes = 36;  // 32 before the payload + 4 CRC
constexpr std::size_t kTrailerBytes = 24;

std::uint64_t le(std::span<const std::byte> bytes, std::size_t at, std::size_t width) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < width; ++i) {
    value |= static_cast<std::uint64_t>(bytes[at + i]) << (8 * i);
  }
  return value;
}

bool magic(std::span<const std::byte> bytes, std::size_t at, std::string_view expected) {
  return bytes.size() >= at + expected.size() &&
         std::memcmp(bytes.data() + at, expected.data(), expected.size()) == 0;
}

wmi::Status bad(const std::string& what) { return wmi::invalid_argument("replica log: " + what); }

}  // namespace

wmi::Result<std::uint64_t> log_stream_size(std::span<const std::byte> header) {
  if (header.size() < kLogHeaderBytes || !magic(header, 0, "HVRLOG01")) {
    return bad("no HVRLOG01 header");
  }
  const std::uint64_t count = le(header, 24, 8);
  const std::uint64_t payload = le(header, 32, 8);
  if (count > (std::uint64_t{1} << 32) || payload > (std::uint64_t{1} << 40)) {
    return bad("implausible counts");
  }
  return kLogHeaderBytes + count * kRecordFrameBytes + payload + kTrailerBytes;
}

wmi::Result<LogSegment> parse_log_stream(std::span<const std::byte> stream) {
  const auto size = log_stream_size(stream);
  if (!size.ok()) return size.status();
  if (le(stream, 8, 4) != 1 || le(stream, 12, 4) != kLogHeaderBytes) {
    return bad("version or header size");
  }
  if (*size != stream.size()) {
    return bad("stream of " + std::to_string(stream.size()) + " bytes, header says " +
               std::to_string(*size));
  }
  LogSegment segment;
  segment.first_sequence = le(stream, 16, 8);
  const std::uint64_t count = le(stream, 24, 8);
  std::uint64_t payload_total = 0;
  std::size_t at = kLogHeaderBytes;
  for (std::uint64_t i = 0; i < count; ++i) {
    if (stream.size() - at < kRecordFrameBytes || !magic(stream, at, "RREC")) {
      return bad("record " + std::to_string(i) + ": no RREC frame");
    }
    LogRecord record;
    const std::uint64_t flags = le(stream, at + 4, 4);
    if ((flags & ~std::uint64_t{1}) != 0) return bad("record " + std::to_string(i) + ": flags");
    record.zero_fill = (flags & 1) != 0;
    record.sequence = le(stream, at + 8, 8);
    record.offset = le(stream, at + 16, 8);
    record.length = le(stream, at + 24, 8);
    if (record.sequence != segment.first_sequence + i) {
      return bad("record " + std::to_string(i) + ": sequence " + std::to_string(record.sequence));
    }
    const std::uint64_t stored = record.zero_fill ? 0 : record.length;
    if (stored > stream.size() - at - kRecordFrameBytes) {
      return bad("record " + std::to_string(i) + ": payload past the end");
    }
    const auto* payload = stream.data() + at + 32;
    record.payload.assign(payload, payload + stored);
    payload_total += stored;
    at += kRecordFrameBytes + stored;
    segment.records.push_back(std::move(record));
  }
  if (stream.size() - at != kTrailerBytes || !magic(stream, at, "REND")) return bad("trailer");
  if (le(stream, at + 8, 8) != count) return bad("trailer count");
  if (le(stream, 32, 8) != payload_total) return bad("payload total");
  return segment;
}

void apply_records(const LogSegment& segment, std::uint64_t base, std::vector<std::byte>& replica) {
  const std::uint64_t end = base + replica.size();
  for (const LogRecord& record : segment.records) {
    const std::uint64_t from = std::max(record.offset, base);
    const std::uint64_t to = std::min(record.offset + record.length, end);
    for (std::uint64_t at = from; at < to; ++at) {
      replica[at - base] = record.zero_fill ? std::byte{0} : record.payload[at - record.offset];
    }
  }
}

}  // namespace conformance::oracle
