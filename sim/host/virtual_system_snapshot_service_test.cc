// Msvm_VirtualSystemSnapshotService (spec §3-§6): CreateSnapshot of standard (SnapshotType 2, 3)
// and recovery (32768) checkpoints on the small inventory's VMs — their
// Msvm_VirtualSystemSettingData, their own Msvm_StorageAllocationSettingData, the
// Msvm_SnapshotOfVirtualSystem association, parents and dependants; the frozen bytes through the
// DataPlane and their read-only-ness; every error case with its profile code and no partial state
// (no checkpoint, no RCT id sealed); DestroySnapshot (dependants too, sealed ids forgotten);
// ConvertToReferencePoint (recovery only: the point carries the ids sealed at the checkpoint's
// instant); delivery through jobs (JobTypes 70, 72, 200) with the result found through
// Msvm_AffectedJobElement; and the service in both namespaces.
#include <gtest/gtest.h>

#include "sim/host/dispatcher.h"
#include "sim/host/image_management_test_support.h"
#include "sim/host/snapshot_test_support.h"
#include "wmi/cim/cim_name.h"
#include "wmi/cim/wmi_path.h"

namespace sim::host {
namespace {

using namespace test;

std::string snapshot_settings_xml(std::string_view body) {
  return "<INSTANCE CLASSNAME=\"Msvm_VirtualSystemSnapshotSettingData\">" + std::string(body) +
         "</INSTANCE>";
}

std::vector<std::byte> bytes(std::size_t n, int value) {
  return std::vector<std::byte>(n, static_cast<std::byte>(value));
}

class VsSnapshotTest : public ::testing::Test {
 protected:
  std::unique_ptr<Host> host = make_host();

  // Creates on `vm` and expects an immediate 0 with a resolvable VSSD.
  wmi::ObjectPath create_ok(std::string_view vm, std::uint16_t type = kRecoverySnapshot,
                            wmi::CimValue settings = "") {
    const auto r = value_or_fail(create_snapshot(*host, vm_path(vm), type, settings));
    EXPECT_EQ(r.return_value, 0u) << "type " << type;
    EXPECT_EQ(out_reference(r, "Job"), nullptr);
    const wmi::ObjectPath* out = out_reference(r, "ResultingSnapshot");
    if (out == nullptr) {
      ADD_FAILURE() << "no ResultingSnapshot";
      return {};
    }
    return *out;
  }
  wmi::Instance get_ok(const wmi::ObjectPath& path) {
    auto instance = host->get(path);
    if (!instance.ok()) {
      ADD_FAILURE() << path_text(path) << ": " << instance.status().to_string();
      return wmi::Instance();
    }
    return *instance;
  }
  void expect_create_code(const wmi::CimValue& system, std::uint16_t type,
                          const wmi::CimValue& settings, std::uint32_t code) {
    const auto before = model_snapshot(*host);
    const auto r = value_or_fail(create_snapshot(*host, system, type, settings));
    EXPECT_EQ(r.return_value, code) << "type " << type;
    EXPECT_EQ(out_reference(r, "ResultingSnapshot"), nullptr);
    EXPECT_EQ(snapshot_diff(before, model_snapshot(*host)), "");
  }
};

TEST_F(VsSnapshotTest, RecoveryCheckpointIsASettingDataWithItsOwnDisks) {
  const wmi::ObjectPath result = create_ok(kSql01);
  EXPECT_EQ(result.class_name, "Msvm_VirtualSystemSettingData");
  ASSERT_EQ(result.keys.size(), 1u) << "keys only";
  const wmi::Instance checkpoint = get_ok(result);
  const std::string id = string_property(checkpoint, "InstanceID");
  EXPECT_EQ(id.rfind("Microsoft:", 0), 0u);
  EXPECT_EQ(id.size(), std::string("Microsoft:").size() + 36);
  EXPECT_NE(id, "Microsoft:" + std::string(kSql01));
  EXPECT_EQ(string_property(checkpoint, "VirtualSystemType"),
            "Microsoft:Hyper-V:Snapshot:Recovery");
  EXPECT_EQ(string_property(checkpoint, "VirtualSystemIdentifier"), kSql01);
  ASSERT_NE(checkpoint.find("CreationTime"), nullptr);
  EXPECT_FALSE(checkpoint.find("CreationTime")->is_null());
  EXPECT_TRUE(checkpoint.find("Parent")->is_null()) << "the VM's first checkpoint";

  const auto listed = checkpoints_of(*host, kSql01);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(string_property(listed[0], "InstanceID"), id);
  EXPECT_TRUE(checkpoints_of(*host, kWeb01).empty());

  const auto disks = checkpoint_disks(*host, id);
  ASSERT_EQ(disks.size(), 2u) << "one per disk of sql-01";
  const auto live = vm_disk_paths(*host, kSql01);
  for (const auto& disk : disks) {
    const std::string path = string_array_property(disk, "HostResource").at(0);
    EXPECT_NE(path.find("\\Snapshots\\" + id.substr(10) + "\\"), std::string::npos) << path;
    EXPECT_EQ(std::find(live.begin(), live.end(), path), live.end()) << "not the live disk";
    EXPECT_TRUE(host->get(*disk.path()).ok());
  }
  // The VM's own disks are still two.
  EXPECT_EQ(live.size(), 2u);
}

TEST_F(VsSnapshotTest, StandardCheckpointsOfEitherTypeAreRealizedOnAnyVm) {
  for (std::uint16_t type : {kFullSnapshot, kDiskSnapshot}) {
    // archive-01: configuration 5.0 and a VHD disk — no obstacle for a standard checkpoint.
    const wmi::Instance checkpoint = get_ok(create_ok(kArchive01, type));
    EXPECT_EQ(string_property(checkpoint, "VirtualSystemType"),
              "Microsoft:Hyper-V:Snapshot:Realized");
    EXPECT_EQ(checkpoint_disks(*host, string_property(checkpoint, "InstanceID")).size(), 2u);
  }
  EXPECT_EQ(checkpoints_of(*host, kArchive01).size(), 2u);
}

TEST_F(VsSnapshotTest, ACheckpointDependsOnThePreviousOneAndDestroyTakesDependants) {
  const wmi::ObjectPath a = create_ok(kWeb01, kFullSnapshot);
  const wmi::ObjectPath b = create_ok(kWeb01, kRecoverySnapshot);
  const wmi::ObjectPath c = create_ok(kWeb01, kFullSnapshot);
  const auto parent_of = [&](const wmi::ObjectPath& p) {
    const wmi::Instance instance = get_ok(p);
    const wmi::CimValue* parent = instance.find("Parent");
    if (parent == nullptr || parent->is_null()) return std::string();
    auto parsed = wmi::parse_wmi_path(*parent->as_string());
    EXPECT_TRUE(parsed.ok()) << *parent->as_string() << ": " << parsed.status().to_string();
    return parsed.ok() ? std::get<std::string>(*parsed->key("InstanceID")) : std::string();
  };
  EXPECT_EQ(parent_of(a), "");
  EXPECT_EQ(parent_of(b), std::get<std::string>(*a.key("InstanceID")));
  EXPECT_EQ(parent_of(c), std::get<std::string>(*b.key("InstanceID")));

  const auto r = value_or_fail(destroy_snapshot(*host, b));
  EXPECT_EQ(r.return_value, 0u);
  EXPECT_EQ(host->get(b).status().kind(), wmi::StatusKind::kNotFound);
  EXPECT_EQ(host->get(c).status().kind(), wmi::StatusKind::kNotFound) << "c depended on b";
  EXPECT_TRUE(host->get(a).ok());
  EXPECT_EQ(checkpoints_of(*host, kWeb01).size(), 1u);
  EXPECT_EQ(checkpoint_disks(*host, std::get<std::string>(*c.key("InstanceID"))).size(), 0u);
  // The VM runs from a again: the next checkpoint depends on it.
  EXPECT_EQ(parent_of(create_ok(kWeb01, kFullSnapshot)),
            std::get<std::string>(*a.key("InstanceID")));
}

TEST_F(VsSnapshotTest, DestroyLeavesTheModelAsBeforeTheCreate) {
  const auto before = model_snapshot(*host);
  const wmi::ObjectPath cp = create_ok(kSql01);
  EXPECT_NE(snapshot_diff(before, model_snapshot(*host)), "");
  ASSERT_EQ(value_or_fail(destroy_snapshot(*host, cp)).return_value, 0u);
  EXPECT_EQ(snapshot_diff(before, model_snapshot(*host)), "");
}

TEST_F(VsSnapshotTest, TypeDomainUnderDocStrict) {
  for (std::uint16_t type : {0, 1, 4, 100, 32767}) {
    expect_create_code(vm_path(kWeb01), type, "", 4);  // reserved
  }
  for (std::uint16_t type : {32769, 40000, 65535}) {
    expect_create_code(vm_path(kWeb01), type, "", 1);  // vendor specific
  }
  const auto before = model_snapshot(*host);
  const auto r = value_or_fail(
      host->invoke(vsss_service(), "CreateSnapshot", {{"AffectedSystem", vm_path(kWeb01)}}));
  EXPECT_EQ(r.return_value, 4u) << "no SnapshotType";
  EXPECT_EQ(snapshot_diff(before, model_snapshot(*host)), "");
}

TEST_F(VsSnapshotTest, AffectedSystemErrors) {
  expect_create_code(vm_path(kMissingId), kRecoverySnapshot, "", 4);
  expect_create_code(wmi::CimValue::null(wmi::CimType::kReference), kRecoverySnapshot, "", 4);
  expect_create_code(group_path(kFinance), kRecoverySnapshot, "", 6);
  wmi::ObjectPath host_system = vm_path(std::string(kHostName));
  expect_create_code(host_system, kRecoverySnapshot, "", 4);
}

TEST_F(VsSnapshotTest, SettingsFormsAreAcceptedOthersAreInvalidParameter) {
  const std::string full = snapshot_settings_xml(
      "<PROPERTY NAME=\"ConsistencyLevel\" TYPE=\"uint8\"><VALUE>2</VALUE>"
      "</PROPERTY><PROPERTY NAME=\"IgnoreNonSnapshottableDisks\" "
      "TYPE=\"boolean\"><VALUE>true</VALUE></PROPERTY><PROPERTY "
      "NAME=\"GuestBackupType\" TYPE=\"uint16\"><VALUE>1</VALUE></PROPERTY>");
  const std::string mof =
      "instance of Msvm_VirtualSystemSnapshotSettingData\n{\n    ConsistencyLevel = 1;\n    "
      "GuestBackupType = 2;\n};\n";
  for (const wmi::CimValue& settings : {wmi::CimValue(""), wmi::CimValue(full), wmi::CimValue(mof),
                                        wmi::CimValue::null(wmi::CimType::kString)}) {
    create_ok(kWeb01, kRecoverySnapshot, settings);
  }
  for (const std::string& bad :
       {std::string("{not settings}"),
        snapshot_settings_xml("<PROPERTY NAME=\"GuestBackupType\" TYPE=\"uint16\"><VALUE>3</VALUE>"
                              "</PROPERTY>"),
        snapshot_settings_xml("<PROPERTY NAME=\"ConsistencyLevel\" TYPE=\"uint8\"><VALUE>7</VALUE>"
                              "</PROPERTY>"),
        snapshot_settings_xml("<PROPERTY NAME=\"IgnoreNonSnapshottableDisks\" TYPE=\"uint8\">"
                              "<VALUE>1</VALUE></PROPERTY>"),
        std::string("<INSTANCE CLASSNAME=\"Msvm_VirtualSystemReferencePointSettingData\">"
                    "</INSTANCE>")}) {
    expect_create_code(vm_path(kWeb01), kRecoverySnapshot, bad, 4);
  }
}

TEST_F(VsSnapshotTest, RecoveryCheckpointNeedsVersion62AndVhdx) {
  expect_create_code(vm_path(kArchive01), kRecoverySnapshot, "", 1);  // 5.0
  HostSetup setup;
  for (auto& vm : setup.inventory.vms) {
    if (vm.guid == kArchive01) vm.configuration_version = {9, 0};
  }
  host = make_host(std::move(setup));
  expect_create_code(vm_path(kArchive01), kRecoverySnapshot, "", 1);  // its VHD disk
  create_ok(kArchive01, kFullSnapshot);
}

// The frozen bytes through the DataPlane: reads of a checkpoint disk (by InstanceID or
// HostResource) return the bytes of its instant while the VM keeps writing; it refuses changes.
TEST_F(VsSnapshotTest, CheckpointDisksReadFrozenBytesAndRefuseChanges) {
  const std::string live = vm_disk_paths(*host, kWeb01).at(0);
  ASSERT_TRUE(host->write(live, 4096, bytes(4096, 0x11)).ok());
  const wmi::ObjectPath cp = create_ok(kWeb01);
  ASSERT_TRUE(host->write(live, 4096, bytes(512, 0x22)).ok());
  ASSERT_TRUE(host->write(live, 1 << 20, bytes(4096, 0x33)).ok());
  const auto disks = checkpoint_disks(*host, std::get<std::string>(*cp.key("InstanceID")));
  ASSERT_EQ(disks.size(), 1u);
  const std::string by_id = string_property(disks[0], "InstanceID");
  const std::string by_path = string_array_property(disks[0], "HostResource").at(0);
  for (const std::string& name : {by_id, by_path}) {
    auto frozen = host->read(name, 4096, 4096);
    ASSERT_TRUE(frozen.ok()) << name << ": " << frozen.status().to_string();
    EXPECT_EQ(*frozen, bytes(4096, 0x11)) << name;
    auto zeros = host->read(name, 1 << 20, 4096);
    ASSERT_TRUE(zeros.ok());
    EXPECT_EQ(*zeros, bytes(4096, 0)) << name;
    EXPECT_EQ(host->write(name, 0, bytes(512, 1)).kind(), wmi::StatusKind::kInvalidArgument);
    EXPECT_NE(host->write(name, 0, bytes(512, 1)).message().find("read-only"), std::string::npos);
    EXPECT_EQ(host->modify_offline(name, 0, bytes(512, 1)).kind(),
              wmi::StatusKind::kInvalidArgument);
    EXPECT_EQ(host->resize(name, 1 << 30).kind(), wmi::StatusKind::kInvalidArgument);
  }
  // The live disk reads its newest bytes, and cannot be resized while a checkpoint holds it.
  auto now = host->read(live, 4096, 512);
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(*now, bytes(512, 0x22));
  EXPECT_EQ(host->resize(live, std::uint64_t{128} << 30).kind(), wmi::StatusKind::kInvalidArgument);
  // Once destroyed, the checkpoint's disks are gone.
  ASSERT_EQ(value_or_fail(destroy_snapshot(*host, cp)).return_value, 0u);
  EXPECT_EQ(host->read(by_id, 0, 512).status().kind(), wmi::StatusKind::kNotFound);
  EXPECT_EQ(host->write(by_path, 0, bytes(512, 1)).kind(), wmi::StatusKind::kNotFound);
  EXPECT_TRUE(host->resize(live, std::uint64_t{128} << 30).ok());
}

TEST_F(VsSnapshotTest, ConvertTurnsARecoveryCheckpointIntoAReferencePoint) {
  const std::string live = vm_disk_paths(*host, kWeb01).at(0);
  const wmi::ObjectPath cp = create_ok(kWeb01);
  const std::string cp_id(std::get<std::string>(*cp.key("InstanceID")));
  // Written after the checkpoint: what the point's RCT id must report.
  ASSERT_TRUE(host->write(live, 8 << 20, bytes(4096, 0x44)).ok());

  const auto r = value_or_fail(convert_snapshot(*host, cp));
  ASSERT_EQ(r.return_value, 0u);
  const wmi::ObjectPath* result = out_reference(r, "ResultingReferencePoint");
  ASSERT_NE(result, nullptr);
  EXPECT_EQ(result->class_name, "Msvm_VirtualSystemReferencePoint");
  const wmi::Instance point = get_ok(*result);
  EXPECT_EQ(uint_property(point, "ReferencePointType"), 2u);
  EXPECT_EQ(string_property(point, "VirtualSystemIdentifier"), kWeb01);
  const auto ids = string_array_property(point, "ResilientChangeTrackingIdentifiers");
  ASSERT_EQ(ids.size(), 1u);
  EXPECT_EQ(string_array_property(point, "VirtualDiskIdentifiers").size(), 1u);

  // The checkpoint, its disks and its association are gone; the point is the VM's.
  EXPECT_EQ(host->get(cp).status().kind(), wmi::StatusKind::kNotFound);
  EXPECT_TRUE(checkpoints_of(*host, kWeb01).empty());
  EXPECT_TRUE(checkpoint_disks(*host, cp_id).empty());
  EXPECT_EQ(query_or_die(*host, kV2,
                         "ASSOCIATORS OF {" + path_text(vm_path(kWeb01)) +
                             "} WHERE AssocClass=Msvm_ReferencePointOfVirtualSystem")
                .size(),
            1u);

  // Its RCT id marks the checkpoint's instant: the write after it is reported.
  const auto changes = changes_of(
      value_or_fail(get_virtual_disk_changes(*host, live, ids[0], 0, std::uint64_t{64} << 30)));
  ASSERT_TRUE(changes.has_value());
  ASSERT_EQ(changes->ranges.size(), 1u);
  EXPECT_LE(changes->ranges[0].offset, std::uint64_t{8} << 20);
  EXPECT_GE(changes->ranges[0].offset + changes->ranges[0].length, (std::uint64_t{8} << 20) + 4096);

  // Destroyable like any per-VM point; its id is forgotten then.
  ASSERT_EQ(
      value_or_fail(vm_reference_point_call(*host, "DestroyReferencePoint", *result)).return_value,
      0u);
  EXPECT_EQ(value_or_fail(get_virtual_disk_changes(*host, live, ids[0], 0, 4096)).return_value,
            32768u);
}

TEST_F(VsSnapshotTest, ConvertErrorsLeaveEverythingAsItWas) {
  const wmi::ObjectPath standard = create_ok(kWeb01, kFullSnapshot);
  const wmi::ObjectPath recovery = create_ok(kSql01);
  const auto expect_code = [&](const wmi::CimValue& target, const wmi::CimValue& settings,
                               std::uint32_t code) {
    const auto before = model_snapshot(*host);
    const auto r = value_or_fail(convert_snapshot(*host, target, settings));
    EXPECT_EQ(r.return_value, code);
    EXPECT_EQ(out_reference(r, "ResultingReferencePoint"), nullptr);
    EXPECT_EQ(snapshot_diff(before, model_snapshot(*host)), "");
  };
  expect_code(standard, "", 4);  // convert_to_reference_point.code.standard_checkpoint
  expect_code(recovery, "{not settings}", 4);
  // The VM's own settings, a missing checkpoint, another class, null: no checkpoint.
  const wmi::ObjectPath vm_settings{std::nullopt,
                                    std::string(kV2),
                                    "Msvm_VirtualSystemSettingData",
                                    {{"InstanceID", "Microsoft:" + std::string(kWeb01)}}};
  expect_code(vm_settings, "", 4);
  wmi::ObjectPath missing = recovery;
  missing.keys = {{"InstanceID", "Microsoft:" + std::string(kMissingId)}};
  expect_code(missing, "", 4);
  expect_code(vm_path(kWeb01), "", 4);
  expect_code(wmi::CimValue::null(wmi::CimType::kReference), "", 4);
  for (const auto& target : {vm_settings, missing}) {
    const auto before = model_snapshot(*host);
    EXPECT_EQ(value_or_fail(destroy_snapshot(*host, target)).return_value, 4u);
    EXPECT_EQ(snapshot_diff(before, model_snapshot(*host)), "");
  }
}

TEST_F(VsSnapshotTest, ConvertedPointTakesTheGivenConsistencyElseTheCheckpoints) {
  const std::string crash_snapshot = snapshot_settings_xml(
      "<PROPERTY NAME=\"ConsistencyLevel\" TYPE=\"uint8\"><VALUE>2</VALUE></PROPERTY>");
  const std::string app_point =
      "<INSTANCE CLASSNAME=\"Msvm_VirtualSystemReferencePointSettingData\"><PROPERTY "
      "NAME=\"ConsistencyLevel\" TYPE=\"uint8\"><VALUE>1</VALUE></PROPERTY></INSTANCE>";
  for (const auto& [point_settings, expected] :
       {std::pair{std::string(), 2u}, std::pair{app_point, 1u}}) {
    const wmi::ObjectPath cp = create_ok(kWeb01, kRecoverySnapshot, crash_snapshot);
    const auto r = value_or_fail(convert_snapshot(*host, cp, point_settings));
    ASSERT_EQ(r.return_value, 0u);
    EXPECT_EQ(
        uint_property(get_ok(*out_reference(r, "ResultingReferencePoint")), "ConsistencyLevel"),
        expected);
  }
}

// Below the CIM surface: a recovery checkpoint seals one RCT id per disk; destroying it
// unconverted forgets them; a refused create seals nothing.
TEST(VsSnapshotState, RecoveryCheckpointSealsAndDestroyForgets) {
  auto state = make_state();
  const auto live_ids = [&] {
    std::size_t n = 0;
    for (const Vm& vm : state->vms) {
      for (const VmDisk& disk : vm.disks) n += disk.disk->change_tracker().live_id_count();
    }
    return n;
  };
  const std::size_t at_start = live_ids();
  const auto call = [&](std::string_view method, wmi::PropertyList in) {
    auto r = dispatch_invoke(*state, vsss_service(), method, in);
    EXPECT_TRUE(r.ok()) << r.status().to_string();
    return r.ok() ? *r : wmi::MethodResult{};
  };
  const auto created = call(
      "CreateSnapshot", {{"AffectedSystem", vm_path(kSql01)}, {"SnapshotType", kRecoverySnapshot}});
  ASSERT_EQ(created.return_value, 0u);
  EXPECT_EQ(live_ids(), at_start + 2) << "one sealed id per disk of sql-01";
  ASSERT_EQ(state->checkpoints.size(), 1u);
  const Checkpoint& checkpoint = state->checkpoints.begin()->second;
  EXPECT_EQ(checkpoint.sealed_rct_ids.size(), 2u);
  EXPECT_EQ(checkpoint.disks.size(), 2u);

  // Standard checkpoints and refused creates seal nothing.
  EXPECT_EQ(
      call("CreateSnapshot", {{"AffectedSystem", vm_path(kWeb01)}, {"SnapshotType", kFullSnapshot}})
          .return_value,
      0u);
  EXPECT_EQ(call("CreateSnapshot",
                 {{"AffectedSystem", vm_path(kArchive01)}, {"SnapshotType", kRecoverySnapshot}})
                .return_value,
            1u);
  EXPECT_EQ(live_ids(), at_start + 2);

  ASSERT_EQ(
      call("DestroySnapshot", {{"AffectedSnapshot", *out_reference(created, "ResultingSnapshot")}})
          .return_value,
      0u);
  EXPECT_EQ(live_ids(), at_start);
  EXPECT_EQ(state->checkpoints.size(), 1u) << "web-01's standard checkpoint stays";
}

TEST(VsSnapshotJobs, AsyncJobsDeliverResultsThroughAffectedJobElement) {
  auto host = make_host({.profile = fixture_profile("async-jobs")});
  const auto created = value_or_fail(create_snapshot(*host, vm_path(kWeb01)));
  ASSERT_EQ(created.return_value, 4096u);
  EXPECT_EQ(out_reference(created, "ResultingSnapshot"), nullptr) << "spec §5: left empty";
  const wmi::ObjectPath job = *out_reference(created, "Job");
  const JobTrace trace = poll_job(*host, job);
  ASSERT_TRUE(trace.terminal());
  EXPECT_EQ(trace.state(), 7u);
  EXPECT_EQ(uint_property(trace.last(), "JobType"), 70u);
  const auto made = query_or_die(
      *host, kV2,
      "ASSOCIATORS OF {" + path_text(job) + "} WHERE AssocClass=Msvm_AffectedJobElement");
  ASSERT_EQ(made.size(), 1u);
  EXPECT_EQ(made[0].class_name(), "Msvm_VirtualSystemSettingData");
  EXPECT_EQ(string_property(made[0], "VirtualSystemType"), "Microsoft:Hyper-V:Snapshot:Recovery");
  const wmi::ObjectPath checkpoint = *made[0].path();
  EXPECT_EQ(query_or_die(
                *host, kV2,
                "ASSOCIATORS OF {" + path_text(job) + "} WHERE AssocClass=Msvm_OwningJobElement")[0]
                .class_name(),
            "Msvm_VirtualSystemSnapshotService");

  // An error: 4096 and a failed job with the code; no checkpoint.
  const auto failed = value_or_fail(create_snapshot(*host, vm_path(kArchive01)));
  ASSERT_EQ(failed.return_value, 4096u);
  const JobTrace failed_trace = poll_job(*host, *out_reference(failed, "Job"));
  EXPECT_EQ(failed_trace.state(), 10u);
  EXPECT_EQ(uint_property(failed_trace.last(), "ErrorCode"), 1u);
  EXPECT_EQ(uint_property(failed_trace.last(), "JobType"), 70u);
  EXPECT_TRUE(checkpoints_of(*host, kArchive01).empty());

  // Convert (200): the point through the job's AffectedJobElement.
  const auto converted = value_or_fail(convert_snapshot(*host, checkpoint));
  ASSERT_EQ(converted.return_value, 4096u);
  EXPECT_EQ(out_reference(converted, "ResultingReferencePoint"), nullptr);
  const wmi::ObjectPath convert_job = *out_reference(converted, "Job");
  const JobTrace convert_trace = poll_job(*host, convert_job);
  EXPECT_EQ(convert_trace.state(), 7u);
  EXPECT_EQ(uint_property(convert_trace.last(), "JobType"), 200u);
  const auto point = query_or_die(
      *host, kV2,
      "ASSOCIATORS OF {" + path_text(convert_job) + "} WHERE AssocClass=Msvm_AffectedJobElement");
  ASSERT_EQ(point.size(), 1u);
  EXPECT_EQ(point[0].class_name(), "Msvm_VirtualSystemReferencePoint");
  EXPECT_EQ(host->get(checkpoint).status().kind(), wmi::StatusKind::kNotFound);

  // Destroy (72).
  const auto another = value_or_fail(create_snapshot(*host, vm_path(kWeb01), kFullSnapshot));
  ASSERT_EQ(poll_job(*host, *out_reference(another, "Job")).state(), 7u);
  const auto standard = checkpoints_of(*host, kWeb01);
  ASSERT_EQ(standard.size(), 1u);
  const auto destroyed = value_or_fail(destroy_snapshot(*host, *standard[0].path()));
  ASSERT_EQ(destroyed.return_value, 4096u);
  const JobTrace destroy_trace = poll_job(*host, *out_reference(destroyed, "Job"));
  EXPECT_EQ(destroy_trace.state(), 7u);
  EXPECT_EQ(uint_property(destroy_trace.last(), "JobType"), 72u);
  EXPECT_TRUE(checkpoints_of(*host, kWeb01).empty());
}

TEST_F(VsSnapshotTest, TheServiceIsASingletonInBothNamespaces) {
  for (std::string_view ns : {kV2, kCluster}) {
    const auto services =
        query_or_die(*host, ns, "SELECT * FROM Msvm_VirtualSystemSnapshotService");
    ASSERT_EQ(services.size(), 1u) << ns;
    EXPECT_TRUE(host->get(vsss_service(ns)).ok()) << ns;
    const auto r =
        value_or_fail(create_snapshot(*host, vm_path(kWeb01, ns), kFullSnapshot, "", ns));
    ASSERT_EQ(r.return_value, 0u) << ns;
    EXPECT_EQ(out_reference(r, "ResultingSnapshot")->namespace_name, ns);
    EXPECT_TRUE(host->get(*out_reference(r, "ResultingSnapshot")).ok()) << ns;
  }
  EXPECT_EQ(checkpoints_of(*host, kWeb01, kCluster).size(), 2u) << "one model";
}

}  // namespace
}  // namespace sim::host
