// wmi::WsmanConnection with Kerberos against `hvsim serve --auth negotiate --keytab`, with the
// throwaway loopback KDC: run by ctest inside testing/throwaway_kdc.sh, which exports KRB5_CONFIG,
// a kinit'd KRB5CCNAME, the service keytab (HTTP/localhost@HVSIM.TEST) and the user's password.
// Without that environment every test fails, on purpose: only that ctest runs this binary.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "sim/host/host_test_support.h"
#include "sim/server/auth_policies.h"
#include "sim/server/server.h"
#include "sim/server/testing/host_typing.h"
#include "sim/server/testing/self_signed_cert.h"
#include "wmi/wsman/wsman_connection.h"

namespace sim::server {
namespace {

namespace ws = wmi::wsman;
using host::test::kSql01;
using host::test::kV2;

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

class WsmanKerberosTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(env("HVSIM_KDC_KEYTAB").empty())
        << "run me through sim/server/testing/throwaway_kdc.sh run";
    ASSERT_FALSE(env("KRB5CCNAME").empty());
  }

  std::unique_ptr<Server> start(bool tls = false) {
    ServerConfig c;
    c.host.inventory = host::test::small_inventory();
    c.host.profile = host::test::fixture_profile("doc-strict");
    c.time_scale = 1000;
    c.listener.address = ListenAddress{"127.0.0.1", 0, false};
    c.listener.io_threads = 2;
    if (tls) c.listener.tls = TlsFiles{cert.cert_file(), cert.key_file()};
    // NTLM too, so that the server offers both, as a domain member does.
    const std::string users = env("HVSIM_KDC_DIR") + "/users";
    std::ofstream(users) << "HVSIM:alice:S3cret-pw\n";
    auto policy = make_auth_policy(
        AuthSettings{"negotiate", users, env("HVSIM_KDC_KEYTAB"), "localhost", false});
    EXPECT_TRUE(policy.ok()) << policy.status().to_string();
    if (!policy.ok()) return nullptr;
    c.auth = std::move(*policy);
    auto server = Server::start(std::move(c));
    EXPECT_TRUE(server.ok()) << server.status().to_string();
    return server.ok() ? std::move(*server) : nullptr;
  }

  ws::WsmanOptions options(Server& server, ws::AuthMode auth) {
    ws::WsmanOptions o;
    o.target = "wsman+" + server.url();  // 127.0.0.1: the service name is given apart
    o.auth = auth;
    o.service_host = "localhost";
    o.settings.timeout = std::chrono::milliseconds(10'000);
    o.settings.typing = testing::learned_typing(server.host());
    return o;
  }

  // Identify, Get, a query and an Invoke over `o`.
  void expect_working(Server& server, ws::WsmanOptions o) {
    auto wire = ws::WsmanConnection::open(std::move(o));
    ASSERT_TRUE(wire.ok()) << wire.status().to_string();
    auto identity = (*wire)->identify();
    ASSERT_TRUE(identity.ok()) << identity.status().to_string();
    EXPECT_EQ(*identity, server.host().identify().value());
    auto got = (*wire)->get(host::test::vm_path(kSql01));
    ASSERT_TRUE(got.ok()) << got.status().to_string();
    EXPECT_EQ(got->properties(), server.host().get(host::test::vm_path(kSql01))->properties());
    auto vms = (*wire)->query(kV2, "SELECT * FROM Msvm_ComputerSystem");
    ASSERT_TRUE(vms.ok()) << vms.status().to_string();
    EXPECT_EQ(vms->size(), server.host().query(kV2, "SELECT * FROM Msvm_ComputerSystem")->size());
    auto created =
        host::test::create_reference_point(**wire, host::test::group_path(host::test::kFinance));
    ASSERT_TRUE(created.ok()) << created.status().to_string();
  }

  testing::SelfSignedCert cert;
};

TEST_F(WsmanKerberosTest, KerberosFromTheCredentialCacheSealsOverPlainHttp) {
  auto server = start();
  ASSERT_TRUE(server);
  expect_working(*server, options(*server, ws::AuthMode::kKerberos));
}

TEST_F(WsmanKerberosTest, KerberosToLocalhostNamesTheServiceFromTheUrl) {
  auto server = start();
  ASSERT_TRUE(server);
  auto o = options(*server, ws::AuthMode::kKerberos);
  o.target = "wsman+http://localhost:" + std::to_string(server->port()) + "/wsman";
  o.service_host.clear();
  expect_working(*server, o);
}

TEST_F(WsmanKerberosTest, NegotiateWithoutAPasswordUsesTheTicket) {
  auto server = start();
  ASSERT_TRUE(server);
  expect_working(*server, options(*server, ws::AuthMode::kNegotiate));
}

TEST_F(WsmanKerberosTest, KerberosWithAPasswordGetsItsOwnTicket) {
  auto server = start();
  ASSERT_TRUE(server);
  auto o = options(*server, ws::AuthMode::kKerberos);
  o.user = env("HVSIM_KDC_USER");
  o.password = env("HVSIM_KDC_PASSWORD");
  ASSERT_FALSE(o.password.empty());
  expect_working(*server, o);

  o.password = "wrong-password";
  auto refused = ws::WsmanConnection::open(o);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().kind(), wmi::StatusKind::kAuth) << refused.status().to_string();
  EXPECT_EQ(refused.status().message().find("wrong-password"), std::string::npos);
}

TEST_F(WsmanKerberosTest, KerberosInsideTls) {
  ASSERT_EQ(cert.error(), "");
  auto server = start(/*tls=*/true);
  ASSERT_TRUE(server);
  auto o = options(*server, ws::AuthMode::kKerberos);
  o.ca_file = cert.cert_file();
  expect_working(*server, o);
}

TEST_F(WsmanKerberosTest, AServiceTheKdcDoesNotKnowIsAnAuthenticationFailure) {
  auto server = start();
  ASSERT_TRUE(server);
  auto o = options(*server, ws::AuthMode::kKerberos);
  o.service_host = "unknown-host.example";
  auto wire = ws::WsmanConnection::open(o);
  ASSERT_TRUE(wire.ok()) << wire.status().to_string();
  auto identity = (*wire)->identify();
  EXPECT_EQ(identity.status().kind(), wmi::StatusKind::kAuth) << identity.status().to_string();
}

}  // namespace
}  // namespace sim::server
