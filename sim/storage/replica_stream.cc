#include "sim/storage/replica_stream.h"

#include <fmt/format.h>

#include <cstring>

#include "sim/storage/crc32c.h"

namespace sim::storage {
namespace {

constexpr char kStreamMagic[8] = {'H', 'V', 'R', 'L', 'O', 'G', '0', '1'};
constexpr std::uint32_t kVersion = 1;
constexpr std::uint32_t kRecordMagic = 0x43455252;   // "RREC" read little-endian
constexpr std::uint32_t kTrailerMagic = 0x444E4552;  // "REND"
constexpr std::uint32_t kZeroFillFlag = 1;           // the record carries no payload bytes

// Little-endian field access; the format is little-endian on every host.
void put32(std::byte* at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) at[i] = std::byte(v >> (8 * i));
}
void put64(std::byte* at, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) at[i] = std::byte(v >> (8 * i));
}
std::uint32_t get32(const std::byte* at) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= std::uint32_t(at[i]) << (8 * i);
  return v;
}
std::uint64_t get64(const std::byte* at) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= std::uint64_t(at[i]) << (8 * i);
  return v;
}
std::uint32_t crc_of(const std::byte* at, std::size_t n, std::uint32_t crc = 0) {
  return crc32c(std::span<const std::byte>(at, n), crc);
}

Error corrupt(std::string what) { return Error{ErrorCode::kDataCorrupt, std::move(what)}; }

}  // namespace

std::size_t stream_size(std::span<const LogRecord> records) {
  std::size_t size = kStreamHeaderBytes + kStreamTrailerBytes;
  for (const LogRecord& r : records) size += kRecordFrameBytes + r.payload.size();
  return size;
}

Status write_stream(std::uint64_t first_sequence, std::span<const LogRecord> records,
                    std::span<std::byte> out) {
  if (out.size() != stream_size(records)) {
    return Error{ErrorCode::kInvalidParameter, "stream buffer size differs from stream_size()"};
  }
  std::uint64_t payload_bytes = 0;
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (records[i].sequence != first_sequence + i) {
      return Error{ErrorCode::kInvalidParameter,
                   fmt::format("record {} has sequence {}, expected {}", i, records[i].sequence,
                               first_sequence + i)};
    }
    if (!records[i].zero_fill() && records[i].payload.size() != records[i].length) {
      return Error{ErrorCode::kInvalidParameter,
                   fmt::format("record {} holds {} payload bytes for a {}-byte write", i,
                               records[i].payload.size(), records[i].length)};
    }
    payload_bytes += records[i].payload.size();
  }

  std::byte* p = out.data();
  std::memcpy(p, kStreamMagic, 8);
  put32(p + 8, kVersion);
  put32(p + 12, kStreamHeaderBytes);
  put64(p + 16, first_sequence);
  put64(p + 24, records.size());
  put64(p + 32, payload_bytes);
  put32(p + 40, 0);
  put32(p + 44, crc_of(p, 44));
  p += kStreamHeaderBytes;

  std::uint32_t chain = 0;
  for (const LogRecord& r : records) {
    put32(p, kRecordMagic);
    put32(p + 4, r.zero_fill() ? kZeroFillFlag : 0);
    put64(p + 8, r.sequence);
    put64(p + 16, r.offset);
    put64(p + 24, r.length);
    if (!r.payload.empty()) std::memcpy(p + 32, r.payload.data(), r.payload.size());
    const std::uint32_t crc = crc_of(p, 32 + r.payload.size());
    put32(p + 32 + r.payload.size(), crc);
    chain = crc_of(p + 32 + r.payload.size(), 4, chain);
    p += kRecordFrameBytes + r.payload.size();
  }

  put32(p, kTrailerMagic);
  put32(p + 4, 0);
  put64(p + 8, records.size());
  put32(p + 16, chain);
  put32(p + 20, crc_of(p, 20));
  return Status();
}

Result<std::vector<std::byte>> export_stream(std::uint64_t first_sequence,
                                             std::span<const LogRecord> records) {
  std::vector<std::byte> out(stream_size(records));
  if (Status s = write_stream(first_sequence, records, out); !s.ok()) return s.error();
  return out;
}

Result<ImportedSegment> import_stream(std::span<const std::byte> stream) {
  const std::byte* p = stream.data();
  std::size_t left = stream.size();
  if (left < kStreamHeaderBytes) {
    return corrupt(
        fmt::format("truncated: {} bytes, a stream header alone is {}", left, kStreamHeaderBytes));
  }
  if (std::memcmp(p, kStreamMagic, 8) != 0) return corrupt("not a replica-log stream (bad magic)");
  if (get32(p + 44) != crc_of(p, 44)) return corrupt("header checksum mismatch");
  if (get32(p + 8) != kVersion) {
    return corrupt(fmt::format("unsupported stream version {}", get32(p + 8)));
  }
  if (get32(p + 12) != kStreamHeaderBytes) return corrupt("unexpected header size");

  ImportedSegment segment;
  segment.first_sequence = get64(p + 16);
  const std::uint64_t record_count = get64(p + 24);
  const std::uint64_t payload_bytes = get64(p + 32);
  p += kStreamHeaderBytes;
  left -= kStreamHeaderBytes;
  // Each record needs at least a frame, so a count larger than the bytes allow is corrupt: this
  // check also bounds the reservation below.
  if (record_count > left / kRecordFrameBytes) {
    return corrupt(
        fmt::format("header announces {} records, the stream cannot hold them", record_count));
  }
  segment.records.reserve(record_count);

  std::uint32_t chain = 0;
  std::uint64_t payload_seen = 0;
  for (std::uint64_t i = 0; i < record_count; ++i) {
    const std::uint64_t at = stream.size() - left;
    if (left < kRecordFrameBytes) return corrupt(fmt::format("truncated in record {}", i));
    if (get32(p) != kRecordMagic) {
      return corrupt(fmt::format("record {} at byte {}: bad record magic", i, at));
    }
    const std::uint32_t flags = get32(p + 4);
    if ((flags & ~kZeroFillFlag) != 0) {
      return corrupt(fmt::format("record {} at byte {}: unknown flags {:#x}", i, at, flags));
    }
    const std::uint64_t write_length = get64(p + 24);
    const std::uint64_t length = (flags & kZeroFillFlag) ? 0 : write_length;
    if (length > left - kRecordFrameBytes) {
      return corrupt(
          fmt::format("record {} at byte {}: length {} runs past the end", i, at, length));
    }
    const std::uint32_t crc = get32(p + 32 + length);
    if (crc != crc_of(p, 32 + length)) {
      return corrupt(fmt::format("record {} at byte {}: checksum mismatch", i, at));
    }
    const std::uint64_t sequence = get64(p + 8);
    if (sequence != segment.first_sequence + i) {
      return corrupt(
          fmt::format("record {} at byte {}: sequence {} where {} was expected "
                      "(records reordered or missing)",
                      i, at, sequence, segment.first_sequence + i));
    }
    segment.records.push_back(LogRecord{sequence, get64(p + 16), write_length,
                                        std::span<const std::byte>(p + 32, length)});
    chain = crc_of(p + 32 + length, 4, chain);
    payload_seen += length;
    p += kRecordFrameBytes + length;
    left -= kRecordFrameBytes + length;
  }

  if (left < kStreamTrailerBytes) return corrupt("truncated: trailer missing");
  if (get32(p) != kTrailerMagic) return corrupt("bad trailer magic");
  if (get32(p + 20) != crc_of(p, 20)) return corrupt("trailer checksum mismatch");
  if (get64(p + 8) != record_count || get32(p + 16) != chain) {
    return corrupt("trailer does not match the records (records dropped or reordered)");
  }
  if (payload_seen != payload_bytes) return corrupt("payload byte count differs from the header");
  if (left != kStreamTrailerBytes) {
    return corrupt(
        fmt::format("{} unexpected bytes after the trailer", left - kStreamTrailerBytes));
  }
  return segment;
}

}  // namespace sim::storage
