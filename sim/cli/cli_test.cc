// run_cli end to end, in process, against the real simulated host: state files replay exactly,
// rejected commands leave them untouched, and each command prints what scripts rely on.
#include "sim/cli/cli.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/cli/cli_test_paths.h"
#include "sim/cli/command_line.h"
#include "sim/cli/host_commands.h"
#include "sim/cli/instance_format.h"
#include "sim/cli/state_file.h"
#include "sim/control/inventory_json.h"

namespace sim::cli {
namespace {

namespace fs = std::filesystem;

using namespace test;  // NOLINT: the paths read like the commands' own words
constexpr const char* kNightlyId = "6A1E5E0C-3C1B-4B8A-9F3E-2D7C4B1A9E01";

struct Ran {
  int exit_code;
  std::string out;
  std::string err;
};

Ran hvsim(std::vector<std::string> args) {
  std::ostringstream out, err;
  const int exit_code = run_cli(args, out, err);
  return {exit_code, out.str(), err.str()};
}

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// A failure as scripts see it: the exit status, and exactly one "hvsim: error:" line.
void expect_error(const Ran& run, int exit_code, std::string_view part) {
  EXPECT_EQ(run.exit_code, exit_code) << run.err;
  EXPECT_TRUE(run.err.starts_with("hvsim: error: ")) << run.err;
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
  EXPECT_TRUE(contains(run.err, part)) << run.err;
}

class CliRun : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(testing::TempDir()) /
           ("hvsim_cli_test_" + std::to_string(::getpid()) + "_" +
            testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    state_ = (dir_ / "state.json").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  // `args` with --state appended.
  Ran stateful(std::vector<std::string> args) {
    args.push_back("--state");
    args.push_back(state_);
    return hvsim(std::move(args));
  }
  std::string state_text() { return *read_text_file(state_, "state file"); }

  fs::path dir_;
  std::string state_;
};

// The commands of a small backup cycle, in order.
std::vector<std::vector<std::string>> cycle() {
  const std::string nightly = std::string("root/virtualization/v2:Msvm_VirtualSystemCollection.") +
                              "CollectionID=\"" + kNightlyId + "\"";
  return {
      {"invoke", kCms, "DefineCollection", "Name=Nightly", std::string("Id=") + kNightlyId,
       "Type=0"},
      {"invoke", kCms, "AddMember", std::string("Member=") + kSql, "Collection=" + nightly},
      {"query", "SELECT * FROM Msvm_VirtualSystemCollection"},
      {"invoke", kCrps, "CreateReferencePoint", "Collection=" + nightly,
       "ReferencePointSettings=", "ReferencePointType=2"},
      {"clock", "advance", "5s"},
      {"query", "--json", "SELECT * FROM Msvm_VirtualSystemReferencePoint"},
      {"crash"},
      {"get", "root/virtualization/v2:Msvm_ConcreteJob.InstanceID=\"no-such-job\""},
      {"query", "SELECT * FROM Msvm_ReferencePointCollection"},
  };
}

TEST_F(CliRun, StateFileReplaysExactlyWhatOneHostDoes) {
  // One host in this process runs the whole cycle ...
  auto inventory = read_text_file(default_inventory_path(), "inventory");
  ASSERT_TRUE(inventory.ok());
  HostSetup setup;
  setup.inventory = *control::load_inventory(*inventory);
  auto host = build_host(setup);
  ASSERT_TRUE(host.ok()) << host.status().to_string();
  std::ostream discard(nullptr);
  // ... and each command, run as its own hvsim process would with --state, prints the same.
  for (const auto& args : cycle()) {
    const ParseOutcome parsed = parse_command_line(args);
    ASSERT_TRUE(parsed.command.has_value()) << parsed.error;
    std::ostringstream expected;
    const HostCommandResult direct = run_host_command(*parsed.command, **host, expected, discard);
    const Ran run = stateful(args);
    EXPECT_EQ(run.exit_code, direct.exit_code) << args[0] << " " << run.err;
    EXPECT_EQ(run.out, expected.str()) << args[0];
  }
  auto state = parse_state(state_text());
  ASSERT_TRUE(state.ok()) << state.status().to_string();
  // Every command but the failed get (a failed command leaves the state file as it was).
  EXPECT_EQ(state->journal.size(), cycle().size() - 1);
  EXPECT_EQ(state->journal.front().argv, cycle().front());
  EXPECT_EQ(state->journal[7].argv, cycle()[8]);
}

TEST_F(CliRun, TheCycleSucceedsWhereTheDocsSaySo) {
  const auto commands = cycle();
  const Ran define = stateful(commands[0]);
  EXPECT_EQ(define.exit_code, 0) << define.err;
  EXPECT_TRUE(contains(define.out, "ReturnValue = 0 (Completed with no error)")) << define.out;
  const Ran add = stateful(commands[1]);
  EXPECT_TRUE(contains(add.out, "ReturnValue = 0 (Completed with no error)")) << add.out;
  const Ran groups = stateful(commands[2]);
  EXPECT_TRUE(contains(groups.out, "ElementName = \"Nightly\";")) << groups.out;
  const Ran create = stateful(commands[3]);
  EXPECT_TRUE(contains(create.out, "ReturnValue = 0 (Completed with no error)")) << create.out;
  const Ran points = stateful({"query", "SELECT * FROM Msvm_VirtualSystemReferencePoint"});
  EXPECT_TRUE(contains(points.out, "# 1 instance in root/virtualization/v2\n")) << points.out;
  EXPECT_TRUE(contains(points.out, "# 1 instance in root/HyperVCluster/v2\n")) << points.out;
  EXPECT_TRUE(contains(points.out, "ResilientChangeTrackingIdentifiers = {\"")) << points.out;
}

TEST_F(CliRun, AQueryRunsInEveryNamespaceUnlessOneIsNamed) {
  const std::string crps = "SELECT * FROM Msvm_CollectionReferencePointService";
  const Ran both = hvsim({"query", crps});
  EXPECT_EQ(both.exit_code, 0) << both.err;
  EXPECT_TRUE(contains(both.out, "//HV-HOST-01/root/virtualization/v2:Msvm_Collection"))
      << both.out;
  EXPECT_TRUE(contains(both.out, "//HV-HOST-01/root/HyperVCluster/v2:Msvm_Collection")) << both.out;
  const Ran one = hvsim({"query", "--namespace", "root\\HyperVCluster\\v2", crps});
  EXPECT_TRUE(contains(one.out, "# 1 instance\n")) << one.out;
  EXPECT_FALSE(contains(one.out, "root/virtualization/v2")) << one.out;
  const Ran path = hvsim({"query",
                          "REFERENCES OF {root/HyperVCluster/v2:Msvm_VirtualSystemCollection."
                          "CollectionID=\"17941B31-5A9C-49EB-A8FA-AF67311F9463\"}"});
  EXPECT_TRUE(contains(path.out, "# 3 instances\n")) << path.out;  // two members, one parent

  // Spec §2: the class exists in v2 only. A note for the other namespace, not a failure ...
  const Ran v2_only = hvsim({"query", "SELECT * FROM Msvm_ReferencePointOfVirtualSystem"});
  EXPECT_EQ(v2_only.exit_code, 0) << v2_only.err;
  EXPECT_TRUE(contains(v2_only.err, "hvsim: note: root/HyperVCluster/v2: ")) << v2_only.err;
  EXPECT_TRUE(contains(v2_only.out, "# 0 instances in root/virtualization/v2\n")) << v2_only.out;
  // ... unless it is the namespace asked for.
  expect_error(hvsim({"query", "--namespace", "root/HyperVCluster/v2",
                      "SELECT * FROM Msvm_ReferencePointOfVirtualSystem"}),
               1, "Msvm_ReferencePointOfVirtualSystem");
}

TEST_F(CliRun, RejectedCommandsLeaveTheStateFileUntouched) {
  ASSERT_EQ(stateful({"query", "SELECT * FROM Msvm_ComputerSystem"}).exit_code, 0);
  const std::string before = state_text();
  expect_error(stateful({"query", "SELEC * FROM Msvm_ComputerSystem"}), 1, "WQL syntax error");
  expect_error(stateful({"get", "not a path"}), 1, "bad WMI path");
  expect_error(stateful({"invoke", kCms, "DefineCollection", "Name"}), 2, "not Name=Value");
  expect_error(stateful({"query", "--bogus", "SELECT * FROM Msvm_ComputerSystem"}), 2, "--bogus");
  expect_error(stateful({"disk", "write", "D", "--length", "1KB"}), 2, "decimal units");
  expect_error(stateful({"query", "--seed", "2", "SELECT * FROM Msvm_ComputerSystem"}), 2,
               "already fixes the seed; drop --seed");
  expect_error(stateful({"query", "--inventory", "x.json", "SELECT * FROM Msvm_ComputerSystem"}), 2,
               "already fixes the inventory; drop --inventory");
  EXPECT_EQ(stateful({"clock", "now"}).exit_code, 0);  // reads the clock only: not journaled
  EXPECT_EQ(state_text(), before);

  // A first command that is rejected creates no state file.
  const std::string other = (dir_ / "other.json").string();
  expect_error(hvsim({"get", "--state", other, "not a path"}), 1, "bad WMI path");
  expect_error(hvsim({"query", "--state", other, "--profile", (dir_ / "none.json").string(),
                      "SELECT * FROM Msvm_ComputerSystem"}),
               1, "cannot read profile");
  EXPECT_FALSE(fs::exists(other));
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), {}), 1);  // no temporary files either
}

TEST_F(CliRun, ADivergingJournalIsReportedNotReplayedSilently) {
  ASSERT_EQ(stateful({"query", "SELECT * FROM Msvm_ComputerSystem"}).exit_code, 0);
  auto state = parse_state(state_text());
  ASSERT_TRUE(state.ok());
  state->journal[0].stdout_crc32c ^= 1;
  ASSERT_TRUE(write_file_atomically(state_, format_state(*state)).ok());
  expect_error(stateful({"clock", "now"}), 1, "journal entry 1");

  state->journal[0] = {{"query", "--help"}, 0, 0};
  ASSERT_TRUE(write_file_atomically(state_, format_state(*state)).ok());
  expect_error(stateful({"clock", "now"}), 1, "not a host command");

  ASSERT_TRUE(write_file_atomically(state_, "{\"format\": \"hvsim-state-1\"}").ok());
  expect_error(stateful({"clock", "now"}), 1, "older hvsim (format hvsim-state-1)");
}

TEST_F(CliRun, LoadingNeverWritesALocalFile) {
  ASSERT_EQ(stateful({"query", "SELECT * FROM Msvm_ComputerSystem"}).exit_code, 0);
  const Ran ids = stateful({"query", "--value", "InstanceID",
                            std::string("SELECT * FROM Msvm_StorageAllocationSettingData WHERE "
                                        "InstanceID LIKE '%") +
                                kWeb + "%'"});
  const std::string disk = ids.out.substr(0, ids.out.find('\n'));
  const std::string planted = (dir_ / "planted").string();
  auto state = parse_state(state_text());
  ASSERT_TRUE(state.ok());
  // A hand-added entry with a valid checksum (format_state writes one) is still refused.
  state->journal.push_back({{"disk", "read", disk, "--length", "4096", "--output", planted}, 0, 0});
  ASSERT_TRUE(write_file_atomically(state_, format_state(*state)).ok());
  expect_error(stateful({"clock", "now"}), 1, "not a host command without setup options and local");
  EXPECT_FALSE(fs::exists(planted));
  // And a command that writes a local file is never journalled.
  state->journal.pop_back();
  ASSERT_TRUE(write_file_atomically(state_, format_state(*state)).ok());
  const std::string before = state_text();
  ASSERT_EQ(stateful({"disk", "read", disk, "--length", "4096", "--output", planted}).exit_code, 0);
  EXPECT_EQ(state_text(), before);
}

TEST_F(CliRun, ErrorsSpeakInTheUsersTerms) {
  const Ran selectors = hvsim({"get", "root/virtualization/v2:Msvm_ComputerSystem.Name=\"x\""});
  expect_error(selectors, 1,
               "(an instance of Msvm_ComputerSystem is named by CreationClassName, Name; the path "
               "gives Name)");
  EXPECT_FALSE(contains(selectors.err, "InvalidSelectors")) << selectors.err;

  const Ran settings =
      hvsim({"invoke", kCrps, "CreateReferencePoint", std::string("Collection=") + kFinance,
             "ReferencePointSettings=<INSTANCE CLASSNAME=", "ReferencePointType=2"});
  EXPECT_EQ(settings.exit_code, 0) << settings.err;
  EXPECT_TRUE(contains(settings.out, ")\n# ReferencePointSettings is neither CIM-XML ("))
      << settings.out;
}

TEST_F(CliRun, AStateDirectoryIsNamedAsOne) {
  expect_error(hvsim({"clock", "now", "--state", dir_.string()}), 2,
               "is a directory; --state takes a file");
}

TEST_F(CliRun, InvokeExpectAndWait) {
  // ReferencePointType 0 is invalid: doc-strict answers at once.
  const Ran wrong =
      hvsim({"invoke", kCrps, "CreateReferencePoint", std::string("Collection=") + kFinance,
             "ReferencePointSettings=", "ReferencePointType=0", "--expect", "0"});
  expect_error(wrong, 1, "returned 4 (Invalid parameter), expected 0");
  EXPECT_TRUE(contains(wrong.out, "ReturnValue = 4 (Invalid parameter)\n")) << wrong.out;

  // With async-jobs the same error arrives as a failed job.
  const std::string async = std::string(HVSIM_SOURCE_DIR) + "/fixtures/profiles/async-jobs.json";
  const Ran waited =
      stateful({"invoke", kCrps, "CreateReferencePoint", std::string("Collection=") + kFinance,
                "ReferencePointSettings=", "ReferencePointType=1", "--profile", async, "--wait",
                "--expect", "4096"});
  EXPECT_EQ(waited.exit_code, 0) << waited.err;
  EXPECT_TRUE(
      contains(waited.out, "ReturnValue = 4096 (Method parameters checked - job started)\n"))
      << waited.out;
  EXPECT_TRUE(contains(waited.out, "# job finished: JobState = 10 (Exception), ErrorCode = 5\n"))
      << waited.out;
  EXPECT_TRUE(contains(waited.out, "  JobState = 10;\n")) << waited.out;

  const Ran json = stateful({"query", "--json", "SELECT * FROM Msvm_ConcreteJob"});
  auto jobs = Json::parse(json.out);
  ASSERT_EQ(jobs.size(), 1u) << json.out;
  const std::string job = jobs[0]["path"];
  const Ran error = stateful({"invoke", job, "GetErrorEx", "--expect", "0"});
  EXPECT_EQ(error.exit_code, 0) << error.err;
  EXPECT_TRUE(contains(error.out, "<INSTANCE CLASSNAME=\"Msvm_Error\">")) << error.out;
}

TEST_F(CliRun, DiskWriteReadAndClock) {
  const Ran ids = stateful(
      {"query", "--value", "InstanceID", "SELECT * FROM Msvm_StorageAllocationSettingData"});
  ASSERT_EQ(ids.exit_code, 0) << ids.err;
  const std::string disk = ids.out.substr(0, ids.out.find('\n'));
  ASSERT_FALSE(disk.empty());
  EXPECT_EQ(
      stateful({"disk", "write", disk, "--offset", "64KiB", "--length", "128KiB", "--byte", "0x5a"})
          .exit_code,
      0);
  const Ran read = stateful({"disk", "read", disk, "--offset", "64KiB", "--length", "128KiB"});
  EXPECT_EQ(read.exit_code, 0) << read.err;
  EXPECT_TRUE(contains(read.out, "uniform = 0x5A\n")) << read.out;
  EXPECT_TRUE(contains(read.out, "head = 5a 5a 5a")) << read.out;
  const Ran zeros = stateful({"disk", "read", disk, "--offset", "0", "--length", "128KiB"});
  EXPECT_TRUE(contains(zeros.out, "uniform = no\n")) << zeros.out;  // half zeros, half 0x5A
  // --output: the same bytes land in a local file, and the read is not journalled.
  const std::size_t journalled = parse_state(state_text())->journal.size();
  const std::string local = (dir_ / "range.img").string();
  const Ran saved =
      stateful({"disk", "read", disk, "--offset", "0", "--length", "128KiB", "--output", local});
  EXPECT_EQ(saved.exit_code, 0) << saved.err;
  EXPECT_EQ(saved.out, zeros.out + "output = " + local + "\n");
  const std::string bytes = *read_text_file(local, "range");
  EXPECT_EQ(bytes, std::string(64 << 10, '\0') + std::string(64 << 10, '\x5a'));
  EXPECT_EQ(parse_state(state_text())->journal.size(), journalled);
  expect_error(
      stateful({"disk", "read", disk, "--length", "4KiB", "--output", (dir_ / "no/such").string()}),
      1, "cannot write");
  expect_error(stateful({"disk", "read", "no-such-disk", "--length", "4KiB"}), 1, "not found");
  expect_error(stateful({"disk", "write", disk, "--offset", "1", "--length", "512"}), 1, "");

  EXPECT_EQ(stateful({"clock", "advance", "5s"}).out, "now = 20240101000005.000000+000\n");
  EXPECT_EQ(stateful({"clock", "now"}).out, "now = 20240101000005.000000+000\n");
}

// A backup cycle a shell script can run: export a group point in full, then an incremental,
// list and read the exported files, and restore the chain into a local file.
TEST_F(CliRun, ExportListReadAndRestoreAChain) {
  const std::string disk = std::string("C:\\Hyper-V\\") + kWeb + "\\Disk0.vhdx";
  ASSERT_EQ(stateful({"disk", "write", disk, "--offset", "0", "--length", "8KiB", "--byte", "1"})
                .exit_code,
            0);
  const Ran created =
      stateful({"invoke", kCrps, "CreateReferencePoint", std::string("Collection=") + kFinance,
                "ReferencePointSettings=", "ReferencePointType=2"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  const Ran ids =
      stateful({"query", "--value", "CollectionID", "SELECT * FROM Msvm_ReferencePointCollection"});
  const std::string full_id = ids.out.substr(0, ids.out.find('\n'));
  const std::string rpc = std::string("root/virtualization/v2:Msvm_ReferencePointCollection.") +
                          "CollectionID=\"" + full_id +
                          "\",VirtualSystemCollectionId=\"17941B31-5A9C-49EB-A8FA-AF67311F9463\"";
  const Ran exported =
      stateful({"invoke", kCrps, "ExportReferencePoint", "ReferencePointCollection=" + rpc,
                "ExportDirectory=D:\\full", "ExportSettingData=", "--wait"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_TRUE(contains(exported.out, "ReturnValue = 0")) << exported.out;

  ASSERT_EQ(stateful({"disk", "write", disk, "--offset", "4KiB", "--length", "4KiB", "--byte", "2"})
                .exit_code,
            0);
  ASSERT_EQ(
      stateful({"invoke", kCrps, "CreateReferencePoint", std::string("Collection=") + kFinance,
                "ReferencePointSettings=", "ReferencePointType=2"})
          .exit_code,
      0);
  const Ran all =
      stateful({"query", "--value", "CollectionID", "SELECT * FROM Msvm_ReferencePointCollection"});
  std::string second_id = all.out.substr(0, all.out.find('\n'));
  if (second_id == full_id) second_id = all.out.substr(all.out.find('\n') + 1, full_id.size());
  const std::string second =
      std::string("root/virtualization/v2:Msvm_ReferencePointCollection.") + "CollectionID=\"" +
      second_id + "\",VirtualSystemCollectionId=\"17941B31-5A9C-49EB-A8FA-AF67311F9463\"";
  const std::string base_path =
      "\\\\HV-HOST-01\\root\\virtualization\\v2:" + rpc.substr(rpc.find(':') + 1);
  std::string escaped;
  for (char ch : base_path) escaped += ch == '"' ? std::string("&quot;") : std::string(1, ch);
  const std::string settings =
      "ExportSettingData=<INSTANCE CLASSNAME=\"Msvm_CollectionReferencePointExportSettingData\">"
      "<PROPERTY NAME=\"BaseReferencePointCollection\" TYPE=\"string\"><VALUE>" +
      escaped + "</VALUE></PROPERTY></INSTANCE>";
  const Ran incremental =
      stateful({"invoke", kCrps, "ExportReferencePoint", "ReferencePointCollection=" + second,
                "ExportDirectory=D:\\inc", settings, "--wait"});
  ASSERT_EQ(incremental.exit_code, 0) << incremental.err;
  EXPECT_TRUE(contains(incremental.out, "ReturnValue = 0")) << incremental.out;

  const Ran ls = stateful({"export", "ls", "D:\\inc"});
  ASSERT_EQ(ls.exit_code, 0) << ls.err;
  const std::string data =
      std::string("D:\\inc\\") + kWeb + "\\Virtual Hard Disks\\Disk0.vhdx.rctlog";
  EXPECT_TRUE(contains(ls.out, "\t" + data + "\n")) << ls.out;
  const Ran image = stateful({"disk", "read",
                              std::string("D:\\full\\") + kWeb + "\\Virtual Hard Disks\\Disk0.vhdx",
                              "--offset", "0", "--length", "8KiB"});
  ASSERT_EQ(image.exit_code, 0) << image.err;
  EXPECT_TRUE(contains(image.out, "uniform = 0x01\n")) << image.out;
  expect_error(stateful({"disk", "write", data, "--length", "512"}), 1, "read-only");
  expect_error(stateful({"export", "ls", "D:\\nothing"}), 1, "no exported file");

  const std::string output = (dir_ / "web.img").string();
  const Ran restored =
      stateful({"export", "restore", "D:\\full", "D:\\inc", "--disk", disk, "--output", output});
  ASSERT_EQ(restored.exit_code, 0) << restored.err;
  EXPECT_TRUE(contains(restored.out, "size = 68719476736\n")) << restored.out;
  EXPECT_EQ(fs::file_size(output), 68719476736u);
  std::ifstream in(output, std::ios::binary);
  std::vector<char> head(8192);
  in.read(head.data(), 8192);
  EXPECT_EQ(std::count(head.begin(), head.begin() + 4096, 1), 4096);
  EXPECT_EQ(std::count(head.begin() + 4096, head.end(), 2), 4096);
  expect_error(stateful({"export", "restore", "D:\\inc", "--disk", disk, "--output", output}), 1,
               "full image");
}

TEST_F(CliRun, GetVirtualDiskChangesPrintsTheChangedRanges) {
  ASSERT_EQ(
      stateful({"invoke", kCrps, "CreateReferencePoint", std::string("Collection=") + kFinance,
                "ReferencePointSettings=", "ReferencePointType=2", "--expect", "0"})
          .exit_code,
      0);
  // web-01's one disk: its HostResource path and the RCT id the reference point sealed for it.
  const Ran path =
      stateful({"query", "--namespace", "root/virtualization/v2", "--value", "HostResource",
                std::string("SELECT * FROM Msvm_StorageAllocationSettingData WHERE "
                            "InstanceID LIKE '%") +
                    kWeb + "%'"});
  const Ran id = stateful({"query", "--namespace", "root/virtualization/v2", "--value",
                           "ResilientChangeTrackingIdentifiers",
                           std::string("SELECT * FROM Msvm_VirtualSystemReferencePoint WHERE "
                                       "VirtualSystemIdentifier = '") +
                               kWeb + "'"});
  ASSERT_EQ(std::count(path.out.begin(), path.out.end(), '\n'), 1) << path.out << path.err;
  ASSERT_EQ(std::count(id.out.begin(), id.out.end(), '\n'), 1) << id.out << id.err;
  const std::string disk = path.out.substr(0, path.out.size() - 1);
  const std::string rct_id = id.out.substr(0, id.out.size() - 1);

  // Writes refused for their range (issue 20): nothing is written, marked or invalidated.
  for (const char* offline : {"", "--offline"}) {
    std::vector<std::string> args{"disk",     "write",  disk,     "--offset", "68652367872",
                                  "--length", "128MiB", "--byte", "0x77"};
    if (*offline != '\0') args.push_back(offline);
    expect_error(stateful(args), 1, "range [68652367872, +134217728) is outside");
  }
  ASSERT_EQ(stateful({"disk", "write", disk, "--offset", "1MiB", "--length", "64KiB"}).exit_code,
            0);
  const Ran changes =
      stateful({"invoke", kIms, "GetVirtualDiskChanges", "Path=" + disk, "LimitId=" + rct_id,
                "TargetSnapshotId=", "ByteOffset=0", "ByteLength=64GiB", "--expect", "0"});
  EXPECT_EQ(changes.exit_code, 0) << changes.err;
  EXPECT_TRUE(contains(changes.out, "ReturnValue = 0 (Completed with no error)\n")) << changes.out;
  EXPECT_TRUE(contains(changes.out, "ProcessedByteLength = 68719476736;\n")) << changes.out;
  EXPECT_TRUE(contains(changes.out, "ChangedByteOffsets = {1048576};\n")) << changes.out;
  EXPECT_TRUE(contains(changes.out, "ChangedByteLengths = {65536};\n")) << changes.out;

  // An id the disk never issued: Hyper-V family code, printed with its meaning.
  const Ran unknown = stateful({"invoke", kIms, "GetVirtualDiskChanges", "Path=" + disk,
                                "LimitId=rctX:00000000:0000:0000:0000:000000000000:00000001",
                                "TargetSnapshotId=", "ByteOffset=0", "ByteLength=4096"});
  EXPECT_TRUE(contains(unknown.out, "ReturnValue = 32768 (Failed)\n")) << unknown.out;
  // A uint64 parameter takes the disk commands' size units, and refuses decimal ones.
  expect_error(
      stateful({"invoke", kIms, "GetVirtualDiskChanges", "Path=" + disk, "LimitId=" + rct_id,
                "TargetSnapshotId=", "ByteOffset=0", "ByteLength=64GB"}),
      1, "ByteLength: ");
}

TEST_F(CliRun, OfflineCommands) {
  const Ran generated = hvsim({"inventory", "generate", "--vms", "3", "--disks-per-vm", "2",
                               "--disk-size", "1TiB", "--seed", "4"});
  ASSERT_EQ(generated.exit_code, 0) << generated.err;
  const fs::path file = dir_ / "big.json";
  ASSERT_TRUE(write_file_atomically(file, generated.out).ok());
  const Ran check = hvsim({"inventory", "check", file.string()});
  EXPECT_EQ(check.exit_code, 0);
  EXPECT_EQ(check.out, file.string() + ": ok: host HVSIM-HOST, 3 VMs, 6 disks, 1 groups\n");
  expect_error(hvsim({"inventory", "check", (dir_ / "none.json").string()}), 1,
               "cannot read inventory");

  const Ran keys = hvsim({"profile", "keys"});
  EXPECT_TRUE(contains(keys.out, "rct.granularity = \"64KiB\"  [guess]\n")) << keys.out;
  const Ran shown = hvsim({"profile", "show"});
  EXPECT_TRUE(control::load_profile(shown.out).ok());

  ASSERT_EQ(stateful({"crash"}).exit_code, 0);
  const Ran show = hvsim({"state", "show", state_});
  EXPECT_TRUE(contains(show.out, "journal = 1 commands\n   1  exit 0  hvsim crash\n")) << show.out;
}

}  // namespace
}  // namespace sim::cli
