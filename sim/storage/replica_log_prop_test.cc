// Stateful property of the replica log against a deliberately simple model: random writes, marks,
// releases, RemoveAssociatedData, discards, threshold crossings and resynchronizations. After
// every command, for every mark A whose data the log still holds and B the next such mark (or
// "now"):
//  - applying segment(A, B) onto a replica disk equal to the primary at A yields the primary at B,
//    byte for byte, both directly and through export_stream / import_stream.
// The primary is a real VirtualDisk with the log attached as its observer, so the disk's write path
// (payload writes and zero fills) is what feeds the log.
// and for every mark, has_associated_data() equals the model's answer, so a discard never drops a
// record a live mark needs and removed or pre-resync marks never claim data — and a segment from
// such a mark fails with kNoTrackingData. Each mark also seals
// an RCT id on the same disk: the blocks the log segment from A to now touches are exactly the
// blocks RCT reports changed since A's id (the two engines agree).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>
#include <rapidcheck/state.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "sim/storage/replica_log.h"
#include "sim/storage/replica_stream.h"

namespace sim::storage {
namespace {

constexpr std::size_t kDiskBytes = 64 * 1024;
constexpr std::size_t kSector = 512;
using Bytes = std::vector<std::byte>;

struct MarkModel {
  LogMark mark;
  Bytes primary_at_mark;
  bool live = true;
  bool removed = false;
};

struct RecordModel {
  std::uint64_t sequence;
  std::size_t bytes;
};

struct Model {
  Bytes primary = Bytes(kDiskBytes);
  std::uint64_t threshold = 0;
  std::uint64_t generation = 0;
  std::uint64_t next_sequence = 0;
  std::uint64_t next_mark_id = 1;
  bool resync_required = false;
  std::vector<RecordModel> retained;
  std::vector<MarkModel> marks;

  std::uint64_t first_sequence() const {
    return retained.empty() ? next_sequence : retained.front().sequence;
  }
  bool has_data(const MarkModel& m) const {
    return !resync_required && !m.removed && m.mark.generation == generation &&
           m.mark.sequence >= first_sequence() && m.mark.sequence <= next_sequence;
  }
  void discard_before(std::uint64_t sequence) {
    for (const MarkModel& m : marks) {
      if (m.live && m.mark.generation == generation) sequence = std::min(sequence, m.mark.sequence);
    }
    std::erase_if(retained, [&](const RecordModel& r) { return r.sequence < sequence; });
  }
};

std::unique_ptr<VirtualDisk> make_disk() {
  auto disk = VirtualDisk::create(DiskSpec{kDiskBytes, kSector, DiskFormat::kVhdx, Guid{}, 1});
  RC_ASSERT(disk.ok());
  return std::move(*disk);
}

constexpr std::uint64_t kRctBlock = ChangeTracker::kMinGranularity;

struct Sut {
  explicit Sut(std::uint64_t threshold)
      : primary(make_disk()), log(ReplicaLogOptions{threshold, 1 << 16}) {
    primary->add_observer(log);
    RC_ASSERT(primary->change_tracker().enable(kRctBlock).ok());
  }
  std::unique_ptr<VirtualDisk> primary;
  ReplicaLog log;
  std::map<std::uint64_t, std::string> rct_id_of_mark;  // LogMark::id -> id sealed with it
};

using BlockSet = std::set<std::uint64_t>;

BlockSet blocks_of(std::uint64_t offset, std::uint64_t length, BlockSet into = {}) {
  for (std::uint64_t b = offset / kRctBlock; b < (offset + length + kRctBlock - 1) / kRctBlock;
       ++b) {
    into.insert(b);
  }
  return into;
}

// RCT and the log must name the same blocks as changed since `mark`.
void check_rct_agrees(const Sut& sut, const LogMark& mark, std::span<const LogRecord> segment) {
  BlockSet logged;
  for (const LogRecord& r : segment) logged = blocks_of(r.offset, r.length, std::move(logged));
  auto changes = sut.primary->change_tracker().query_changes(sut.rct_id_of_mark.at(mark.id), 0,
                                                             kDiskBytes, kDiskBytes / kRctBlock);
  RC_ASSERT(changes.ok());
  RC_ASSERT(changes->exact);
  RC_ASSERT(changes->processed_length == kDiskBytes);
  BlockSet tracked;
  for (const ByteRange& r : changes->ranges)
    tracked = blocks_of(r.offset, r.length, std::move(tracked));
  RC_ASSERT(logged == tracked);
}

// A replica disk holding `base`, with `records` applied, read back whole.
Bytes replay(const Bytes& base, std::span<const LogRecord> records) {
  auto replica = make_disk();
  RC_ASSERT(replica->write(0, base).ok());
  RC_ASSERT(apply_records(records, *replica).ok());
  Bytes out(kDiskBytes);
  RC_ASSERT(replica->read(0, out).ok());
  return out;
}

void check_invariants(const Model& m, const Sut& sut) {
  const auto state = sut.log.state();
  RC_ASSERT(state.resync_required == m.resync_required);
  RC_ASSERT(state.next_sequence == m.next_sequence);
  RC_ASSERT(state.first_sequence == m.first_sequence());
  const LogMark now{0, m.generation, m.next_sequence};
  for (std::size_t a = 0; a < m.marks.size(); ++a) {
    const MarkModel& from = m.marks[a];
    RC_ASSERT(sut.log.has_associated_data(from.mark) == m.has_data(from));
    if (!m.has_data(from)) {
      // Discarded, removed, or lost to a resynchronization: no segment, and the error says so.
      const auto gone = sut.log.segment(from.mark, now);
      RC_ASSERT(!gone.ok());
      RC_ASSERT(gone.error().code == ErrorCode::kNoTrackingData);
      continue;
    }
    // B is the next mark that still has data (or "now"): every segment boundary kind is covered
    // while the check stays linear in the number of marks.
    std::size_t b = a + 1;
    while (b < m.marks.size() && !m.has_data(m.marks[b])) ++b;
    const bool to_now = b == m.marks.size();
    const LogMark to = to_now ? now : m.marks[b].mark;
    const Bytes& expected = to_now ? m.primary : m.marks[b].primary_at_mark;
    auto segment = sut.log.segment(from.mark, to);
    RC_ASSERT(segment.ok());
    RC_ASSERT(replay(from.primary_at_mark, *segment) == expected);
    if (to_now) check_rct_agrees(sut, from.mark, *segment);
    auto stream = export_stream(from.mark.sequence, *segment);
    RC_ASSERT(stream.ok());
    auto imported = import_stream(*stream);
    RC_ASSERT(imported.ok());
    RC_ASSERT(replay(from.primary_at_mark, imported->records) == expected);
  }
}

using Command = rc::state::Command<Model, Sut>;

// Every command checks the invariants on the model as it stands after the command.
struct CheckedCommand : Command {
  void run(const Model& before, Sut& sut) const override {
    act(before, sut);
    Model after = before;
    apply(after);
    check_invariants(after, sut);
  }
  virtual void act(const Model& before, Sut& sut) const = 0;
};

// A sector-aligned write of patterned bytes, or (zero_fill) of zeros that cost no log payload.
struct Write : CheckedCommand {
  std::uint64_t offset = kSector * *rc::gen::inRange<std::uint64_t>(0, kDiskBytes / kSector);
  std::size_t length =
      kSector * *rc::gen::inRange<std::size_t>(
                    1, std::min<std::size_t>(8, (kDiskBytes - offset) / kSector) + 1);
  std::uint8_t fill = *rc::gen::arbitrary<std::uint8_t>();
  bool zero_fill =
      *rc::gen::weightedOneOf<bool>({{4, rc::gen::just(false)}, {1, rc::gen::just(true)}});

  Bytes payload() const {
    Bytes b(length);
    if (!zero_fill) {
      for (std::size_t i = 0; i < length; ++i) b[i] = std::byte(fill + i);
    }
    return b;
  }
  void apply(Model& m) const override {
    const Bytes p = payload();
    std::copy(p.begin(), p.end(), m.primary.begin() + static_cast<std::ptrdiff_t>(offset));
    if (m.resync_required) return;
    m.retained.push_back(RecordModel{m.next_sequence++, zero_fill ? 0 : length});
    std::uint64_t retained_bytes = 0;
    for (const RecordModel& r : m.retained) retained_bytes += r.bytes;
    if (retained_bytes > m.threshold) {
      m.resync_required = true;
      m.retained.clear();
      ++m.generation;
      for (MarkModel& mark : m.marks) mark.live = false;
    }
  }
  void act(const Model&, Sut& sut) const override {
    const Status s = zero_fill ? sut.primary->write_zeroes(offset, length)
                               : sut.primary->write(offset, payload());
    RC_ASSERT(s.ok());
  }
  void show(std::ostream& os) const override {
    os << "Write{.offset = " << offset << ", .length = " << length << ", .fill = " << int(fill)
       << ", .zero_fill = " << zero_fill << "}";
  }
};

struct Mark : CheckedCommand {
  void apply(Model& m) const override {
    m.marks.push_back(MarkModel{LogMark{m.next_mark_id++, m.generation, m.next_sequence}, m.primary,
                                !m.resync_required});
  }
  void act(const Model& m, Sut& sut) const override {
    const LogMark mark = sut.log.mark();
    RC_ASSERT(mark == (LogMark{m.next_mark_id, m.generation, m.next_sequence}));
    auto rct_id = sut.primary->change_tracker().seal();
    RC_ASSERT(rct_id.ok());
    sut.rct_id_of_mark[mark.id] = rct_id->to_string();
  }
  void show(std::ostream& os) const override { os << "Mark{}"; }
};

// Commands that act on one existing mark, chosen by index.
struct OnMark : CheckedCommand {
  explicit OnMark(const Model& m)
      : index(m.marks.empty() ? 0 : *rc::gen::inRange<std::size_t>(0, m.marks.size())) {}
  void checkPreconditions(const Model& m) const override { RC_PRE(index < m.marks.size()); }
  std::size_t index;
};

struct Release : OnMark {
  using OnMark::OnMark;
  void apply(Model& m) const override { m.marks[index].live = false; }
  void act(const Model& m, Sut& sut) const override { sut.log.release(m.marks[index].mark); }
  void show(std::ostream& os) const override { os << "Release{" << index << "}"; }
};

struct RemoveAssociatedData : OnMark {
  using OnMark::OnMark;
  void apply(Model& m) const override {
    m.marks[index].live = false;
    m.marks[index].removed = true;
    m.discard_before(m.next_sequence);
  }
  void act(const Model& m, Sut& sut) const override {
    sut.log.remove_associated_data(m.marks[index].mark);
  }
  void show(std::ostream& os) const override { os << "RemoveAssociatedData{" << index << "}"; }
};

struct DiscardBefore : OnMark {
  using OnMark::OnMark;
  void apply(Model& m) const override {
    if (m.marks[index].mark.generation == m.generation)
      m.discard_before(m.marks[index].mark.sequence);
  }
  void act(const Model& m, Sut& sut) const override { sut.log.discard_before(m.marks[index].mark); }
  void show(std::ostream& os) const override { os << "DiscardBefore{" << index << "}"; }
};

struct Resynchronize : CheckedCommand {
  void checkPreconditions(const Model& m) const override { RC_PRE(m.resync_required); }
  void apply(Model& m) const override {
    m.resync_required = false;
    ++m.generation;
  }
  void act(const Model&, Sut& sut) const override { sut.log.resynchronize(); }
  void show(std::ostream& os) const override { os << "Resynchronize{}"; }
};

RC_GTEST_PROP(ReplicaLogProperty, SegmentsReproduceThePrimaryAndRetentionIsExact, ()) {
  Model model;
  // Half the runs never cross the threshold; the others cross it after a few KiB to a few writes.
  model.threshold = *rc::gen::oneOf(rc::gen::just<std::uint64_t>(UINT64_MAX),
                                    rc::gen::inRange<std::uint64_t>(1024, 32 * 1024));
  Sut sut(model.threshold);
  rc::state::check(
      model, sut,
      rc::state::gen::execOneOfWithArgs<Write, Write, Write, Mark, Release, RemoveAssociatedData,
                                        DiscardBefore, Resynchronize>());
}

}  // namespace
}  // namespace sim::storage
