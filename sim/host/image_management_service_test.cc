// Msvm_ImageManagementService.GetVirtualDiskChanges (spec §2, §4, §7) on the small inventory: the
// singleton service in root/virtualization/v2 only, a write after a reference point answered as a
// changed range, paging at the profile's range count, every error case with its doc-strict code,
// and the two job deliveries — a failed job carrying the change tracker's code and message, and a
// successful job whose 4096 answer still carries the ranges.
#include <gtest/gtest.h>

#include <algorithm>

#include "sim/host/image_management_test_support.h"

namespace sim::host {
namespace {

using namespace test;

constexpr std::uint64_t kKiB = 1024;
constexpr std::uint64_t kMiB = 1024 * kKiB;
constexpr std::uint64_t kGiB = 1024 * kMiB;
constexpr std::uint64_t kWeb01DiskSize = 64 * kGiB;  // fixtures/inventories/small.json
constexpr std::uint64_t kBlock = 64 * kKiB;          // doc-strict rct.granularity

const std::vector<std::byte> kFourKiB(4 * kKiB, std::byte{0x5A});

// A host with one RCT reference point on Finance; `web` is web-01's only disk as it sealed it.
class GetVirtualDiskChangesTest : public ::testing::Test {
 protected:
  explicit GetVirtualDiskChangesTest(control::Profile profile = fixture_profile("doc-strict"))
      : host(make_host({.profile = std::move(profile)})) {}

  void SetUp() override {
    const auto r = value_or_fail(create_reference_point(*host, group_path(kFinance)));
    ASSERT_EQ(r.return_value, 0u);
    rpc = *out_reference(r, "ResultingReferencePointCollection");
    disks = sealed_disks(*host);
    ASSERT_EQ(disks.size(), 3u);
    const auto it = std::find_if(disks.begin(), disks.end(),
                                 [](const SealedDisk& d) { return d.vm_guid == kWeb01; });
    ASSERT_NE(it, disks.end());
    web = *it;
  }

  void write(std::uint64_t offset) { ASSERT_TRUE(host->write(web.path, offset, kFourKiB).ok()); }

  wmi::MethodResult changes(std::uint64_t offset = 0, std::uint64_t length = kWeb01DiskSize) {
    return value_or_fail(get_virtual_disk_changes(*host, web.path, web.rct_id, offset, length));
  }

  // The call's ReturnValue, after checking that a failure carries neither ranges nor a job.
  std::uint32_t error_code(const wmi::Result<wmi::MethodResult>& call) {
    const wmi::MethodResult r = value_or_fail(call);
    EXPECT_FALSE(changes_of(r).has_value()) << "no out-parameters on failure";
    EXPECT_EQ(out_reference(r, "Job"), nullptr);
    return r.return_value;
  }

  std::unique_ptr<Host> host;
  wmi::ObjectPath rpc;
  std::vector<SealedDisk> disks;
  SealedDisk web;
};

TEST(ImageManagementService, ASingletonServiceInVirtualizationV2Only) {
  auto host = make_host();
  const auto in_v2 = query_or_die(*host, kV2, "SELECT * FROM Msvm_ImageManagementService");
  ASSERT_EQ(in_v2.size(), 1u);
  EXPECT_EQ(string_property(in_v2[0], "Name"), "vmms");
  EXPECT_EQ(string_property(in_v2[0], "SystemName"), kHostName);
  auto got = host->get(ims_service());
  ASSERT_TRUE(got.ok()) << got.status().to_string();
  EXPECT_EQ(*got, in_v2[0]);

  auto q = host->query(kCluster, "SELECT * FROM Msvm_ImageManagementService");
  ASSERT_FALSE(q.ok());
  EXPECT_EQ(q.status().kind(), wmi::StatusKind::kInvalidArgument);
  EXPECT_EQ(host->get(ims_service(kCluster)).status().kind(), wmi::StatusKind::kNotFound);
  const std::string path = disk_path_ending(*host, ".vhdx");
  EXPECT_EQ(get_virtual_disk_changes(*host, path, "", 0, 0, "", kCluster).status().kind(),
            wmi::StatusKind::kNotFound);
}

TEST_F(GetVirtualDiskChangesTest, AWriteAfterAReferencePointIsAChangedRange) {
  const auto before = changes_of(changes());
  ASSERT_TRUE(before.has_value());
  EXPECT_TRUE(before->ranges.empty());
  EXPECT_EQ(before->processed_length, kWeb01DiskSize);

  write(kMiB + 8 * kKiB);
  const wmi::MethodResult r = changes();
  EXPECT_EQ(r.return_value, 0u);
  EXPECT_EQ(out_reference(r, "Job"), nullptr) << "doc-strict answers at once";
  const auto after = changes_of(r);
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->processed_length, kWeb01DiskSize);
  EXPECT_EQ(after->ranges, (std::vector<ChangedRange>{{kMiB, kBlock}}));

  // Clipped to the window; nothing outside it.
  const auto clipped = changes_of(changes(kMiB + kKiB, 2 * kKiB));
  ASSERT_TRUE(clipped.has_value());
  EXPECT_EQ(clipped->ranges, (std::vector<ChangedRange>{{kMiB + kKiB, 2 * kKiB}}));
  const auto elsewhere = changes_of(changes(2 * kMiB, kMiB));
  ASSERT_TRUE(elsewhere.has_value());
  EXPECT_TRUE(elsewhere->ranges.empty());
  EXPECT_EQ(elsewhere->processed_length, kMiB);

  // The other disks saw no write.
  for (const SealedDisk& disk : disks) {
    if (disk.path == web.path) continue;
    const auto other =
        changes_of(value_or_fail(get_virtual_disk_changes(*host, disk.path, disk.rct_id, 0, kMiB)));
    ASSERT_TRUE(other.has_value()) << disk.path;
    EXPECT_TRUE(other->ranges.empty()) << disk.path;
  }
}

// Host::write_zeroes (the benchmarks' way to dirty blocks without payload memory) is a tracked
// change like a write: reported by RCT, reading back as zeros; a bad disk or range is refused.
TEST_F(GetVirtualDiskChangesTest, AZeroFillIsAChangedRangeThatReadsAsZeros) {
  write(3 * kMiB);
  ASSERT_TRUE(host->write_zeroes(web.path, 3 * kMiB, 4 * kKiB).ok());
  ASSERT_TRUE(host->write_zeroes(web.path, 5 * kMiB + 8 * kKiB, 4 * kKiB).ok());
  const auto after = changes_of(changes());
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->ranges, (std::vector<ChangedRange>{{3 * kMiB, kBlock}, {5 * kMiB, kBlock}}));
  const auto bytes = host->read(web.path, 3 * kMiB, 4 * kKiB);
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(*bytes, std::vector<std::byte>(4 * kKiB, std::byte{0}));
  EXPECT_FALSE(host->write_zeroes("no-such-disk", 0, 4 * kKiB).ok());
  EXPECT_FALSE(host->write_zeroes(web.path, kWeb01DiskSize, 4 * kKiB).ok());
  EXPECT_FALSE(host->write_zeroes(web.path, 1, 4 * kKiB).ok());
}

TEST_F(GetVirtualDiskChangesTest, PathMatchesCaseInsensitivelyAndAnEmptyWindowIsEmpty) {
  write(0);
  std::string upper = web.path;
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; });
  const auto shouted =
      changes_of(value_or_fail(get_virtual_disk_changes(*host, upper, web.rct_id, 0, kMiB)));
  ASSERT_TRUE(shouted.has_value());
  EXPECT_EQ(shouted->ranges, (std::vector<ChangedRange>{{0, kBlock}}));

  const auto empty = changes_of(changes(0, 0));
  ASSERT_TRUE(empty.has_value());
  EXPECT_TRUE(empty->ranges.empty());
  EXPECT_EQ(empty->processed_length, 0u);
}

TEST_F(GetVirtualDiskChangesTest, DocStrictErrorCodes) {
  const auto call = [&](std::string_view path, std::string_view id, std::uint64_t offset,
                        std::uint64_t length, std::string_view target = "") {
    return error_code(get_virtual_disk_changes(*host, path, id, offset, length, target));
  };
  // 32779 file not found: no such file, and a disk's InstanceID is not its path.
  EXPECT_EQ(call("C:\\Hyper-V\\nowhere.vhdx", web.rct_id, 0, kMiB), 32779u);
  EXPECT_EQ(call(web.instance_id, web.rct_id, 0, kMiB), 32779u);
  EXPECT_EQ(call("", web.rct_id, 0, kMiB), 32779u);
  // 32773: a VHD Set snapshot, a malformed id, a window past the end, a missing length.
  EXPECT_EQ(call(web.path, web.rct_id, 0, kMiB, "{snapshot}"), 32773u);
  EXPECT_EQ(call(web.path, "not an rct id", 0, kMiB), 32773u);
  EXPECT_EQ(call(web.path, "", 0, kMiB), 32773u);
  EXPECT_EQ(call(web.path, web.rct_id, kWeb01DiskSize, 1), 32773u);
  EXPECT_EQ(call(web.path, web.rct_id, kWeb01DiskSize - kBlock, 2 * kBlock), 32773u);
  EXPECT_EQ(call(web.path, web.rct_id, ~std::uint64_t{0}, ~std::uint64_t{0}), 32773u);
  EXPECT_EQ(error_code(host->invoke(ims_service(), "GetVirtualDiskChanges",
                                    {{"Path", web.path}, {"LimitId", web.rct_id}})),
            32773u);
  // 32775: a VHD disk is not tracked.
  EXPECT_EQ(call(disk_path_ending(*host, ".vhd"), web.rct_id, 0, kMiB), 32775u);
  // 32768: an id of another disk.
  const auto other = std::find_if(disks.begin(), disks.end(),
                                  [&](const SealedDisk& d) { return d.path != web.path; });
  EXPECT_EQ(call(web.path, other->rct_id, 0, kMiB), 32768u);
}

TEST_F(GetVirtualDiskChangesTest, ADestroyedReferencePointsIdHasNoTrackingData) {
  ASSERT_EQ(value_or_fail(destroy_reference_point(*host, rpc)).return_value, 0u);
  EXPECT_EQ(error_code(get_virtual_disk_changes(*host, web.path, web.rct_id, 0, kMiB)), 32768u);
}

TEST_F(GetVirtualDiskChangesTest, AnOfflineChangeInvalidatesEarlierIds) {
  ASSERT_TRUE(host->modify_offline(web.path, 0, kFourKiB).ok());
  EXPECT_EQ(error_code(get_virtual_disk_changes(*host, web.path, web.rct_id, 0, kMiB)), 32768u);
  // A resize does the same to another disk's id.
  const SealedDisk& sql = disks.front().path == web.path ? disks.back() : disks.front();
  ASSERT_TRUE(host->resize(sql.path, 200 * kGiB).ok());
  EXPECT_EQ(error_code(get_virtual_disk_changes(*host, sql.path, sql.rct_id, 0, kMiB)), 32768u);
}

// --- Paging: a full page stops at the end of its last range.

control::Profile two_ranges_per_call() {
  control::Profile p = fixture_profile("doc-strict");
  p.rct_max_ranges_per_call = 2;
  return p;
}

class GetVirtualDiskChangesPagingTest : public GetVirtualDiskChangesTest {
 protected:
  GetVirtualDiskChangesPagingTest() : GetVirtualDiskChangesTest(two_ranges_per_call()) {}
};

TEST_F(GetVirtualDiskChangesPagingTest, ResumesAfterProcessedByteLength) {
  for (std::uint64_t block : {1, 3, 5, 7, 9}) write(block * kBlock);
  std::vector<ChangedRange> seen;
  std::uint64_t offset = 0;
  std::vector<std::uint64_t> processed;
  while (offset < kWeb01DiskSize) {
    const auto page = changes_of(changes(offset, kWeb01DiskSize - offset));
    ASSERT_TRUE(page.has_value());
    ASSERT_GT(page->processed_length, 0u);
    ASSERT_LE(page->ranges.size(), 2u);
    seen.insert(seen.end(), page->ranges.begin(), page->ranges.end());
    processed.push_back(page->processed_length);
    offset += page->processed_length;
  }
  EXPECT_EQ(seen, (std::vector<ChangedRange>{{1 * kBlock, kBlock},
                                             {3 * kBlock, kBlock},
                                             {5 * kBlock, kBlock},
                                             {7 * kBlock, kBlock},
                                             {9 * kBlock, kBlock}}));
  // Two full pages ending after blocks 3 and 7, then the rest of the disk.
  EXPECT_EQ(processed,
            (std::vector<std::uint64_t>{4 * kBlock, 4 * kBlock, kWeb01DiskSize - 8 * kBlock}));
}

// --- Delivery through jobs.

control::Profile gvdc_delivered(control::MethodDelivery delivery) {
  control::Profile p = fixture_profile("doc-strict");
  p.method_delivery["Msvm_ImageManagementService.GetVirtualDiskChanges"] = delivery;
  return p;
}

class GetVirtualDiskChangesFailedJobTest : public GetVirtualDiskChangesTest {
 protected:
  GetVirtualDiskChangesFailedJobTest()
      : GetVirtualDiskChangesTest(gvdc_delivered(
            {control::SuccessDelivery::kImmediate, control::ErrorDelivery::kFailedJob})) {}
};

TEST_F(GetVirtualDiskChangesFailedJobTest, CarriesTheTrackersCodeAndMessage) {
  // A success is still answered at once.
  EXPECT_EQ(changes().return_value, 0u);

  ASSERT_EQ(value_or_fail(destroy_reference_point(*host, rpc)).return_value, 0u);
  const auto r = value_or_fail(get_virtual_disk_changes(*host, web.path, web.rct_id, 0, kMiB));
  ASSERT_EQ(r.return_value, 4096u);
  EXPECT_FALSE(changes_of(r).has_value());
  const wmi::ObjectPath* job = out_reference(r, "Job");
  ASSERT_NE(job, nullptr);
  const auto trace = poll_job(*host, *job);
  ASSERT_TRUE(trace.terminal());
  EXPECT_EQ(trace.state(), 10u);
  EXPECT_EQ(uint_property(trace.last(), "ErrorCode"), 32768u);
  EXPECT_EQ(uint_property(trace.last(), "JobType"), 32768u);
  const std::string description = string_property(trace.last(), "ErrorDescription");
  EXPECT_NE(description.find("0xC03A0030"), std::string::npos) << description;
  EXPECT_NE(description.find(web.rct_id), std::string::npos) << description;
  EXPECT_NE(description.find(web.path), std::string::npos) << description;

  const auto errors = value_or_fail(host->invoke(*job, "GetErrorEx", {}));
  const wmi::CimValue* xml = out_value(errors, "Errors");
  ASSERT_TRUE(xml != nullptr && xml->is_array() && xml->elements().size() == 1u);
  const std::string& error = std::get<std::string>(xml->elements()[0]);
  EXPECT_NE(error.find("0xC03A0030 (no change tracking data for that id)"), std::string::npos)
      << error;
}

class GetVirtualDiskChangesJobTest : public GetVirtualDiskChangesTest {
 protected:
  GetVirtualDiskChangesJobTest()
      : GetVirtualDiskChangesTest(
            gvdc_delivered({control::SuccessDelivery::kJob, control::ErrorDelivery::kImmediate})) {}
};

TEST_F(GetVirtualDiskChangesJobTest, The4096AnswerCarriesTheRanges) {
  write(2 * kMiB);
  const wmi::MethodResult r = changes();
  ASSERT_EQ(r.return_value, 4096u);
  const wmi::ObjectPath* job = out_reference(r, "Job");
  ASSERT_NE(job, nullptr);
  const auto answer = changes_of(r);
  ASSERT_TRUE(answer.has_value()) << "the out-parameters come with the 4096";
  EXPECT_EQ(answer->processed_length, kWeb01DiskSize);
  EXPECT_EQ(answer->ranges, (std::vector<ChangedRange>{{2 * kMiB, kBlock}}));

  const auto trace = poll_job(*host, *job);
  ASSERT_TRUE(trace.terminal());
  EXPECT_EQ(trace.state(), 7u);
  EXPECT_EQ(uint_property(trace.last(), "ErrorCode"), 0u);
  EXPECT_TRUE(query_or_die(*host, kV2,
                           "ASSOCIATORS OF {" + path_text(*job) +
                               "} WHERE AssocClass=Msvm_AffectedJobElement")
                  .empty())
      << "a read creates nothing";
  // Errors are still answered at once.
  EXPECT_EQ(error_code(get_virtual_disk_changes(*host, web.path, "", 0, kMiB)), 32773u);
}

}  // namespace
}  // namespace sim::host
