// sim::storage::ChangeTracker: Resilient Change Tracking (RCT) for one virtual disk (spec §7).
//
// Model. While enabled, time is cut into epochs by ids: the tracker holds one BlockSet per live id
// k, holding the blocks written from the moment k was issued until the next live id was issued; the
// newest set is the one writes go to. seal() issues the next id and starts an empty set (O(1) in
// disk size). query_changes(k) answers the union of the sets from k's onwards — every block written
// since k (soundness), and nothing else unless a host crash coarsened the answer. forget(k) merges
// k's set into the previous live id's (or drops it when k is the oldest), so memory follows what
// the live ids need. Writes touch only the newest set: their cost does not depend on how many ids
// live.
//
// Ids: "rctX:<session GUID>:<sequence>" (rct_id.h). Enabling draws a new session GUID from the
// tracker's own seeded engine and issues sequence 1; each seal issues the next sequence.
// Events: a host crash replaces the newest set by its 16-block-group coarsening (the coarse map a
// real host recovers from), so ids issued before the crash may get coarse answers while ids issued
// after it stay exact (QueryOutcome::exact tells which); resize and offline modification make every
// earlier id fail with kChangedOffline and issue a fresh id; disable drops everything, and a later
// enable starts a new session, so older ids are unknown (kNoTrackingData).
//
// Errors: malformed id → kInvalidTrackingId (0xC03A0029); tracking off → kTrackingDisabled
// (0xC03A002A); unknown, forgotten, not yet issued, earlier session or another disk →
// kNoTrackingData (0xC03A0030); issued before a resize/offline change → kChangedOffline
// (0xC03A0022); bad window, capacity or granularity → kInvalidParameter. A failing call changes
// nothing. Not synchronised: one thread at a time (the disk's write path included, and queries,
// which sort tracking arrays in place).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/storage/block_set.h"
#include "sim/storage/change_query.h"
#include "sim/storage/disk_observer.h"
#include "sim/storage/rct_id.h"
#include "sim/storage/storage_error.h"

namespace sim::storage {

struct TrackingState {
  bool enabled = false;
  bool newer_changes = false;  // something was written since most_recent_id was issued
  std::string most_recent_id;  // empty when disabled
};

struct QueryOutcome {
  std::size_t range_count = 0;         // ranges written to the caller's buffer
  std::uint64_t processed_length = 0;  // see change_query.h for the paging contract
  bool exact = true;  // false when a host crash since the id may have widened the ranges
};

struct ChangesPage {
  std::vector<ByteRange> ranges;
  std::uint64_t processed_length = 0;
  bool exact = true;
};

class ChangeTracker final : public DiskObserver {
 public:
  static constexpr std::uint64_t kDefaultGranularity = std::uint64_t{64} << 10;
  static constexpr std::uint64_t kMinGranularity = std::uint64_t{4} << 10;
  static constexpr std::uint64_t kMaxGranularity = std::uint64_t{256} << 20;
  static constexpr unsigned kCrashCoarsening = 4;  // log2 of blocks per coarse-map entry

  // A tracker for a disk of `disk_size` bytes, initially disabled. `trackable` is false for formats
  // that cannot be tracked (VHD). `seed` drives session GUIDs.
  ChangeTracker(std::uint64_t disk_size, bool trackable, std::uint64_t seed);

  // Turns tracking on with a power-of-two granularity in [4 KiB, 256 MiB]. Fails with
  // kNotSupported when the disk cannot be tracked, kInvalidParameter for a bad granularity, and
  // kInvalidTrackingState when already enabled.
  Status enable(std::uint64_t granularity = kDefaultGranularity);
  // Turns tracking off and drops all tracking data. No-op when already off.
  void disable();

  // Issues the next id; the returned id names the disk's state now. Fails with kTrackingDisabled,
  // or kInvalidTrackingState after 2^32 - 1 ids in one session.
  Result<RctId> seal();

  // Changed ranges since `id` inside [byte_offset, byte_offset + byte_length), written to `out`.
  // Fails (see header) on a bad id, a window outside the disk, or an empty `out`.
  Result<QueryOutcome> query_changes(std::string_view id, std::uint64_t byte_offset,
                                     std::uint64_t byte_length, std::span<ByteRange> out) const;
  // The same, returning at most `range_capacity` ranges in a vector.
  Result<ChangesPage> query_changes(std::string_view id, std::uint64_t byte_offset,
                                    std::uint64_t byte_length, std::size_t range_capacity) const;

  // The reference point behind `id` is gone; its data is merged or dropped. Fails like a query.
  Status forget(std::string_view id);

  TrackingState state() const;
  std::uint64_t granularity() const { return std::uint64_t{1} << block_shift_; }
  std::size_t live_id_count() const { return sets_.size(); }
  // Heap bytes held by tracking data.
  std::size_t memory_bytes() const;

  // The write path: marks the blocks of [offset, offset + length). Preconditions (the disk checks
  // them): length > 0 and the range lies inside the disk. No-op while disabled.
  [[gnu::always_inline]] void record_write(std::uint64_t offset, std::uint64_t length) {
    if (!enabled_) return;
    newer_changes_ = true;
    if (sink_ != nullptr)
      sink_->mark(offset >> block_shift_, (offset + length - 1) >> block_shift_);
  }

  void on_write(std::uint64_t offset, std::uint64_t length, std::span<const std::byte>) override {
    record_write(offset, length);
  }
  void on_resize(std::uint64_t new_size) override;
  void on_offline_modification() override;
  void on_host_crash() override;

 private:
  // Index into sets_ of the live id `id`, or the error a query/forget must return.
  Result<std::size_t> find_live(std::string_view id) const;
  // Drops all ids and issues a fresh one; earlier ids fail with kChangedOffline.
  void restart_after_offline_change();
  void start_epoch(std::uint32_t sequence);
  std::uint64_t block_count() const;

  std::uint64_t disk_size_;
  bool trackable_;
  std::mt19937_64 engine_;

  bool enabled_ = false;
  bool newer_changes_ = false;
  unsigned block_shift_ = 16;
  Guid session_;
  std::uint32_t most_recent_ = 0;      // sequence of the newest issued id
  std::uint32_t valid_from_ = 0;       // ids below were issued before an offline change
  std::uint32_t coarse_through_ = 0;   // ids up to this one may get coarse answers (0: none)
  std::vector<std::uint32_t> starts_;  // live ids' sequences, ascending
  std::vector<std::unique_ptr<BlockSet>> sets_;  // sets_[i]: blocks written since starts_[i]
  BlockSet* sink_ = nullptr;                     // sets_.back(), or nullptr when no id is live
};

}  // namespace sim::storage
