#include "sim/server/auth_policies.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "sim/server/auth_header.h"
#include "sim/server/message_encryption.h"
#include "sim/server/testing/gss_test_client.h"

namespace sim::server {
namespace {

using testing::GssTestClient;
using Kind = AuthVerdict::Kind;

constexpr std::string_view kSoapType = "application/soap+xml;charset=UTF-8";
constexpr const char* kEnvelope = "<s:Envelope><s:Body/></s:Envelope>";

class AuthPoliciesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    users_path_ = new std::string((std::filesystem::temp_directory_path() /
                                   ("hvsim_policy_users_" + std::to_string(::getpid())))
                                      .string());
    std::ofstream out(*users_path_);
    out << "HVSIM:alice:S3cret-pw\n:bob:pw-bob\n";
  }
  static void TearDownTestSuite() {
    std::filesystem::remove(*users_path_);
    delete users_path_;
  }

  static std::unique_ptr<AuthPolicy> negotiate(bool allow_unencrypted = false) {
    NegotiateOptions options;
    options.users_file = *users_path_;
    options.allow_unencrypted = allow_unencrypted;
    auto policy = negotiate_auth_policy(options);
    EXPECT_TRUE(policy.ok()) << policy.status().to_string();
    return policy.ok() ? std::move(policy).value() : nullptr;
  }

  static GssTestClient::Options ntlm(std::string user, std::string password, bool spnego) {
    GssTestClient::Options options;
    options.user = std::move(user);
    options.password = std::move(password);
    options.spnego = spnego;
    return options;
  }

  // Drives the HTTP Negotiate handshake through authenticate(), as a client on one connection
  // does; the verdict on the last request.
  static AuthVerdict login(ConnectionAuth& auth, GssTestClient& client,
                           std::string_view scheme = "Negotiate") {
    std::string server_token;
    for (int round = 0; round < 5; ++round) {
      auto token = client.step(server_token);
      if (!token.ok()) {
        ADD_FAILURE() << token.status().to_string();
        return {};
      }
      AuthVerdict verdict = auth.authenticate(std::string(scheme) + " " + base64_encode(*token));
      if (verdict.kind != Kind::kChallenge) {
        if (verdict.kind == Kind::kAccepted && !verdict.www_authenticate.empty()) {
          const std::string& final_header = verdict.www_authenticate[0];
          const auto decoded =
              base64_decode(final_header.substr(final_header.find(' ') + 1), 1 << 16);
          EXPECT_TRUE(decoded.has_value());
          EXPECT_TRUE(client.step(*decoded).ok());
        }
        return verdict;
      }
      EXPECT_EQ(verdict.www_authenticate.size(), 1u);
      const std::string& header = verdict.www_authenticate.at(0);
      EXPECT_EQ(header.substr(0, scheme.size() + 1), std::string(scheme) + " ");
      const auto decoded = base64_decode(header.substr(scheme.size() + 1), 1 << 16);
      if (!decoded) {
        ADD_FAILURE() << "challenge token is not Base64";
        return {};
      }
      server_token = *decoded;
    }
    ADD_FAILURE() << "no verdict after 5 rounds";
    return {};
  }

  static std::string* users_path_;
};
std::string* AuthPoliciesTest::users_path_ = nullptr;

WireBody plain(std::string body = kEnvelope) {
  return WireBody{std::string(kSoapType), std::move(body)};
}

// ---- none and basic --------------------------------------------------------------------------

TEST(NoAuthPolicy, AcceptsEveryoneWithPlainBodies) {
  auto policy = no_auth_policy();
  EXPECT_TRUE(policy->schemes().empty());
  auto connection = policy->new_connection(false);
  for (const char* header : {"", "Basic Zm9vOmJhcg==", "Negotiate garbage"}) {
    const AuthVerdict verdict = connection->authenticate(header);
    EXPECT_EQ(verdict.kind, Kind::kAccepted);
    EXPECT_EQ(verdict.user, "");
  }
  auto opened = connection->open(plain());
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(*opened, kEnvelope);
  auto closed = connection->close(plain("<answer/>"));
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(closed->body, "<answer/>");
  auto sealed = connection->open(WireBody{"multipart/encrypted;protocol=x", "--x"});
  ASSERT_FALSE(sealed.ok());
  EXPECT_EQ(sealed.status().kind(), wmi::StatusKind::kProtocol);
}

TEST(BasicAuthPolicy, ChecksEveryRequestAndKeepsBodiesPlain) {
  auto users = UsersFile::parse("HVSIM:alice:S3cret-pw\n", "<test>");
  ASSERT_TRUE(users.ok());
  auto policy = basic_auth_policy(std::make_shared<const UsersFile>(std::move(users).value()));
  ASSERT_TRUE(policy.ok());
  EXPECT_EQ((*policy)->schemes(), std::vector<std::string>{"Basic"});
  auto connection = (*policy)->new_connection(false);
  const AuthVerdict none = connection->authenticate("");
  EXPECT_EQ(none.kind, Kind::kChallenge);
  EXPECT_EQ(none.www_authenticate, std::vector<std::string>{"Basic realm=\"WSMAN\""});
  const AuthVerdict ok = connection->authenticate("Basic " + base64_encode("alice:S3cret-pw"));
  EXPECT_EQ(ok.kind, Kind::kAccepted);
  EXPECT_EQ(ok.user, "HVSIM\\alice");
  // Basic authenticates requests: the next one without the header is challenged again.
  EXPECT_EQ(connection->authenticate("").kind, Kind::kChallenge);
  auto opened = connection->open(plain());  // over http too
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(*opened, kEnvelope);
  EXPECT_FALSE(basic_auth_policy(nullptr).ok());
}

// ---- negotiate -------------------------------------------------------------------------------

TEST_F(AuthPoliciesTest, NegotiateChallengesAndAuthenticatesTheConnection) {
  auto policy = negotiate();
  ASSERT_NE(policy, nullptr);
  EXPECT_EQ(policy->schemes(), std::vector<std::string>{"Negotiate"});
  auto connection = policy->new_connection(false);
  const AuthVerdict first = connection->authenticate("");
  EXPECT_EQ(first.kind, Kind::kChallenge);
  EXPECT_EQ(first.www_authenticate, std::vector<std::string>{"Negotiate"});

  GssTestClient client(ntlm("HVSIM\\alice", "S3cret-pw", false));
  const AuthVerdict verdict = login(*connection, client);
  ASSERT_EQ(verdict.kind, Kind::kAccepted) << verdict.reason;
  EXPECT_EQ(verdict.user, "HVSIM\\alice");
  EXPECT_TRUE(verdict.www_authenticate.empty());  // raw NTLM: no final token

  const AuthVerdict later = connection->authenticate("");
  EXPECT_EQ(later.kind, Kind::kAccepted);
  EXPECT_EQ(later.user, "HVSIM\\alice");
}

TEST_F(AuthPoliciesTest, NegotiateNamesNtlmUsersAsTheUsersFileSpellsThem) {
  auto policy = negotiate();
  ASSERT_NE(policy, nullptr);
  auto connection = policy->new_connection(false);
  GssTestClient client(ntlm("HVSIM\\ALICE", "S3cret-pw", true));
  const AuthVerdict verdict = login(*connection, client);
  ASSERT_EQ(verdict.kind, Kind::kAccepted) << verdict.reason;
  EXPECT_EQ(verdict.user, "HVSIM\\alice");
  ASSERT_EQ(verdict.www_authenticate.size(), 1u);  // SPNEGO's final NegTokenResp on the 200
  EXPECT_EQ(verdict.www_authenticate[0].rfind("Negotiate ", 0), 0u);
  EXPECT_TRUE(client.established());
}

TEST_F(AuthPoliciesTest, NegotiateAnswersUnderTheSchemeNameTheClientUsed) {
  auto policy = negotiate();
  ASSERT_NE(policy, nullptr);
  auto connection = policy->new_connection(false);
  GssTestClient client(ntlm("bob", "pw-bob", false));
  const AuthVerdict verdict = login(*connection, client, "NTLM");
  ASSERT_EQ(verdict.kind, Kind::kAccepted) << verdict.reason;
  EXPECT_EQ(verdict.user, "bob");
}

TEST_F(AuthPoliciesTest, NegotiateRejectsAWrongPasswordWithABare401) {
  auto policy = negotiate();
  ASSERT_NE(policy, nullptr);
  auto connection = policy->new_connection(false);
  GssTestClient client(ntlm("HVSIM\\alice", "wrong-pw", false));
  const AuthVerdict verdict = login(*connection, client);
  EXPECT_EQ(verdict.kind, Kind::kRejected);
  EXPECT_EQ(verdict.www_authenticate, std::vector<std::string>{"Negotiate"});
  EXPECT_FALSE(verdict.reason.empty());
  EXPECT_EQ(verdict.reason.find("wrong-pw"), std::string::npos);
  EXPECT_EQ(connection->authenticate("").kind, Kind::kChallenge);  // nothing established
}

TEST_F(AuthPoliciesTest, NegotiateRejectsMalformedHeaders) {
  auto policy = negotiate();
  ASSERT_NE(policy, nullptr);
  auto connection = policy->new_connection(false);
  for (const char* header : {"Negotiate", "Negotiate !!!",
                             "Basic Zm9vOmJhcg==", "Negotiate Zm9vYmFy", "Kerberos Zm9v"}) {
    const AuthVerdict verdict = connection->authenticate(header);
    EXPECT_EQ(verdict.kind, Kind::kRejected) << header;
    EXPECT_EQ(verdict.www_authenticate, std::vector<std::string>{"Negotiate"}) << header;
  }
}

TEST_F(AuthPoliciesTest, NegotiateOverHttpRequiresSealedBodies) {
  auto policy = negotiate();
  ASSERT_NE(policy, nullptr);
  auto connection = policy->new_connection(false);
  GssTestClient client(ntlm("HVSIM\\alice", "S3cret-pw", false));
  ASSERT_EQ(login(*connection, client).kind, Kind::kAccepted);

  // pywinrm's empty set-up POST passes; a plain envelope does not.
  auto empty = connection->open(plain(""));
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, "");
  auto closed_empty = connection->close(plain(""));
  ASSERT_TRUE(closed_empty.ok());
  EXPECT_EQ(closed_empty->content_type, kSoapType);  // a plain request gets a plain answer

  ASSERT_EQ(connection->authenticate("").kind, Kind::kAccepted);
  auto refused = connection->open(plain());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().kind(), wmi::StatusKind::kAuth);

  // A sealed request: opened, and its answer sealed for the client.
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(connection->authenticate("").kind, Kind::kAccepted);
    auto request = seal_body(kSpnegoEncryptedProtocol, plain(),
                             [&](std::string_view p) { return client.wrap(p); });
    ASSERT_TRUE(request.ok());
    auto opened = connection->open(*request);
    ASSERT_TRUE(opened.ok()) << opened.status().to_string();
    EXPECT_EQ(*opened, kEnvelope);
    auto answer = connection->close(plain("<answer/>"));
    ASSERT_TRUE(answer.ok()) << answer.status().to_string();
    EXPECT_TRUE(is_encrypted_content_type(answer->content_type));
    auto read = open_encrypted_body(
        *answer, [&](std::string_view s, std::string_view d) { return client.unwrap(s, d); });
    ASSERT_TRUE(read.ok()) << read.status().to_string();
    EXPECT_EQ(read->envelope.body, "<answer/>");
    EXPECT_EQ(read->envelope.content_type, kSoapType);
    EXPECT_EQ(read->protocol, kSpnegoEncryptedProtocol);
  }

  // A corrupted sealed body is a protocol error.
  ASSERT_EQ(connection->authenticate("").kind, Kind::kAccepted);
  auto request = seal_body(kSpnegoEncryptedProtocol, plain(),
                           [&](std::string_view p) { return client.wrap(p); });
  ASSERT_TRUE(request.ok());
  request->body[request->body.size() - 30] ^= 1;
  auto bad = connection->open(*request);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().kind(), wmi::StatusKind::kProtocol);
  // ... and the next answer is not sealed.
  auto closed = connection->close(plain("<fault/>"));
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(closed->body, "<fault/>");
}

TEST_F(AuthPoliciesTest, NegotiateOverTlsTakesPlainBodies) {
  auto policy = negotiate();
  ASSERT_NE(policy, nullptr);
  auto connection = policy->new_connection(true);
  GssTestClient client(ntlm("HVSIM\\alice", "S3cret-pw", false));
  ASSERT_EQ(login(*connection, client).kind, Kind::kAccepted);
  auto opened = connection->open(plain());
  ASSERT_TRUE(opened.ok()) << opened.status().to_string();
  EXPECT_EQ(*opened, kEnvelope);
  auto closed = connection->close(plain("<answer/>"));
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(closed->body, "<answer/>");
}

TEST_F(AuthPoliciesTest, NegotiateWithAllowUnencryptedTakesPlainBodiesOverHttp) {
  auto policy = negotiate(/*allow_unencrypted=*/true);
  ASSERT_NE(policy, nullptr);
  auto connection = policy->new_connection(false);
  GssTestClient client(ntlm("HVSIM\\alice", "S3cret-pw", false));
  ASSERT_EQ(login(*connection, client).kind, Kind::kAccepted);
  auto opened = connection->open(plain());
  ASSERT_TRUE(opened.ok()) << opened.status().to_string();
}

TEST_F(AuthPoliciesTest, NegotiateRefusesASealedBodyWithoutAContext) {
  auto policy = negotiate();
  ASSERT_NE(policy, nullptr);
  auto connection = policy->new_connection(false);
  auto opened = connection->open(
      WireBody{"multipart/encrypted;protocol=\"application/HTTP-SPNEGO-session-encrypted\";"
               "boundary=\"Encrypted Boundary\"",
               "--Encrypted Boundary\r\n"});
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().kind(), wmi::StatusKind::kProtocol);
}

TEST_F(AuthPoliciesTest, ANewHandshakeOnTheConnectionStartsOver) {
  auto policy = negotiate();
  ASSERT_NE(policy, nullptr);
  auto connection = policy->new_connection(false);
  GssTestClient alice(ntlm("HVSIM\\alice", "S3cret-pw", false));
  ASSERT_EQ(login(*connection, alice).kind, Kind::kAccepted);
  GssTestClient bob(ntlm("bob", "pw-bob", true));
  const AuthVerdict verdict = login(*connection, bob);
  ASSERT_EQ(verdict.kind, Kind::kAccepted) << verdict.reason;
  EXPECT_EQ(verdict.user, "bob");
  EXPECT_EQ(connection->authenticate("").user, "bob");
}

// ---- make_auth_policy ------------------------------------------------------------------------

TEST_F(AuthPoliciesTest, MakeAuthPolicyChecksTheSettings) {
  const auto make = [](const AuthSettings& settings) { return make_auth_policy(settings); };
  EXPECT_TRUE(make({"none", "", "", "localhost", false}).ok());
  EXPECT_FALSE(make({"none", *users_path_, "", "localhost", false}).ok());
  auto basic = make({"basic", *users_path_, "", "localhost", false});
  ASSERT_TRUE(basic.ok()) << basic.status().to_string();
  EXPECT_EQ((*basic)->schemes(), std::vector<std::string>{"Basic"});
  EXPECT_FALSE(make({"basic", "", "", "localhost", false}).ok());
  EXPECT_FALSE(make({"basic", *users_path_, "/k.keytab", "localhost", false}).ok());
  auto negotiate = make({"Negotiate", *users_path_, "", "localhost", false});
  ASSERT_TRUE(negotiate.ok()) << negotiate.status().to_string();
  EXPECT_FALSE(make({"negotiate", "", "", "localhost", false}).ok());
  EXPECT_FALSE(make({"digest", "", "", "localhost", false}).ok());
  auto missing = make({"basic", "/nonexistent/users", "", "localhost", false});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("/nonexistent/users"), std::string::npos);
}

}  // namespace
}  // namespace sim::server
