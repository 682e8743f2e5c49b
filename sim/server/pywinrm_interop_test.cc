// pywinrm's own NTLM and message-encryption code against the Negotiate policy, without HTTP:
// testing/pywinrm_ntlm_peer.py runs Debian's python3-winrm 0.3.0 Encryption class and the
// ntlm_auth context requests_ntlm uses, and this test carries its header values and bodies to a
// ConnectionAuth and back over pipes. It checks what a unit test of either side alone cannot: that
// ntlm_auth and gss-ntlmssp agree on NTLMv2, the MIC, key exchange, sealing and sequence numbers,
// and that the multipart/encrypted framing matches byte for byte in both directions.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sim/server/auth_header.h"
#include "sim/server/auth_policies.h"
#include "sim/server/message_encryption.h"

namespace sim::server {
namespace {

constexpr const char* kPython = "/usr/bin/python3";

// A child process with its stdin and stdout on pipes; stderr is inherited (the peer's complaints
// show in the test log).
class Peer {
 public:
  Peer(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env) {
    int to_child[2];
    int from_child[2];
    if (::pipe(to_child) != 0 || ::pipe(from_child) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(to_child[0], 0);
      ::dup2(from_child[1], 1);
      ::close(to_child[0]);
      ::close(to_child[1]);
      ::close(from_child[0]);
      ::close(from_child[1]);
      for (const auto& assignment : extra_env) ::putenv(const_cast<char*>(assignment.c_str()));
      std::vector<char*> args;
      args.reserve(argv.size() + 1);
      for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      ::execv(args[0], args.data());
      ::_exit(127);
    }
    ::close(to_child[0]);
    ::close(from_child[1]);
    in_ = ::fdopen(to_child[1], "w");
    out_ = ::fdopen(from_child[0], "r");
  }
  Peer(const Peer&) = delete;
  Peer& operator=(const Peer&) = delete;
  ~Peer() {
    if (in_) std::fclose(in_);
    if (out_) std::fclose(out_);
    if (pid_ > 0 && !waited_) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
  }

  bool started() const { return pid_ > 0 && in_ && out_; }

  // The next line's words; empty at end of file.
  std::vector<std::string> receive() {
    std::string line;
    int c;
    while ((c = std::fgetc(out_)) != EOF && c != '\n') line += static_cast<char>(c);
    std::istringstream words(line);
    std::vector<std::string> out;
    for (std::string w; words >> w;) out.push_back(w);
    return out;
  }

  void send(const std::string& line) {
    std::fputs((line + "\n").c_str(), in_);
    std::fflush(in_);
  }

  int wait() {
    std::fclose(in_);
    in_ = nullptr;
    int status = 0;
    ::waitpid(pid_, &status, 0);
    waited_ = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

 private:
  pid_t pid_ = -1;
  FILE* in_ = nullptr;
  FILE* out_ = nullptr;
  bool waited_ = false;
};

std::string unb64(const std::string& text) {
  auto decoded = base64_decode(text, 1 << 24);
  EXPECT_TRUE(decoded.has_value()) << "peer sent bad Base64";
  return decoded.value_or("");
}

class PywinrmInteropTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::access(kPython, X_OK) != 0) GTEST_SKIP() << kPython << " is not installed";
    dir_ = std::filesystem::temp_directory_path() /
           ("hvsim_pywinrm_interop_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ / "users") << "HVSIM:alice:S3cret-pw\n:bob:pw-bob\n";
    // MD4 for ntlm_auth (OpenSSL 3 keeps it in the legacy provider); the peer's process only.
    std::ofstream(dir_ / "openssl.cnf") << "openssl_conf = openssl_init\n"
                                           "[openssl_init]\nproviders = provider_sect\n"
                                           "[provider_sect]\ndefault = default_sect\n"
                                           "legacy = legacy_sect\n"
                                           "[default_sect]\nactivate = 1\n"
                                           "[legacy_sect]\nactivate = 1\n";
  }
  void TearDown() override {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  // Runs the peer as `login` against a fresh Negotiate connection over http; the plain answers it
  // read back for `messages`.
  void run(const std::string& login, const std::string& password, const std::string& expected_user,
           const std::vector<std::string>& messages) {
    NegotiateOptions options;
    options.users_file = (dir_ / "users").string();
    auto policy = negotiate_auth_policy(options);
    ASSERT_TRUE(policy.ok()) << policy.status().to_string();
    auto connection = (*policy)->new_connection(/*over_tls=*/false);

    std::vector<std::string> argv{
        kPython, std::string(HVSIM_SERVER_AUTH_TESTING_DIR) + "/pywinrm_ntlm_peer.py", login,
        password};
    argv.insert(argv.end(), messages.begin(), messages.end());
    Peer peer(argv, {"OPENSSL_CONF=" + (dir_ / "openssl.cnf").string()});
    ASSERT_TRUE(peer.started());

    // NEGOTIATE -> 401 with the CHALLENGE.
    auto words = peer.receive();
    ASSERT_EQ(words.size(), 2u) << "peer did not start (is python3-winrm installed?)";
    ASSERT_EQ(words[0], "AUTH");
    AuthVerdict verdict = connection->authenticate(unb64(words[1]));
    ASSERT_EQ(verdict.kind, AuthVerdict::Kind::kChallenge) << verdict.reason;
    ASSERT_EQ(verdict.www_authenticate.size(), 1u);
    peer.send("CHALLENGE " + base64_encode(verdict.www_authenticate[0]));

    // AUTHENTICATE -> accepted. pywinrm posts an empty body with it to set up encryption.
    words = peer.receive();
    ASSERT_EQ(words.size(), 2u);
    ASSERT_EQ(words[0], "AUTH");
    verdict = connection->authenticate(unb64(words[1]));
    ASSERT_EQ(verdict.kind, AuthVerdict::Kind::kAccepted) << verdict.reason;
    EXPECT_EQ(verdict.user, expected_user);
    auto empty = connection->open(WireBody{"application/soap+xml;charset=UTF-8", ""});
    ASSERT_TRUE(empty.ok()) << empty.status().to_string();

    for (const auto& message : messages) {
      words = peer.receive();
      ASSERT_EQ(words.size(), 3u);
      ASSERT_EQ(words[0], "REQUEST");
      ASSERT_EQ(connection->authenticate("").kind, AuthVerdict::Kind::kAccepted);
      const WireBody request{unb64(words[1]), unb64(words[2])};
      EXPECT_EQ(request.content_type,
                "multipart/encrypted;protocol=\"application/HTTP-SPNEGO-session-encrypted\";"
                "boundary=\"Encrypted Boundary\"");
      auto opened = connection->open(request);
      ASSERT_TRUE(opened.ok()) << opened.status().to_string();
      EXPECT_EQ(*opened, message);

      const std::string answer = "<s:Envelope>answer to " + message + "</s:Envelope>";
      auto sealed = connection->close(WireBody{"application/soap+xml;charset=UTF-8", answer});
      ASSERT_TRUE(sealed.ok()) << sealed.status().to_string();
      peer.send("RESPONSE " + base64_encode(sealed->content_type) + " " +
                base64_encode(sealed->body));
      words = peer.receive();
      ASSERT_EQ(words.size(), 2u) << "the peer could not read the sealed answer";
      ASSERT_EQ(words[0], "PLAIN");
      EXPECT_EQ(unb64(words[1]), answer);
    }
    words = peer.receive();
    ASSERT_EQ(words, std::vector<std::string>{"DONE"});
    EXPECT_EQ(peer.wait(), 0);
  }

  std::filesystem::path dir_;
};

TEST_F(PywinrmInteropTest, NtlmWithMessageEncryptionBothWays) {
  run("HVSIM\\alice", "S3cret-pw", "HVSIM\\alice",
      {"<s:Envelope>first</s:Envelope>", std::string(40000, 'x'),
       "<s:Envelope>third</s:Envelope>"});
}

TEST_F(PywinrmInteropTest, ALoginWithoutDomain) {
  run("bob", "pw-bob", "bob", {"<s:Envelope>bob</s:Envelope>"});
}

TEST_F(PywinrmInteropTest, AWrongPasswordIsABare401) {
  NegotiateOptions options;
  options.users_file = (dir_ / "users").string();
  auto policy = negotiate_auth_policy(options);
  ASSERT_TRUE(policy.ok()) << policy.status().to_string();
  auto connection = (*policy)->new_connection(/*over_tls=*/false);
  Peer peer({kPython, std::string(HVSIM_SERVER_AUTH_TESTING_DIR) + "/pywinrm_ntlm_peer.py",
             "HVSIM\\alice", "not-the-pw"},
            {"OPENSSL_CONF=" + (dir_ / "openssl.cnf").string()});
  ASSERT_TRUE(peer.started());
  auto words = peer.receive();
  ASSERT_EQ(words.size(), 2u) << "peer did not start (is python3-winrm installed?)";
  AuthVerdict verdict = connection->authenticate(unb64(words[1]));
  ASSERT_EQ(verdict.kind, AuthVerdict::Kind::kChallenge) << verdict.reason;
  peer.send("CHALLENGE " + base64_encode(verdict.www_authenticate.at(0)));
  words = peer.receive();
  ASSERT_EQ(words.size(), 2u);
  verdict = connection->authenticate(unb64(words[1]));
  EXPECT_EQ(verdict.kind, AuthVerdict::Kind::kRejected);
  EXPECT_EQ(verdict.www_authenticate, std::vector<std::string>{"Negotiate"});
  EXPECT_EQ(verdict.reason.find("not-the-pw"), std::string::npos) << verdict.reason;
}

TEST_F(PywinrmInteropTest, ALowerCaseDomainWorksBecausePywinrmUpperCasesIt) {
  run("hvsim\\alice", "S3cret-pw", "HVSIM\\alice", {"<e/>"});
}

}  // namespace
}  // namespace sim::server
