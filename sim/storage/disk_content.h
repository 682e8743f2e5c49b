// sim::storage::DiskContent: the bytes of a sparse virtual disk. Storage is allocated in 4 KiB
// chunks on first write, so memory follows the bytes written (plus ~50 bytes of index per chunk),
// never the virtual size; bytes never written, or zero-filled, read as zeros, and a zero fill
// releases whole chunks. Knows nothing of sectors, sizes or tracking: VirtualDisk validates every
// request first. Movable, not copyable; not synchronised.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <span>

namespace sim::storage {

class DiskContent {
 public:
  static constexpr std::uint64_t kChunkBytes = 4096;

  // Stores `data` at `offset`.
  void write(std::uint64_t offset, std::span<const std::byte> data);
  // Makes [offset, offset + length) read as zeros, releasing the chunks it covers entirely.
  void zero(std::uint64_t offset, std::uint64_t length);
  // Copies [offset, offset + out.size()) into `out`.
  void read(std::uint64_t offset, std::span<std::byte> out) const;
  // Forgets every byte at or beyond `size` (they read as zeros if the disk grows again).
  void truncate(std::uint64_t size);
  // Bytes of chunk storage currently allocated.
  std::uint64_t allocated_bytes() const { return chunks_.size() * kChunkBytes; }

 private:
  using Chunk = std::unique_ptr<std::byte[]>;
  std::map<std::uint64_t, Chunk> chunks_;  // chunk index → kChunkBytes bytes
};

}  // namespace sim::storage
