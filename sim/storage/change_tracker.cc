#include "sim/storage/change_tracker.h"

#include <algorithm>
#include <bit>
#include <limits>

#include <fmt/format.h>

namespace sim::storage {

ChangeTracker::ChangeTracker(std::uint64_t disk_size, bool trackable, std::uint64_t seed)
    : disk_size_(disk_size), trackable_(trackable), engine_(seed) {}

std::uint64_t ChangeTracker::block_count() const {
  return (disk_size_ + granularity() - 1) >> block_shift_;
}

void ChangeTracker::start_epoch(std::uint32_t sequence) {
  most_recent_ = sequence;
  starts_.push_back(sequence);
  sets_.push_back(std::make_unique<BlockSet>(block_count()));
  sink_ = sets_.back().get();
  newer_changes_ = false;
}

Status ChangeTracker::enable(std::uint64_t granularity) {
  if (!trackable_) {
    return Error{ErrorCode::kNotSupported,
                 "change tracking needs a VHDX disk; this disk is VHD format"};
  }
  if (granularity < kMinGranularity || granularity > kMaxGranularity ||
      !std::has_single_bit(granularity)) {
    return invalid_parameter(fmt::format(
        "tracking granularity {} is not a power of two in [4 KiB, 256 MiB]", granularity));
  }
  if (enabled_) {
    return Error{ErrorCode::kInvalidTrackingState, "change tracking is already enabled"};
  }
  enabled_ = true;
  block_shift_ = static_cast<unsigned>(std::countr_zero(granularity));
  session_ = Guid::random(engine_);
  valid_from_ = 1;
  coarse_through_ = 0;
  start_epoch(1);
  return {};
}

void ChangeTracker::disable() {
  enabled_ = false;
  newer_changes_ = false;
  starts_.clear();
  sets_.clear();
  sink_ = nullptr;
}

Result<RctId> ChangeTracker::seal() {
  if (!enabled_) return Error{ErrorCode::kTrackingDisabled, "change tracking is disabled"};
  if (most_recent_ == std::numeric_limits<std::uint32_t>::max()) {
    return Error{ErrorCode::kInvalidTrackingState, "tracking session has issued its last id"};
  }
  start_epoch(most_recent_ + 1);
  return RctId{session_, most_recent_};
}

Result<std::size_t> ChangeTracker::find_live(std::string_view text) const {
  if (!enabled_) return Error{ErrorCode::kTrackingDisabled, "change tracking is disabled"};
  auto id = parse_rct_id(text);
  if (!id) return id.error();
  if (id->session != session_ || id->sequence == 0 || id->sequence > most_recent_) {
    return Error{ErrorCode::kNoTrackingData,
                 fmt::format("{} was not issued by this disk's tracking session", text)};
  }
  if (id->sequence < valid_from_) {
    return Error{ErrorCode::kChangedOffline,
                 fmt::format("the disk was resized or modified offline since {}", text)};
  }
  const auto at = std::lower_bound(starts_.begin(), starts_.end(), id->sequence);
  if (at == starts_.end() || *at != id->sequence) {
    return Error{ErrorCode::kNoTrackingData, fmt::format("{} was forgotten", text)};
  }
  return static_cast<std::size_t>(at - starts_.begin());
}

Result<QueryOutcome> ChangeTracker::query_changes(std::string_view id, std::uint64_t byte_offset,
                                                  std::uint64_t byte_length,
                                                  std::span<ByteRange> out) const {
  auto first = find_live(id);
  if (!first) return first.error();
  if (byte_offset > disk_size_ || byte_length > disk_size_ - byte_offset) {
    return invalid_parameter(fmt::format("window [{}, +{}) is outside the {}-byte disk",
                                         byte_offset, byte_length, disk_size_));
  }
  if (out.empty()) return invalid_parameter("range capacity must be at least 1");
  const bool exact = starts_[*first] > coarse_through_;
  if (byte_length == 0) return QueryOutcome{0, 0, exact};
  const ChangeWindow window{byte_offset, byte_length, block_shift_};
  const auto sets = std::span<const std::unique_ptr<BlockSet>>(sets_).subspan(*first);
  const CollectedChanges collected = collect_changes(sets, window, out);
  return QueryOutcome{collected.range_count, collected.processed_length, exact};
}

Result<ChangesPage> ChangeTracker::query_changes(std::string_view id, std::uint64_t byte_offset,
                                                 std::uint64_t byte_length,
                                                 std::size_t range_capacity) const {
  ChangesPage page;
  page.ranges.resize(range_capacity);
  auto outcome = query_changes(id, byte_offset, byte_length, std::span<ByteRange>(page.ranges));
  if (!outcome) return outcome.error();
  page.ranges.resize(outcome->range_count);
  page.processed_length = outcome->processed_length;
  page.exact = outcome->exact;
  return page;
}

Status ChangeTracker::forget(std::string_view id) {
  auto found = find_live(id);
  if (!found) return found.error();
  const std::size_t i = *found;
  if (i > 0) sets_[i - 1]->merge_from(*sets_[i]);  // writes since id stay visible to older ids
  sets_.erase(sets_.begin() + static_cast<std::ptrdiff_t>(i));
  starts_.erase(starts_.begin() + static_cast<std::ptrdiff_t>(i));
  sink_ = sets_.empty() ? nullptr : sets_.back().get();
  return {};
}

TrackingState ChangeTracker::state() const {
  if (!enabled_) return {};
  return {true, newer_changes_, RctId{session_, most_recent_}.to_string()};
}

std::size_t ChangeTracker::memory_bytes() const {
  std::size_t bytes = starts_.capacity() * sizeof(std::uint32_t) +
                      sets_.capacity() * sizeof(std::unique_ptr<BlockSet>);
  for (const auto& set : sets_) bytes += sizeof(BlockSet) + set->heap_bytes();
  return bytes;
}

void ChangeTracker::restart_after_offline_change() {
  if (!enabled_) return;
  starts_.clear();
  sets_.clear();
  coarse_through_ = 0;
  if (most_recent_ == std::numeric_limits<std::uint32_t>::max()) {
    session_ = Guid::random(engine_);  // sequence space exhausted: earlier ids become unknown
    most_recent_ = 0;
  }
  valid_from_ = most_recent_ + 1;
  start_epoch(most_recent_ + 1);
}

void ChangeTracker::on_resize(std::uint64_t new_size) {
  disk_size_ = new_size;
  restart_after_offline_change();
}

void ChangeTracker::on_offline_modification() { restart_after_offline_change(); }

void ChangeTracker::on_host_crash() {
  if (!enabled_) return;
  if (sink_ != nullptr) sink_->coarsen(kCrashCoarsening);
  coarse_through_ = most_recent_;
}

}  // namespace sim::storage
