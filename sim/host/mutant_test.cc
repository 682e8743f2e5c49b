// The test-only mutants (mutant.h): each scenario below runs on a host without a mutant, where it
// behaves as the spec says, and on a host with one mutant, where it shows that mutant's broken
// behaviour — so every mutant provably changes what a client sees, and kNone provably does not.
// The conformance suite must catch each of them (hvconform --mutant).
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "sim/host/export_test_support.h"
#include "sim/host/image_management_test_support.h"
#include "sim/host/snapshot_test_support.h"
#include "sim/storage/replica_stream.h"
#include "wmi/cim/return_code.h"

namespace sim::host {
namespace {

using namespace test;

constexpr std::uint64_t kBlock = 64 * 1024;  // doc-strict rct.granularity
constexpr std::uint16_t kJobCompleted = 7;   // doc-strict and async-jobs job.success_state

std::vector<std::byte> bytes(std::size_t n, int value) {
  return std::vector<std::byte>(n, static_cast<std::byte>(value));
}

std::unique_ptr<Host> host_with(Mutant mutant, HostSetup setup = {}) {
  setup.mutant = mutant;
  return make_host(std::move(setup));
}

TEST(MutantTable, EveryMutantHasAUniqueNameThatFindsIt) {
  std::set<std::string_view> names;
  for (const MutantInfo& info : all_mutants()) {
    EXPECT_NE(info.mutant, Mutant::kNone);
    EXPECT_FALSE(info.description.empty()) << info.name;
    EXPECT_TRUE(names.insert(info.name).second) << info.name << " twice";
    EXPECT_EQ(mutant_named(info.name), info.mutant) << info.name;
  }
  EXPECT_EQ(names.size(), 8u);
  EXPECT_EQ(mutant_named("none"), std::nullopt);
  EXPECT_EQ(mutant_named("RCT-DROPS-BLOCK"), std::nullopt) << "names match exactly";
}

// GetVirtualDiskChanges over web-01's disk after writes into two adjacent blocks since Finance's
// reference point.
std::vector<ChangedRange> changes_after_two_blocks(Mutant mutant) {
  auto host = host_with(mutant);
  const auto r = value_or_fail(create_reference_point(*host, group_path(kFinance)));
  EXPECT_EQ(r.return_value, 0u);
  const auto disks = sealed_disks(*host);
  const auto web = std::find_if(disks.begin(), disks.end(),
                                [](const SealedDisk& d) { return d.vm_guid == kWeb01; });
  if (web == disks.end()) {
    ADD_FAILURE() << "web-01 has no sealed disk";
    return {};
  }
  EXPECT_TRUE(host->write(web->path, 0, bytes(4096, 1)).ok());
  EXPECT_TRUE(host->write(web->path, kBlock, bytes(4096, 2)).ok());
  const auto answer =
      value_or_fail(get_virtual_disk_changes(*host, web->path, web->rct_id, 0, 4 * kBlock));
  EXPECT_EQ(answer.return_value, 0u);
  const auto changes = changes_of(answer);
  if (!changes) {
    ADD_FAILURE() << "no ranges in the answer";
    return {};
  }
  return changes->ranges;
}

TEST(Mutants, RctDropsBlockOmitsOneChangedBlock) {
  EXPECT_EQ(changes_after_two_blocks(Mutant::kNone), (std::vector<ChangedRange>{{0, 2 * kBlock}}));
  EXPECT_EQ(changes_after_two_blocks(Mutant::kRctDropsBlock),
            (std::vector<ChangedRange>{{0, kBlock}}));
}

// The last Get of a successful CreateReferencePoint job under async-jobs.
wmi::Instance completed_create_job(Mutant mutant) {
  auto host = host_with(mutant, {.profile = fixture_profile("async-jobs")});
  const auto r = value_or_fail(create_reference_point(*host, group_path(kFinance)));
  EXPECT_EQ(r.return_value, 4096u);
  const JobTrace trace = poll_job(*host, *out_reference(r, "Job"));
  EXPECT_TRUE(trace.terminal());
  return trace.last();
}

TEST(Mutants, JobSuccessWithErrorCodeReportsAnErrorCodeOnACompletedJob) {
  const wmi::Instance fine = completed_create_job(Mutant::kNone);
  EXPECT_EQ(uint_property(fine, "JobState"), kJobCompleted);
  EXPECT_EQ(uint_property(fine, "ErrorCode"), 0u);
  const wmi::Instance broken = completed_create_job(Mutant::kJobSuccessWithErrorCode);
  EXPECT_EQ(uint_property(broken, "JobState"), kJobCompleted);
  EXPECT_EQ(uint_property(broken, "ErrorCode"), 2u) << "CIM family: 2 Failed";
}

// How many per-VM reference points exist after a CreateReferencePoint on Finance that a fault
// rule fails (with a failed job, or with an immediate code).
std::size_t points_after_faulted_create(Mutant mutant, control::FaultAction action) {
  control::FaultRule rule;
  rule.match.class_name = std::string(kCrpService);
  rule.match.method = "CreateReferencePoint";
  rule.action = action;
  auto host = host_with(mutant, {.faults = one_rule(rule)});
  const auto r = value_or_fail(create_reference_point(*host, group_path(kFinance)));
  if (const wmi::ObjectPath* job = out_reference(r, "Job")) {
    EXPECT_EQ(r.return_value, 4096u);
    const JobTrace trace = poll_job(*host, *job);
    EXPECT_EQ(trace.state(), 10) << "the job fails";
  } else {
    EXPECT_EQ(r.return_value, 32768u);
  }
  EXPECT_TRUE(query_or_die(*host, kV2, "SELECT * FROM Msvm_ReferencePointCollection").empty());
  return query_or_die(*host, kV2, "SELECT * FROM Msvm_VirtualSystemReferencePoint").size();
}

TEST(Mutants, ErrorLeavesReferencePointOnOneMemberOfAFailedGroupCreate) {
  for (const control::FaultAction action :
       {control::FaultAction(control::FailJobFault{50, 32768}),
        control::FaultAction(control::ReturnCodeFault{32768})}) {
    EXPECT_EQ(points_after_faulted_create(Mutant::kNone, action), 0u);
    EXPECT_EQ(points_after_faulted_create(Mutant::kErrorLeavesReferencePoint, action), 1u);
  }
}

// CreateReferencePoint on Finance with ReferencePointType 5 (DMTF reserved).
std::uint32_t reserved_type_answer(Mutant mutant) {
  auto host = host_with(mutant);
  return value_or_fail(create_reference_point(*host, group_path(kFinance), 5)).return_value;
}

TEST(Mutants, ReturnsReservedCodeAnswersACodeFromAReservedRange) {
  const std::uint32_t fine = reserved_type_answer(Mutant::kNone);
  EXPECT_EQ(fine, fixture_profile("doc-strict").codes.type_dmtf_reserved);
  EXPECT_EQ(wmi::classify(wmi::ReturnCodeFamily::kCim, fine), wmi::ReturnCodeClass::kError);
  const std::uint32_t broken = reserved_type_answer(Mutant::kReturnsReservedCode);
  EXPECT_EQ(broken, 7u);
  EXPECT_EQ(wmi::classify(wmi::ReturnCodeFamily::kCim, broken),
            wmi::ReturnCodeClass::kDmtfReserved);
}

TEST(Mutants, ClassLeaksIntoNamespaceServesImageManagementInTheClusterNamespace) {
  const auto query = "SELECT * FROM Msvm_ImageManagementService";
  auto fine = host_with(Mutant::kNone);
  EXPECT_EQ(fine->query(kCluster, query).status().kind(), wmi::StatusKind::kInvalidArgument);
  EXPECT_EQ(fine->get(ims_service(kCluster)).status().kind(), wmi::StatusKind::kNotFound);
  auto broken = host_with(Mutant::kClassLeaksIntoNamespace);
  const auto leaked = broken->query(kCluster, query);
  ASSERT_TRUE(leaked.ok()) << leaked.status().to_string();
  EXPECT_EQ(leaked->size(), 1u);
  EXPECT_TRUE(broken->get(ims_service(kCluster)).ok());
  EXPECT_EQ(query_or_die(*broken, kV2, query).size(), 1u) << "root/virtualization/v2 as before";
}

// PercentComplete at every Get of a CreateReferencePoint job under async-jobs (3 polls, 2-2.5 s),
// polled every 100 ms of virtual time.
std::vector<std::uint64_t> percent_trace(Mutant mutant) {
  auto host = host_with(mutant, {.profile = fixture_profile("async-jobs")});
  const auto r = value_or_fail(create_reference_point(*host, group_path(kFinance)));
  EXPECT_EQ(r.return_value, 4096u);
  const JobTrace trace = poll_job(*host, *out_reference(r, "Job"));
  EXPECT_TRUE(trace.terminal());
  EXPECT_EQ(trace.state(), kJobCompleted);
  std::vector<std::uint64_t> out;
  for (const wmi::Instance& seen : trace.seen)
    out.push_back(*uint_property(seen, "PercentComplete"));
  return out;
}

TEST(Mutants, PercentCompleteGoesBackBetweenPolls) {
  const auto fine = percent_trace(Mutant::kNone);
  EXPECT_TRUE(std::is_sorted(fine.begin(), fine.end()));
  EXPECT_EQ(fine.back(), 100u);
  const auto broken = percent_trace(Mutant::kPercentCompleteGoesBack);
  EXPECT_FALSE(std::is_sorted(broken.begin(), broken.end()));
  EXPECT_EQ(broken.back(), 100u);
}

// Exports Finance's log-based points A (full) and B (since A) and returns how many records B's
// segment of web-01's disk holds and whether restoring A then B gives the disk at B.
struct LogExport {
  std::size_t records = 0;
  bool restores_the_point = false;
};

LogExport log_export(Mutant mutant) {
  HostSetup setup;
  for (auto& vm : setup.inventory.vms) vm.replicating = true;
  auto host = host_with(mutant, std::move(setup));
  const std::string web = disk_file(kWeb01, 0);
  EXPECT_TRUE(host->write(web, 0, bytes(4096, 1)).ok());
  const wmi::ObjectPath a = create_rpc_or_die(*host, kFinance, 1);
  EXPECT_TRUE(host->write(web, 4096, bytes(4096, 2)).ok());
  EXPECT_TRUE(host->write(web, 0, bytes(512, 3)).ok());
  const wmi::ObjectPath b = create_rpc_or_die(*host, kFinance, 1);
  EXPECT_EQ(value_or_fail(export_collection_point(*host, a, "L:\\a")).return_value, 0u);
  EXPECT_EQ(value_or_fail(export_collection_point(*host, b, "L:\\b", collection_export_settings(a)))
                .return_value,
            0u);
  const std::string segment =
      "L:\\b\\" + std::string(kWeb01) + "\\Virtual Hard Disks\\Disk0.vhdx.hrl";
  const auto size = host->file_size(segment);
  if (!size.ok()) {
    ADD_FAILURE() << size.status().to_string();
    return {};
  }
  const auto stream = host->read(segment, 0, *size);
  const auto imported = storage::import_stream(*stream);
  EXPECT_TRUE(imported.ok()) << "a valid stream either way";
  const auto restored =
      host->restore_export(std::vector<std::string>{"L:\\a", "L:\\b"}, disk_id(kWeb01, 0));
  EXPECT_TRUE(restored.ok()) << restored.status().to_string();
  if (!imported.ok() || !restored.ok()) return {};
  auto expected = bytes(8192, 1);
  std::fill_n(expected.begin() + 4096, 4096, std::byte{2});
  std::fill_n(expected.begin(), 512, std::byte{3});
  std::vector<std::byte> got(8192);
  restored->content.read(0, got);
  return {imported->records.size(), got == expected};
}

TEST(Mutants, LogApplyLosesRecordDropsTheLastRecordOfAnExportedSegment) {
  const LogExport fine = log_export(Mutant::kNone);
  EXPECT_EQ(fine.records, 2u);
  EXPECT_TRUE(fine.restores_the_point);
  const LogExport broken = log_export(Mutant::kLogApplyLosesRecord);
  EXPECT_EQ(broken.records, 1u);
  EXPECT_FALSE(broken.restores_the_point);
}

// ConvertToReferencePoint (per VM) on a standard checkpoint of web-01.
std::uint32_t convert_standard_answer(Mutant mutant) {
  auto host = host_with(mutant);
  const auto created = value_or_fail(create_snapshot(*host, vm_path(kWeb01), kFullSnapshot));
  EXPECT_EQ(created.return_value, 0u);
  const wmi::ObjectPath* checkpoint = out_reference(created, "ResultingSnapshot");
  if (checkpoint == nullptr) {
    ADD_FAILURE() << "no ResultingSnapshot";
    return kNoResult;
  }
  const auto r = value_or_fail(convert_snapshot(*host, *checkpoint));
  EXPECT_EQ(out_reference(r, "ResultingReferencePoint") != nullptr, r.return_value == 0);
  return r.return_value;
}

// ConvertToReferencePoint (per VM group) on a standard group checkpoint of Finance.
std::uint32_t convert_standard_group_answer(Mutant mutant) {
  auto host = host_with(mutant);
  const auto created =
      value_or_fail(create_group_snapshot(*host, group_path(kFinance), kGroupStandard));
  EXPECT_EQ(created.return_value, 0u);
  const wmi::ObjectPath* collection = out_reference(created, "ResultingSnapshotCollection");
  if (collection == nullptr) {
    ADD_FAILURE() << "no ResultingSnapshotCollection";
    return kNoResult;
  }
  return value_or_fail(group_snapshot_call(*host, "ConvertToReferencePoint",
                                           "AffectedSnapshotCollection", *collection))
      .return_value;
}

TEST(Mutants, ConvertAcceptsStandardSnapshotTurnsAStandardCheckpointIntoAPoint) {
  const std::uint32_t refused = fixture_profile("doc-strict").codes.convert_standard_checkpoint;
  EXPECT_EQ(convert_standard_answer(Mutant::kNone), refused);
  EXPECT_EQ(convert_standard_answer(Mutant::kConvertAcceptsStandardSnapshot), 0u);
  EXPECT_EQ(convert_standard_group_answer(Mutant::kNone), refused);
  EXPECT_EQ(convert_standard_group_answer(Mutant::kConvertAcceptsStandardSnapshot), 0u);
}

}  // namespace
}  // namespace sim::host
