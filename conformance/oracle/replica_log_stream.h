// The replica-log stream a log-based reference point's export holds (docs/formats/replica-log.md,
// version 1), read independently of sim/storage: the header's counts, each record's sequence,
// offset and payload (or zero fill), the trailer's count. CRCs are not recomputed here — the
// suite checks what the records say, not the transport. apply_records() replays them onto a
// replica's bytes of a window, the way spec §8 says applying a segment must reproduce the
// primary. Pure functions; thread-safe. Malformed input is a wmi::Status (kInvalidArgument)
// naming the field; nothing is read outside the buffer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "wmi/cim/status.h"

namespace conformance::oracle {

inline constexpr std::size_t kLogHeaderBytes = 48;

struct LogRecord {
  std::uint64_t sequence = 0;
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
  bool zero_fill = false;
  std::vector<std::byte> payload;  // `length` bytes unless zero_fill
};

struct LogSegment {
  std::uint64_t first_sequence = 0;
  std::vector<LogRecord> records;
};

// The whole stream's size from its 48-byte header (header + records + trailer).
wmi::Result<std::uint64_t> log_stream_size(std::span<const std::byte> header);

// Parses a whole stream: magics, counts, consecutive sequences, payload total, no trailing bytes.
wmi::Result<LogSegment> parse_log_stream(std::span<const std::byte> stream);

// Replays `segment` in order onto `replica`, which holds the disk's bytes [base, base + size):
// record bytes outside that window are ignored.
void apply_records(const LogSegment& segment, std::uint64_t base, std::vector<std::byte>& replica);

}  // namespace conformance::oracle
