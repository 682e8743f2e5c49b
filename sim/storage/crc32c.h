// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of the replica-log stream
// format (docs/formats/replica-log.md). Uses the SSE4.2 crc32 instruction with three interleaved
// streams when the CPU has it, a table otherwise; both give identical results. Thread-safe.
#pragma once

#include <cstdint>
#include <span>

namespace sim::storage {

// CRC-32C of `data`, continuing from `crc` (0 to start). crc32c("123456789") == 0xE3069283.
std::uint32_t crc32c(std::span<const std::byte> data, std::uint32_t crc = 0);

// The portable table-driven implementation, exposed so tests can check the fast path against it.
std::uint32_t crc32c_portable(std::span<const std::byte> data, std::uint32_t crc = 0);

}  // namespace sim::storage
