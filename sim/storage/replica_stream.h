// The replica-log stream: a self-describing byte encoding of a log segment, what exporting a
// log-based reference point writes and what a replica imports (docs/formats/replica-log.md).
// Every byte is covered by a CRC-32C; import rejects truncated, reordered or corrupted streams with
// a message that says what and where, and never reads outside the buffer. Thread-safe (stateless).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sim/storage/replica_log.h"
#include "sim/storage/storage_error.h"

namespace sim::storage {

inline constexpr std::size_t kStreamHeaderBytes = 48;
inline constexpr std::size_t kRecordFrameBytes = 36;  // 32-byte record header + 4-byte CRC
inline constexpr std::size_t kStreamTrailerBytes = 24;

// Exact encoded size of `records`.
std::size_t stream_size(std::span<const LogRecord> records);

// Encodes `records` (consecutive sequences starting at `first_sequence`) into `out`, which must be
// exactly stream_size(records) bytes. kInvalidParameter if the size is wrong or the sequences are
// not consecutive from `first_sequence`; `out` is then unspecified.
Status write_stream(std::uint64_t first_sequence, std::span<const LogRecord> records,
                    std::span<std::byte> out);

// Convenience: a freshly allocated stream.
Result<std::vector<std::byte>> export_stream(std::uint64_t first_sequence,
                                             std::span<const LogRecord> records);

// A decoded stream. Payload spans point into the imported buffer: keep it alive while using them.
struct ImportedSegment {
  std::uint64_t first_sequence = 0;
  std::vector<LogRecord> records;
};

// Decodes and verifies a whole stream. Errors: kDataCorrupt naming the first failed check.
Result<ImportedSegment> import_stream(std::span<const std::byte> stream);

}  // namespace sim::storage
