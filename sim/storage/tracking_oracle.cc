#include "sim/storage/tracking_oracle.h"

#include <algorithm>
#include <bit>

#include <fmt/format.h>

namespace sim::storage::testing {
namespace {

using Interval = std::pair<std::uint64_t, std::uint64_t>;  // inclusive

constexpr std::uint64_t kKiB = 1024;
constexpr std::uint64_t kGiB = kKiB * kKiB * kKiB;
constexpr std::uint64_t kCapacities[] = {1, 2, 3, 5, 4096};

std::byte content_byte(std::uint32_t tag, std::uint64_t sector, std::uint64_t i) {
  return static_cast<std::byte>((tag * 167u) ^ (i * 31u) ^ (sector * 13u));
}

// Sorts and merges intervals that overlap or touch.
std::vector<Interval> merge(std::vector<Interval> v) {
  std::sort(v.begin(), v.end());
  std::vector<Interval> out;
  for (const Interval& i : v) {
    if (!out.empty() && i.first <= out.back().second + 1) {
      out.back().second = std::max(out.back().second, i.second);
    } else {
      out.push_back(i);
    }
  }
  return out;
}

// Block intervals → byte ranges clipped to [begin, end).
std::vector<ByteRange> to_bytes(const std::vector<Interval>& blocks, unsigned shift,
                                std::uint64_t begin, std::uint64_t end) {
  std::vector<ByteRange> out;
  for (const Interval& b : blocks) {
    const std::uint64_t from = std::max(b.first << shift, begin);
    const std::uint64_t to = std::min((b.second + 1) << shift, end);
    if (from < to) out.push_back({from, to - from});
  }
  return out;
}

// True when every range of `inner` lies inside one range of `outer` (both sorted, disjoint).
bool covered(const std::vector<ByteRange>& inner, const std::vector<ByteRange>& outer) {
  std::size_t j = 0;
  for (const ByteRange& r : inner) {
    while (j < outer.size() && outer[j].offset + outer[j].length <= r.offset) ++j;
    if (j == outer.size() || outer[j].offset > r.offset ||
        outer[j].offset + outer[j].length < r.offset + r.length) {
      return false;
    }
  }
  return true;
}

std::string show(const std::vector<ByteRange>& v) {
  std::string s;
  for (std::size_t i = 0; i < v.size() && i < 8; ++i) {
    s += fmt::format("[{},+{}) ", v[i].offset, v[i].length);
  }
  if (v.size() > 8) s += fmt::format("... ({} ranges)", v.size());
  return s;
}

}  // namespace

std::string to_string(const Op& op) {
  return fmt::format("Op{{OpKind({}), {}u, {}u, {}u, {}u}}", static_cast<int>(op.kind), op.a, op.b,
                     op.c, op.d);
}

DiskChoice choose_disk(std::uint64_t a, std::uint64_t b) {
  std::uint64_t size = 0;
  switch (a % 4) {
    case 0:
      size = kMaxDiskSize;
      break;
    case 1:
      size = (1 + (a >> 2) % 4096) * 4 * kKiB;  // up to 16 MiB
      break;
    case 2:
      size = (1 + (a >> 2) % (kGiB / 4)) * 4 * kKiB;  // up to 1 TiB
      break;
    default:
      size = (1 + (a >> 2) % (kMaxDiskSize / (4 * kKiB))) * 4 * kKiB;
  }
  const std::uint32_t sector = (b & 1) ? 512 : 4096;
  const std::uint64_t granularity = std::uint64_t{4096} << ((b >> 1) % 17);
  const DiskFormat format = (b >> 8) % 10 == 0 ? DiskFormat::kVhd : DiskFormat::kVhdx;
  return {size, sector, format, granularity};
}

TrackingOracle::TrackingOracle(const DiskChoice& choice, std::uint64_t seed)
    : engine_(seed),
      size_(choice.size),
      sector_(choice.sector),
      trackable_(choice.format == DiskFormat::kVhdx) {
  DiskSpec spec{choice.size, choice.sector, choice.format, Guid::random(engine_), seed};
  disk_ = std::move(VirtualDisk::create(spec).value());
  toggle(Op{OpKind::kToggle, static_cast<std::uint64_t>(std::countr_zero(choice.granularity)) - 12,
            0, 0, 0});
}

std::optional<std::string> TrackingOracle::apply(const Op& op) {
  Failure failure;
  switch (op.kind) {
    case OpKind::kWrite:
      failure = write(op, false);
      break;
    case OpKind::kWriteZeroes:
      failure = write(op, true);
      break;
    case OpKind::kRead:
      failure = read(op);
      break;
    case OpKind::kSeal:
      failure = seal();
      break;
    case OpKind::kQuery:
      failure = query(op);
      break;
    case OpKind::kForget:
      failure = forget(op);
      break;
    case OpKind::kCrash:
      failure = crash();
      break;
    case OpKind::kResize:
      failure = resize(op);
      break;
    case OpKind::kModifyOffline:
      failure = modify_offline(op);
      break;
    case OpKind::kToggle:
      failure = toggle(op);
      break;
    case OpKind::kBadRequest:
      failure = bad_request(op);
      break;
  }
  if (!failure) failure = check_state();
  if (failure) return fmt::format("{}: {}", to_string(op), *failure);
  return std::nullopt;
}

void TrackingOracle::model_write(std::uint64_t offset, std::uint64_t length, std::uint32_t tag) {
  const std::uint64_t first = offset / sector_;
  const std::uint64_t end = (offset + length) / sector_;
  if (tag == 0) {
    content_.erase(content_.lower_bound(first), content_.lower_bound(end));
  } else {
    for (std::uint64_t s = first; s < end; ++s) content_[s] = tag;
  }
  if (enabled_) {
    newer_changes_ = true;
    writes_.push_back(
        {session_, most_recent_, offset >> block_shift_, (offset + length - 1) >> block_shift_});
  }
}

TrackingOracle::Failure TrackingOracle::write(const Op& op, bool zeroes) {
  const std::uint64_t sectors = size_ / sector_;
  std::uint64_t first = 0;
  switch (op.a % 4) {
    case 0:
      first = op.b % sectors;
      break;
    case 1:
      first = op.b % std::min<std::uint64_t>(sectors, 256);
      break;
    case 2:
      first = sectors - 1 - op.b % std::min<std::uint64_t>(sectors, 256);
      break;
    default: {  // around a tracking-block boundary
      const std::uint64_t per_block = std::max<std::uint64_t>(1, (1ull << block_shift_) / sector_);
      const std::uint64_t block = (op.b >> 8) % std::max<std::uint64_t>(1, sectors / per_block);
      first = std::min(sectors - 1, block * per_block + op.b % 16);
    }
  }
  std::uint64_t count = 1 + op.c % 24;
  if (zeroes) {
    const std::uint64_t limits[] = {1, 4 * (1ull << block_shift_) / sector_, kGiB / sector_,
                                    64 * kGiB / sector_};
    count = 1 + (op.c >> 2) % std::max<std::uint64_t>(1, limits[op.c % 4]);
  }
  count = std::min(count, sectors - first);
  const std::uint64_t offset = first * sector_;
  const std::uint64_t length = count * sector_;
  Status status;
  std::uint32_t tag = 0;
  if (zeroes) {
    status = disk_->write_zeroes(offset, length);
  } else {
    tag = next_tag_++;
    std::vector<std::byte> data(length);
    for (std::uint64_t s = 0; s < count; ++s) {
      for (std::uint64_t i = 0; i < sector_; ++i)
        data[s * sector_ + i] = content_byte(tag, first + s, i);
    }
    status = disk_->write(offset, data);
  }
  if (!status) return "write failed: " + status.error().to_string();
  model_write(offset, length, tag);
  return std::nullopt;
}

TrackingOracle::Failure TrackingOracle::read(const Op& op) {
  const std::uint64_t sectors = size_ / sector_;
  const std::uint64_t first =
      (op.a & 1) ? op.b % sectors : op.b % std::min<std::uint64_t>(sectors, 300);
  const std::uint64_t count = std::min(1 + op.c % 24, sectors - first);
  std::vector<std::byte> out(count * sector_);
  if (Status s = disk_->read(first * sector_, out); !s)
    return "read failed: " + s.error().to_string();
  for (std::uint64_t s = 0; s < count; ++s) {
    const auto it = content_.find(first + s);
    for (std::uint64_t i = 0; i < sector_; ++i) {
      const std::byte want =
          it == content_.end() ? std::byte{0} : content_byte(it->second, first + s, i);
      if (out[s * sector_ + i] != want) {
        return fmt::format("read of sector {} byte {} differs", first + s, i);
      }
    }
  }
  return std::nullopt;
}

TrackingOracle::Failure TrackingOracle::seal() {
  auto id = disk_->change_tracker().seal();
  if (!enabled_) {
    if (id) return std::string("seal succeeded while tracking is off");
    if (id.code() != ErrorCode::kTrackingDisabled) return "seal: " + id.error().to_string();
    return std::nullopt;
  }
  if (!id) return "seal failed: " + id.error().to_string();
  if (id->sequence != most_recent_ + 1) return fmt::format("seal issued sequence {}", id->sequence);
  most_recent_ = id->sequence;
  live_.insert(most_recent_);
  issued_.push_back({id->to_string(), session_, most_recent_});
  newer_changes_ = false;
  if (issued_.size() >= 2 && issued_[issued_.size() - 2].session == session_ &&
      issued_[issued_.size() - 2].text.substr(0, 41) != issued_.back().text.substr(0, 41)) {
    return "session part of the id changed within a session";
  }
  return std::nullopt;
}

std::pair<std::string, std::optional<ErrorCode>> TrackingOracle::pick_id(std::uint64_t a,
                                                                         std::uint64_t b) const {
  const auto unless_disabled = [&](std::optional<ErrorCode> code) {
    return enabled_ ? code : std::optional<ErrorCode>(ErrorCode::kTrackingDisabled);
  };
  const std::uint64_t kind = a % 8;
  if (kind == 1) {
    std::mt19937_64 engine(b);
    const std::string text = RctId{Guid::random(engine), 1}.to_string();
    return {text, unless_disabled(ErrorCode::kNoTrackingData)};
  }
  if (kind == 0 || issued_.empty()) {
    std::string text = issued_.empty() ? std::string("rctX:") : issued_[b % issued_.size()].text;
    switch ((b >> 8) % 4) {
      case 0:
        text.pop_back();
        break;
      case 1:
        text[(b >> 16) % text.size()] = 'g';
        break;
      case 2:
        text += "0";
        break;
      default:
        text[0] = 'R';
    }
    return {text, unless_disabled(ErrorCode::kInvalidTrackingId)};
  }
  const std::size_t n = issued_.size();
  const std::size_t index = (b & 1) ? n - 1 - (b >> 1) % std::min<std::size_t>(n, 4) : (b >> 1) % n;
  const Issued& id = issued_[index];
  std::optional<ErrorCode> expected;
  if (id.session != session_) {
    expected = ErrorCode::kNoTrackingData;
  } else if (id.sequence < valid_from_) {
    expected = ErrorCode::kChangedOffline;
  } else if (!live_.contains(id.sequence)) {
    expected = ErrorCode::kNoTrackingData;
  }
  return {id.text, unless_disabled(expected)};
}

std::vector<Interval> TrackingOracle::changed_since(std::uint32_t sequence) const {
  std::vector<Interval> blocks;
  for (const TrackedWrite& w : writes_) {
    if (w.session == session_ && w.epoch >= sequence)
      blocks.emplace_back(w.first_block, w.last_block);
  }
  return merge(std::move(blocks));
}

TrackingOracle::Failure TrackingOracle::query(const Op& op) {
  auto [text, expected_error] = pick_id(op.a, op.b);
  std::uint64_t offset = 0;
  std::uint64_t length = size_;
  switch (op.c % 8) {
    case 0:
    case 1:
      break;  // the whole disk
    case 2:
      offset = size_ + 1 + (op.c >> 3) % 4096;  // outside
      length = 1;
      break;
    case 3:
      offset = (op.c >> 3) % (size_ + 1);
      length = size_ - offset + 1;  // one byte too long
      break;
    default:
      offset = (op.c >> 3) % (size_ + 1);
      length = (op.c >> 13) % (size_ - offset + 1);
  }
  const std::uint64_t capacity = (op.d % 32 == 31) ? 0 : kCapacities[op.d % 5];
  const bool window_ok = offset <= size_ && length <= size_ - offset;
  if (!expected_error && (!window_ok || capacity == 0))
    expected_error = ErrorCode::kInvalidParameter;

  const ChangeTracker& tracker = disk_->change_tracker();
  if (expected_error) {
    auto page = tracker.query_changes(text, offset, length, capacity);
    if (page)
      return fmt::format("query '{}' succeeded; expected {}", text, to_string(*expected_error));
    if (page.code() != *expected_error) {
      return fmt::format("query '{}': got {}; expected {}", text, page.error().to_string(),
                         to_string(*expected_error));
    }
    return std::nullopt;
  }
  const std::uint32_t sequence = parse_rct_id(text)->sequence;
  const bool exact = sequence > coarse_through_;
  const std::uint64_t end = offset + length;
  const std::vector<Interval> written = changed_since(sequence);
  const std::vector<ByteRange> expected = to_bytes(written, block_shift_, offset, end);
  std::vector<Interval> coarse = written;
  const std::uint64_t last_block = (size_ - 1) >> block_shift_;
  for (Interval& i : coarse) {
    i.first &= ~std::uint64_t{15};
    i.second = std::min(i.second | 15, last_block);
  }
  const std::vector<ByteRange> widest = to_bytes(merge(coarse), block_shift_, offset, end);

  std::vector<ByteRange> all;
  std::uint64_t position = offset;
  for (std::size_t pages = 0;; ++pages) {
    if (pages > widest.size() + writes_.size() + 1) {
      return fmt::format("paging does not progress: {} pages, got {} expected {}", pages, show(all),
                         show(expected));
    }
    auto page = tracker.query_changes(text, position, end - position, capacity);
    if (!page) return "query failed: " + page.error().to_string();
    if (page->exact != exact) return fmt::format("exact flag {} expected {}", page->exact, exact);
    const std::vector<ByteRange>& ranges = page->ranges;
    if (ranges.size() > capacity) return std::string("more ranges than capacity");
    for (std::size_t i = 0; i < ranges.size(); ++i) {
      const ByteRange& r = ranges[i];
      if (r.length == 0 || r.offset < position || r.offset + r.length > end) {
        return fmt::format("range [{},+{}) outside window [{},{})", r.offset, r.length, position,
                           end);
      }
      if (!all.empty() && all.back().offset + all.back().length >= r.offset) {
        return fmt::format("ranges not sorted/disjoint/coalesced at [{},+{})", r.offset, r.length);
      }
      all.push_back(r);
    }
    const std::uint64_t remaining = end - position;
    if (page->processed_length > remaining) return std::string("processed_length beyond window");
    if (page->processed_length == remaining) break;
    if (ranges.size() != capacity || ranges.empty() ||
        page->processed_length != ranges.back().offset + ranges.back().length - position) {
      return fmt::format("short page: {} ranges, processed {}", ranges.size(),
                         page->processed_length);
    }
    position += page->processed_length;
  }
  if (exact && all != expected) {
    return fmt::format("since {}: got {} expected {}", text, show(all), show(expected));
  }
  if (!covered(expected, all)) {
    return fmt::format("UNSOUND since {}: got {} missing part of {}", text, show(all),
                       show(expected));
  }
  if (!covered(all, widest)) {
    return fmt::format("since {}: got {} wider than coarsening {}", text, show(all), show(widest));
  }
  return std::nullopt;
}

TrackingOracle::Failure TrackingOracle::forget(const Op& op) {
  auto [text, expected_error] = pick_id(op.a, op.b);
  const Status status = disk_->change_tracker().forget(text);
  if (expected_error) {
    if (status.ok() || status.code() != *expected_error) {
      return fmt::format("forget '{}': got {}; expected {}", text,
                         status.ok() ? "ok" : status.error().to_string(),
                         to_string(*expected_error));
    }
    return std::nullopt;
  }
  if (!status) return "forget failed: " + status.error().to_string();
  live_.erase(parse_rct_id(text)->sequence);
  return std::nullopt;
}

TrackingOracle::Failure TrackingOracle::crash() {
  disk_->host_crash();
  if (enabled_) coarse_through_ = most_recent_;
  return std::nullopt;
}

TrackingOracle::Failure TrackingOracle::resize(const Op& op) {
  std::uint64_t new_size = 0;
  const std::uint64_t step = std::uint64_t{sector_} << ((op.a >> 2) % 24);
  switch (op.a % 4) {
    case 0:
      new_size = std::min(kMaxDiskSize, size_ + step);
      break;
    case 1:
      new_size = size_ > step ? size_ - step : sector_;
      break;
    case 2:
      new_size = size_;
      break;
    default:
      new_size = (1 + op.b % (kMaxDiskSize / sector_)) * sector_;
  }
  if (Status s = disk_->resize(new_size); !s) return "resize failed: " + s.error().to_string();
  if (new_size == size_) return std::nullopt;
  content_.erase(content_.lower_bound(new_size / sector_), content_.end());
  size_ = new_size;
  if (!enabled_) return std::nullopt;
  ++most_recent_;
  valid_from_ = most_recent_;
  coarse_through_ = 0;
  live_ = {most_recent_};
  newer_changes_ = false;
  issued_.push_back({disk_->change_tracker().state().most_recent_id, session_, most_recent_});
  return std::nullopt;
}

TrackingOracle::Failure TrackingOracle::modify_offline(const Op& op) {
  const std::uint64_t sectors = size_ / sector_;
  const std::uint64_t first = op.b % sectors;
  const std::uint32_t tag = next_tag_++;
  std::vector<std::byte> data(sector_);
  for (std::uint64_t i = 0; i < sector_; ++i) data[i] = content_byte(tag, first, i);
  if (Status s = disk_->modify_offline(first * sector_, data); !s) {
    return "modify_offline failed: " + s.error().to_string();
  }
  content_[first] = tag;
  if (!enabled_) return std::nullopt;
  ++most_recent_;
  valid_from_ = most_recent_;
  coarse_through_ = 0;
  live_ = {most_recent_};
  newer_changes_ = false;
  issued_.push_back({disk_->change_tracker().state().most_recent_id, session_, most_recent_});
  return std::nullopt;
}

TrackingOracle::Failure TrackingOracle::toggle(const Op& op) {
  ChangeTracker& tracker = disk_->change_tracker();
  if (enabled_) {
    tracker.disable();
    enabled_ = false;
    newer_changes_ = false;
    live_.clear();
    return std::nullopt;
  }
  const bool bad = op.b % 16 == 15;
  const std::uint64_t granularity = bad ? 3 * 4096 : std::uint64_t{4096} << (op.a % 17);
  const Status status = tracker.enable(granularity);
  const std::optional<ErrorCode> expected = !trackable_ ? std::optional(ErrorCode::kNotSupported)
                                            : bad ? std::optional(ErrorCode::kInvalidParameter)
                                                  : std::nullopt;
  if (expected) {
    if (status.ok() || status.code() != *expected) {
      return fmt::format("enable({}): got {}; expected {}", granularity,
                         status.ok() ? "ok" : status.error().to_string(), to_string(*expected));
    }
    return std::nullopt;
  }
  if (!status) return "enable failed: " + status.error().to_string();
  enabled_ = true;
  ++session_;
  block_shift_ = static_cast<unsigned>(std::countr_zero(granularity));
  most_recent_ = 1;
  valid_from_ = 1;
  coarse_through_ = 0;
  live_ = {1};
  newer_changes_ = false;
  issued_.push_back({tracker.state().most_recent_id, session_, 1});
  return std::nullopt;
}

TrackingOracle::Failure TrackingOracle::bad_request(const Op& op) {
  std::uint64_t offset = (op.b % (size_ / sector_)) * sector_;
  std::uint64_t length = sector_;
  switch (op.a % 4) {
    case 0:
      offset += 1 + op.c % (sector_ - 1);  // unaligned offset
      break;
    case 1:
      length += 1 + op.c % (sector_ - 1);  // unaligned length
      break;
    case 2:
      offset = size_ - sector_ * (op.c % 2);  // runs past the end
      length = 2 * sector_;
      break;
    default:
      length = 0;
  }
  std::vector<std::byte> data(length, std::byte{0x5A});
  const bool is_read = (op.a >> 2) % 2 == 1;
  const Status status = is_read ? disk_->read(offset, data) : disk_->write(offset, data);
  if (status.ok() || status.code() != ErrorCode::kInvalidParameter) {
    return fmt::format("bad {} [{},+{}) got {}", is_read ? "read" : "write", offset, length,
                       status.ok() ? "ok" : status.error().to_string());
  }
  return std::nullopt;
}

TrackingOracle::Failure TrackingOracle::check_state() const {
  const TrackingState state = disk_->change_tracker().state();
  if (state.enabled != enabled_) return fmt::format("state.enabled = {}", state.enabled);
  if (state.newer_changes != newer_changes_) {
    return fmt::format("state.newer_changes = {}", state.newer_changes);
  }
  if (!enabled_) return state.most_recent_id.empty() ? Failure() : "most_recent_id while disabled";
  if (state.most_recent_id != issued_.back().text || issued_.back().sequence != most_recent_) {
    return fmt::format("state.most_recent_id = {}", state.most_recent_id);
  }
  return std::nullopt;
}

}  // namespace sim::storage::testing
