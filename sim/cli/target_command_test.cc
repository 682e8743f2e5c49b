// `hvsim query|get|invoke --target` against `hvsim serve` started in process (loopback, port 0):
// the same answers as the simulated host, NTLM with the password from the environment, parameters
// typed for the wire, --wait in real time, and the option rules (no password on the command line).
#include "sim/cli/target_command.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/cli/cli.h"
#include "sim/control/inventory_json.h"
#include "sim/control/profile.h"
#include "sim/server/auth_policies.h"
#include "sim/server/server.h"

namespace sim::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kCms =
    "root/virtualization/v2:Msvm_CollectionManagementService.CreationClassName="
    "\"Msvm_CollectionManagementService\"";
constexpr const char* kCrps =
    "root/virtualization/v2:Msvm_CollectionReferencePointService.CreationClassName="
    "\"Msvm_CollectionReferencePointService\"";
constexpr const char* kFinance =
    "root/virtualization/v2:Msvm_VirtualSystemCollection.CollectionID="
    "\"17941B31-5A9C-49EB-A8FA-AF67311F9463\"";
constexpr const char* kArchive =
    "root/virtualization/v2:Msvm_ComputerSystem.CreationClassName=\"Msvm_ComputerSystem\","
    "Name=\"F4B69DC0-2CCF-4617-9EED-C8ADD7F3D26E\"";
constexpr const char* kPasswordVariable = "HVSIM_TARGET_TEST_PASSWORD";

struct CliRun {
  int exit_code;
  std::string out;
  std::string err;
};

CliRun hvsim(std::vector<std::string> args) {
  std::ostringstream out;
  std::ostringstream err;
  const int code = run_cli(args, out, err);
  return CliRun{code, out.str(), err.str()};
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

class TargetCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    users_ =
        (fs::temp_directory_path() / ("hvsim_target_users_" + std::to_string(::getpid()))).string();
    std::ofstream(users_) << "HVSIM:alice:S3cret-pw\n";
    ::setenv(kPasswordVariable, "S3cret-pw", 1);
  }
  void TearDown() override {
    fs::remove(users_);
    ::unsetenv(kPasswordVariable);
  }

  std::unique_ptr<server::Server> start(std::string auth, std::string profile = "doc-strict") {
    server::ServerConfig c;
    c.host.inventory = control::load_inventory(read_text(default_inventory_path())).value();
    c.host.profile = control::load_profile(read_text(std::string(HVSIM_SOURCE_DIR) +
                                                     "/fixtures/profiles/" + profile + ".json"))
                         .value();
    c.time_scale = 1000;
    c.listener.address = server::ListenAddress{"127.0.0.1", 0, false};
    c.listener.io_threads = 2;
    auto policy = server::make_auth_policy(
        server::AuthSettings{auth, auth == "none" ? "" : users_, "", "localhost", false});
    EXPECT_TRUE(policy.ok()) << policy.status().to_string();
    if (!policy.ok()) return nullptr;
    c.auth = std::move(*policy);
    auto server = server::Server::start(std::move(c));
    EXPECT_TRUE(server.ok()) << server.status().to_string();
    return server.ok() ? std::move(*server) : nullptr;
  }

  std::vector<std::string> ntlm(const server::Server& server) {
    // hvsim serve's NTLM names itself HTTP@localhost, and gss-ntlmssp checks the name.
    return {"--target",     "wsman+" + server.url(), "--auth",          "ntlm",       "--user",
            "HVSIM\\alice", "--password-env",        kPasswordVariable, "--spn-host", "localhost"};
  }

  std::string users_;
};

std::vector<std::string> operator+(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

TEST_F(TargetCommandTest, QueryAndGetAnswerAsTheSimulatedHost) {
  auto server = start("none");
  ASSERT_TRUE(server);
  const std::vector<std::string> query{"query",
                                       "--value",
                                       "Name",
                                       "--namespace",
                                       "root/virtualization/v2",
                                       "SELECT * FROM Msvm_ComputerSystem"};
  const CliRun local = hvsim(query);
  const CliRun remote =
      hvsim(query + std::vector<std::string>{"--target", "wsman+" + server->url()});
  ASSERT_EQ(remote.exit_code, 0) << remote.err;
  EXPECT_EQ(remote.out, local.out);
  EXPECT_EQ(remote.err, "");

  const CliRun got = hvsim({"get", "--json", kArchive, "--target", "wsman+" + server->url()});
  ASSERT_EQ(got.exit_code, 0) << got.err;
  EXPECT_NE(got.out.find("F4B69DC0-2CCF-4617-9EED-C8ADD7F3D26E"), std::string::npos);

  std::string nothing = kArchive;
  nothing.replace(nothing.find("F4B6"), 4, "0000");
  const CliRun missing = hvsim({"get", nothing, "--target", "wsman+" + server->url()});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("not found"), std::string::npos) << missing.err;
}

TEST_F(TargetCommandTest, InvokeOverNtlmTypesParametersForTheWire) {
  auto server = start("negotiate");
  ASSERT_TRUE(server);
  // Member and Collection are references: given as WMI paths, they must travel as EPRs.
  const CliRun added =
      hvsim(std::vector<std::string>{"invoke", kCms, "AddMember", std::string("Member=") + kArchive,
                                     std::string("Collection=") + kFinance, "--expect", "0"} +
            ntlm(*server));
  EXPECT_EQ(added.exit_code, 0) << added.out << added.err;
  EXPECT_NE(added.out.find("ReturnValue = 0"), std::string::npos) << added.out;

  const CliRun wrong = hvsim(std::vector<std::string>{"query", "SELECT * FROM Msvm_ComputerSystem",
                                                      "--target", "wsman+" + server->url(),
                                                      "--auth", "ntlm", "--user", "HVSIM\\alice"});
  EXPECT_EQ(wrong.exit_code, 2) << "NTLM without a password";
  EXPECT_NE(wrong.err.find("password"), std::string::npos) << wrong.err;
}

TEST_F(TargetCommandTest, InvokeWaitPollsTheJobInRealTime) {
  auto server = start("negotiate", "async-jobs");
  ASSERT_TRUE(server);
  const CliRun created =
      hvsim(std::vector<std::string>{"invoke", kCrps, "CreateReferencePoint",
                                     std::string("Collection=") + kFinance, "ReferencePointType=2",
                                     "--wait", "--poll-interval", "20ms"} +
            ntlm(*server));
  ASSERT_EQ(created.exit_code, 0) << created.out << created.err;
  EXPECT_NE(created.out.find("ReturnValue = 4096"), std::string::npos) << created.out;
  EXPECT_NE(created.out.find("# job finished: JobState = 7 (Completed)"), std::string::npos)
      << created.out;
}

TEST_F(TargetCommandTest, OptionRules) {
  const auto usage = [](std::vector<std::string> args, std::string_view says) {
    const CliRun r = hvsim(std::move(args));
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find(says), std::string::npos) << r.err;
  };
  const std::string wql = "SELECT * FROM Msvm_ComputerSystem";
  usage({"query", wql, "--target", "wsman+http://127.0.0.1:1/wsman", "--password", "x"},
        "--password-env");
  usage({"query", wql, "--auth", "ntlm"}, "need --target");
  usage({"query", wql, "--target", "wsman+http://127.0.0.1:1/wsman", "--seed", "3"},
        "cannot go with it");
  usage({"query", wql, "--target", "ftp://host"}, "--target:");
  usage({"query", wql, "--target", "wsman+https://h/wsman", "--ca", "a.pem", "--insecure"},
        "cannot go together");
  usage({"query", wql, "--target", "wsman+http://hv01.example.com/wsman", "--auth", "basic",
         "--user", "u", "--password-env", kPasswordVariable},
        "clear text");
  usage({"query", wql, "--target", "wsman+http://127.0.0.1:1/wsman", "--user", "u",
         "--password-env", "HVSIM_NO_SUCH_VARIABLE"},
        "HVSIM_NO_SUCH_VARIABLE is not set");
  usage({"disk", "read", "x", "--length", "1", "--target", "wsman+http://127.0.0.1:1/wsman"},
        "--target");

  const CliRun unreachable = hvsim({"query", wql, "--target", "wsman+http://127.0.0.1:1/wsman"});
  EXPECT_EQ(unreachable.exit_code, 1);
  EXPECT_NE(unreachable.err.find("transport"), std::string::npos) << unreachable.err;
}

TEST(WireArguments, TypesKnownParametersAndKeepsTheRest) {
  const wmi::ObjectPath cms{
      std::nullopt, "root/virtualization/v2", "Msvm_CollectionManagementService", {}, true};
  auto typed = wire_arguments(
      cms, "addmember",
      {{"Member", "Msvm_ComputerSystem.CreationClassName=\"Msvm_ComputerSystem\",Name=\"X\""},
       {"Unknown", "42"}});
  ASSERT_TRUE(typed.ok()) << typed.status().to_string();
  const wmi::ObjectPath* member = (*typed)[0].value.as_reference();
  ASSERT_NE(member, nullptr);
  EXPECT_EQ(member->namespace_name, "root/virtualization/v2") << "the target's namespace";
  EXPECT_EQ((*typed)[1].value, wmi::CimValue("42"));

  auto bad = wire_arguments(cms, "DefineCollection", {{"Type", "seventy"}});
  EXPECT_EQ(bad.status().kind(), wmi::StatusKind::kInvalidArgument);
  const wmi::ObjectPath unknown{std::nullopt, "root/cimv2", "Win32_Process", {}, true};
  auto untouched = wire_arguments(unknown, "Create", {{"CommandLine", "notepad"}});
  ASSERT_TRUE(untouched.ok());
  EXPECT_EQ((*untouched)[0].value, wmi::CimValue("notepad"));
}

}  // namespace
}  // namespace sim::cli
