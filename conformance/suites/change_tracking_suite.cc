// Area 4, change tracking (spec §7): random sequences of writes (DataPlane), seals (collection
// CreateReferencePoint on a VM group), GetVirtualDiskChanges queries paged by
// ProcessedByteLength over random windows, destroys, host crashes, resizes and offline changes,
// run against an oracle that keeps, per RCT id, the bytes written since it was sealed
// (conformance/oracle/written_ranges.h). One runner (rct_sequence.h) records what each command
// showed; each property asserts one kind of finding: soundness, exactness, invalidation codes,
// paging, and prints a failing sequence as a C++ regression test. The error codes of stale,
// foreign and malformed ids have their own example tests.
#include <rapidcheck.h>

#include <string>
#include <vector>

#include "conformance/catalogue/conformance_test.h"
#include "conformance/oracle/profile_expectations.h"
#include "conformance/oracle/written_ranges.h"
#include "conformance/suites/collection_states.h"
#include "conformance/suites/rct_calls.h"
#include "conformance/suites/rct_sequence.h"
#include "conformance/suites/suite_calls.h"
#include "conformance/target/run_seed.h"
#include "conformance/target/target.h"

namespace conformance {
namespace {

using oracle::ByteRange;
using oracle::WrittenRanges;

constexpr std::uint64_t kKiB = 1024;
constexpr std::uint64_t kMiB = 1024 * kKiB;
constexpr std::uint64_t kSector = 4 * kKiB;  // aligned for 512- and 4096-byte sectors

std::uint32_t code_or(std::string_view key, std::uint32_t fallback) {
  return profile_or_defaults().code(key).value_or(fallback);
}

// A random sequence on a fresh session; on any finding of the property's kind (or a refused step)
// the property fails with the findings and the sequence as a C++ regression test.
void check_random_sequence(std::string_view assertion_id,
                           std::vector<std::string> suites::RctFindings::*kind) {
  const auto session_seed = *rc::gen::arbitrary<std::uint64_t>();
  auto session = current_target().open(session_seed);
  RC_PRE(session->data_plane() != nullptr);
  const auto commands = *rc::gen::resize(
      40, rc::gen::container<std::vector<suites::RctCommand>>(suites::gen_rct_command()));
  const suites::RctFindings findings = suites::run_rct_sequence(*session, commands);
  RC_PRE(findings.started);
  std::string found;
  for (const auto* list : {&(findings.*kind), &findings.refused}) {
    for (const std::string& f : *list) found += "  " + f + "\n";
  }
  if (!found.empty()) {
    RC_FAIL("\n" + found + suites::rct_regression_snippet(assertion_id, session_seed, commands));
  }
}

CONFORMANCE_PROP(ChangeTrackingSuite, EveryWrittenByteIsInAReturnedRange, "RCT-SOUND-001") {
  check_random_sequence("RCT-SOUND-001", &suites::RctFindings::unsound);
}

CONFORMANCE_PROP(ChangeTrackingSuite, NoUnwrittenBlockIsReportedWithoutACrash, "RCT-SOUND-002") {
  check_random_sequence("RCT-SOUND-002", &suites::RctFindings::inexact);
}

CONFORMANCE_PROP(ChangeTrackingSuite, PagesTileTheWindowByProcessedByteLength, "RCT-SOUND-003") {
  check_random_sequence("RCT-SOUND-003", &suites::RctFindings::bad_pages);
}

CONFORMANCE_PROP(ChangeTrackingSuite, ResizeOrOfflineChangeInvalidatesEarlierIds, "RCT-CODE-004") {
  check_random_sequence("RCT-CODE-004", &suites::RctFindings::wrong_codes);
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
  const std::uint32_t limit = profile_or_defaults().rct_max_ranges_per_call;
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
