// Msvm_CollectionSnapshotService.ExportSnapshot (CIM family, JobType 206, a plain
// Msvm_ConcreteJob): the canonical group backup cycle of spec §5 — CreateSnapshot (recovery),
// ExportSnapshot (full, then since the previous cycle's Msvm_ReferencePointCollection),
// ConvertToReferencePoint, the VM writing on — restores every cycle's disks byte for byte as they
// were at each checkpoint's instant, also with ExportReferencePoint exports mixed into the chain
// and with a Msvm_SnapshotCollection as the base; a standard checkpoint exports in full; every
// error case answers its export_reference_point.code.* code and writes no file; delivery through
// a job (fixtures/profiles/async-jobs.json). The property drives random writes and cycles.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <map>

#include "sim/host/export_test_support.h"
#include "sim/host/snapshot_test_support.h"

namespace sim::host {
namespace {

using namespace test;

constexpr std::uint64_t kMiB = 1024 * 1024;
constexpr std::uint64_t kGiB = 1024 * kMiB;

std::vector<std::byte> bytes(std::size_t n, int value) {
  return std::vector<std::byte>(n, static_cast<std::byte>(value));
}

// The disks of the Finance group and the regions the tests write (inside the first 1 GiB of each
// disk and around 100 GiB of Sql01's second one).
struct Region {
  std::string disk;  // host path
  std::uint64_t offset;
  std::size_t length;
};
std::vector<Region> regions() {
  std::vector<Region> out;
  for (const auto& [vm, disk] :
       {std::pair{kSql01, 0}, std::pair{kSql01, 1}, std::pair{kWeb01, 0}}) {
    const std::uint64_t base = disk == 1 ? 100 * kGiB : 0;
    for (std::uint64_t i = 0; i < 8; ++i) {
      out.push_back({disk_file(vm, disk), base + i * 3 * 65536, 65536});
    }
  }
  return out;
}

class SnapshotExportFixture {
 public:
  explicit SnapshotExportFixture(std::unique_ptr<Host> h) : host(std::move(h)) {}
  std::unique_ptr<Host> host;

  // Every region's bytes now.
  std::vector<std::vector<std::byte>> image() {
    std::vector<std::vector<std::byte>> out;
    for (const Region& r : regions()) {
      auto data = host->read(r.disk, r.offset, r.length);
      out.push_back(data.ok() ? std::move(*data) : std::vector<std::byte>());
    }
    return out;
  }
  // "" when every region restored from `chain` equals `expected`; otherwise what differs.
  std::string restore_differs(const std::vector<std::string>& chain,
                              const std::vector<std::vector<std::byte>>& expected) {
    const auto all = regions();
    std::map<std::string, RestoredDisk> restored;
    for (std::size_t i = 0; i < all.size(); ++i) {
      auto it = restored.find(all[i].disk);
      if (it == restored.end()) {
        auto disk = host->restore_export(chain, all[i].disk);
        if (!disk.ok()) return disk.status().to_string();
        it = restored.emplace(all[i].disk, std::move(*disk)).first;
      }
      std::vector<std::byte> got(all[i].length);
      it->second.content.read(all[i].offset, got);
      if (got != expected[i]) {
        return "region " + std::to_string(i) + " of " + all[i].disk + " differs after " +
               std::to_string(chain.size()) + " exports";
      }
    }
    return "";
  }
  wmi::ObjectPath create_snapshot_or_die(std::uint16_t type = kGroupRecovery) {
    const auto r = value_or_fail(create_group_snapshot(*host, group_path(kFinance), type));
    if (r.return_value != 0 || out_reference(r, "ResultingSnapshotCollection") == nullptr) {
      ADD_FAILURE() << "CreateSnapshot answered " << r.return_value;
      return {};
    }
    return *out_reference(r, "ResultingSnapshotCollection");
  }
  wmi::ObjectPath convert_or_die(const wmi::ObjectPath& snapshot) {
    const auto r = value_or_fail(group_snapshot_call(*host, "ConvertToReferencePoint",
                                                     "AffectedSnapshotCollection", snapshot));
    if (r.return_value != 0 || out_reference(r, "ResultingReferencePointCollection") == nullptr) {
      ADD_FAILURE() << "ConvertToReferencePoint answered " << r.return_value;
      return {};
    }
    return *out_reference(r, "ResultingReferencePointCollection");
  }
  std::uint32_t export_code(const wmi::CimValue& snapshot, const wmi::CimValue& dir,
                            const wmi::CimValue& settings = "") {
    return value_or_fail(export_group_snapshot(*host, snapshot, dir, settings)).return_value;
  }
};

class SnapshotExportTest : public ::testing::Test, public SnapshotExportFixture {
 protected:
  SnapshotExportTest() : SnapshotExportFixture(make_host()) {}
  void write(std::string_view vm, int disk, std::uint64_t offset, std::size_t n, int value) {
    ASSERT_TRUE(host->write(disk_file(vm, disk), offset, bytes(n, value)).ok());
  }
};

TEST_F(SnapshotExportTest, TheGroupCycleRestoresEachCheckpointInstantByteForByte) {
  std::vector<std::string> chain;
  std::vector<std::vector<std::vector<std::byte>>> instants;
  std::optional<wmi::ObjectPath> previous;  // the previous cycle's reference point collection
  for (int cycle = 0; cycle < 3; ++cycle) {
    write(kSql01, 0, cycle * 3 * 65536, 8192, 10 + cycle);
    write(kSql01, 1, 100 * kGiB + cycle * 65536 * 3, 4096, 20 + cycle);
    write(kWeb01, 0, 3 * 65536 + 512 * cycle, 512, 30 + cycle);
    const wmi::ObjectPath snapshot = create_snapshot_or_die();
    instants.push_back(image());
    // Written after the checkpoint, before its export: not in it.
    write(kSql01, 0, cycle * 3 * 65536, 4096, 40 + cycle);
    write(kWeb01, 0, 6 * 65536, 4096, 50 + cycle);
    chain.push_back("E:\\Backups\\cycle" + std::to_string(cycle));
    EXPECT_EQ(
        export_code(snapshot, chain.back(), snapshot_export_settings(previous, cycle == 2 ? 2 : 1)),
        0u)
        << cycle;
    previous = convert_or_die(snapshot);
    write(kSql01, 1, 100 * kGiB + 65536 * 3 * 2 + cycle * 4096, 4096, 60 + cycle);
  }
  for (std::size_t n = 1; n <= chain.size(); ++n) {
    const std::vector<std::string> prefix(chain.begin(), chain.begin() + n);
    EXPECT_EQ(restore_differs(prefix, instants[n - 1]), "") << n;
  }
  // Incrementals carry the changes, not the disks: Sql01's 127 GiB disk costs a few KiB.
  for (const auto& [path, size] : host->list_files(chain[1])) {
    EXPECT_LT(size, 1 * kMiB) << path;
  }

  // An ExportReferencePoint after the last cycle continues the same chain (its base is the point
  // the last checkpoint was converted to), and a snapshot export continues a reference-point one.
  write(kWeb01, 0, 0, 65536, 70);
  const wmi::ObjectPath direct = create_rpc_or_die(*host, kFinance);
  chain.push_back("E:\\Backups\\direct");
  instants.push_back(image());
  ASSERT_EQ(value_or_fail(export_collection_point(*host, direct, chain.back(),
                                                  collection_export_settings(*previous)))
                .return_value,
            0u);
  write(kSql01, 0, 0, 65536, 71);
  const wmi::ObjectPath after = create_snapshot_or_die();
  instants.push_back(image());
  chain.push_back("E:\\Backups\\after-direct");
  EXPECT_EQ(export_code(after, chain.back(), snapshot_export_settings(direct)), 0u);
  EXPECT_EQ(restore_differs(std::vector<std::string>(chain.begin(), chain.end() - 1),
                            instants[instants.size() - 2]),
            "");
  EXPECT_EQ(restore_differs(chain, instants.back()), "");
  // Skipping a link breaks the chain.
  const std::vector<std::string> gap{chain[0], chain[2]};
  EXPECT_EQ(host->restore_export(gap, disk_file(kWeb01, 0)).status().kind(),
            wmi::StatusKind::kInvalidArgument);
}

TEST_F(SnapshotExportTest, ASnapshotCollectionIsABaseAndAStandardOneExportsInFull) {
  write(kWeb01, 0, 0, 4096, 1);
  const wmi::ObjectPath first = create_snapshot_or_die();
  const auto at_first = image();
  write(kWeb01, 0, 4096, 4096, 2);
  write(kSql01, 1, 100 * kGiB, 4096, 3);
  const wmi::ObjectPath second = create_snapshot_or_die();
  const auto at_second = image();
  write(kWeb01, 0, 0, 8192, 4);
  EXPECT_EQ(export_code(first, "F:\\a"), 0u);
  EXPECT_EQ(export_code(second, "F:\\b", snapshot_export_settings(first, 0)), 0u);
  EXPECT_EQ(restore_differs({"F:\\a"}, at_first), "");
  EXPECT_EQ(restore_differs({"F:\\a", "F:\\b"}, at_second), "");

  const wmi::ObjectPath standard = create_snapshot_or_die(kGroupStandard);
  const auto at_standard = image();
  write(kSql01, 0, 0, 4096, 5);
  EXPECT_EQ(export_code(standard, "F:\\standard"), 0u);
  EXPECT_EQ(restore_differs({"F:\\standard"}, at_standard), "");
  // From a recovery base too; but a standard checkpoint seals no RCT id: it is no base.
  EXPECT_EQ(export_code(standard, "F:\\standard-inc", snapshot_export_settings(second)), 0u);
  EXPECT_EQ(restore_differs({"F:\\a", "F:\\b", "F:\\standard-inc"}, at_standard), "");
  EXPECT_EQ(export_code(second, "F:\\x", snapshot_export_settings(standard)), 5u);
  EXPECT_TRUE(host->list_files("F:\\x").empty());
}

TEST_F(SnapshotExportTest, EveryErrorCaseAnswersItsCodeAndWritesNoFile) {
  const wmi::ObjectPath first = create_snapshot_or_die();
  const wmi::ObjectPath rpc = convert_or_die(first);
  const wmi::ObjectPath second = create_snapshot_or_die();
  const wmi::ObjectPath later_rpc = create_rpc_or_die(*host, kFinance);
  const auto before = model_snapshot(*host);
  const auto expect_code = [&](const wmi::CimValue& snapshot, const wmi::CimValue& settings,
                               std::uint32_t code, const wmi::CimValue& dir = "Y:\\s") {
    EXPECT_EQ(export_code(snapshot, dir, settings), code);
    EXPECT_TRUE(host->list_files("Y:\\").empty());
  };
  wmi::ObjectPath missing = second;
  missing.keys = {{"CollectionID", std::string(kMissingId)}};
  // Snapshot collection not found; the reference names another class.
  expect_code(missing, "", 4u);
  expect_code(wmi::CimValue::null(wmi::CimType::kReference), "", 4u);
  expect_code(group_path(kFinance), "", 6u);
  expect_code(rpc, "", 6u);
  // Malformed settings: not CIM-XML/MOF, another class, BackupIntent outside 1..2.
  expect_code(second, "{not settings}", 4u);
  expect_code(second, collection_export_settings({}), 4u);
  expect_code(second, snapshot_export_settings({}, 3), 4u);
  // Base not found: a missing collection of either class, a path of another class.
  expect_code(second, snapshot_export_settings(missing), 4u);
  expect_code(second, snapshot_export_settings(rpc_path(kMissingId, kFinance)), 4u);
  expect_code(second, snapshot_export_settings(vm_path(kWeb01)), 4u);
  // Base not older: itself; a point taken after the checkpoint.
  expect_code(second, snapshot_export_settings(second), 4u);
  expect_code(second, snapshot_export_settings(later_rpc), 4u);
  // Directory empty or null.
  expect_code(second, "", 4u, "");
  expect_code(second, "", 4u, wmi::CimValue::null(wmi::CimType::kString));
  EXPECT_EQ(snapshot_diff(before, model_snapshot(*host)), "");
  // Directory in use (inside an earlier export too).
  EXPECT_EQ(export_code(second, "Z:\\in-use", snapshot_export_settings(rpc)), 0u);
  const auto files = host->list_files("Z:\\in-use");
  EXPECT_EQ(export_code(second, "Z:\\in-use"), 5u);
  EXPECT_EQ(export_code(second, "Z:\\in-use\\" + std::string(kWeb01)), 5u);
  EXPECT_EQ(host->list_files("Z:\\in-use"), files);
  // Data unavailable: the base's RCT ids stop answering after an offline modification.
  ASSERT_TRUE(host->modify_offline(disk_file(kWeb01, 0), 0, bytes(512, 1)).ok());
  expect_code(second, snapshot_export_settings(rpc), 5u);
}

TEST(SnapshotExportJobTest, AsyncJobsDeliverTheExportAndItsErrorsThroughAJob) {
  SnapshotExportFixture f(make_host({.profile = fixture_profile("async-jobs")}));
  const auto created = value_or_fail(create_group_snapshot(*f.host, group_path(kFinance)));
  ASSERT_EQ(created.return_value, 4096u);
  const wmi::ObjectPath* create_job = out_reference(created, "Job");
  ASSERT_NE(create_job, nullptr);
  ASSERT_EQ(uint_property(poll_job(*f.host, *create_job).last(), "JobState"), 7u);
  const auto snapshots = query_or_die(*f.host, kV2, "SELECT * FROM Msvm_SnapshotCollection");
  ASSERT_EQ(snapshots.size(), 1u);
  const wmi::ObjectPath snapshot = *snapshots.front().path();

  const auto r = value_or_fail(export_group_snapshot(*f.host, snapshot, "J:\\full"));
  ASSERT_EQ(r.return_value, 4096u);
  const wmi::ObjectPath* job = out_reference(r, "Job");
  ASSERT_NE(job, nullptr);
  EXPECT_EQ(job->class_name, "Msvm_ConcreteJob");
  const JobTrace trace = poll_job(*f.host, *job);
  ASSERT_TRUE(trace.terminal()) << trace.error.to_string();
  EXPECT_EQ(uint_property(trace.last(), "JobState"), 7u);
  EXPECT_EQ(uint_property(trace.last(), "JobType"), 206u);
  EXPECT_EQ(uint_property(trace.last(), "ErrorCode"), 0u);
  EXPECT_EQ(f.host->list_files("J:\\full").size(), 5u) << "2 configurations, 3 disk images";

  const auto failed = value_or_fail(export_group_snapshot(*f.host, snapshot, "J:\\full"));
  ASSERT_EQ(failed.return_value, 4096u);
  const JobTrace failed_trace = poll_job(*f.host, *out_reference(failed, "Job"));
  EXPECT_EQ(uint_property(failed_trace.last(), "JobState"), 10u);
  EXPECT_EQ(uint_property(failed_trace.last(), "ErrorCode"), 5u) << "directory in use";
  const auto bad =
      value_or_fail(export_group_snapshot(*f.host, snapshot, "J:\\bad", "{not settings}"));
  ASSERT_EQ(bad.return_value, 4096u);
  EXPECT_EQ(uint_property(poll_job(*f.host, *out_reference(bad, "Job")).last(), "ErrorCode"), 4u);
  EXPECT_TRUE(f.host->list_files("J:\\bad").empty());
}

// Random writes between random group cycles (recovery checkpoint, export from the previous
// cycle's reference point collection or in full, convert): every chain prefix restores its
// checkpoint's instant.
RC_GTEST_PROP(SnapshotExportProp, EveryChainPrefixRestoresItsCheckpointInstant, ()) {
  SnapshotExportFixture f(make_host());
  const auto all = regions();
  std::vector<std::string> chain;
  std::vector<std::vector<std::vector<std::byte>>> instants;
  std::optional<wmi::ObjectPath> previous;
  const int cycles = *rc::gen::inRange(1, 5);
  for (int cycle = 0; cycle < cycles; ++cycle) {
    const auto write_some = [&] {
      const int writes = *rc::gen::inRange(0, 6);
      for (int w = 0; w < writes; ++w) {
        const Region& r = all[*rc::gen::inRange<std::size_t>(0, all.size())];
        // 4 KiB-aligned: sql-01's second disk has 4096-byte logical sectors.
        const std::size_t at = *rc::gen::inRange<std::size_t>(0, r.length / 4096) * 4096;
        const std::size_t n = *rc::gen::inRange<std::size_t>(1, (r.length - at) / 4096 + 1) * 4096;
        const int value = *rc::gen::inRange(1, 256);
        RC_ASSERT(f.host->write(r.disk, r.offset + at, bytes(n, value)).ok());
      }
    };
    write_some();
    const wmi::ObjectPath snapshot = f.create_snapshot_or_die();
    instants.push_back(f.image());
    write_some();
    // A cycle starts a new chain in full now and then.
    const bool full = !previous || *rc::gen::weightedElement<bool>({{1, true}, {4, false}});
    if (full) {
      chain.clear();
      instants.erase(instants.begin(), instants.end() - 1);
    }
    chain.push_back("P:\\cycle" + std::to_string(cycle));
    RC_ASSERT(f.export_code(snapshot, chain.back(),
                            snapshot_export_settings(full ? std::nullopt : previous)) == 0u);
    write_some();
    previous = f.convert_or_die(snapshot);
    for (std::size_t n = 1; n <= chain.size(); ++n) {
      const std::vector<std::string> prefix(chain.begin(), chain.begin() + n);
      RC_ASSERT(f.restore_differs(prefix, instants[n - 1]) == "");
    }
  }
}

}  // namespace
}  // namespace sim::host
