// Area 4, change tracking (spec §7): random sequences of writes (DataPlane), seals (collection
// CreateReferencePoint on a VM group), GetVirtualDiskChanges queries paged by
// ProcessedByteLength over random windows, destroys, host crashes, resizes and offline changes,
// run against an oracle that keeps, per RCT id, the bytes written since it was sealed
// (conformance/oracle/written_ranges.h). One runner records what each command showed; each
// property asserts one kind of finding: soundness, exactness, invalidation codes, paging. The
// error codes of stale, foreign and malformed ids have their own example tests.
#include <rapidcheck.h>

#include <map>
#include <set>
#include <string>

#include "conformance/catalogue/conformance_test.h"
#include "conformance/oracle/profile_expectations.h"
#include "conformance/oracle/written_ranges.h"
#include "conformance/suites/rct_calls.h"
#include "conformance/suites/suite_calls.h"
#include "conformance/target/run_seed.h"
#include "conformance/target/target.h"

namespace conformance {
namespace {

using oracle::ByteRange;
using oracle::WrittenRanges;

constexpr std::uint64_t kKiB = 1024;
constexpr std::uint64_t kMiB = 1024 * kKiB;
constexpr std::uint64_t kSector = 4 * kKiB;          // aligned for 512- and 4096-byte sectors
constexpr std::uint64_t kWriteArea = 8 * kMiB;       // writes land in [0, 8 MiB)
constexpr std::uint64_t kQueryArea = 16 * kMiB;      // windows lie in [0, 16 MiB)
constexpr std::uint64_t kExactnessBlock = 1 * kMiB;  // coarser than any granularity profiles use
constexpr std::uint64_t kGrowth = 1024 * kMiB;       // a resize grows a disk by 1 GiB

oracle::ProfileExpectations profile() {
  auto parsed = oracle::parse_profile_expectations(current_target().profile_json());
  return parsed.ok() ? *parsed : oracle::ProfileExpectations{};
}

std::uint32_t code_or(std::string_view key, std::uint32_t fallback) {
  return profile().code(key).value_or(fallback);
}

enum class Op { kWrite, kSeal, kQuery, kDestroy, kCrash, kResize, kModifyOffline };

struct Command {
  Op op = Op::kWrite;
  std::size_t disk = 0;  // index into the disks (modulo their count)
  std::size_t pick = 0;  // which id / point (modulo)
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
};

rc::Gen<Command> gen_command() {
  return rc::gen::apply(
      [](Op op, std::size_t disk, std::size_t pick, std::uint64_t sector, std::uint64_t sectors,
         std::uint64_t window_start, std::uint64_t window_sectors) {
        Command c{op, disk, pick};
        if (op == Op::kQuery) {
          c.offset = window_start * kSector;
          c.length = std::min(window_sectors * 64 * kSector, kQueryArea - c.offset);
        } else {
          c.offset = sector * kSector;
          c.length = sectors * kSector;
        }
        return c;
      },
      rc::gen::weightedElement<Op>({{10, Op::kWrite},
                                    {3, Op::kSeal},
                                    {8, Op::kQuery},
                                    {1, Op::kDestroy},
                                    {1, Op::kCrash},
                                    {1, Op::kResize},
                                    {1, Op::kModifyOffline}}),
      rc::gen::inRange<std::size_t>(0, 16), rc::gen::inRange<std::size_t>(0, 16),
      rc::gen::inRange<std::uint64_t>(0, kWriteArea / kSector - 32),
      rc::gen::inRange<std::uint64_t>(1, 33),
      rc::gen::inRange<std::uint64_t>(0, kQueryArea / kSector - 1),
      rc::gen::inRange<std::uint64_t>(1, 64 * 4 + 1));
}

// What the oracle knows about one RCT id.
struct TrackedId {
  std::string path;
  std::string point_id;
  WrittenRanges written;     // since the id was sealed
  bool coarsened = false;    // a host crash since: the answer may be coarser, never smaller
  bool invalidated = false;  // resized or changed offline since
};

// What a run saw, by kind; each property asserts its kind is empty.
struct Findings {
  std::vector<std::string> unsound;
  std::vector<std::string> inexact;
  std::vector<std::string> wrong_codes;
  std::vector<std::string> bad_pages;
};

class SequenceRun {
 public:
  explicit SequenceRun(Session& session) : session_(session) {}

  // False when the target offers no group with RCT-sealable disks.
  bool start() {
    const auto groups = suites::vm_groups(session_.connection());
    if (groups.empty()) return false;
    group_ = groups.front();
    disks_ = suites::group_disks(session_, group_);
    if (disks_.empty()) return false;
    refresh_ids();
    return true;
  }

  void run(const Command& c, Findings& findings) {
    const std::string& disk = disks_[c.disk % disks_.size()];
    switch (c.op) {
      case Op::kWrite: {
        const std::vector<std::byte> data(c.length, std::byte{static_cast<unsigned char>(c.pick)});
        RC_ASSERT(session_.data_plane()->write(disk, c.offset, data).ok());
        for (auto& [id, tracked] : ids_) {
          if (tracked.path == disk) tracked.written.add(c.offset, c.length);
        }
        return;
      }
      case Op::kSeal:
        if (ids_.size() < 40) {
          RC_ASSERT(suites::create_group_point(session_, group_, 2) == 0u);
          refresh_ids();
        }
        return;
      case Op::kQuery:
        query(c, findings);
        return;
      case Op::kDestroy: {
        const auto points = suites::group_points(session_);
        if (points.empty()) return;
        RC_ASSERT(suites::destroy_group_point(session_, points[c.pick % points.size()]) == 0u);
        refresh_ids();
        return;
      }
      case Op::kCrash:
        RC_ASSERT(session_.data_plane()->crash_host().ok());
        for (auto& [id, tracked] : ids_) tracked.coarsened = true;
        return;
      case Op::kResize:
      case Op::kModifyOffline: {
        if (c.op == Op::kResize) {
          RC_ASSERT(session_.data_plane()->resize(disk, grown_size(disk)).ok());
        } else {
          const std::vector<std::byte> data(c.length, std::byte{0xEE});
          RC_ASSERT(session_.data_plane()->modify_offline(disk, c.offset, data).ok());
        }
        for (auto& [id, tracked] : ids_) {
          if (tracked.path == disk) tracked.invalidated = true;
        }
        return;
      }
    }
  }

 private:
  void query(const Command& c, Findings& findings) {
    if (ids_.empty()) return;
    auto it = ids_.begin();
    std::advance(it, static_cast<long>(c.pick % ids_.size()));
    const auto& [id, tracked] = *it;
    const ByteRange window{c.offset, c.length};
    const suites::ChangesAnswer answer = suites::disk_changes(session_, tracked.path, id, window);
    const std::string what = "id " + id + " of " + tracked.path + ", window [" +
                             std::to_string(window.offset) + ", +" + std::to_string(window.length) +
                             ")";
    RC_LOG() << "query " << what << ": code " << answer.code << ", " << answer.ranges.size()
             << " ranges in " << answer.processed.size() << " pages\n";
    if (!answer.problem.empty()) {
      findings.bad_pages.push_back(what + ": " + answer.problem);
      return;
    }
    if (tracked.invalidated) {
      const std::set<std::uint32_t> allowed = {
          code_or("get_virtual_disk_changes.code.rct_changed_offline", 32768),
          code_or("get_virtual_disk_changes.code.rct_no_tracking_data", 32768)};
      if (!allowed.contains(answer.code)) {
        findings.wrong_codes.push_back(what + " after a resize or offline change answered " +
                                       std::to_string(answer.code));
      }
      return;
    }
    if (answer.code != 0) {
      findings.unsound.push_back(what + " of a live point answered " + std::to_string(answer.code));
      return;
    }
    std::uint64_t processed = 0;
    for (std::uint64_t page : answer.processed) processed += page;
    if (processed != window.length) {
      findings.bad_pages.push_back(what + ": the pages processed " + std::to_string(processed) +
                                   " bytes");
    }
    if (answer.largest_page > profile().rct_max_ranges_per_call) {
      findings.bad_pages.push_back(what + ": a page of " + std::to_string(answer.largest_page) +
                                   " ranges");
    }
    if (const auto missed = tracked.written.first_uncovered(answer.ranges, window)) {
      findings.unsound.push_back(what + ": written byte " + std::to_string(*missed) +
                                 " is in no returned range");
    }
    if (!tracked.coarsened) {
      if (const auto extra =
              tracked.written.first_unwritten_block(answer.ranges, kExactnessBlock)) {
        findings.inexact.push_back(what + ": the 1 MiB block at " + std::to_string(*extra) +
                                   " is reported but was not written");
      }
    }
  }

  // The ids the points now carry: new ones start with nothing written; vanished ones are
  // forgotten (their codes are the example tests').
  void refresh_ids() {
    std::map<std::string, TrackedId> now;
    for (const suites::PointDisk& disk : suites::point_disks(session_)) {
      if (disk.rct_id.empty() || disk.path.empty()) continue;
      auto old = ids_.find(disk.rct_id);
      now[disk.rct_id] =
          old != ids_.end() ? old->second : TrackedId{disk.path, disk.point_id, {}, false, false};
    }
    ids_ = std::move(now);
  }

  // A size past the disk's end (found by doubling reads), plus 1 GiB: a resize that grows.
  std::uint64_t grown_size(const std::string& disk) {
    std::uint64_t past_end = kGrowth;
    while (session_.data_plane()->read(disk, past_end, kSector).ok()) past_end *= 2;
    return past_end + kGrowth;
  }

  Session& session_;
  wmi::ObjectPath group_;
  std::vector<std::string> disks_;
  std::map<std::string, TrackedId> ids_;
};

Findings run_random_sequence() {
  auto session = current_target().open(*rc::gen::arbitrary<std::uint64_t>());
  RC_PRE(session->data_plane() != nullptr);
  SequenceRun run(*session);
  RC_PRE(run.start());
  const auto commands =
      *rc::gen::resize(40, rc::gen::container<std::vector<Command>>(gen_command()));
  Findings findings;
  for (const Command& c : commands) run.run(c, findings);
  return findings;
}

void assert_none(const std::vector<std::string>& found) {
  for (const std::string& f : found) RC_LOG() << f << "\n";
  RC_ASSERT(found.empty());
}

CONFORMANCE_PROP(ChangeTrackingSuite, EveryWrittenByteIsInAReturnedRange, "RCT-SOUND-001") {
  assert_none(run_random_sequence().unsound);
}

CONFORMANCE_PROP(ChangeTrackingSuite, NoUnwrittenBlockIsReportedWithoutACrash, "RCT-SOUND-002") {
  assert_none(run_random_sequence().inexact);
}

CONFORMANCE_PROP(ChangeTrackingSuite, PagesTileTheWindowByProcessedByteLength, "RCT-SOUND-003") {
  assert_none(run_random_sequence().bad_pages);
}

CONFORMANCE_PROP(ChangeTrackingSuite, ResizeOrOfflineChangeInvalidatesEarlierIds, "RCT-CODE-004") {
  assert_none(run_random_sequence().wrong_codes);
}

// --- Example tests: the codes of ids that cannot be answered, and paging past the range limit.

struct SealedDisks {
  std::unique_ptr<Session> session;
  std::vector<suites::PointDisk> disks;
};

// A session with one RCT point on the first group, and its disks.
SealedDisks sealed_group() {
  SealedDisks out{current_target().open(run_seed()), {}};
  const auto groups = suites::vm_groups(out.session->connection());
  if (groups.empty() || suites::create_group_point(*out.session, groups.front(), 2) != 0) {
    return out;
  }
  for (const suites::PointDisk& disk : suites::point_disks(*out.session)) {
    if (!disk.rct_id.empty() && !disk.path.empty()) out.disks.push_back(disk);
  }
  return out;
}

std::uint32_t code_of_query(Session& session, const std::string& path, const std::string& id) {
  const auto answer = suites::disk_changes(session, path, id, {0, kMiB});
  EXPECT_EQ(answer.problem, "") << path << " / " << id;
  return answer.code;
}

CONFORMANCE_TEST(ChangeTrackingSuite, MalformedIdAnswersInvalidId, "RCT-CODE-001") {
  SealedDisks sealed = sealed_group();
  CONFORMANCE_REQUIRE(*sealed.session, {.mutation = true});
  ASSERT_FALSE(sealed.disks.empty()) << "no RCT point on the first VM group";
  const std::uint32_t expected = code_or("get_virtual_disk_changes.code.rct_invalid_id", 32773);
  const std::string& path = sealed.disks.front().path;
  for (const std::string& id :
       std::vector<std::string>{"not an rct id", "", "rctX:", std::string(300, 'r')}) {
    EXPECT_EQ(code_of_query(*sealed.session, path, id), expected) << "LimitId \"" << id << "\"";
  }
}

CONFORMANCE_TEST(ChangeTrackingSuite, ForeignIdAnswersNoTrackingData, "RCT-CODE-002") {
  SealedDisks sealed = sealed_group();
  CONFORMANCE_REQUIRE(*sealed.session, {.mutation = true});
  ASSERT_GE(sealed.disks.size(), 2u) << "needs a group point over two disks";
  const std::uint32_t expected =
      code_or("get_virtual_disk_changes.code.rct_no_tracking_data", 32768);
  for (std::size_t i = 0; i < sealed.disks.size(); ++i) {
    const auto& disk = sealed.disks[i];
    const auto& other = sealed.disks[(i + 1) % sealed.disks.size()];
    EXPECT_EQ(code_of_query(*sealed.session, disk.path, other.rct_id), expected)
        << other.rct_id << " asked of " << disk.path;
    EXPECT_EQ(code_of_query(*sealed.session, disk.path, disk.rct_id), 0u) << "its own id";
  }
}

CONFORMANCE_TEST(ChangeTrackingSuite, DestroyedPointsIdAnswersNoTrackingData, "RCT-CODE-003") {
  SealedDisks sealed = sealed_group();
  CONFORMANCE_REQUIRE(*sealed.session, {.mutation = true});
  ASSERT_FALSE(sealed.disks.empty());
  const auto points = suites::group_points(*sealed.session);
  ASSERT_EQ(points.size(), 1u);
  ASSERT_EQ(suites::destroy_group_point(*sealed.session, points.front()), 0u);
  const std::uint32_t expected =
      code_or("get_virtual_disk_changes.code.rct_no_tracking_data", 32768);
  for (const suites::PointDisk& disk : sealed.disks) {
    EXPECT_EQ(code_of_query(*sealed.session, disk.path, disk.rct_id), expected) << disk.rct_id;
  }
}

// More changed blocks than one page holds: the pages resume at ProcessedByteLength, none holds
// more than the profile's range count, and together they return every block.
CONFORMANCE_TEST(ChangeTrackingSuite, PagingPastTheRangeLimitLosesNothing, "RCT-SOUND-003") {
  SealedDisks sealed = sealed_group();
  CONFORMANCE_REQUIRE(*sealed.session, {.mutation = true, .data_plane = true});
  ASSERT_FALSE(sealed.disks.empty());
  const suites::PointDisk& disk = sealed.disks.front();
  const std::uint32_t limit = profile().rct_max_ranges_per_call;
  const std::uint64_t writes = limit + limit / 4 + 1;
  const std::uint64_t stride = 2 * kMiB;  // separate blocks at any granularity up to 1 MiB
  WrittenRanges written;
  const std::vector<std::byte> data(kSector, std::byte{0x42});
  for (std::uint64_t i = 0; i < writes; ++i) {
    ASSERT_TRUE(sealed.session->data_plane()->write(disk.path, i * stride, data).ok());
    written.add(i * stride, kSector);
  }
  const ByteRange window{0, writes * stride};
  const auto answer = suites::disk_changes(*sealed.session, disk.path, disk.rct_id, window);
  ASSERT_EQ(answer.problem, "");
  ASSERT_EQ(answer.code, 0u);
  EXPECT_GE(answer.processed.size(), 2u) << "more ranges than one page holds";
  EXPECT_LE(answer.largest_page, limit);
  std::uint64_t processed = 0;
  for (std::uint64_t page : answer.processed) processed += page;
  EXPECT_EQ(processed, window.length);
  EXPECT_EQ(written.first_uncovered(answer.ranges, window), std::nullopt);
}

}  // namespace
}  // namespace conformance
