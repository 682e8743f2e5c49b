// ExportReferencePoint on Msvm_CollectionReferencePointService (CIM family, JobType 206,
// Msvm_CollectionReferencePointExportJob) and Msvm_VirtualSystemReferencePointService (Hyper-V
// family, 203, Msvm_VirtualSystemReferencePointExportJob), ImportReferencePointMetadata (209):
// what an export writes (docs/formats/export.md), restoring full + incremental chains, exported
// files read through the DataPlane (read-only), export jobs polled like any job, an RCT
// incremental costing what changed, and every error case with its profile code and no partial
// state.
#include <gtest/gtest.h>

#include <algorithm>

#include "sim/host/export_config.h"
#include "sim/host/export_test_support.h"
#include "sim/storage/replica_stream.h"
#include "wmi/cim/cim_name.h"

namespace sim::host {
namespace {

using namespace test;

constexpr std::uint64_t kMiB = 1024 * 1024;
constexpr std::uint64_t kGiB = 1024 * kMiB;

std::vector<std::byte> bytes(std::size_t n, int value) {
  return std::vector<std::byte>(n, static_cast<std::byte>(value));
}

class ExportTest : public ::testing::Test {
 protected:
  std::unique_ptr<Host> host = make_host();

  void write(std::string_view vm, int disk, std::uint64_t offset, std::size_t n, int value) {
    ASSERT_TRUE(host->write(disk_file(vm, disk), offset, bytes(n, value)).ok());
  }
  std::vector<std::byte> read_restored(const RestoredDisk& disk, std::uint64_t offset,
                                       std::size_t n) {
    std::vector<std::byte> out(n);
    disk.content.read(offset, out);
    return out;
  }
  // Exports `rpc` into `dir` and expects an immediate 0.
  void export_ok(const wmi::ObjectPath& rpc, std::string_view dir,
                 const wmi::CimValue& settings = "") {
    const auto r = value_or_fail(export_collection_point(*host, rpc, std::string(dir), settings));
    EXPECT_EQ(r.return_value, 0u) << dir;
    EXPECT_EQ(out_reference(r, "Job"), nullptr);
  }
  std::string text_of(std::string_view path) {
    auto size = host->file_size(path);
    EXPECT_TRUE(size.ok()) << path;
    if (!size.ok()) return "";
    auto data = host->read(path, 0, *size);
    EXPECT_TRUE(data.ok());
    return std::string(reinterpret_cast<const char*>(data->data()), data->size());
  }
  wmi::ObjectPath create_vm_point(std::string_view vm) {
    const auto r = value_or_fail(create_vm_reference_point(*host, vm_path(vm)));
    EXPECT_EQ(r.return_value, 0u);
    return *out_reference(r, "ResultingReferencePoint");
  }
  std::string point_id(const wmi::ObjectPath& point) {
    return std::get<std::string>(*point.key("InstanceID"));
  }
};

TEST_F(ExportTest, FullThenIncrementalOfAGroupRestoresTheDisksAtEachPoint) {
  write(kSql01, 0, 0, 8192, 1);
  write(kSql01, 1, 100 * kGiB, 65536, 2);
  write(kWeb01, 0, 4096, 4096, 3);
  const wmi::ObjectPath first = create_rpc_or_die(*host, kFinance);
  write(kSql01, 0, 4096, 4096, 4);  // after the point, before its export: not in it
  export_ok(first, "D:\\Backups\\full");
  write(kSql01, 1, 100 * kGiB + 65536, 4096, 5);
  const wmi::ObjectPath second = create_rpc_or_die(*host, kFinance);
  write(kSql01, 1, 100 * kGiB, 4096, 6);  // after the second point
  export_ok(second, "D:\\Backups\\inc1", collection_export_settings(first));

  const std::vector<std::string> full{"D:\\Backups\\full"};
  const std::vector<std::string> chain{"D:\\Backups\\full", "d:/backups/INC1"};
  auto at_first = host->restore_export(full, disk_id(kSql01, 0));
  ASSERT_TRUE(at_first.ok()) << at_first.status().to_string();
  EXPECT_EQ(at_first->size, 127 * kGiB);
  EXPECT_EQ(read_restored(*at_first, 0, 8192), bytes(8192, 1)) << "the later write is not in it";
  EXPECT_EQ(at_first->content.allocated_bytes(), 8192u) << "sparse";

  auto sql0 = host->restore_export(chain, disk_id(kSql01, 0));
  ASSERT_TRUE(sql0.ok()) << sql0.status().to_string();
  auto expected0 = bytes(8192, 1);
  std::fill_n(expected0.begin() + 4096, 4096, std::byte{4});
  EXPECT_EQ(read_restored(*sql0, 0, 8192), expected0) << "written before the second point";

  auto sql1 = host->restore_export(chain, disk_file(kSql01, 1));
  ASSERT_TRUE(sql1.ok()) << sql1.status().to_string();
  EXPECT_EQ(sql1->logical_sector_size, 4096u);
  EXPECT_EQ(read_restored(*sql1, 100 * kGiB, 65536), bytes(65536, 2)) << "not the later 6s";
  EXPECT_EQ(read_restored(*sql1, 100 * kGiB + 65536, 4096), bytes(4096, 5));

  auto web = host->restore_export(chain, disk_id(kWeb01, 0));
  ASSERT_TRUE(web.ok());
  EXPECT_EQ(read_restored(*web, 4096, 4096), bytes(4096, 3));

  // A chain must start with a full export and follow the bases.
  const std::vector<std::string> no_full{"D:\\Backups\\inc1"};
  EXPECT_EQ(host->restore_export(no_full, disk_id(kWeb01, 0)).status().kind(),
            wmi::StatusKind::kInvalidArgument);
  const std::vector<std::string> twice{"D:\\Backups\\full", "D:\\Backups\\inc1",
                                       "D:\\Backups\\inc1"};
  EXPECT_EQ(host->restore_export(twice, disk_id(kWeb01, 0)).status().kind(),
            wmi::StatusKind::kInvalidArgument);
  EXPECT_EQ(host->restore_export(full, "C:\\nowhere.vhdx").status().kind(),
            wmi::StatusKind::kNotFound);
}

TEST_F(ExportTest, TheConfigurationFileDescribesThePointAndItsData) {
  write(kWeb01, 0, 0, 4096, 1);
  const wmi::ObjectPath first = create_rpc_or_die(*host, kFinance);
  const std::string rpc_id = std::get<std::string>(*first.key("CollectionID"));
  export_ok(first, "E:\\x");
  const auto points = query_or_die(*host, kV2, "SELECT * FROM Msvm_VirtualSystemReferencePoint");
  const auto web_point = std::find_if(points.begin(), points.end(), [](const wmi::Instance& p) {
    return string_property(p, "VirtualSystemIdentifier") == kWeb01;
  });
  ASSERT_NE(web_point, points.end());
  const std::string id = string_property(*web_point, "InstanceID");
  const std::string config_path =
      "E:\\x\\" + std::string(kWeb01) + "\\Virtual Machines\\" + id.substr(10) + ".vmcx";
  auto config = parse_export_config(text_of(config_path));
  ASSERT_TRUE(config.ok()) << config.status().to_string();
  EXPECT_EQ(config->vm_guid, kWeb01);
  EXPECT_EQ(config->vm_name, "web-01");
  EXPECT_EQ(config->reference_point_id, id);
  EXPECT_EQ(config->reference_point_collection_id, rpc_id);
  EXPECT_EQ(config->virtual_system_collection_id, kFinance);
  EXPECT_EQ(config->reference_point_type, 2);
  EXPECT_EQ(config->base_reference_point_id, "");
  ASSERT_EQ(config->disks.size(), 1u);
  const ExportedDisk& disk = config->disks[0];
  EXPECT_EQ(disk.instance_id, disk_id(kWeb01, 0));
  EXPECT_EQ(disk.host_path, disk_file(kWeb01, 0));
  EXPECT_EQ(disk.virtual_size, 64 * kGiB);
  EXPECT_EQ(disk.rct_id,
            string_array_property(*web_point, "ResilientChangeTrackingIdentifiers")[0]);
  EXPECT_EQ(disk.kind, ExportDataKind::kFullImage);
  EXPECT_EQ(disk.data_file, "E:\\x\\" + std::string(kWeb01) + "\\Virtual Hard Disks\\Disk0.vhdx");
  EXPECT_EQ(disk.data_file_size, 64 * kGiB);
  EXPECT_EQ(*host->file_size(disk.data_file), 64 * kGiB);
  EXPECT_EQ(format_export_config(*config), text_of(config_path)) << "round trip";
}

TEST_F(ExportTest, ExportedFilesAreReadThroughTheDataPlaneAndNeverWritten) {
  write(kWeb01, 0, 512, 512, 7);
  const wmi::ObjectPath point = create_vm_point(kWeb01);
  const auto r = value_or_fail(export_vm_point(*host, point, "F:\\vm"));
  ASSERT_EQ(r.return_value, 0u);
  const std::string image = "F:\\vm\\" + std::string(kWeb01) + "\\Virtual Hard Disks\\Disk0.vhdx";
  auto data = host->read(image, 510, 4);  // any byte range
  ASSERT_TRUE(data.ok()) << data.status().to_string();
  EXPECT_EQ(*data,
            (std::vector<std::byte>{std::byte{0}, std::byte{0}, std::byte{7}, std::byte{7}}));
  auto upper =
      host->read("f:/VM/" + std::string(kWeb01) + "/virtual hard disks/disk0.VHDX", 1024, 512);
  ASSERT_TRUE(upper.ok()) << "paths compare case-insensitively, '/' as '\\'";
  EXPECT_EQ(*upper, bytes(512, 0));
  EXPECT_EQ(host->read(image, 64 * kGiB - 1, 2).status().kind(), wmi::StatusKind::kInvalidArgument);
  EXPECT_EQ(host->read("F:\\vm\\nothing", 0, 1).status().kind(), wmi::StatusKind::kNotFound);

  const wmi::Status refused = host->write(image, 0, bytes(512, 1));
  EXPECT_EQ(refused.kind(), wmi::StatusKind::kInvalidArgument);
  EXPECT_NE(refused.message().find("read-only"), std::string::npos) << refused.message();
  EXPECT_EQ(host->modify_offline(image, 0, bytes(512, 1)).kind(),
            wmi::StatusKind::kInvalidArgument);
  EXPECT_EQ(host->resize(image, kGiB).kind(), wmi::StatusKind::kInvalidArgument);
  EXPECT_EQ((*host->read(image, 512, 512)), bytes(512, 7)) << "unchanged";
  EXPECT_EQ(host->file_size("F:\\vm\\nothing").status().kind(), wmi::StatusKind::kNotFound);
}

TEST_F(ExportTest, ARctIncrementalHoldsWhatChangedAndAFullImageWhatWasWritten) {
  // 1 TiB disk: 16 MiB written before the first point, 1 MiB changed before the second.
  for (int i = 0; i < 16; ++i) write(kSql01, 1, std::uint64_t(i) * 64 * kGiB, kMiB, i + 1);
  const wmi::ObjectPath first = create_vm_point(kSql01);
  for (int i = 0; i < 16; ++i) write(kSql01, 1, std::uint64_t(i) * 64 * kGiB + 4 * kMiB, 65536, 9);
  const wmi::ObjectPath second = create_vm_point(kSql01);
  const std::vector<std::string> disk{disk_id(kSql01, 1)};
  ASSERT_EQ(value_or_fail(export_vm_point(*host, first, "G:\\full", vm_export_settings({}, disk)))
                .return_value,
            0u);
  ASSERT_EQ(
      value_or_fail(export_vm_point(*host, second, "G:\\inc", vm_export_settings(first, disk)))
          .return_value,
      0u);
  auto config = host->restore_export(std::vector<std::string>{"G:\\full", "G:\\inc"}, disk[0]);
  ASSERT_TRUE(config.ok()) << config.status().to_string();
  // The changed ranges cover whole tracking blocks (a sound superset): the restore writes them.
  EXPECT_GE(config->content.allocated_bytes(), 16 * kMiB + 16 * 65536);
  EXPECT_LE(config->content.allocated_bytes(), 16 * kMiB + 16 * 256 * 1024);
  const std::string dir = "\\" + std::string(kSql01) + "\\Virtual Hard Disks\\";
  EXPECT_EQ(*host->file_size("G:\\full" + dir + "Disk1.vhdx"), kGiB * 1024);
  const std::uint64_t stream = *host->file_size("G:\\inc" + dir + "Disk1.vhdx.rctlog");
  // 16 changed 64 KiB ranges at the disk's 256 KiB granularity: 16 × 256 KiB of payload at most.
  EXPECT_GE(stream, 16u * 65536);
  EXPECT_LE(stream, 16u * 256 * 1024 + 16 * storage::kRecordFrameBytes +
                        storage::kStreamHeaderBytes + storage::kStreamTrailerBytes);
  // The other disk was not exported.
  EXPECT_EQ(host->file_size("G:\\inc\\" + std::string(kSql01) + "\\Virtual Hard Disks\\Disk0.vhdx")
                .status()
                .kind(),
            wmi::StatusKind::kNotFound);
}

TEST_F(ExportTest, LogBasedPointsExportTheirLogSegmentAndRestore) {
  HostSetup setup;
  for (auto& vm : setup.inventory.vms) vm.replicating = true;
  host = make_host(setup);
  write(kWeb01, 0, 0, 4096, 1);
  const wmi::ObjectPath first = create_rpc_or_die(*host, kFinance, 1);
  write(kWeb01, 0, 4096, 4096, 2);
  ASSERT_TRUE(host->write(disk_file(kWeb01, 0), 0, bytes(512, 3)).ok());
  const wmi::ObjectPath second = create_rpc_or_die(*host, kFinance, 1);
  write(kWeb01, 0, 0, 4096, 4);
  export_ok(first, "L:\\a");
  export_ok(second, "L:\\b", collection_export_settings(first));
  const std::string segment =
      "L:\\b\\" + std::string(kWeb01) + "\\Virtual Hard Disks\\Disk0.vhdx.hrl";
  auto size = host->file_size(segment);
  ASSERT_TRUE(size.ok());
  auto stream = host->read(segment, 0, *size);
  auto records = storage::import_stream(*stream);
  ASSERT_TRUE(records.ok());
  EXPECT_EQ(records->records.size(), 2u) << "the two writes between the points";
  auto restored =
      host->restore_export(std::vector<std::string>{"L:\\a", "L:\\b"}, disk_id(kWeb01, 0));
  ASSERT_TRUE(restored.ok()) << restored.status().to_string();
  auto expected = bytes(8192, 1);
  std::fill_n(expected.begin() + 4096, 4096, std::byte{2});
  std::fill_n(expected.begin(), 512, std::byte{3});
  EXPECT_EQ(read_restored(*restored, 0, 8192), expected);
}

TEST_F(ExportTest, AnExportDeliveredThroughAJobIsAnExportJobThatReportsTheFiles) {
  control::Profile profile = fixture_profile("doc-strict");
  const control::MethodDelivery async{control::SuccessDelivery::kJob,
                                      control::ErrorDelivery::kFailedJob};
  profile.method_delivery["Msvm_CollectionReferencePointService.ExportReferencePoint"] = async;
  profile.method_delivery["Msvm_VirtualSystemReferencePointService.ExportReferencePoint"] = async;
  host = make_host({.profile = profile});
  for (std::string_view ns : {kV2, kCluster}) {
    const wmi::ObjectPath rpc = *out_reference(
        value_or_fail(create_reference_point(*host, group_path(kFinance, ns), 2, "", ns)),
        "ResultingReferencePointCollection");
    const std::string dir = "H:\\" + std::string(ns == kV2 ? "v2" : "cluster");
    const auto r = value_or_fail(export_collection_point(*host, rpc, dir, "", ns));
    ASSERT_EQ(r.return_value, 4096u) << ns;
    const wmi::ObjectPath* job = out_reference(r, "Job");
    ASSERT_NE(job, nullptr);
    EXPECT_EQ(job->class_name, "Msvm_CollectionReferencePointExportJob");
    const JobTrace trace = poll_job(*host, *job);
    ASSERT_TRUE(trace.terminal()) << trace.error.to_string();
    EXPECT_TRUE(trace.seen.front().find("ExportedDisks")->is_null()) << "null until it succeeds";
    const wmi::Instance& done = trace.last();
    EXPECT_EQ(done.class_name(), "Msvm_CollectionReferencePointExportJob");
    EXPECT_EQ(uint_property(done, "JobState"), 7u);
    EXPECT_EQ(uint_property(done, "JobType"), 206u);
    EXPECT_EQ(string_property(done, "CollectionId"), kFinance);
    EXPECT_EQ(string_property(done, "ReferencePointGroupId"),
              std::get<std::string>(*rpc.key("CollectionID")));
    EXPECT_TRUE(done.find("BaseReferencePointGroupId")->is_null());
    EXPECT_EQ(string_array_property(done, "VirtualMachineId"),
              (std::vector<std::string>{std::string(kSql01), std::string(kWeb01)}));
    EXPECT_EQ(
        string_array_property(done, "ExportedDisks"),
        (std::vector<std::string>{disk_id(kSql01, 0), disk_id(kSql01, 1), disk_id(kWeb01, 0)}));
    const auto data = string_array_property(done, "ExportedLogFilePaths");
    ASSERT_EQ(data.size(), 3u);
    for (const std::string& path : data) EXPECT_TRUE(host->file_size(path).ok()) << path;
    const auto configs = string_array_property(done, "ExportedConfigFilePaths");
    ASSERT_EQ(configs.size(), 2u);
    EXPECT_TRUE(parse_export_config(text_of(configs[1])).ok());
    EXPECT_TRUE(string_array_property(done, "ExportedRuntimeFilePaths").empty());
    // Queryable under its own class and as a Msvm_ConcreteJob.
    EXPECT_EQ(
        query_or_die(*host, ns, "SELECT * FROM Msvm_CollectionReferencePointExportJob").size(), 1u);
    const auto jobs = query_or_die(*host, ns, "SELECT * FROM Msvm_ConcreteJob");
    EXPECT_EQ(std::count_if(jobs.begin(), jobs.end(),
                            [](const wmi::Instance& j) {
                              return j.class_name() == "Msvm_CollectionReferencePointExportJob";
                            }),
              1);

    // An error is delivered as a failed export job; nothing is written.
    const std::size_t files_before = data.size();
    const auto failed = value_or_fail(export_collection_point(*host, rpc, dir, "", ns));
    ASSERT_EQ(failed.return_value, 4096u);
    const JobTrace failed_trace = poll_job(*host, *out_reference(failed, "Job"));
    EXPECT_EQ(uint_property(failed_trace.last(), "JobState"), 10u);
    EXPECT_EQ(uint_property(failed_trace.last(), "ErrorCode"), 5u) << "directory in use";
    EXPECT_TRUE(failed_trace.last().find("ExportedDisks")->is_null());
    (void)files_before;
  }
  const wmi::ObjectPath point = create_vm_point(kWeb01);
  const auto r = value_or_fail(export_vm_point(*host, point, "H:\\vm"));
  ASSERT_EQ(r.return_value, 4096u);
  EXPECT_EQ(out_reference(r, "Job")->class_name, "Msvm_VirtualSystemReferencePointExportJob");
  const JobTrace trace = poll_job(*host, *out_reference(r, "Job"));
  const wmi::Instance& done = trace.last();
  EXPECT_EQ(uint_property(done, "JobState"), 7u);
  EXPECT_EQ(uint_property(done, "JobType"), 203u);
  EXPECT_EQ(string_property(done, "ReferencePointId"), point_id(point));
  EXPECT_EQ(string_property(done, "VirtualMachineId"), kWeb01);
  EXPECT_EQ(string_property(done, "ExportDirectory"), "H:\\vm");
  EXPECT_TRUE(host->file_size(string_property(done, "ExportedConfigFilePath")).ok());
  EXPECT_EQ(string_array_property(done, "ExportedDisks"),
            std::vector<std::string>{disk_id(kWeb01, 0)});
  EXPECT_FALSE(
      host->query(kCluster, "SELECT * FROM Msvm_VirtualSystemReferencePointExportJob").ok())
      << "v2 only";
}

TEST_F(ExportTest, ImportReferencePointMetadataRecreatesAnExportedPoint) {
  write(kWeb01, 0, 0, 4096, 1);
  const wmi::ObjectPath point = create_vm_point(kWeb01);
  const wmi::Instance before = *host->get(point);
  ASSERT_EQ(value_or_fail(export_vm_point(*host, point, "I:\\e")).return_value, 0u);
  const std::string config = "I:\\e\\" + std::string(kWeb01) + "\\Virtual Machines\\" +
                             point_id(point).substr(10) + ".vmcx";
  ASSERT_TRUE(host->file_size(config).ok()) << config;
  // Errors: the point still exists; another VM; no such file; no VM.
  EXPECT_EQ(value_or_fail(import_point_metadata(*host, vm_path(kWeb01), config)).return_value,
            32775u);
  EXPECT_EQ(value_or_fail(import_point_metadata(*host, vm_path(kSql01), config)).return_value,
            32773u);
  EXPECT_EQ(
      value_or_fail(import_point_metadata(*host, vm_path(kWeb01), "I:\\none.vmcx")).return_value,
      32779u);
  EXPECT_EQ(value_or_fail(import_point_metadata(*host, vm_path(kMissingId), config)).return_value,
            32773u);

  ASSERT_EQ(
      value_or_fail(vm_reference_point_call(*host, "DestroyReferencePoint", point)).return_value,
      0u);
  EXPECT_EQ(host->get(point).status().kind(), wmi::StatusKind::kNotFound);
  const auto r = value_or_fail(import_point_metadata(*host, vm_path(kWeb01), config));
  ASSERT_EQ(r.return_value, 0u);
  auto imported = host->get(point);
  ASSERT_TRUE(imported.ok()) << "same InstanceID and VM";
  for (std::string_view name : {"ReferencePointType", "ConsistencyLevel", "VirtualDiskIdentifiers",
                                "ResilientChangeTrackingIdentifiers"}) {
    EXPECT_EQ(*imported->find(name), *before.find(name)) << name;
  }
  // Metadata only: no frozen data to export.
  EXPECT_EQ(value_or_fail(export_vm_point(*host, point, "I:\\again")).return_value, 32775u);
}

// doc-strict codes: the collection method answers the CIM family's, the per-VM method the
// Hyper-V family's equivalent; a refused export writes nothing and changes nothing.
TEST_F(ExportTest, EveryErrorCaseAnswersItsCodeInBothFamiliesAndWritesNothing) {
  HostSetup setup;
  for (auto& vm : setup.inventory.vms) vm.replicating = true;
  host = make_host(setup);
  const wmi::ObjectPath log = create_rpc_or_die(*host, kFinance, 1);
  const wmi::ObjectPath first = create_rpc_or_die(*host, kFinance);
  const wmi::ObjectPath second = create_rpc_or_die(*host, kFinance);
  const wmi::ObjectPath web_first = create_vm_point(kWeb01);
  const wmi::ObjectPath sql_point = create_vm_point(kSql01);
  const wmi::ObjectPath web_second = create_vm_point(kWeb01);
  const auto before = model_snapshot(*host);
  const auto collection = [&](const wmi::CimValue& rpc, const wmi::CimValue& settings,
                              const wmi::CimValue& dir = "Y:\\c") {
    return value_or_fail(export_collection_point(*host, rpc, dir, settings)).return_value;
  };
  const auto vm = [&](const wmi::CimValue& point, const wmi::CimValue& settings,
                      const wmi::CimValue& dir = "Y:\\v") {
    return value_or_fail(export_vm_point(*host, point, dir, settings)).return_value;
  };
  // Point not found, wrong class.
  EXPECT_EQ(collection(rpc_path(kMissingId, kFinance), ""), 4u);
  EXPECT_EQ(vm(wmi::CimValue::null(wmi::CimType::kReference), ""), 32773u);
  EXPECT_EQ(collection(group_path(kFinance), ""), 6u);
  EXPECT_EQ(vm(vm_path(kWeb01), ""), 32776u);
  // Malformed settings: not CIM-XML/MOF, or the other method's setting-data class.
  EXPECT_EQ(collection(second, "{not settings}"), 4u);
  EXPECT_EQ(collection(second, as_cim_xml(vm_export_settings({}))), 4u);
  EXPECT_EQ(vm(web_second, collection_export_settings({})), 32773u);
  // Base not found, of another VM / type, not older.
  EXPECT_EQ(collection(second, collection_export_settings(group_path(kFinance))), 4u);
  EXPECT_EQ(vm(web_second, vm_export_settings(vm_path(kWeb01))), 32773u);
  EXPECT_EQ(collection(second, collection_export_settings(log)), 4u);
  EXPECT_EQ(vm(web_second, vm_export_settings(sql_point)), 32773u);
  EXPECT_EQ(collection(first, collection_export_settings(second)), 4u);
  EXPECT_EQ(collection(first, collection_export_settings(first)), 4u);
  EXPECT_EQ(vm(web_first, vm_export_settings(web_second)), 32773u);
  // Directory empty; disks the point does not cover.
  EXPECT_EQ(collection(second, "", ""), 4u);
  EXPECT_EQ(vm(web_second, "", wmi::CimValue::null(wmi::CimType::kString)), 32773u);
  EXPECT_EQ(collection(second, collection_export_settings({}, {{std::string(kArchive01), {}}})),
            4u);
  EXPECT_EQ(vm(web_second, vm_export_settings({}, {disk_id(kSql01, 0)})), 32773u);
  EXPECT_EQ(snapshot_diff(before, model_snapshot(*host)), "");
  // Nothing was written: both directories are still free.
  EXPECT_EQ(collection(second, as_cim_xml(collection_export_settings(first))), 0u) << "CIM-XML";
  EXPECT_EQ(vm(web_second, vm_export_settings(web_first)), 0u);
  // Directory in use.
  EXPECT_EQ(collection(second, ""), 5u);
  EXPECT_EQ(vm(web_second, ""), 32775u);
  EXPECT_EQ(collection(second, "", "Y:\\c\\" + std::string(kWeb01)), 5u) << "inside it";
  // Data unavailable: the base's RCT ids stop answering once a disk is modified offline; a
  // log-based base whose data was removed.
  ASSERT_TRUE(host->modify_offline(disk_file(kWeb01, 0), 0, bytes(512, 1)).ok());
  EXPECT_EQ(collection(second, collection_export_settings(first), "Y:\\d"), 5u);
  EXPECT_EQ(vm(web_second, vm_export_settings(web_first), "Y:\\e"), 32775u);
  const wmi::ObjectPath log2 = create_rpc_or_die(*host, kFinance, 1);
  ASSERT_EQ(value_or_fail(host->invoke(crp_service(), "RemoveAssociatedData",
                                       {{"AffectedReferencePointCollection", log}}))
                .return_value,
            0u);
  EXPECT_EQ(collection(log2, collection_export_settings(log), "Y:\\f"), 5u);
  EXPECT_EQ(collection(log2, "", "Y:\\f"), 0u) << "a full export needs no log";
}

}  // namespace
}  // namespace sim::host
