// Every profile key (sim/control/profile_keys.h) changes what the host does, checked through
// behaviour: a profile that differs from doc-strict in that key alone makes the host answer
// differently, in the way the key says.
//
// The create_reference_point.code.* keys are checked through both CreateReferencePoint methods
// (per VM group and per VM) where their case applies to both.
//
// One key is not consulted by the host: wsman.missing_instance_fault — the WS-Man endpoint
// (sim/server) maps kNotFound to the fault it names, and its test is there
// (sim/server/server_test.cc); in process a missing instance is always kNotFound.
// KeysAreAllCovered fails when a new key appears without a test.
#include <gtest/gtest.h>

#include <set>

#include "sim/control/profile_keys.h"
#include "sim/host/dispatcher.h"
#include "sim/host/export_test_support.h"
#include "sim/host/host_test_support.h"
#include "sim/host/image_management_test_support.h"
#include "sim/host/snapshot_test_support.h"
#include "wmi/cim/job_wait.h"

namespace sim::host {
namespace {

using namespace test;
using std::chrono::milliseconds;

control::Profile doc_strict() { return fixture_profile("doc-strict"); }

std::uint32_t code_of(const wmi::Result<wmi::MethodResult>& r) {
  return value_or_fail(r).return_value;
}

// --- codes.*

// Every code distinct and different from its doc-strict default, so each answer names its case.
control::Profile distinct_codes() {
  control::Profile p = doc_strict();
  p.codes.type_unknown = 32800;
  p.codes.type_dmtf_reserved = 32801;
  p.codes.type_vendor_specific = 32802;
  p.codes.log_without_replication = 32803;
  p.codes.collection_not_found = 32804;
  p.codes.wrong_collection_class = 32805;
  p.codes.empty_collection = 32806;
  p.codes.malformed_settings = 32807;
  p.codes.vhd_disk = 32808;
  p.codes.configuration_version_too_old = 32809;
  p.codes.reference_point_limit = 32810;
  p.codes.duplicate_collection_id = 32811;
  p.codes.wrong_member_kind = 32812;
  p.codes.system_not_found = 32813;
  p.codes.wrong_system_class = 32814;
  p.reference_point_limit_per_vm = 1;
  return p;
}

TEST(ProfileKeys, CreateReferencePointCodes) {
  const control::Profile profile = distinct_codes();
  auto host = make_host({.profile = profile});
  const auto finance = group_path(kFinance);
  EXPECT_EQ(code_of(create_reference_point(*host, finance, 0)), 32800u);
  EXPECT_EQ(code_of(create_reference_point(*host, finance, 3)), 32801u);
  EXPECT_EQ(code_of(create_reference_point(*host, finance, 32768)), 32802u);
  EXPECT_EQ(code_of(create_reference_point(*host, finance, 1)), 32803u);
  EXPECT_EQ(code_of(create_reference_point(*host, group_path(kMissingId))), 32804u);
  EXPECT_EQ(code_of(create_reference_point(*host, management_path(kProduction))), 32805u);
  const auto empty = value_or_fail(define_collection(*host, "Empty", "", 0));
  EXPECT_EQ(code_of(create_reference_point(*host, *out_reference(empty, "DefinedCollection"))),
            32806u);
  EXPECT_EQ(code_of(create_reference_point(*host, finance, 2, "{not settings}")), 32807u);
  // Limit 1: the first succeeds, the second finds the limit reached.
  EXPECT_EQ(code_of(create_reference_point(*host, finance)), 0u);
  EXPECT_EQ(code_of(create_reference_point(*host, finance)), 32810u);
}

TEST(ProfileKeys, VhdAndConfigurationVersionCodes) {
  // archive-01 as shipped: configuration 5.0 (and a VHD disk).
  {
    auto host = make_host({.profile = distinct_codes()});
    ASSERT_EQ(code_of(member_call(*host, "AddMember", vm_path(kArchive01), group_path(kFinance))),
              0u);
    EXPECT_EQ(code_of(create_reference_point(*host, group_path(kFinance))), 32809u);
  }
  // archive-01 upgraded to 9.0: only its VHD disk is in the way.
  {
    HostSetup setup{.profile = distinct_codes()};
    for (auto& vm : setup.inventory.vms) {
      if (vm.guid == kArchive01) vm.configuration_version = {9, 0};
    }
    auto host = make_host(std::move(setup));
    ASSERT_EQ(code_of(member_call(*host, "AddMember", vm_path(kArchive01), group_path(kFinance))),
              0u);
    EXPECT_EQ(code_of(create_reference_point(*host, group_path(kFinance))), 32808u);
  }
}

// The per-VM CreateReferencePoint (doc-strict's log0-rct1: 0 log, 1 RCT), each case with its code.
TEST(ProfileKeys, VirtualSystemCreateReferencePointCodes) {
  auto host = make_host({.profile = distinct_codes()});
  const auto web = vm_path(kWeb01);
  EXPECT_EQ(code_of(create_vm_reference_point(*host, web, 2)), 32801u);
  EXPECT_EQ(code_of(create_vm_reference_point(*host, web, 32768)), 32802u);
  EXPECT_EQ(code_of(create_vm_reference_point(*host, web, 0)), 32803u);
  EXPECT_EQ(code_of(create_vm_reference_point(*host, vm_path(kMissingId))), 32813u);
  EXPECT_EQ(code_of(create_vm_reference_point(*host, group_path(kFinance))), 32814u);
  EXPECT_EQ(code_of(create_vm_reference_point(*host, web, 1, "{not settings}")), 32807u);
  EXPECT_EQ(code_of(create_vm_reference_point(*host, vm_path(kArchive01))), 32809u);
  // Limit 1: the first succeeds, the second finds the limit reached.
  EXPECT_EQ(code_of(create_vm_reference_point(*host, web)), 0u);
  EXPECT_EQ(code_of(create_vm_reference_point(*host, web)), 32810u);
  // archive-01 upgraded to 9.0: only its VHD disk is in the way.
  HostSetup setup{.profile = distinct_codes()};
  for (auto& vm : setup.inventory.vms) {
    if (vm.guid == kArchive01) vm.configuration_version = {9, 0};
  }
  auto upgraded = make_host(std::move(setup));
  EXPECT_EQ(code_of(create_vm_reference_point(*upgraded, vm_path(kArchive01))), 32808u);
}

// ExportReferencePoint: each case answers its own code through the collection method (CIM
// family) and, vendor-specific codes being the same in both families, through the per-VM one.
TEST(ProfileKeys, ExportReferencePointCodes) {
  HostSetup setup{.profile = doc_strict()};
  control::ErrorCodes& c = setup.profile.codes;
  c.export_point_not_found = 32900;
  c.export_wrong_point_class = 32901;
  c.export_malformed_settings = 32902;
  c.export_base_not_found = 32903;
  c.export_base_foreign = 32904;
  c.export_base_not_older = 32905;
  c.export_data_unavailable = 32906;
  c.export_directory_empty = 32907;
  c.export_directory_in_use = 32908;
  c.export_unknown_disk = 32909;
  for (auto& vm : setup.inventory.vms) vm.replicating = true;
  auto host = make_host(std::move(setup));
  const wmi::ObjectPath log = create_rpc_or_die(*host, kFinance, 1);
  const wmi::ObjectPath first = create_rpc_or_die(*host, kFinance);
  const wmi::ObjectPath second = create_rpc_or_die(*host, kFinance);
  const auto code = [&](const wmi::CimValue& rpc, const wmi::CimValue& dir,
                        const wmi::CimValue& settings) {
    return code_of(export_collection_point(*host, rpc, dir, settings));
  };
  EXPECT_EQ(code(rpc_path(kMissingId, kFinance), "X:\\a", ""), 32900u);
  EXPECT_EQ(code(group_path(kFinance), "X:\\a", ""), 32901u);
  EXPECT_EQ(code(second, "X:\\a", "{not settings}"), 32902u);
  EXPECT_EQ(code(second, "X:\\a", collection_export_settings(rpc_path(kMissingId, kFinance))),
            32903u);
  EXPECT_EQ(code(second, "X:\\a", collection_export_settings(log)), 32904u) << "another type";
  EXPECT_EQ(code(first, "X:\\a", collection_export_settings(second)), 32905u);
  EXPECT_EQ(code(second, "", ""), 32907u);
  EXPECT_EQ(code(second, "X:\\a",
                 collection_export_settings({}, {{std::string(kWeb01), {"no-such-disk"}}})),
            32909u);
  EXPECT_EQ(code(second, "X:\\a", ""), 0u);
  EXPECT_EQ(code(second, "X:\\a", ""), 32908u);
  ASSERT_TRUE(host->resize(disk_file(kWeb01, 0), std::uint64_t{128} << 30).ok());
  EXPECT_EQ(code(second, "X:\\b", collection_export_settings(first)), 32906u)
      << "the base's RCT id no longer answers after a resize";

  const auto vm_code = [&](const wmi::CimValue& point, const wmi::CimValue& dir) {
    return code_of(export_vm_point(*host, point, dir));
  };
  EXPECT_EQ(vm_code(vm_path(kWeb01), "X:\\c"), 32901u);
  EXPECT_EQ(vm_code(wmi::CimValue::null(wmi::CimType::kReference), "X:\\c"), 32900u);
}

TEST(ProfileKeys, CollectionManagementCodes) {
  auto host = make_host({.profile = distinct_codes()});
  EXPECT_EQ(code_of(define_collection(*host, "dup", kFinance, 0)), 32811u);
  EXPECT_EQ(code_of(member_call(*host, "AddMember", vm_path(kSql01), management_path(kProduction))),
            32812u);
  // Cases without a profile code keep the documented 32773.
  EXPECT_EQ(code_of(define_collection(*host, "x", "", 7)), 32773u);
}

// --- create_snapshot.code.*, convert_to_reference_point.code.standard_checkpoint

control::Profile distinct_snapshot_codes() {
  control::Profile p = doc_strict();
  p.codes.snapshot_type_unknown = 32830;
  p.codes.snapshot_type_reserved = 32831;
  p.codes.snapshot_type_vendor_specific = 32832;
  p.codes.convert_standard_checkpoint = 32833;
  return p;
}

TEST(ProfileKeys, SnapshotCodes) {
  auto host = make_host({.profile = distinct_snapshot_codes()});
  const auto web = vm_path(kWeb01);
  EXPECT_EQ(code_of(create_snapshot(*host, web, 0)), 32831u);
  EXPECT_EQ(code_of(create_snapshot(*host, web, 4)), 32831u);
  EXPECT_EQ(code_of(create_snapshot(*host, web, 32769)), 32832u);
  const auto standard = value_or_fail(create_snapshot(*host, web, kFullSnapshot));
  ASSERT_EQ(standard.return_value, 0u);
  EXPECT_EQ(code_of(convert_snapshot(*host, *out_reference(standard, "ResultingSnapshot"))),
            32833u);
  // Msvm_CollectionSnapshotService: its own encoding (0 unknown, 1 standard, 2 recovery).
  const auto finance = group_path(kFinance);
  EXPECT_EQ(code_of(create_group_snapshot(*host, finance, 0)), 32830u);
  EXPECT_EQ(code_of(create_group_snapshot(*host, finance, 3)), 32831u);
  EXPECT_EQ(code_of(create_group_snapshot(*host, finance, 32768)), 32832u);
  const auto group_standard = value_or_fail(create_group_snapshot(*host, finance, kGroupStandard));
  ASSERT_EQ(group_standard.return_value, 0u);
  EXPECT_EQ(
      code_of(group_snapshot_call(*host, "ConvertToReferencePoint", "AffectedSnapshotCollection",
                                  *out_reference(group_standard, "ResultingSnapshotCollection"))),
      32833u);
  // The cases shared with CreateReferencePoint keep their keys.
  control::Profile shared = distinct_codes();
  shared.reference_point_limit_per_vm = 0;
  auto other = make_host({.profile = shared});
  EXPECT_EQ(code_of(create_snapshot(*other, vm_path(kMissingId))), 32813u);
  EXPECT_EQ(code_of(create_snapshot(*other, group_path(kFinance))), 32814u);
  EXPECT_EQ(code_of(create_snapshot(*other, web, kRecoverySnapshot, "{not settings}")), 32807u);
  EXPECT_EQ(code_of(create_snapshot(*other, vm_path(kArchive01))), 32809u);
}

// --- get_virtual_disk_changes.code.*

// web-01's disk as an RCT reference point on Finance sealed it, and a disk of sql-01.
struct SealedPair {
  SealedDisk web;
  SealedDisk sql;
};
SealedPair seal_finance(Host& host) {
  EXPECT_EQ(code_of(create_reference_point(host, group_path(kFinance))), 0u);
  SealedPair out;
  for (const SealedDisk& disk : sealed_disks(host)) {
    (disk.vm_guid == kWeb01 ? out.web : out.sql) = disk;
  }
  return out;
}

TEST(ProfileKeys, GetVirtualDiskChangesCodes) {
  control::Profile profile = doc_strict();
  profile.codes.file_not_found = 32820;
  profile.codes.target_snapshot = 32821;
  profile.codes.rct_invalid_id = 32822;
  profile.codes.rct_no_tracking_data = 32823;
  profile.codes.rct_tracking_disabled = 32824;
  profile.codes.rct_changed_offline = 32825;
  profile.codes.window_outside_disk = 32826;
  auto host = make_host({.profile = profile});
  const auto [web, sql] = seal_finance(*host);
  ASSERT_FALSE(web.path.empty());
  ASSERT_FALSE(sql.path.empty());
  constexpr std::uint64_t kWebSize = std::uint64_t{64} << 30;
  const auto code = [&](std::string_view path, std::string_view id, std::uint64_t offset,
                        std::uint64_t length, std::string_view target = "") {
    return code_of(get_virtual_disk_changes(*host, path, id, offset, length, target));
  };
  EXPECT_EQ(code(web.path, web.rct_id, 0, kWebSize), 0u);
  EXPECT_EQ(code("C:\\Hyper-V\\nowhere.vhdx", web.rct_id, 0, 4096), 32820u);
  EXPECT_EQ(code(web.path, web.rct_id, 0, 4096, "{snapshot}"), 32821u);
  EXPECT_EQ(code(web.path, "garbage", 0, 4096), 32822u);
  EXPECT_EQ(code(web.path, sql.rct_id, 0, 4096), 32823u);
  EXPECT_EQ(code(disk_path_ending(*host, ".vhd"), web.rct_id, 0, 4096), 32824u);
  EXPECT_EQ(code(web.path, web.rct_id, kWebSize, 1), 32826u);
  const std::vector<std::byte> sector(512, std::byte{1});
  ASSERT_TRUE(host->modify_offline(web.path, 0, sector).ok());
  EXPECT_EQ(code(web.path, web.rct_id, 0, 4096), 32825u);
}

// --- rct.max_ranges_per_call: five separate changed blocks, answered a page at a time.

// replication.code.*: Msvm_ReplicationService (v2) for the per-VM cases, and
// Msvm_CollectionReplicationService (cluster) for the group cases.
TEST(ProfileKeys, ReplicationCodes) {
  control::Profile p = doc_strict();
  p.codes.replication_system_not_found = 32900;
  p.codes.replication_wrong_system_class = 32901;
  p.codes.replication_collection_not_found = 32902;
  p.codes.replication_wrong_collection_class = 32903;
  p.codes.replication_empty_collection = 32904;
  p.codes.replication_malformed_settings = 32905;
  p.codes.replication_configuration_version_too_old = 32906;
  p.codes.replication_already_replicating = 32907;
  p.codes.replication_not_replicating = 32908;
  p.codes.replication_initial_type = 32909;
  p.codes.replication_resynchronize_not_required = 32910;
  auto host = make_host({.profile = p});
  wmi::ObjectPath replication;
  replication.namespace_name = std::string(kV2);
  replication.class_name = "Msvm_ReplicationService";
  replication.keys = {{"CreationClassName", std::string("Msvm_ReplicationService")}};
  const auto vm_call = [&](std::string_view method, const wmi::CimValue& system,
                           wmi::PropertyList extra = {}) {
    extra.push_back({"ComputerSystem", system});
    return code_of(host->invoke(replication, method, extra));
  };
  EXPECT_EQ(vm_call("CreateReplicationRelationship", vm_path(kMissingId)), 32900u);
  EXPECT_EQ(vm_call("CreateReplicationRelationship", group_path(kFinance)), 32901u);
  EXPECT_EQ(vm_call("CreateReplicationRelationship", vm_path(kWeb01),
                    {{"ReplicationSettingData", "{not settings}"}}),
            32905u);
  EXPECT_EQ(vm_call("CreateReplicationRelationship", vm_path(kArchive01)), 32906u);
  EXPECT_EQ(vm_call("StartReplication", vm_path(kWeb01), {{"InitialReplicationType", 1}}), 32908u);
  EXPECT_EQ(vm_call("CreateReplicationRelationship", vm_path(kWeb01)), 0u);
  EXPECT_EQ(vm_call("CreateReplicationRelationship", vm_path(kWeb01)), 32907u);
  EXPECT_EQ(vm_call("StartReplication", vm_path(kWeb01), {{"InitialReplicationType", 9}}), 32909u);
  EXPECT_EQ(vm_call("StartReplication", vm_path(kWeb01), {{"InitialReplicationType", 1}}), 0u);
  EXPECT_EQ(vm_call("Resynchronize", vm_path(kWeb01)), 32910u);

  const wmi::ObjectPath group_service = service_path("Msvm_CollectionReplicationService", kCluster);
  const auto group_call = [&](const wmi::CimValue& collection) {
    return code_of(
        host->invoke(group_service, "CreateReplicationRelationship", {{"Collection", collection}}));
  };
  EXPECT_EQ(group_call(group_path(kMissingId, kCluster)), 32902u);
  EXPECT_EQ(group_call(management_path(kProduction, kCluster)), 32903u);
  const auto empty = value_or_fail(define_collection(*host, "Empty", "", 0, kCluster));
  EXPECT_EQ(group_call(*out_reference(empty, "DefinedCollection")), 32904u);
  EXPECT_EQ(group_call(group_path(kFinance, kCluster)), 32907u) << "web-01 has one";
}

TEST(ProfileKeys, RctMaxRangesPerCall) {
  constexpr std::uint64_t kBlock = 64 << 10;
  constexpr std::uint64_t kWebSize = std::uint64_t{64} << 30;
  for (std::uint32_t per_call : {1u, 3u, 5u, 1024u}) {
    control::Profile profile = doc_strict();
    profile.rct_max_ranges_per_call = per_call;
    auto host = make_host({.profile = profile});
    const SealedDisk web = seal_finance(*host).web;
    const std::vector<std::byte> data(4096, std::byte{7});
    for (std::uint64_t i = 0; i < 5; ++i) {
      ASSERT_TRUE(host->write(web.path, 2 * i * kBlock, data).ok());
    }
    const auto page = changes_of(
        value_or_fail(get_virtual_disk_changes(*host, web.path, web.rct_id, 0, kWebSize)));
    ASSERT_TRUE(page.has_value());
    const std::size_t returned = std::min<std::size_t>(per_call, 5);
    ASSERT_EQ(page->ranges.size(), returned) << per_call;
    EXPECT_EQ(page->processed_length,
              per_call < 5 ? page->ranges.back().offset + page->ranges.back().length : kWebSize)
        << per_call;
  }
}

// --- method.delivery

TEST(ProfileKeys, MethodDeliveryPerMethod) {
  control::Profile profile = doc_strict();
  profile.method_delivery["Msvm_CollectionReferencePointService.CreateReferencePoint"] = {
      control::SuccessDelivery::kJob, control::ErrorDelivery::kImmediate};
  profile.method_delivery["Msvm_CollectionManagementService.AddMember"] = {
      control::SuccessDelivery::kImmediate, control::ErrorDelivery::kFailedJob};
  auto host = make_host({.profile = profile});

  // CreateReferencePoint: success through a job, errors at once.
  const auto ok = value_or_fail(create_reference_point(*host, group_path(kFinance)));
  EXPECT_EQ(ok.return_value, 4096u);
  EXPECT_EQ(poll_job(*host, *out_reference(ok, "Job")).state(), 7u);
  EXPECT_EQ(code_of(create_reference_point(*host, group_path(kFinance), 0)), 4u);

  // AddMember: success at once, errors as failed jobs.
  EXPECT_EQ(code_of(member_call(*host, "AddMember", vm_path(kArchive01), group_path(kFinance))),
            0u);
  const auto bad =
      value_or_fail(member_call(*host, "AddMember", vm_path(kSql01), management_path(kProduction)));
  ASSERT_EQ(bad.return_value, 4096u);
  const auto trace = poll_job(*host, *out_reference(bad, "Job"));
  EXPECT_EQ(trace.state(), 10u);
  EXPECT_EQ(uint_property(trace.last(), "ErrorCode"), 32773u);

  // Methods not listed keep doc-strict's default (immediate).
  EXPECT_EQ(code_of(define_collection(*host, "x", "", 0)), 0u);
}

TEST(ProfileKeys, MethodDeliveryDefault) {
  control::Profile profile = doc_strict();
  profile.default_delivery = {control::SuccessDelivery::kJob, control::ErrorDelivery::kFailedJob};
  auto host = make_host({.profile = profile});
  EXPECT_EQ(code_of(define_collection(*host, "x", "", 0)), 4096u);
  EXPECT_EQ(code_of(define_collection(*host, "x", kFinance, 0)), 4096u);
  EXPECT_EQ(code_of(create_reference_point(*host, group_path(kFinance), 0)), 4096u);
}

// --- job.duration

wmi::ObjectPath start_job(Host& host) {
  const auto r = value_or_fail(create_reference_point(host, group_path(kFinance)));
  EXPECT_EQ(r.return_value, 4096u);
  const wmi::ObjectPath* job = out_reference(r, "Job");
  return job == nullptr ? wmi::ObjectPath{} : *job;
}

control::Profile jobs_with(control::JobDuration duration) {
  control::Profile p = doc_strict();
  p.default_delivery = {control::SuccessDelivery::kJob, control::ErrorDelivery::kFailedJob};
  p.job_duration = duration;
  return p;
}

TEST(ProfileKeys, JobDurationPolls) {
  for (std::uint32_t polls : {0u, 1u, 2u, 5u}) {
    auto host = make_host({.profile = jobs_with({polls, milliseconds(0), milliseconds(0)})});
    const auto job = start_job(*host);
    // Gets without any time passing: terminal exactly at the polls-th Get (at once for 0).
    const auto trace = poll_job(*host, job, milliseconds(0), 100);
    ASSERT_TRUE(trace.terminal());
    EXPECT_EQ(trace.seen.size(), std::max<std::uint32_t>(polls, 1)) << polls;
    EXPECT_EQ(trace.state(), 7u);
  }
}

TEST(ProfileKeys, JobDurationVirtualTime) {
  auto host = make_host({.profile = jobs_with({0, milliseconds(1000), milliseconds(0)})});
  const auto job = start_job(*host);
  for (int i = 0; i < 10; ++i) {
    EXPECT_FALSE(wmi::is_terminal_job_state(*uint_property(*host->get(job), "JobState")));
  }
  ASSERT_TRUE(host->virtual_clock()->advance(milliseconds(999)).ok());
  EXPECT_FALSE(wmi::is_terminal_job_state(*uint_property(*host->get(job), "JobState")));
  ASSERT_TRUE(host->virtual_clock()->advance(milliseconds(1)).ok());
  EXPECT_EQ(*uint_property(*host->get(job), "JobState"), 7u);
}

TEST(ProfileKeys, JobDurationJitterIsSeededAndBounded) {
  std::set<std::int64_t> durations;
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    auto host =
        make_host({.profile = jobs_with({0, milliseconds(1000), milliseconds(500)}), .seed = seed});
    const auto job = start_job(*host);
    const auto trace = poll_job(*host, job, milliseconds(1), 3000);
    ASSERT_TRUE(trace.terminal());
    const auto ms = static_cast<std::int64_t>(trace.seen.size()) - 1;  // 1 ms per poll
    EXPECT_GE(ms, 1000) << seed;
    EXPECT_LE(ms, 1500) << seed;
    durations.insert(ms);
  }
  EXPECT_GT(durations.size(), 1u) << "jitter varies with the seed";
}

// --- job.time_before_removal_ms

TEST(ProfileKeys, TimeBeforeRemoval) {
  control::Profile profile = jobs_with({0, milliseconds(0), milliseconds(0)});
  profile.time_before_removal = milliseconds(2000);
  auto host = make_host({.profile = profile});
  const auto job = start_job(*host);
  auto done = host->get(job);
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(*uint_property(*done, "JobState"), 7u);
  EXPECT_EQ(
      std::get<wmi::Interval>(std::get<wmi::Datetime>(done->find("TimeBeforeRemoval")->scalar()))
          .duration,
      milliseconds(2000));
  ASSERT_TRUE(host->virtual_clock()->advance(milliseconds(1999)).ok());
  EXPECT_TRUE(host->get(job).ok());
  ASSERT_TRUE(host->virtual_clock()->advance(milliseconds(1)).ok());
  EXPECT_EQ(host->get(job).status().kind(), wmi::StatusKind::kNotFound);
}

// --- job.success_state

TEST(ProfileKeys, JobSuccessState) {
  control::Profile profile = jobs_with({1, milliseconds(0), milliseconds(0)});
  profile.job_success_state = 32768;
  auto host = make_host({.profile = profile});
  const auto job = start_job(*host);
  const auto trace = poll_job(*host, job);
  EXPECT_EQ(trace.state(), 32768u);
  EXPECT_EQ(uint_property(trace.last(), "ErrorCode"), 0u);
  EXPECT_EQ(uint_property(trace.last(), "PercentComplete"), 100u);
  EXPECT_EQ(query_or_die(
                *host, kV2,
                "ASSOCIATORS OF {" + path_text(job) + "} WHERE AssocClass=Msvm_AffectedJobElement")
                .size(),
            1u);
  const auto errors = value_or_fail(host->invoke(job, "GetErrorEx", {}));
  EXPECT_TRUE(out_value(errors, "Errors")->is_null());
}

// --- rct.granularity: a 4 KiB write after a reference point shows up as exactly one
// granularity-sized, granularity-aligned changed range since that point's RCT id.

struct DiskChange {
  std::uint64_t offset;
  std::uint64_t length;
};

// Takes a reference point on Finance, writes 4 KiB at `offset` of every member disk, and
// answers each disk's changed ranges since the point (disk InstanceID → ranges).
std::map<std::string, std::vector<DiskChange>> changes_after_one_write(control::Profile profile,
                                                                       std::uint64_t offset) {
  auto state = make_state({.profile = std::move(profile)});
  auto r = dispatch_invoke(
      *state, crp_service(), "CreateReferencePoint",
      {{"Collection", group_path(kFinance)}, {"ReferencePointType", std::uint16_t{2}}});
  EXPECT_TRUE(r.ok() && r->return_value == 0);
  auto points = dispatch_query(*state, kV2, "SELECT * FROM Msvm_VirtualSystemReferencePoint");
  EXPECT_TRUE(points.ok());
  std::map<std::string, std::vector<DiskChange>> out;
  const std::vector<std::byte> block(4096, std::byte{0x5A});  // a sector of either size
  for (const wmi::Instance& point : *points) {
    const auto disks = string_array_property(point, "VirtualDiskIdentifiers");
    const auto ids = string_array_property(point, "ResilientChangeTrackingIdentifiers");
    for (std::size_t i = 0; i < disks.size(); ++i) {
      VmDisk* disk = state->find_disk(disks[i]);
      EXPECT_NE(disk, nullptr);
      if (disk == nullptr) continue;
      EXPECT_TRUE(disk->disk->write(offset, block).ok());
      auto page = disk->disk->change_tracker().query_changes(ids[i], 0, disk->disk->size(), 16);
      EXPECT_TRUE(page.ok());
      if (!page.ok()) continue;
      for (const auto& range : page->ranges) out[disks[i]].push_back({range.offset, range.length});
    }
  }
  return out;
}

TEST(ProfileKeys, RctGranularity) {
  constexpr std::uint64_t kOffset = (std::uint64_t{3} << 20) + (8 << 10);  // 3 MiB + 8 KiB
  constexpr std::uint64_t kInventoryGranularity = 256 << 10;  // sql-01's second disk says so
  for (std::uint64_t granularity :
       {std::uint64_t{4} << 10, std::uint64_t{64} << 10, std::uint64_t{1} << 20}) {
    control::Profile profile = doc_strict();
    profile.rct_granularity = granularity;
    const auto changes = changes_after_one_write(profile, kOffset);
    ASSERT_EQ(changes.size(), 3u);
    for (const auto& [disk, ranges] : changes) {
      const std::uint64_t g =
          disk.find("\\0\\1\\L") != std::string::npos && disk.find(kSql01) != std::string::npos
              ? kInventoryGranularity
              : granularity;
      ASSERT_EQ(ranges.size(), 1u) << disk;
      EXPECT_EQ(ranges[0].offset, kOffset / g * g) << disk << " granularity " << g;
      EXPECT_EQ(ranges[0].length, g) << disk;
    }
  }
}

// --- reference_point.limit_per_vm

TEST(ProfileKeys, ReferencePointLimitPerVm) {
  control::Profile profile = doc_strict();
  profile.reference_point_limit_per_vm = 2;
  auto host = make_host({.profile = profile});
  const auto first = value_or_fail(create_reference_point(*host, group_path(kFinance)));
  ASSERT_EQ(first.return_value, 0u);
  ASSERT_EQ(code_of(create_reference_point(*host, group_path(kFinance))), 0u);
  const auto before = model_snapshot(*host);
  EXPECT_EQ(code_of(create_reference_point(*host, group_path(kFinance))), 5u);
  EXPECT_EQ(snapshot_diff(before, model_snapshot(*host)), "");
  // The limit is per VM: a group holding only web-01 is at its limit too.
  const auto solo = value_or_fail(define_collection(*host, "Solo", "", 0));
  const wmi::ObjectPath solo_path = *out_reference(solo, "DefinedCollection");
  ASSERT_EQ(code_of(member_call(*host, "AddMember", vm_path(kWeb01), solo_path)), 0u);
  EXPECT_EQ(code_of(create_reference_point(*host, solo_path)), 5u);
  // Destroying one frees a place.
  ASSERT_EQ(code_of(destroy_reference_point(
                *host, *out_reference(first, "ResultingReferencePointCollection"))),
            0u);
  EXPECT_EQ(code_of(create_reference_point(*host, solo_path)), 0u);
  EXPECT_EQ(code_of(create_reference_point(*host, group_path(kFinance))), 5u) << "web-01 is full";

  // doc-strict (0): no limit.
  auto unlimited = make_host();
  for (int i = 0; i < 20; ++i) {
    ASSERT_EQ(code_of(create_reference_point(*unlimited, group_path(kFinance))), 0u);
  }
}

// --- vs_reference_point.type_encoding: the same ReferencePointType asks for another point (or
// none) under each encoding; the point made is RCT-based (property value 2) under both.

TEST(ProfileKeys, VsReferencePointTypeEncoding) {
  struct Case {
    control::VsReferencePointTypeEncoding encoding;
    std::uint32_t type0;  // answer to ReferencePointType 0
    std::uint32_t type1;
    std::uint32_t type2;
  };
  // distinct_codes: 32800 type unknown, 32801 DMTF reserved, 32803 log without replication.
  for (const Case& c : {Case{control::VsReferencePointTypeEncoding::kLog0Rct1, 32803, 0, 32801},
                        Case{control::VsReferencePointTypeEncoding::kLog1Rct2, 32800, 32803, 0}}) {
    control::Profile profile = distinct_codes();
    profile.reference_point_limit_per_vm = 0;
    profile.vs_reference_point_type_encoding = c.encoding;
    auto host = make_host({.profile = profile});
    const std::uint32_t expected[] = {c.type0, c.type1, c.type2};
    for (std::uint16_t type = 0; type < 3; ++type) {
      const auto r = value_or_fail(create_vm_reference_point(*host, vm_path(kWeb01), type));
      EXPECT_EQ(r.return_value, expected[type]) << "type " << type;
      if (r.return_value != 0) continue;
      auto point = host->get(*out_reference(r, "ResultingReferencePoint"));
      ASSERT_TRUE(point.ok());
      EXPECT_EQ(uint_property(*point, "ReferencePointType"), 2u);
      EXPECT_EQ(string_array_property(*point, "ResilientChangeTrackingIdentifiers").size(), 1u);
    }
    EXPECT_EQ(query_or_die(*host, kV2, "SELECT * FROM Msvm_VirtualSystemReferencePoint").size(),
              1u);
  }
}

// --- reference_point_collection.consistency_level_order

TEST(ProfileKeys, ReferencePointCollectionConsistencyLevelOrder) {
  const std::string crash =
      "<INSTANCE CLASSNAME=\"Msvm_CollectionReferencePointSettingData\"><PROPERTY "
      "NAME=\"ConsistencyLevel\" TYPE=\"uint8\"><VALUE>2</VALUE></PROPERTY></INSTANCE>";
  struct Case {
    control::ConsistencyLevelOrder order;
    std::uint64_t app;
    std::uint64_t crash;
  };
  for (const Case& c : {Case{control::ConsistencyLevelOrder::kCrash1App2, 2, 1},
                        Case{control::ConsistencyLevelOrder::kApp1Crash2, 1, 2}}) {
    control::Profile profile = doc_strict();
    profile.reference_point_collection_consistency_order = c.order;
    auto host = make_host({.profile = profile});
    for (const auto& [settings, expected, vm_level] :
         {std::tuple{std::string(), c.app, 1u}, std::tuple{crash, c.crash, 2u}}) {
      const auto r =
          value_or_fail(create_reference_point(*host, group_path(kFinance), 2, settings));
      ASSERT_EQ(r.return_value, 0u);
      const wmi::ObjectPath rpc = *out_reference(r, "ResultingReferencePointCollection");
      EXPECT_EQ(uint_property(*host->get(rpc), "ConsistencyLevel"), expected);
      // The per-VM class keeps 1 app / 2 crash whatever the order.
      for (const auto& point :
           query_or_die(*host, kV2,
                        "ASSOCIATORS OF {" + path_text(rpc) +
                            "} WHERE AssocClass=Msvm_CollectedReferencePoints")) {
        EXPECT_EQ(uint_property(point, "ConsistencyLevel"), vm_level);
      }
    }
  }
}

// --- wsman.singleton_service_selectors

TEST(ProfileKeys, SingletonServiceSelectors) {
  const std::string crp(kCrpService);
  const wmi::ObjectPath minimal{std::nullopt, std::string(kV2), crp, {{"CreationClassName", crp}}};
  const wmi::ObjectPath with_name{std::nullopt,
                                  std::string(kV2),
                                  crp,
                                  {{"CreationClassName", crp}, {"Name", std::string("vmms")}}};
  // All four required.
  {
    control::Profile profile = doc_strict();
    profile.singleton_selectors.required = profile.singleton_selectors.accepted;
    auto host = make_host({.profile = profile});
    EXPECT_EQ(host->get(minimal).status().kind(), wmi::StatusKind::kFault);
    EXPECT_EQ(host->get(with_name).status().kind(), wmi::StatusKind::kFault);
    EXPECT_TRUE(host->get(crp_service()).ok());
  }
  // Only CreationClassName accepted.
  {
    control::Profile profile = doc_strict();
    profile.singleton_selectors.accepted = {"CreationClassName"};
    auto host = make_host({.profile = profile});
    EXPECT_TRUE(host->get(minimal).ok());
    EXPECT_EQ(host->get(with_name).status().kind(), wmi::StatusKind::kFault);
    EXPECT_EQ(host->get(crp_service()).status().kind(), wmi::StatusKind::kFault);
  }
  // Nothing required: a bare class path addresses the service.
  {
    control::Profile profile = doc_strict();
    profile.singleton_selectors.required.clear();
    auto host = make_host({.profile = profile});
    EXPECT_TRUE(host->get(wmi::ObjectPath{std::nullopt, std::string(kV2), crp, {}}).ok());
  }
  // doc-strict: CreationClassName alone is required and enough.
  {
    auto host = make_host();
    EXPECT_TRUE(host->get(minimal).ok());
    EXPECT_TRUE(host->get(with_name).ok());
    EXPECT_EQ(host->get(wmi::ObjectPath{std::nullopt, std::string(kV2), crp, {}}).status().kind(),
              wmi::StatusKind::kFault);
  }
}

// --- wsman.missing_instance_fault: decided by the WS-Man endpoint, so its test is there
// (sim/server/server_test.cc, ProfileKeys.WsmanMissingInstanceFault); in process a missing
// instance is kNotFound.

// A new profile key needs a test above.
TEST(ProfileKeys, KeysAreAllCovered) {
  const std::set<std::string> covered = {
      "vs_reference_point.type_encoding",
      "reference_point_collection.consistency_level_order",
      "create_reference_point.code.type_unknown",
      "create_reference_point.code.type_dmtf_reserved",
      "create_reference_point.code.type_vendor_specific",
      "create_reference_point.code.log_without_replication",
      "create_reference_point.code.collection_not_found",
      "create_reference_point.code.wrong_collection_class",
      "create_reference_point.code.system_not_found",
      "create_reference_point.code.wrong_system_class",
      "create_reference_point.code.empty_collection",
      "create_reference_point.code.malformed_settings",
      "create_reference_point.code.vhd_disk",
      "create_reference_point.code.configuration_version_too_old",
      "create_reference_point.code.reference_point_limit",
      "collection_management.code.duplicate_collection_id",
      "collection_management.code.wrong_member_kind",
      "get_virtual_disk_changes.code.file_not_found",
      "get_virtual_disk_changes.code.target_snapshot",
      "get_virtual_disk_changes.code.rct_invalid_id",
      "get_virtual_disk_changes.code.rct_no_tracking_data",
      "get_virtual_disk_changes.code.rct_tracking_disabled",
      "get_virtual_disk_changes.code.rct_changed_offline",
      "get_virtual_disk_changes.code.window_outside_disk",
      "replication.code.system_not_found",
      "replication.code.wrong_system_class",
      "replication.code.collection_not_found",
      "replication.code.wrong_collection_class",
      "replication.code.empty_collection",
      "replication.code.malformed_settings",
      "replication.code.configuration_version_too_old",
      "replication.code.already_replicating",
      "replication.code.not_replicating",
      "replication.code.initial_replication_type",
      "replication.code.resynchronize_not_required",
      "export_reference_point.code.point_not_found",
      "export_reference_point.code.wrong_point_class",
      "export_reference_point.code.malformed_settings",
      "export_reference_point.code.base_not_found",
      "export_reference_point.code.base_foreign",
      "export_reference_point.code.base_not_older",
      "export_reference_point.code.data_unavailable",
      "export_reference_point.code.directory_empty",
      "export_reference_point.code.directory_in_use",
      "export_reference_point.code.unknown_disk",
      "create_snapshot.code.type_unknown",
      "create_snapshot.code.type_reserved",
      "create_snapshot.code.type_vendor_specific",
      "convert_to_reference_point.code.standard_checkpoint",
      "method.delivery",
      "job.duration",
      "job.time_before_removal_ms",
      "job.success_state",
      "rct.granularity",
      "rct.max_ranges_per_call",
      "reference_point.limit_per_vm",
      "wsman.singleton_service_selectors",
      "wsman.missing_instance_fault",  // sim/server/server_test.cc
  };
  std::set<std::string> keys;
  for (const control::ProfileKey& key : control::profile_keys()) keys.insert(std::string(key.name));
  EXPECT_EQ(keys, covered);
}

}  // namespace
}  // namespace sim::host
