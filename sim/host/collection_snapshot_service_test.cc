// Msvm_CollectionSnapshotService (spec §4-§6): CreateSnapshot on the Finance group (one checkpoint
// per member, all or nothing) as a Msvm_SnapshotCollection with its Msvm_CollectedSnapshots and
// Msvm_SnapshotOfVirtualSystemCollection; the group SnapshotType encoding (1 standard,
// 2 recovery) and every error case with its profile code and no partial state on any member (no
// checkpoint, no RCT id sealed); ConvertToReferencePoint into a Msvm_ReferencePointCollection
// whose RCT ids mark the checkpoint's instant; DestroySnapshot; ApplySnapshot reverting every
// member disk (earlier RCT ids then invalid); delivery through jobs (198, 200, 72, 71) with the
// result found through Msvm_AffectedJobElement; and the service in both namespaces.
#include <gtest/gtest.h>

#include <set>

#include "sim/host/dispatcher.h"
#include "sim/host/image_management_test_support.h"
#include "sim/host/snapshot_test_support.h"

namespace sim::host {
namespace {

using namespace test;

std::vector<std::byte> bytes(std::size_t n, int value) {
  return std::vector<std::byte>(n, static_cast<std::byte>(value));
}

class CollectionSnapshotTest : public ::testing::Test {
 protected:
  std::unique_ptr<Host> host = make_host();

  wmi::ObjectPath create_ok(std::uint16_t type = kGroupRecovery,
                            const wmi::ObjectPath& group = group_path(kFinance)) {
    const auto r = value_or_fail(create_group_snapshot(*host, group, type));
    EXPECT_EQ(r.return_value, 0u) << "type " << type;
    EXPECT_EQ(out_reference(r, "Job"), nullptr);
    const wmi::ObjectPath* out = out_reference(r, "ResultingSnapshotCollection");
    if (out == nullptr) {
      ADD_FAILURE() << "no ResultingSnapshotCollection";
      return {};
    }
    return *out;
  }
  std::vector<wmi::Instance> members_of(const wmi::ObjectPath& collection) {
    return query_or_die(
        *host, kV2,
        "ASSOCIATORS OF {" + path_text(collection) + "} WHERE AssocClass=Msvm_CollectedSnapshots");
  }
  void expect_create_code(const wmi::CimValue& group, std::uint16_t type,
                          const wmi::CimValue& settings, std::uint32_t code) {
    const auto before = model_snapshot(*host);
    const auto r = value_or_fail(create_group_snapshot(*host, group, type, settings));
    EXPECT_EQ(r.return_value, code) << "type " << type;
    EXPECT_EQ(out_reference(r, "ResultingSnapshotCollection"), nullptr);
    EXPECT_EQ(snapshot_diff(before, model_snapshot(*host)), "");
  }
  void expect_call_code(std::string_view method, std::string_view parameter,
                        const wmi::CimValue& target, std::uint32_t code) {
    const auto before = model_snapshot(*host);
    const auto r = value_or_fail(group_snapshot_call(*host, method, parameter, target));
    EXPECT_EQ(r.return_value, code) << method;
    EXPECT_EQ(snapshot_diff(before, model_snapshot(*host)), "") << method;
  }
};

TEST_F(CollectionSnapshotTest, RecoveryCheckpointOfEveryMember) {
  const wmi::ObjectPath result = create_ok();
  EXPECT_EQ(result.class_name, "Msvm_SnapshotCollection");
  ASSERT_EQ(result.keys.size(), 1u) << "keys only";
  auto instance = host->get(result);
  ASSERT_TRUE(instance.ok()) << instance.status().to_string();
  EXPECT_FALSE(string_property(*instance, "ElementName").empty());

  const auto members = members_of(result);
  ASSERT_EQ(members.size(), 2u);
  std::set<std::string> vms;
  for (const auto& member : members) {
    EXPECT_EQ(member.class_name(), "Msvm_VirtualSystemSettingData");
    EXPECT_EQ(string_property(member, "VirtualSystemType"), "Microsoft:Hyper-V:Snapshot:Recovery");
    vms.insert(string_property(member, "VirtualSystemIdentifier"));
  }
  EXPECT_EQ(vms, (std::set<std::string>{std::string(kSql01), std::string(kWeb01)}));
  EXPECT_EQ(checkpoints_of(*host, kSql01).size(), 1u);
  EXPECT_EQ(checkpoints_of(*host, kWeb01).size(), 1u);
  const auto owned = query_or_die(*host, kV2,
                                  "ASSOCIATORS OF {" + path_text(group_path(kFinance)) +
                                      "} WHERE AssocClass=Msvm_SnapshotOfVirtualSystemCollection");
  ASSERT_EQ(owned.size(), 1u);
  EXPECT_EQ(owned[0].class_name(), "Msvm_SnapshotCollection");
}

TEST_F(CollectionSnapshotTest, StandardTypeIsOneAndTakesRealizedCheckpoints) {
  for (const auto& member : members_of(create_ok(kGroupStandard))) {
    EXPECT_EQ(string_property(member, "VirtualSystemType"), "Microsoft:Hyper-V:Snapshot:Realized");
  }
}

TEST_F(CollectionSnapshotTest, TypeDomainAndCollectionErrors) {
  expect_create_code(group_path(kFinance), 0, "", 4);
  for (std::uint16_t type : {3, 100, 32767}) expect_create_code(group_path(kFinance), type, "", 4);
  for (std::uint16_t type : {32768, 65535}) expect_create_code(group_path(kFinance), type, "", 1);
  expect_create_code(group_path(kMissingId), kGroupRecovery, "", 4);
  expect_create_code(management_path(kProduction), kGroupRecovery, "", 6);
  expect_create_code(vm_path(kWeb01), kGroupRecovery, "", 6);
  expect_create_code(group_path(kFinance), kGroupRecovery, "{not settings}", 4);
  const auto empty = value_or_fail(define_collection(*host, "Empty", "", 0));
  expect_create_code(*out_reference(empty, "DefinedCollection"), kGroupRecovery, "", 5);
}

// All or nothing below the CIM surface: archive-01 (5.0, VHD) in Finance refuses a recovery
// checkpoint — no member gets a checkpoint or a sealed RCT id; a standard one is fine.
TEST(CollectionSnapshotState, ARefusedMemberLeavesNoCheckpointAndNoSealedId) {
  auto state = make_state();
  const auto invoke = [&](const wmi::ObjectPath& target, std::string_view method,
                          wmi::PropertyList in) {
    auto r = dispatch_invoke(*state, target, method, in);
    EXPECT_TRUE(r.ok()) << r.status().to_string();
    return r.ok() ? r->return_value : kNoResult;
  };
  ASSERT_EQ(invoke(cm_service(), "AddMember",
                   {{"Member", vm_path(kArchive01)}, {"Collection", group_path(kFinance)}}),
            0u);
  const auto live_ids = [&] {
    std::size_t n = 0;
    for (const Vm& vm : state->vms) {
      for (const VmDisk& disk : vm.disks) n += disk.disk->change_tracker().live_id_count();
    }
    return n;
  };
  const std::size_t at_start = live_ids();
  EXPECT_EQ(invoke(css_service(), "CreateSnapshot",
                   {{"Collection", group_path(kFinance)}, {"SnapshotType", kGroupRecovery}}),
            1u);
  EXPECT_TRUE(state->checkpoints.empty());
  EXPECT_TRUE(state->snapshot_collections.empty());
  EXPECT_EQ(live_ids(), at_start);
  for (const Vm& vm : state->vms) {
    EXPECT_TRUE(vm.current_checkpoint.empty());
    for (const VmDisk& disk : vm.disks) EXPECT_EQ(disk.disk->snapshot_count(), 0u);
  }
  EXPECT_EQ(invoke(css_service(), "CreateSnapshot",
                   {{"Collection", group_path(kFinance)}, {"SnapshotType", kGroupStandard}}),
            0u);
  EXPECT_EQ(state->checkpoints.size(), 3u);
  EXPECT_EQ(live_ids(), at_start) << "a standard checkpoint seals nothing";
}

TEST_F(CollectionSnapshotTest, ConvertMakesAReferencePointCollectionMarkingTheInstant) {
  const std::string web = vm_disk_paths(*host, kWeb01).at(0);
  const wmi::ObjectPath snapshot = create_ok();
  ASSERT_TRUE(host->write(web, 16 << 20, bytes(4096, 0x5A)).ok());
  const auto r = value_or_fail(group_snapshot_call(*host, "ConvertToReferencePoint",
                                                   "AffectedSnapshotCollection", snapshot));
  ASSERT_EQ(r.return_value, 0u);
  const wmi::ObjectPath* rpc = out_reference(r, "ResultingReferencePointCollection");
  ASSERT_NE(rpc, nullptr);
  EXPECT_EQ(rpc->class_name, "Msvm_ReferencePointCollection");
  auto instance = host->get(*rpc);
  ASSERT_TRUE(instance.ok());
  EXPECT_EQ(uint_property(*instance, "ReferencePointType"), 2u);
  EXPECT_EQ(string_property(*instance, "VirtualSystemCollectionId"), kFinance);
  const auto points = query_or_die(
      *host, kV2,
      "ASSOCIATORS OF {" + path_text(*rpc) + "} WHERE AssocClass=Msvm_CollectedReferencePoints");
  ASSERT_EQ(points.size(), 2u);

  // The snapshot collection and its checkpoints are gone.
  EXPECT_EQ(host->get(snapshot).status().kind(), wmi::StatusKind::kNotFound);
  EXPECT_TRUE(checkpoints_of(*host, kSql01).empty());
  EXPECT_TRUE(checkpoints_of(*host, kWeb01).empty());
  EXPECT_TRUE(query_or_die(*host, kV2, "SELECT * FROM Msvm_CollectedSnapshots").empty());

  // web-01's point reports exactly the write after the checkpoint.
  bool found = false;
  for (const SealedDisk& disk : sealed_disks(*host)) {
    if (disk.vm_guid != kWeb01) continue;
    found = true;
    const auto changes = changes_of(value_or_fail(
        get_virtual_disk_changes(*host, disk.path, disk.rct_id, 0, std::uint64_t{64} << 30)));
    ASSERT_TRUE(changes.has_value());
    ASSERT_EQ(changes->ranges.size(), 1u);
    EXPECT_LE(changes->ranges[0].offset, std::uint64_t{16} << 20);
  }
  EXPECT_TRUE(found);
  // Destroyable like any group point.
  EXPECT_EQ(value_or_fail(destroy_reference_point(*host, *rpc)).return_value, 0u);
  EXPECT_TRUE(query_or_die(*host, kV2, "SELECT * FROM Msvm_VirtualSystemReferencePoint").empty());
}

TEST_F(CollectionSnapshotTest, ConvertAndOtherErrors) {
  const wmi::ObjectPath standard = create_ok(kGroupStandard);
  expect_call_code("ConvertToReferencePoint", "AffectedSnapshotCollection", standard, 4);
  wmi::ObjectPath missing = standard;
  missing.keys = {{"CollectionID", std::string(kMissingId)}};
  for (const auto& [method, parameter] :
       {std::pair{"ConvertToReferencePoint", "AffectedSnapshotCollection"},
        std::pair{"DestroySnapshot", "AffectedSnapshotCollection"},
        std::pair{"ApplySnapshot", "SnapshotCollection"}}) {
    expect_call_code(method, parameter, missing, 4);
    expect_call_code(method, parameter, group_path(kFinance), 4);
    expect_call_code(method, parameter, wmi::CimValue::null(wmi::CimType::kReference), 4);
  }
  // A recovery snapshot collection whose checkpoints were destroyed one by one holds nothing.
  const wmi::ObjectPath emptied = create_ok();
  for (const auto& member : members_of(emptied)) {
    ASSERT_EQ(value_or_fail(destroy_snapshot(*host, *member.path())).return_value, 0u);
  }
  expect_call_code("ConvertToReferencePoint", "AffectedSnapshotCollection", emptied, 5);
}

TEST_F(CollectionSnapshotTest, DestroyRemovesEverythingItMade) {
  const auto before = model_snapshot(*host);
  const wmi::ObjectPath snapshot = create_ok();
  EXPECT_EQ(value_or_fail(group_snapshot_call(*host, "DestroySnapshot",
                                              "AffectedSnapshotCollection", snapshot))
                .return_value,
            0u);
  EXPECT_EQ(snapshot_diff(before, model_snapshot(*host)), "");
}

TEST_F(CollectionSnapshotTest, ApplyRevertsEveryMemberDiskAndInvalidatesEarlierRctIds) {
  const std::string web = vm_disk_paths(*host, kWeb01).at(0);
  const std::string sql = vm_disk_paths(*host, kSql01).at(0);
  ASSERT_TRUE(host->write(web, 0, bytes(4096, 0x01)).ok());
  ASSERT_TRUE(host->write(sql, 0, bytes(4096, 0x02)).ok());
  const wmi::ObjectPath snapshot = create_ok(kGroupStandard);
  ASSERT_TRUE(host->write(web, 0, bytes(4096, 0x03)).ok());
  ASSERT_TRUE(host->write(sql, 0, bytes(4096, 0x04)).ok());
  // A reference point before the apply: its ids must not survive it.
  ASSERT_EQ(value_or_fail(create_reference_point(*host, group_path(kFinance))).return_value, 0u);
  const auto sealed = sealed_disks(*host);
  ASSERT_EQ(sealed.size(), 3u);
  for (const SealedDisk& disk : sealed) {
    EXPECT_EQ(value_or_fail(get_virtual_disk_changes(*host, disk.path, disk.rct_id, 0, 4096))
                  .return_value,
              0u);
  }

  ASSERT_EQ(
      value_or_fail(group_snapshot_call(*host, "ApplySnapshot", "SnapshotCollection", snapshot))
          .return_value,
      0u);
  EXPECT_EQ(*host->read(web, 0, 4096), bytes(4096, 0x01));
  EXPECT_EQ(*host->read(sql, 0, 4096), bytes(4096, 0x02));
  for (const SealedDisk& disk : sealed) {
    EXPECT_NE(value_or_fail(get_virtual_disk_changes(*host, disk.path, disk.rct_id, 0, 4096))
                  .return_value,
              0u)
        << disk.path << ": changed offline by the apply";
  }
  EXPECT_TRUE(host->get(snapshot).ok()) << "applying keeps the checkpoint";
  // Later writes go on from the applied bytes; the checkpoint keeps its own.
  ASSERT_TRUE(host->write(web, 0, bytes(512, 0x05)).ok());
  ASSERT_EQ(
      value_or_fail(group_snapshot_call(*host, "ApplySnapshot", "SnapshotCollection", snapshot))
          .return_value,
      0u);
  EXPECT_EQ(*host->read(web, 0, 4096), bytes(4096, 0x01));
}

TEST(CollectionSnapshotJobs, AsyncJobsDeliverResultsThroughAffectedJobElement) {
  auto host = make_host({.profile = fixture_profile("async-jobs")});
  const auto created = value_or_fail(create_group_snapshot(*host, group_path(kFinance)));
  ASSERT_EQ(created.return_value, 4096u);
  EXPECT_EQ(out_reference(created, "ResultingSnapshotCollection"), nullptr);
  const wmi::ObjectPath job = *out_reference(created, "Job");
  const JobTrace trace = poll_job(*host, job);
  EXPECT_EQ(trace.state(), 7u);
  EXPECT_EQ(uint_property(trace.last(), "JobType"), 198u);
  const auto made = query_or_die(
      *host, kV2,
      "ASSOCIATORS OF {" + path_text(job) + "} WHERE AssocClass=Msvm_AffectedJobElement");
  ASSERT_EQ(made.size(), 1u);
  EXPECT_EQ(made[0].class_name(), "Msvm_SnapshotCollection");
  const wmi::ObjectPath snapshot = *made[0].path();

  // An error: 4096 and a failed job; nothing new.
  const auto failed = value_or_fail(create_group_snapshot(*host, group_path(kFinance), 0));
  ASSERT_EQ(failed.return_value, 4096u);
  const JobTrace failed_trace = poll_job(*host, *out_reference(failed, "Job"));
  EXPECT_EQ(failed_trace.state(), 10u);
  EXPECT_EQ(uint_property(failed_trace.last(), "ErrorCode"), 4u);
  EXPECT_EQ(query_or_die(*host, kV2, "SELECT * FROM Msvm_SnapshotCollection").size(), 1u);

  for (const auto& [method, job_type] :
       {std::pair{"ApplySnapshot", 71u}, std::pair{"ConvertToReferencePoint", 200u}}) {
    const auto r = value_or_fail(group_snapshot_call(*host, method,
                                                     std::string_view(method) == "ApplySnapshot"
                                                         ? "SnapshotCollection"
                                                         : "AffectedSnapshotCollection",
                                                     snapshot));
    ASSERT_EQ(r.return_value, 4096u) << method;
    const JobTrace t = poll_job(*host, *out_reference(r, "Job"));
    EXPECT_EQ(t.state(), 7u) << method;
    EXPECT_EQ(uint_property(t.last(), "JobType"), job_type) << method;
  }
  EXPECT_EQ(query_or_die(*host, kV2, "SELECT * FROM Msvm_ReferencePointCollection").size(), 1u);
  EXPECT_EQ(host->get(snapshot).status().kind(), wmi::StatusKind::kNotFound);

  const auto again = value_or_fail(create_group_snapshot(*host, group_path(kFinance)));
  const wmi::ObjectPath again_job = *out_reference(again, "Job");
  ASSERT_EQ(poll_job(*host, again_job).state(), 7u);
  const auto second = query_or_die(
      *host, kV2,
      "ASSOCIATORS OF {" + path_text(again_job) + "} WHERE AssocClass=Msvm_AffectedJobElement");
  ASSERT_EQ(second.size(), 1u);
  const auto destroyed = value_or_fail(group_snapshot_call(
      *host, "DestroySnapshot", "AffectedSnapshotCollection", *second[0].path()));
  ASSERT_EQ(destroyed.return_value, 4096u);
  const JobTrace destroy_trace = poll_job(*host, *out_reference(destroyed, "Job"));
  EXPECT_EQ(destroy_trace.state(), 7u);
  EXPECT_EQ(uint_property(destroy_trace.last(), "JobType"), 72u);
  EXPECT_TRUE(query_or_die(*host, kV2, "SELECT * FROM Msvm_SnapshotCollection").empty());
}

TEST_F(CollectionSnapshotTest, TheServiceIsASingletonInBothNamespaces) {
  for (std::string_view ns : {kV2, kCluster}) {
    EXPECT_EQ(query_or_die(*host, ns, "SELECT * FROM Msvm_CollectionSnapshotService").size(), 1u);
    EXPECT_TRUE(host->get(css_service(ns)).ok()) << ns;
    const auto r = value_or_fail(
        create_group_snapshot(*host, group_path(kFinance, ns), kGroupRecovery, "", ns));
    ASSERT_EQ(r.return_value, 0u) << ns;
    const wmi::ObjectPath* out = out_reference(r, "ResultingSnapshotCollection");
    ASSERT_NE(out, nullptr);
    EXPECT_EQ(out->namespace_name, ns);
    EXPECT_TRUE(host->get(*out).ok()) << ns;
  }
  EXPECT_EQ(query_or_die(*host, kCluster, "SELECT * FROM Msvm_SnapshotCollection").size(), 2u);
}

}  // namespace
}  // namespace sim::host
