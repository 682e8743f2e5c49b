// ReplicaLog: the Hyper-V Replica log of one tracked disk (spec §8). Every write to the disk
// appends a record {sequence, offset, payload}; a LogMark names a position (a log-based reference
// point); the records between two marks are a segment that can be applied to a replica or exported.
//
// Retention: records are kept while any live mark needs them (a mark needs every record at or after
// its position). discard_before() frees what no live mark needs. When the retained payload exceeds
// the resync threshold (default 50 % of the disk) the log drops everything and reports
// resynchronization required; marks made before that have no associated data any more.
//
// Payloads live in a SlabArena, metadata in one contiguous array: no allocation per record.
// Not synchronised; a segment is a view that stays valid until the log is next modified.
#pragma once

#include <cstdint>
#include <span>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "sim/storage/disk_observer.h"
#include "sim/storage/slab_arena.h"
#include "sim/storage/storage_error.h"
#include "sim/storage/virtual_disk.h"

namespace sim::storage {

// One logged write of `length` bytes at `offset`: `payload` holds them (pointing into the log's
// arena or an imported stream's buffer), or is empty for a zero fill.
struct LogRecord {
  std::uint64_t sequence = 0;
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
  std::span<const std::byte> payload;

  bool zero_fill() const { return payload.empty(); }
};

// A position in a log: records with sequence >= `sequence` come after it. Each mark() is a distinct
// reference point, told apart by `id` even when two share a position.
struct LogMark {
  std::uint64_t id = 0;
  std::uint64_t generation = 0;  // bumps when the log is dropped for resynchronization
  std::uint64_t sequence = 0;
  friend bool operator==(const LogMark&, const LogMark&) = default;
};

struct ReplicaLogOptions {
  // Retained payload bytes above which the log requires resynchronization.
  std::uint64_t resync_threshold_bytes = UINT64_MAX;
  std::size_t slab_bytes = SlabArena::kDefaultSlabBytes;

  // The spec's default for a disk of `virtual_size` bytes: resynchronization once the retained log
  // exceeds half the disk (spec §8: "logs beyond ~50 % of the disk size force a resync").
  static ReplicaLogOptions for_disk(std::uint64_t virtual_size) {
    return ReplicaLogOptions{virtual_size / 2};
  }
};

struct ReplicaLogState {
  bool resync_required = false;
  std::uint64_t generation = 0;
  std::uint64_t first_sequence = 0;  // oldest retained record (== next_sequence when empty)
  std::uint64_t next_sequence = 0;   // sequence the next append gets
  std::uint64_t retained_bytes = 0;  // payload bytes of retained records
  std::size_t live_marks = 0;
};

// Attach to a VirtualDisk with add_observer(): the disk's single write path then feeds the log.
class ReplicaLog : public DiskObserver {
 public:
  explicit ReplicaLog(ReplicaLogOptions options = {});

  // Appends one write (`payload` empty: a zero fill of `length` bytes, which costs no payload
  // memory). While resynchronization is required nothing is logged. Crossing the threshold drops
  // the log and sets resync_required.
  void append(std::uint64_t offset, std::uint64_t length, std::span<const std::byte> payload);

  // DiskObserver: writes are appended; a resize, an offline modification or an unclean host stop
  // leaves the replica unable to follow the log, so each makes resynchronization required.
  void on_write(std::uint64_t offset, std::uint64_t length,
                std::span<const std::byte> payload) override {
    append(offset, length, payload);
  }
  void on_resize(std::uint64_t) override { require_resync(); }
  void on_offline_modification() override { require_resync(); }
  void on_host_crash() override { require_resync(); }

  // A live mark at the current end of the log (a log-based reference point).
  LogMark mark();
  // The mark is no longer live (its reference point was destroyed); its records become
  // discardable. Unknown marks are ignored.
  void release(LogMark mark);
  // RemoveAssociatedData: releases the mark and frees every record no other live mark needs.
  void remove_associated_data(LogMark mark);

  // Frees records before `mark` that no live mark needs.
  void discard_before(LogMark mark);

  // True while every record from `mark` to the end of the log is retained and the mark's data was
  // not removed.
  bool has_associated_data(LogMark mark) const;

  // The records in [from, to). Errors: kNoTrackingData when either mark is from an earlier
  // generation or its records were discarded; kInvalidParameter when from is after to or to is
  // beyond the end of the log.
  Result<std::span<const LogRecord>> segment(LogMark from, LogMark to) const;

  // Resynchronization completed: a new log generation starts. Every earlier mark, including marks
  // made while resync was required (writes then were not logged), stays without data.
  void resynchronize();

  // Drops the log and requires resynchronization (no-op when already required).
  void require_resync();

  ReplicaLogState state() const;
  // Maps and touches arena memory for `bytes` of payload so later appends take no page faults.
  void reserve(std::size_t bytes) { arena_.reserve(bytes); }

 private:
  void drop_through(std::uint64_t sequence_end);
  std::uint64_t oldest_live_sequence() const;

  ReplicaLogOptions options_;
  SlabArena arena_;
  std::vector<LogRecord> records_;  // [head_, end) are retained, in sequence order
  std::size_t head_ = 0;
  std::uint64_t generation_ = 0;
  std::uint64_t first_sequence_ = 0;
  std::uint64_t next_sequence_ = 0;
  std::uint64_t retained_bytes_ = 0;
  bool resync_required_ = false;
  std::uint64_t next_mark_id_ = 1;
  std::unordered_map<std::uint64_t, std::uint64_t> live_marks_;  // mark id -> sequence
  std::unordered_set<std::uint64_t> removed_marks_;              // ids whose data was removed
};

// Replays `records` in order onto `replica` (payload writes and zero fills), stopping at the first
// write the replica rejects and returning its error. Records are applied in place: on failure the
// replica holds every record before the failing one.
Status apply_records(std::span<const LogRecord> records, VirtualDisk& replica);

}  // namespace sim::storage
