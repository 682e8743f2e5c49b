// sim::storage::collect_changes: turns the union of some change-tracking epochs (BlockSets) into
// the byte ranges QueryChangesVirtualDisk returns — sorted, non-overlapping, coalesced (two ranges
// never touch), clipped to the caller's window — and pages them into the caller's buffer.
//
// Paging contract (processed_length): when every range of the window fits in `out`,
// processed_length == window.byte_length. Otherwise the buffer is full, more ranges exist, and
// processed_length is the end of the last returned range minus window.byte_offset; that end is a
// block boundary followed by an unchanged block, so a follow-up call with the window starting at
// byte_offset + processed_length continues exactly where this one stopped: the concatenation of all
// pages equals the answer of one call with an unbounded buffer (no range split, lost or repeated).
//
// Cost: O(pages and containers present in the sets inside the window + ranges returned); an
// unchanged region costs nothing, whatever the disk size. The answer depends only on the sets'
// contents, but reading an array container sorts it in place the first time
// (BlockContainer::sorted_entries): callers synchronise as for a write.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "sim/storage/block_set.h"

namespace sim::storage {

struct ByteRange {
  std::uint64_t offset = 0;
  std::uint64_t length = 0;

  friend bool operator==(const ByteRange&, const ByteRange&) = default;
};

struct ChangeWindow {
  std::uint64_t byte_offset = 0;
  std::uint64_t byte_length = 0;  // > 0
  unsigned block_shift = 16;      // log2 of the tracking block size in bytes
};

struct CollectedChanges {
  std::size_t range_count = 0;
  std::uint64_t processed_length = 0;
};

// Preconditions (asserted by the caller, not checked): window.byte_length > 0, out is not empty,
// every set has the same block_count and the window ends inside it.
CollectedChanges collect_changes(std::span<const std::unique_ptr<BlockSet>> sets,
                                 const ChangeWindow& window, std::span<ByteRange> out);

}  // namespace sim::storage
