// Kerberos through the acceptor, against the throwaway KDC: run by ctest inside
// testing/throwaway_kdc.sh, which exports KRB5_CONFIG, a kinit'd KRB5CCNAME and
// HVSIM_KDC_KEYTAB (HTTP/localhost@HVSIM.TEST). Without that environment every test fails, on
// purpose: this binary is only ever run by that ctest.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "sim/server/auth_header.h"
#include "sim/server/auth_policies.h"
#include "sim/server/gss_acceptor.h"
#include "sim/server/message_encryption.h"
#include "sim/server/testing/gss_test_client.h"

namespace sim::server {
namespace {

using testing::GssTestClient;
using Kind = GssAcceptor::Step::Kind;

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

class KerberosTest : public ::testing::Test {
 protected:
  void SetUp() override {
    keytab_ = env("HVSIM_KDC_KEYTAB");
    user_ = env("HVSIM_KDC_USER");
    ASSERT_FALSE(keytab_.empty()) << "run me through sim/server/testing/throwaway_kdc.sh run";
    ASSERT_FALSE(env("KRB5CCNAME").empty());
  }

  std::shared_ptr<const GssCredential> credential(bool with_ntlm = false) {
    GssAcceptorOptions options;
    options.keytab = keytab_;
    if (with_ntlm) options.users_file = users_file();
    auto acquired = GssCredential::acquire(options);
    EXPECT_TRUE(acquired.ok()) << acquired.status().to_string();
    return acquired.ok() ? *acquired : nullptr;
  }

  std::string users_file() {
    const std::string path = env("HVSIM_KDC_DIR") + "/users";
    std::ofstream(path) << "HVSIM:alice:S3cret-pw\n";
    return path;
  }

  static GssTestClient::Options kerberos(bool spnego) {
    GssTestClient::Options options;
    options.mechanism = GssTestClient::Mechanism::kKerberos;
    options.spnego = spnego;
    return options;
  }

  std::string keytab_;
  std::string user_;
};

TEST_F(KerberosTest, CredentialOffersKerberos) {
  auto cred = credential();
  ASSERT_NE(cred, nullptr);
  EXPECT_TRUE(cred->offers_kerberos());
  EXPECT_FALSE(cred->offers_ntlm());
  auto both = credential(/*with_ntlm=*/true);
  ASSERT_NE(both, nullptr);
  EXPECT_TRUE(both->offers_kerberos());
  EXPECT_TRUE(both->offers_ntlm());
}

TEST_F(KerberosTest, AcceptsRawAndSpnegoKerberosWithAFinalToken) {
  for (bool spnego : {false, true}) {
    for (bool with_ntlm : {false, true}) {
      GssAcceptor acceptor(credential(with_ntlm));
      GssTestClient client(kerberos(spnego));
      auto token = client.step("");
      ASSERT_TRUE(token.ok()) << token.status().to_string();
      EXPECT_TRUE(is_initial_token(*token));
      const auto step = acceptor.accept(*token);
      ASSERT_EQ(step.kind, Kind::kComplete) << step.error;
      EXPECT_FALSE(step.output_token.empty());  // the AP-REP: mutual authentication
      EXPECT_EQ(acceptor.peer_name(), user_);
      EXPECT_EQ(acceptor.mechanism(), GssMechanism::kKerberos);
      auto last = client.step(step.output_token);
      ASSERT_TRUE(last.ok()) << last.status().to_string();
      EXPECT_TRUE(client.established());
    }
  }
}

TEST_F(KerberosTest, SealsAndUnsealsBothWays) {
  GssAcceptor acceptor(credential());
  GssTestClient client(kerberos(true));
  auto token = client.step("");
  ASSERT_TRUE(token.ok());
  const auto step = acceptor.accept(*token);
  ASSERT_EQ(step.kind, Kind::kComplete) << step.error;
  ASSERT_TRUE(client.step(step.output_token).ok());
  ASSERT_TRUE(acceptor.can_seal());
  for (int i = 0; i < 3; ++i) {
    const std::string request = "<s:Envelope>kerberos " + std::to_string(i) + "</s:Envelope>";
    auto sealed = client.wrap(request);
    ASSERT_TRUE(sealed.ok()) << sealed.status().to_string();
    EXPECT_EQ(sealed->sealed.size(), request.size());  // AES: no padding
    auto opened = acceptor.unwrap(sealed->signature, sealed->sealed);
    ASSERT_TRUE(opened.ok()) << opened.status().to_string();
    EXPECT_EQ(*opened, request);
    auto wrapped = acceptor.wrap("<answer/>");
    ASSERT_TRUE(wrapped.ok()) << wrapped.status().to_string();
    auto unwrapped = client.unwrap(wrapped->signature, wrapped->sealed);
    ASSERT_TRUE(unwrapped.ok()) << unwrapped.status().to_string();
    EXPECT_EQ(*unwrapped, "<answer/>");
  }
}

TEST_F(KerberosTest, PolicyAcceptsKerberosAndSealsOverHttp) {
  NegotiateOptions options;
  options.keytab = keytab_;
  auto policy = negotiate_auth_policy(options);
  ASSERT_TRUE(policy.ok()) << policy.status().to_string();
  auto connection = (*policy)->new_connection(false);
  GssTestClient client(kerberos(true));
  auto token = client.step("");
  ASSERT_TRUE(token.ok());
  const AuthVerdict verdict = connection->authenticate("Negotiate " + base64_encode(*token));
  ASSERT_EQ(verdict.kind, AuthVerdict::Kind::kAccepted) << verdict.reason;
  EXPECT_EQ(verdict.user, user_);
  ASSERT_EQ(verdict.www_authenticate.size(), 1u);  // pywinrm's Kerberos transport needs it
  const std::string& final_header = verdict.www_authenticate[0];
  ASSERT_EQ(final_header.rfind("Negotiate ", 0), 0u);
  auto final_token = base64_decode(final_header.substr(10), 1 << 16);
  ASSERT_TRUE(final_token.has_value());
  ASSERT_TRUE(client.step(*final_token).ok());

  // The "Kerberos" protocol string is answered in kind.
  auto request = seal_body(kKerberosEncryptedProtocol,
                           WireBody{"application/soap+xml;charset=UTF-8", "<s:Envelope/>"},
                           [&](std::string_view p) { return client.wrap(p); });
  ASSERT_TRUE(request.ok());
  auto opened = connection->open(*request);
  ASSERT_TRUE(opened.ok()) << opened.status().to_string();
  EXPECT_EQ(*opened, "<s:Envelope/>");
  auto answer = connection->close(WireBody{"application/soap+xml;charset=UTF-8", "<a/>"});
  ASSERT_TRUE(answer.ok());
  auto read = open_encrypted_body(
      *answer, [&](std::string_view s, std::string_view d) { return client.unwrap(s, d); });
  ASSERT_TRUE(read.ok()) << read.status().to_string();
  EXPECT_EQ(read->protocol, kKerberosEncryptedProtocol);
  EXPECT_EQ(read->envelope.body, "<a/>");
}

TEST_F(KerberosTest, AKeytabWithoutTheServiceKeyIsNamed) {
  GssAcceptorOptions options;
  options.keytab = keytab_;
  options.service_host = "otherhost";
  auto acquired = GssCredential::acquire(options);
  ASSERT_FALSE(acquired.ok());
  EXPECT_NE(acquired.status().message().find("HTTP/otherhost"), std::string::npos)
      << acquired.status().message();
}

}  // namespace
}  // namespace sim::server
