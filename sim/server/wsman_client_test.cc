// wmi::WsmanConnection against `hvsim serve` (sim::server::Server on loopback, port 0), for each
// way of authenticating that needs no KDC: none, Basic over TLS (a self-signed certificate made
// here, verified with it as the CA file, or not verified with insecure), NTLM over plain http with
// Microsoft's message encryption both ways (the server refuses plain bodies), NTLM inside TLS.
// What the wire answers is compared with what the in-process host answers. Kerberos:
// wsman_client_kerberos_test.cc; the random comparison: wsman_client_prop_test.cc.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "sim/host/host_test_support.h"
#include "sim/server/auth_policies.h"
#include "sim/server/server.h"
#include "sim/server/testing/host_typing.h"
#include "sim/server/testing/self_signed_cert.h"
#include "wmi/cim/job_wait.h"
#include "wmi/cim/wsman_reference.h"
#include "wmi/wsman/wsman_connection.h"

namespace sim::server {
namespace {

namespace fs = std::filesystem;
namespace ws = wmi::wsman;
using host::test::kSql01;
using host::test::kV2;

constexpr std::string_view kPassword = "S3cret-pw";

// What the wire gives back of `path`: no host, keys as text (wsman_reference.h).
wmi::ObjectPath wire_form(const wmi::ObjectPath& path) {
  return wmi::from_wsman_reference(wmi::to_wsman_reference(path).value()).value();
}

// `instance` as the wire carries it: paths of the instance and of reference values in wire form.
wmi::Instance wire_form(const wmi::Instance& instance) {
  wmi::PropertyList properties;
  for (const wmi::Property& p : instance.properties()) {
    wmi::CimValue value = p.value;
    if (!value.is_null() && value.type() == wmi::CimType::kReference) {
      if (value.is_array()) {
        std::vector<wmi::CimElement> elements;
        for (const auto& e : value.elements())
          elements.push_back(wire_form(std::get<wmi::ObjectPath>(e)));
        value = wmi::CimValue::array(wmi::CimType::kReference, std::move(elements)).value();
      } else {
        value = wmi::CimValue(wire_form(*value.as_reference()));
      }
    }
    if (value.is_array() && !value.is_null() && value.elements().empty()) {
      value = wmi::CimValue::null(value.type(), true);  // WS-Man has no empty array
    }
    properties.push_back({p.name, std::move(value)});
  }
  wmi::Instance out(instance.class_name(), instance.namespace_name(), std::move(properties));
  if (instance.path()) out.set_path(wire_form(*instance.path()));
  return out;
}

class WsmanClientTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    users_file_ = new std::string(
        (fs::temp_directory_path() / ("hvsim_client_users_" + std::to_string(::getpid())))
            .string());
    std::ofstream(*users_file_) << "HVSIM:alice:" << kPassword << "\n";
  }
  static void TearDownTestSuite() {
    fs::remove(*users_file_);
    delete users_file_;
  }

  std::unique_ptr<Server> start(std::string auth, bool tls = false,
                                std::string profile = "doc-strict") {
    ServerConfig c;
    host::test::HostSetup setup;
    setup.profile = host::test::fixture_profile(profile);
    c.host.profile = setup.profile;
    c.host.inventory = setup.inventory;
    c.host.seed = 7;
    c.time_scale = 1000;
    c.listener.address = ListenAddress{"127.0.0.1", 0, false};
    c.listener.io_threads = 2;
    c.listener.idle_timeout = idle_timeout;
    if (tls) {
      EXPECT_EQ(cert.error(), "");
      c.listener.tls = TlsFiles{cert.cert_file(), cert.key_file()};
    }
    auto policy = make_auth_policy(
        AuthSettings{auth, auth == "none" ? "" : *users_file_, "", "localhost", false});
    EXPECT_TRUE(policy.ok()) << policy.status().to_string();
    if (!policy.ok()) return nullptr;
    c.auth = std::move(*policy);
    auto server = Server::start(std::move(c));
    EXPECT_TRUE(server.ok()) << server.status().to_string();
    return server.ok() ? std::move(*server) : nullptr;
  }

  ws::WsmanOptions options(Server& server, ws::AuthMode auth) {
    ws::WsmanOptions o;
    o.target = "wsman+" + server.url();
    o.auth = auth;
    if (auth == ws::AuthMode::kBasic) o.user = "alice";
    if (auth == ws::AuthMode::kNtlm || auth == ws::AuthMode::kNegotiate) o.user = "HVSIM\\alice";
    o.password = std::string(kPassword);
    o.service_host = "localhost";
    o.connect_timeout = std::chrono::milliseconds(5000);
    o.settings.timeout = std::chrono::milliseconds(10'000);
    o.settings.typing = testing::learned_typing(server.host());
    return o;
  }

  std::unique_ptr<ws::WsmanConnection> connect(ws::WsmanOptions o) {
    auto connection = ws::WsmanConnection::open(std::move(o));
    EXPECT_TRUE(connection.ok()) << connection.status().to_string();
    return connection.ok() ? std::move(*connection) : nullptr;
  }

  // Identify, Get, a SELECT and an ASSOCIATORS OF over `wire` answer what the host answers.
  void expect_same_answers(Server& server, wmi::Connection& wire) {
    host::Host& local = server.host();
    auto identity = wire.identify();
    ASSERT_TRUE(identity.ok()) << identity.status().to_string();
    EXPECT_EQ(*identity, local.identify().value());

    auto got = wire.get(host::test::vm_path(kSql01));
    ASSERT_TRUE(got.ok()) << got.status().to_string();
    EXPECT_EQ(*got, wire_form(local.get(host::test::vm_path(kSql01)).value()));

    for (const std::string& wql : std::vector<std::string>{
             "SELECT * FROM Msvm_ComputerSystem", "SELECT * FROM Msvm_VirtualSystemCollection",
             "ASSOCIATORS OF "
             "{Msvm_ComputerSystem.CreationClassName=\"Msvm_ComputerSystem\",Name=\"" +
                 std::string(kSql01) + "\"}",
             "REFERENCES OF "
             "{Msvm_ComputerSystem.CreationClassName=\"Msvm_ComputerSystem\",Name=\"" +
                 std::string(kSql01) + "\"}"}) {
      auto over_wire = wire.query(kV2, wql);
      ASSERT_TRUE(over_wire.ok()) << wql << ": " << over_wire.status().to_string();
      auto in_process = local.query(kV2, wql).value();
      ASSERT_EQ(over_wire->size(), in_process.size()) << wql;
      ASSERT_FALSE(in_process.empty()) << wql;
      for (std::size_t i = 0; i < in_process.size(); ++i) {
        EXPECT_EQ((*over_wire)[i], wire_form(in_process[i])) << wql << " #" << i;
      }
    }
  }

  testing::SelfSignedCert cert;
  std::chrono::milliseconds idle_timeout{30'000};
  static std::string* users_file_;
};
std::string* WsmanClientTest::users_file_ = nullptr;

TEST_F(WsmanClientTest, WithoutAuthenticationTheWireAnswersWhatTheHostAnswers) {
  auto server = start("none");
  ASSERT_TRUE(server);
  auto wire = connect(options(*server, ws::AuthMode::kNone));
  ASSERT_TRUE(wire);
  expect_same_answers(*server, *wire);
}

TEST_F(WsmanClientTest, BasicOverTlsVerifiedWithTheCaFile) {
  auto server = start("basic", /*tls=*/true);
  ASSERT_TRUE(server);
  auto o = options(*server, ws::AuthMode::kBasic);
  o.ca_file = cert.cert_file();
  auto wire = connect(o);
  ASSERT_TRUE(wire);
  expect_same_answers(*server, *wire);

  // Another certificate does not verify the server; neither does the system's store.
  o.ca_file = cert.other_cert_file();
  auto untrusted = connect(o)->identify();
  EXPECT_EQ(untrusted.status().kind(), wmi::StatusKind::kTransport);
  EXPECT_NE(untrusted.status().message().find("certificate"), std::string::npos)
      << untrusted.status().to_string();
  o.ca_file.clear();
  EXPECT_EQ(connect(o)->identify().status().kind(), wmi::StatusKind::kTransport);

  // --insecure skips verification.
  o.insecure = true;
  EXPECT_TRUE(connect(o)->identify().ok());

  // A wrong password is an authentication failure, and is never quoted.
  o.password = "wrong-password";
  auto refused = connect(o)->identify();
  EXPECT_EQ(refused.status().kind(), wmi::StatusKind::kAuth) << refused.status().to_string();
  EXPECT_EQ(refused.status().message().find("wrong-password"), std::string::npos);
}

TEST_F(WsmanClientTest, BasicOverPlainHttpOnlyToLoopback) {
  auto server = start("basic");
  ASSERT_TRUE(server);
  auto wire = connect(options(*server, ws::AuthMode::kBasic));
  ASSERT_TRUE(wire);
  EXPECT_TRUE(wire->identify().ok());
  auto remote = options(*server, ws::AuthMode::kBasic);
  remote.target = "wsman+http://hv01.example.com:" + std::to_string(server->port()) + "/wsman";
  auto refused = ws::WsmanConnection::open(remote);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().kind(), wmi::StatusKind::kInvalidArgument);
}

TEST_F(WsmanClientTest, NtlmOverPlainHttpSealsBothWays) {
  // The negotiate policy refuses plain bodies over http: every request here must be sealed, and
  // the client refuses answers that are not.
  auto server = start("negotiate");
  ASSERT_TRUE(server);
  auto wire = connect(options(*server, ws::AuthMode::kNtlm));
  ASSERT_TRUE(wire);
  expect_same_answers(*server, *wire);

  auto negotiate = connect(options(*server, ws::AuthMode::kNegotiate));
  ASSERT_TRUE(negotiate);
  EXPECT_TRUE(negotiate->identify().ok()) << "negotiate with a password and no ticket is NTLM";

  auto o = options(*server, ws::AuthMode::kNtlm);
  o.password = "wrong-password";
  auto refused = connect(o)->identify();
  EXPECT_EQ(refused.status().kind(), wmi::StatusKind::kAuth) << refused.status().to_string();
  o.password = std::string(kPassword);
  o.user = "HVSIM\\mallory";
  EXPECT_EQ(connect(o)->identify().status().kind(), wmi::StatusKind::kAuth);
}

TEST_F(WsmanClientTest, NtlmInsideTls) {
  auto server = start("negotiate", /*tls=*/true);
  ASSERT_TRUE(server);
  auto o = options(*server, ws::AuthMode::kNtlm);
  o.ca_file = cert.cert_file();
  auto wire = connect(o);
  ASSERT_TRUE(wire);
  expect_same_answers(*server, *wire);
}

TEST_F(WsmanClientTest, AConnectionClosedByTheServerIsAuthenticatedAgain) {
  idle_timeout = std::chrono::milliseconds(200);
  auto server = start("negotiate");
  ASSERT_TRUE(server);
  auto wire = connect(options(*server, ws::AuthMode::kNtlm));
  ASSERT_TRUE(wire);
  ASSERT_TRUE(wire->identify().ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(600));  // the server closes it
  auto again = wire->get(host::test::vm_path(kSql01));
  EXPECT_TRUE(again.ok()) << again.status().to_string();
  // An Invoke on a new connection too: the server refused the sealed request unread (401), so
  // sending it again after the new handshake is not a retry.
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  auto defined =
      host::test::define_collection(*wire, "wire-group", "11111111-2222-4333-8444-555555555555", 1);
  ASSERT_TRUE(defined.ok()) << defined.status().to_string();
}

TEST_F(WsmanClientTest, FaultsReadBackAsTheHostsStatus) {
  auto server = start("none");
  ASSERT_TRUE(server);
  auto wire = connect(options(*server, ws::AuthMode::kNone));
  ASSERT_TRUE(wire);
  host::Host& local = server->host();
  const auto same_kind = [&](const wmi::Status& over_wire, const wmi::Status& in_process) {
    EXPECT_EQ(over_wire.kind(), in_process.kind())
        << over_wire.to_string() << " vs " << in_process.to_string();
    EXPECT_TRUE(over_wire.fault().has_value()) << "the fault detail is kept";
  };
  const auto missing = host::test::vm_path(host::test::kMissingId);
  same_kind(wire->get(missing).status(), local.get(missing).status());
  wmi::ObjectPath no_class = missing;
  no_class.class_name = "Msvm_NoSuchClass";
  same_kind(wire->get(no_class).status(), local.get(no_class).status());
  wmi::ObjectPath one_key = host::test::vm_path(kSql01);
  one_key.keys.pop_back();
  same_kind(wire->get(one_key).status(), local.get(one_key).status());
  EXPECT_EQ(wire->get(one_key).status().fault()->subcode, "w:InvalidSelectors");
  same_kind(wire->query(kV2, "SELECT FROM WHERE").status(),
            local.query(kV2, "SELECT FROM WHERE").status());
  same_kind(wire->invoke(host::test::crp_service(), "NoSuchMethod", {}).status(),
            local.invoke(host::test::crp_service(), "NoSuchMethod", {}).status());
}

TEST_F(WsmanClientTest, AJobIsPolledAtItsOwnResourceUri) {
  // async-jobs delivers CreateReferencePoint through a job; the client polls it over the wire.
  auto server = start("negotiate", false, "async-jobs");
  ASSERT_TRUE(server);
  auto wire = connect(options(*server, ws::AuthMode::kNtlm));
  ASSERT_TRUE(wire);
  auto created =
      host::test::create_reference_point(*wire, host::test::group_path(host::test::kFinance));
  ASSERT_TRUE(created.ok()) << created.status().to_string();
  ASSERT_EQ(created->return_value, 4096u);
  const wmi::ObjectPath* job = host::test::out_reference(*created, "Job");
  ASSERT_NE(job, nullptr);
  auto done =
      wmi::wait_for_job(*wire, *job, wmi::PollPolicy{std::chrono::milliseconds(20), 500, {}});
  ASSERT_TRUE(done.ok()) << done.status().to_string();
  EXPECT_EQ(done->class_name(), job->class_name);
  EXPECT_EQ(*done->find("JobState"), wmi::CimValue(std::uint16_t{7}));
}

}  // namespace
}  // namespace sim::server
