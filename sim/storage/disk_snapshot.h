// sim::storage::DiskSnapshot: a point-in-time, copy-on-write view of a VirtualDisk — what a
// Hyper-V checkpoint freezes. Reading it returns exactly the disk's bytes at the instant
// VirtualDisk::take_snapshot() ran, however the disk changes afterwards: before the disk changes a
// range the view still shares, it hands the view the old bytes of the whole 4 KiB chunks involved
// (preserve). So memory follows what diverged since the snapshot, never the virtual size, and a
// huge zero fill costs O(groups held), not O(size).
//
// A view is valid while its disk lives; once the disk is destroyed, reads fail with
// kInvalidParameter. Reads are validated like the disk's (sector-aligned, inside the snapshot's
// size). Created only by VirtualDisk; not copyable or movable (the disk holds its address through
// a weak_ptr); not synchronised (use it from the disk's thread).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <span>

#include "sim/storage/disk_content.h"
#include "sim/storage/storage_error.h"

namespace sim::storage {

class DiskSnapshot {
 public:
  DiskSnapshot(const DiskSnapshot&) = delete;
  DiskSnapshot& operator=(const DiskSnapshot&) = delete;

  // The disk's virtual size and logical sector at the snapshot instant.
  std::uint64_t size() const { return size_; }
  std::uint32_t logical_sector_size() const { return sector_; }

  // Fills `out` with the snapshot's bytes from `offset`.
  Status read(std::uint64_t offset, std::span<std::byte> out) const;
  // What read refuses for [offset, offset + length), checked alone.
  Status check_range(std::uint64_t offset, std::uint64_t length) const;

  // Writes the snapshot's bytes into `into` at the same offsets, skipping what reads as zeros (an
  // export's sparse image: memory follows the bytes held, never the virtual size). `into` should
  // be empty. Fails with kInvalidParameter once the disk is gone.
  Status copy_into(DiskContent& into) const;

  // Bytes of content this view keeps for itself (the chunks the disk overwrote since).
  std::uint64_t preserved_bytes() const { return preserved_.allocated_bytes(); }

 private:
  friend class VirtualDisk;
  DiskSnapshot(const DiskContent& live, std::uint64_t size, std::uint32_t sector);

  // Called by the disk before it changes [offset, offset + length) of `live_`.
  void preserve(std::uint64_t offset, std::uint64_t length);
  // Called by the disk as it is destroyed.
  void detach() { live_ = nullptr; }
  // Calls `piece(from, to, source)` for consecutive pieces of [from, to), `source` being the
  // content that holds the snapshot's bytes there (preserved_ or *live_).
  template <typename Piece>
  void for_each_piece(std::uint64_t from, std::uint64_t to, Piece piece) const;

  const DiskContent* live_;
  std::uint64_t size_;
  std::uint32_t sector_;
  DiskContent preserved_;
  // Byte ranges [start, end) whose snapshot bytes live in preserved_: chunk-aligned, disjoint and
  // never adjacent (merged), keyed by start.
  std::map<std::uint64_t, std::uint64_t> frozen_;
};

}  // namespace sim::storage
