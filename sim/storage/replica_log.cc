#include "sim/storage/replica_log.h"

#include <algorithm>

namespace sim::storage {

ReplicaLog::ReplicaLog(ReplicaLogOptions options) : options_(options), arena_(options.slab_bytes) {}

void ReplicaLog::append(std::uint64_t offset, std::uint64_t length,
                        std::span<const std::byte> payload) {
  if (resync_required_) return;
  const auto stored = payload.empty() ? payload : arena_.append(payload, next_sequence_);
  records_.push_back(LogRecord{next_sequence_++, offset, length, stored});
  retained_bytes_ += payload.size();
  if (retained_bytes_ > options_.resync_threshold_bytes) require_resync();
}

void ReplicaLog::require_resync() {
  if (resync_required_) return;
  resync_required_ = true;
  drop_through(next_sequence_);
  ++generation_;
  live_marks_.clear();
}

LogMark ReplicaLog::mark() {
  const LogMark m{next_mark_id_++, generation_, next_sequence_};
  if (!resync_required_) live_marks_.emplace(m.id, m.sequence);
  return m;
}

void ReplicaLog::release(LogMark mark) { live_marks_.erase(mark.id); }

void ReplicaLog::remove_associated_data(LogMark mark) {
  release(mark);
  removed_marks_.insert(mark.id);
  drop_through(oldest_live_sequence());
}

std::uint64_t ReplicaLog::oldest_live_sequence() const {
  std::uint64_t oldest = next_sequence_;
  for (const auto& [id, sequence] : live_marks_) oldest = std::min(oldest, sequence);
  return oldest;
}

void ReplicaLog::discard_before(LogMark mark) {
  if (mark.generation != generation_) return;
  drop_through(std::min(mark.sequence, oldest_live_sequence()));
}

void ReplicaLog::drop_through(std::uint64_t sequence_end) {
  std::size_t dropped = 0;
  while (head_ + dropped < records_.size() && records_[head_ + dropped].sequence < sequence_end) {
    retained_bytes_ -= records_[head_ + dropped].payload.size();
    ++dropped;
  }
  if (dropped == 0) return;
  head_ += dropped;
  first_sequence_ = head_ < records_.size() ? records_[head_].sequence : next_sequence_;
  arena_.release_before(first_sequence_);  // payloads were appended with their sequence as ticket
  // Compact once the dead prefix dominates: amortised O(1) per record, no reallocation.
  if (head_ > records_.size() / 2) {
    records_.erase(records_.begin(), records_.begin() + static_cast<std::ptrdiff_t>(head_));
    head_ = 0;
  }
}

bool ReplicaLog::has_associated_data(LogMark mark) const {
  return !resync_required_ && mark.generation == generation_ && mark.sequence >= first_sequence_ &&
         mark.sequence <= next_sequence_ && !removed_marks_.contains(mark.id);
}

Result<std::span<const LogRecord>> ReplicaLog::segment(LogMark from, LogMark to) const {
  if (from.sequence > to.sequence || to.sequence > next_sequence_) {
    return Error{ErrorCode::kInvalidParameter, "segment marks out of order or beyond the log end"};
  }
  if (!has_associated_data(from) || !has_associated_data(to)) {
    return Error{ErrorCode::kNoTrackingData,
                 "the log no longer holds the records of that reference point"};
  }
  const std::size_t begin = head_ + (from.sequence - first_sequence_);
  const std::size_t count = to.sequence - from.sequence;
  return std::span<const LogRecord>(records_.data() + begin, count);
}

void ReplicaLog::resynchronize() {
  if (!resync_required_) return;
  resync_required_ = false;
  ++generation_;  // writes made while resync was required were not logged
  first_sequence_ = next_sequence_;
}

ReplicaLogState ReplicaLog::state() const {
  return ReplicaLogState{resync_required_, generation_,     first_sequence_,
                         next_sequence_,   retained_bytes_, live_marks_.size()};
}

Status apply_records(std::span<const LogRecord> records, VirtualDisk& replica) {
  for (const LogRecord& r : records) {
    const Status s = r.zero_fill() ? replica.write_zeroes(r.offset, r.length)
                                   : replica.write(r.offset, r.payload);
    if (!s.ok()) return s;
  }
  return Status();
}

}  // namespace sim::storage
