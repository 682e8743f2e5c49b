// Property (issue 20 §2): for host commands with random bad arguments (paths, offsets, lengths,
// types, files), a run that exits non-zero leaves the --state file byte for byte as it was and
// creates no other file. RapidCheck prints its seed; replay with RC_PARAMS="seed=N".
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "sim/cli/cli.h"
#include "sim/cli/cli_test_paths.h"
#include "sim/cli/state_file.h"

namespace sim::cli {
namespace {

namespace fs = std::filesystem;

using test::kCrps;
using test::kFinance;
constexpr const char* kWebDiskQuery =
    "SELECT * FROM Msvm_StorageAllocationSettingData WHERE InstanceID LIKE '%76025F59%'";

int run(std::vector<std::string> args, std::string* out = nullptr) {
  std::ostringstream o, e;
  const int code = run_cli(args, o, e);
  if (out != nullptr) *out = o.str();
  return code;
}

// Every path under `dir`, recursively.
std::set<std::string> listing(const fs::path& dir) {
  std::set<std::string> paths;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) paths.insert(entry.path());
  return paths;
}

rc::Gen<std::string> one_of(std::vector<std::string> choices) {
  return rc::gen::elementOf(std::move(choices));
}

// A host command with bad arguments, given the web-01 disk's id and a scratch directory.
rc::Gen<std::vector<std::string>> bad_command(const std::string& disk, const fs::path& dir) {
  // Offset and length; a valid range is at most 4 KiB, so a write that succeeds stays cheap.
  const auto range = rc::gen::oneOf(
      rc::gen::pair(one_of({"0", "511", "1MiB", "68652367872", "9223372036854775808",
                            "18446744073709551104", "-1", "1.5GiB", "64GB", "x"}),
                    one_of({"0", "1", "4KiB", "64TiB", "18446744073709551615", "", "4096B"})),
      rc::gen::element(std::pair<std::string, std::string>{"68652367872", "128MiB"},
                       std::pair<std::string, std::string>{"64GiB", "4KiB"},
                       std::pair<std::string, std::string>{"0", "68719477248"}));
  const auto names = one_of({disk, "no-such-disk", "", "C:\\nowhere.vhdx", disk + "\n",
                             "D:\\Backups\\never-exported.vhdx"});
  const auto output = one_of({(dir / "missing-dir" / "out.img").string(), dir.string(), "/dev/full",
                              (dir / "out\nline.img").string()});
  return rc::gen::oneOf(
      rc::gen::exec([=] {
        const auto [offset, length] = *range;
        std::vector<std::string> args{
            "disk",     "write",  *names,
            "--offset", offset,   "--length",
            length,     "--byte", *one_of({"0", "0x77", "255", "256", "0x", "a"})};
        if (*rc::gen::arbitrary<bool>()) args.push_back("--offline");
        return args;
      }),
      rc::gen::exec([=] {
        const auto [offset, length] = *range;
        std::vector<std::string> args{"disk", "read",     *names, "--offset",
                                      offset, "--length", length};
        if (*rc::gen::arbitrary<bool>()) {
          args.push_back("--output");
          args.push_back(*output);
        }
        return args;
      }),
      rc::gen::exec([=] {
        return std::vector<std::string>{"disk", "resize", *names,
                                        *one_of({"0", "511", "65TiB", "1KB", "x"})};
      }),
      rc::gen::exec([=] {
        return std::vector<std::string>{
            "invoke",
            *one_of({kCrps, "Msvm_NoSuchService.Name=\"x\"", "not a path"}),
            *one_of({"CreateReferencePoint", "NoSuchMethod"}),
            "Collection=" + *one_of({kFinance, "", "garbage", "Msvm_ComputerSystem.Name=\"x\""}),
            "ReferencePointSettings=" + *one_of({"", "<INSTANCE", "instance of X {};", "\x01"}),
            "ReferencePointType=" + *one_of({"x", "-1", "70000", "2.5", "", "0"}),
            "--expect",
            "0"};
      }),
      rc::gen::exec([=] {
        return std::vector<std::string>{
            "get", *one_of({"not a path", "Msvm_ComputerSystem.Name=", "root/nope:X.Y=\"z\"",
                            "Msvm_ComputerSystem.CreationClassName=\"a\",Name=\"b\"",
                            "Msvm_ComputerSystem.Na\nme=\"x\""})};
      }),
      rc::gen::exec([=] {
        return std::vector<std::string>{
            "query", *one_of({"SELEC * FROM X", "SELECT * FROM Msvm_NoSuchClass", "",
                              "ASSOCIATORS OF {bad}", "SELECT * FROM Msvm_ComputerSystem WHERE"})};
      }),
      rc::gen::exec([=] {
        return std::vector<std::string>{
            "clock", "advance", *one_of({"3000000d", "-5s", "5", "9223372036854775807us", "1x"})};
      }),
      rc::gen::exec([=] {
        return std::vector<std::string>{"query",
                                        *one_of({"--seed", "--profile", "--inventory", "--faults"}),
                                        *one_of({"2", (dir / "none.json").string(), dir.string()}),
                                        "SELECT * FROM Msvm_ComputerSystem"};
      }));
}

RC_GTEST_PROP(CliBadInput, AFailedCommandChangesNoFile, ()) {
  const fs::path dir =
      fs::path(testing::TempDir()) / ("hvsim_bad_input_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string state = (dir / "s.state").string();
  std::string disk;
  RC_ASSERT(run({"query", "--state", state, "--value", "InstanceID", kWebDiskQuery}, &disk) == 0);
  disk = disk.substr(0, disk.find('\n'));
  // Something in the file besides the setup: a write, a group reference point.
  RC_ASSERT(run({"disk", "write", "--state", state, disk, "--length", "64KiB"}) == 0);

  const auto commands = *rc::gen::container<std::vector<std::vector<std::string>>>(
      *rc::gen::inRange<std::size_t>(1, 6), bad_command(disk, dir));
  for (std::vector<std::string> args : commands) {
    const std::string before = *read_text_file(state, "state file");
    const std::set<std::string> files = listing(dir);
    args.push_back("--state");
    args.push_back(state);
    if (run(args) == 0) continue;  // some combinations are valid after all
    const bool state_kept = *read_text_file(state, "state file") == before;
    const bool no_new_file = listing(dir) == files;
    RC_LOG() << "failed command: hvsim";
    for (const std::string& arg : args) RC_LOG() << " '" << arg << "'";
    RC_LOG() << "\n";
    RC_ASSERT(state_kept);
    RC_ASSERT(no_new_file);
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace sim::cli
