// NTLM through gss-ntlmssp, in-process: a GSS-API initiator (testing/gss_test_client.h) against
// the acceptor, raw and inside SPNEGO. Kerberos is in gss_kerberos_test.cc (it needs a KDC).
#include "sim/server/gss_acceptor.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "sim/server/testing/gss_test_client.h"

namespace sim::server {
namespace {

using testing::GssTestClient;
using Kind = GssAcceptor::Step::Kind;

constexpr const char* kPassword = "S3cret-pw!";

class GssAcceptorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // The users come from the credential store, never from the environment.
    ASSERT_EQ(std::getenv("NTLM_USER_FILE"), nullptr);
    users_path_ = new std::filesystem::path(std::filesystem::temp_directory_path() /
                                            ("hvsim_gss_users_" + std::to_string(::getpid())));
    std::ofstream out(*users_path_);
    out << "# test users\nHVSIM:alice:" << kPassword << "\n:bob:pw-bob\n";
  }
  static void TearDownTestSuite() {
    std::filesystem::remove(*users_path_);
    delete users_path_;
  }

  static std::shared_ptr<const GssCredential> credential() {
    GssAcceptorOptions options;
    options.users_file = users_path_->string();
    auto acquired = GssCredential::acquire(options);
    EXPECT_TRUE(acquired.ok()) << acquired.status().to_string();
    return acquired.ok() ? *acquired : nullptr;
  }

  static GssTestClient::Options ntlm(std::string user, std::string password, bool spnego) {
    GssTestClient::Options options;
    options.mechanism = GssTestClient::Mechanism::kNtlm;
    options.user = std::move(user);
    options.password = std::move(password);
    options.spnego = spnego;
    return options;
  }

  // Runs the handshake to its end; the acceptor's last step.
  static GssAcceptor::Step handshake(GssTestClient& client, GssAcceptor& acceptor) {
    std::string server_token;
    for (int round = 0; round < 5; ++round) {
      auto token = client.step(server_token);
      if (!token.ok()) {
        ADD_FAILURE() << token.status().to_string();
        return {};
      }
      auto step = acceptor.accept(*token);
      if (step.kind != Kind::kContinue) {
        if (step.kind == Kind::kComplete && !step.output_token.empty()) {
          auto last = client.step(step.output_token);
          EXPECT_TRUE(last.ok()) << last.status().to_string();
          EXPECT_TRUE(client.established());
        }
        return step;
      }
      server_token = step.output_token;
    }
    ADD_FAILURE() << "handshake did not finish";
    return {};
  }

  static std::filesystem::path* users_path_;
};
std::filesystem::path* GssAcceptorTest::users_path_ = nullptr;

TEST_F(GssAcceptorTest, CredentialOffersNtlmOnly) {
  auto cred = credential();
  ASSERT_NE(cred, nullptr);
  EXPECT_TRUE(cred->offers_ntlm());
  EXPECT_FALSE(cred->offers_kerberos());
}

TEST_F(GssAcceptorTest, RawNtlmHandshakeAuthenticates) {
  GssAcceptor acceptor(credential());
  GssTestClient client(ntlm("HVSIM\\alice", kPassword, false));
  auto negotiate = client.step("");
  ASSERT_TRUE(negotiate.ok()) << negotiate.status().to_string();
  EXPECT_TRUE(is_initial_token(*negotiate));
  auto challenge = acceptor.accept(*negotiate);
  ASSERT_EQ(challenge.kind, Kind::kContinue) << challenge.error;
  EXPECT_EQ(challenge.output_token.substr(0, 8), std::string("NTLMSSP\0", 8));
  EXPECT_FALSE(acceptor.established());
  auto authenticate = client.step(challenge.output_token);
  ASSERT_TRUE(authenticate.ok()) << authenticate.status().to_string();
  EXPECT_FALSE(is_initial_token(*authenticate));
  auto done = acceptor.accept(*authenticate);
  ASSERT_EQ(done.kind, Kind::kComplete) << done.error;
  EXPECT_TRUE(done.output_token.empty());  // raw NTLM has no third server message
  EXPECT_TRUE(acceptor.established());
  EXPECT_EQ(acceptor.peer_name(), "HVSIM\\alice");
  EXPECT_EQ(acceptor.mechanism(), GssMechanism::kNtlm);
  EXPECT_TRUE(acceptor.can_seal());
}

TEST_F(GssAcceptorTest, SpnegoNtlmHandshakeReturnsAFinalToken) {
  GssAcceptor acceptor(credential());
  GssTestClient client(ntlm("HVSIM\\alice", kPassword, true));
  auto first = client.step("");
  ASSERT_TRUE(first.ok()) << first.status().to_string();
  EXPECT_EQ(static_cast<unsigned char>((*first)[0]), 0x60);  // NegTokenInit
  EXPECT_TRUE(is_initial_token(*first));
  auto challenge = acceptor.accept(*first);
  ASSERT_EQ(challenge.kind, Kind::kContinue) << challenge.error;
  EXPECT_EQ(static_cast<unsigned char>(challenge.output_token[0]), 0xa1);  // NegTokenResp
  auto authenticate = client.step(challenge.output_token);
  ASSERT_TRUE(authenticate.ok()) << authenticate.status().to_string();
  EXPECT_FALSE(is_initial_token(*authenticate));
  auto done = acceptor.accept(*authenticate);
  ASSERT_EQ(done.kind, Kind::kComplete) << done.error;
  EXPECT_FALSE(done.output_token.empty());  // NegTokenResp accept-completed with its mechListMIC
  auto last = client.step(done.output_token);
  ASSERT_TRUE(last.ok()) << last.status().to_string();
  EXPECT_TRUE(client.established());
  EXPECT_EQ(acceptor.peer_name(), "HVSIM\\alice");
  EXPECT_EQ(acceptor.mechanism(), GssMechanism::kNtlm);
}

TEST_F(GssAcceptorTest, ABareLoginMatchesAnyDomainAndAnEmptyOne) {
  for (const char* user : {"alice", "bob"}) {
    GssAcceptor acceptor(credential());
    GssTestClient client(ntlm(user, user == std::string("bob") ? "pw-bob" : kPassword, false));
    const auto done = handshake(client, acceptor);
    ASSERT_EQ(done.kind, Kind::kComplete) << user << ": " << done.error;
    EXPECT_EQ(acceptor.peer_name(), user);
  }
}

TEST_F(GssAcceptorTest, WrongPasswordAndUnknownUsersFail) {
  struct Case {
    const char* user;
    const char* password;
  };
  for (const Case c : {Case{"HVSIM\\alice", "S3cret-pw?"}, Case{"HVSIM\\mallory", kPassword},
                       Case{"OTHER\\alice", kPassword}, Case{"HVSIM\\bob", "pw-bob"}}) {
    for (bool spnego : {false, true}) {
      GssAcceptor acceptor(credential());
      GssTestClient client(ntlm(c.user, c.password, spnego));
      const auto done = handshake(client, acceptor);
      EXPECT_EQ(done.kind, Kind::kFailed) << c.user << (spnego ? " spnego" : " raw");
      EXPECT_FALSE(done.error.empty());
      EXPECT_EQ(done.error.find("S3cret"), std::string::npos) << done.error;
      EXPECT_FALSE(acceptor.established());
    }
  }
}

TEST_F(GssAcceptorTest, SealsAndUnsealsBothWaysInSequence) {
  for (bool spnego : {false, true}) {
    GssAcceptor acceptor(credential());
    GssTestClient client(ntlm("HVSIM\\alice", kPassword, spnego));
    ASSERT_EQ(handshake(client, acceptor).kind, Kind::kComplete);
    for (int i = 0; i < 5; ++i) {
      const std::string request = "<s:Envelope>request " + std::to_string(i) + "</s:Envelope>";
      auto sealed = client.wrap(request);
      ASSERT_TRUE(sealed.ok()) << sealed.status().to_string();
      EXPECT_EQ(sealed->signature.size(), 16u);
      EXPECT_EQ(sealed->sealed.size(), request.size());
      EXPECT_NE(sealed->sealed, request);
      auto opened = acceptor.unwrap(sealed->signature, sealed->sealed);
      ASSERT_TRUE(opened.ok()) << opened.status().to_string();
      EXPECT_EQ(*opened, request);

      const std::string answer = "<s:Envelope>answer " + std::to_string(i) + "</s:Envelope>";
      auto wrapped = acceptor.wrap(answer);
      ASSERT_TRUE(wrapped.ok()) << wrapped.status().to_string();
      EXPECT_EQ(wrapped->signature.size(), 16u);
      EXPECT_EQ(wrapped->sealed.size(), answer.size());
      auto unwrapped = client.unwrap(wrapped->signature, wrapped->sealed);
      ASSERT_TRUE(unwrapped.ok()) << unwrapped.status().to_string();
      EXPECT_EQ(*unwrapped, answer);
    }
  }
}

TEST_F(GssAcceptorTest, RefusesATamperedOrReplayedMessage) {
  GssAcceptor acceptor(credential());
  GssTestClient client(ntlm("HVSIM\\alice", kPassword, false));
  ASSERT_EQ(handshake(client, acceptor).kind, Kind::kComplete);
  auto sealed = client.wrap("<s:Envelope/>");
  ASSERT_TRUE(sealed.ok());
  std::string tampered = sealed->sealed;
  tampered[3] = static_cast<char>(tampered[3] ^ 1);
  auto opened = acceptor.unwrap(sealed->signature, tampered);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().kind(), wmi::StatusKind::kProtocol);
  EXPECT_NE(opened.status().message().find("cannot unseal"), std::string::npos);
}

TEST_F(GssAcceptorTest, ANewHandshakeReplacesAnEstablishedContext) {
  GssAcceptor acceptor(credential());
  GssTestClient alice(ntlm("HVSIM\\alice", kPassword, false));
  ASSERT_EQ(handshake(alice, acceptor).kind, Kind::kComplete);
  GssTestClient bob(ntlm("bob", "pw-bob", false));
  ASSERT_EQ(handshake(bob, acceptor).kind, Kind::kComplete);
  EXPECT_EQ(acceptor.peer_name(), "bob");
}

TEST_F(GssAcceptorTest, NothingSealsBeforeTheHandshakeEnds) {
  GssAcceptor acceptor(credential());
  EXPECT_FALSE(acceptor.wrap("x").ok());
  EXPECT_FALSE(acceptor.unwrap(std::string(16, 'x'), "x").ok());
  GssTestClient client(ntlm("HVSIM\\alice", kPassword, false));
  auto negotiate = client.step("");
  ASSERT_TRUE(negotiate.ok());
  ASSERT_EQ(acceptor.accept(*negotiate).kind, Kind::kContinue);
  EXPECT_FALSE(acceptor.wrap("x").ok());
}

TEST_F(GssAcceptorTest, GarbageTokensFail) {
  for (const std::string& token : {std::string("garbage"), std::string("NTLMSSP\0\x03\0\0\0", 12),
                                   std::string("\x60\x03\x06\x01\x00", 5),
                                   std::string("\xa1\x00", 2), std::string(300, '\xff')}) {
    GssAcceptor acceptor(credential());
    const auto step = acceptor.accept(token);
    EXPECT_EQ(step.kind, Kind::kFailed);
    EXPECT_FALSE(step.error.empty());
  }
}

TEST_F(GssAcceptorTest, ConnectionsShareOneCredentialAcrossThreads) {
  const auto cred = credential();
  std::vector<std::thread> threads;
  threads.reserve(8);
  std::vector<int> completed(8, 0);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i) {
        GssAcceptor acceptor(cred);
        GssTestClient client(ntlm("HVSIM\\alice", kPassword, (t + i) % 2 == 0));
        if (handshake(client, acceptor).kind == Kind::kComplete) ++completed[t];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int count : completed) EXPECT_EQ(count, 5);
}

TEST(GssAcceptorTokens, TellsInitialTokensFromContinuations) {
  EXPECT_TRUE(is_initial_token(std::string("\x60\x28\x06\x06", 4)));
  EXPECT_TRUE(is_initial_token(std::string("NTLMSSP\0\x01\0\0\0rest", 16)));
  EXPECT_FALSE(is_initial_token(std::string("NTLMSSP\0\x03\0\0\0rest", 16)));
  EXPECT_FALSE(is_initial_token(std::string("NTLMSSP\0\x01", 9)));
  EXPECT_FALSE(is_initial_token(std::string("\xa1\x81", 2)));
  EXPECT_FALSE(is_initial_token(""));
}

TEST(GssCredentialAcquire, NamesWhatIsMissingOrWrong) {
  auto none = GssCredential::acquire({});
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message().find("users file"), std::string::npos);

  GssAcceptorOptions bad_host;
  bad_host.users_file = "/nonexistent";
  bad_host.service_host = "a@b";
  ASSERT_FALSE(GssCredential::acquire(bad_host).ok());

  GssAcceptorOptions no_keytab;
  no_keytab.keytab = "/nonexistent/hvsim.keytab";
  auto missing = GssCredential::acquire(no_keytab);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().kind(), wmi::StatusKind::kInvalidArgument);
  EXPECT_NE(missing.status().message().find("/nonexistent/hvsim.keytab"), std::string::npos)
      << missing.status().message();
}

}  // namespace
}  // namespace sim::server
