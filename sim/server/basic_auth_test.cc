#include "sim/server/basic_auth.h"

#include <gtest/gtest.h>

#include "sim/server/auth_header.h"

namespace sim::server {
namespace {

std::shared_ptr<const UsersFile> users() {
  auto parsed = UsersFile::parse("HVSIM:alice:S3cret-pw\n:bob:pw-two\n", "<test>");
  if (!parsed.ok()) return nullptr;  // the test fails on the null below
  return std::make_shared<const UsersFile>(std::move(parsed).value());
}

std::string basic(std::string_view login_password) {
  return "Basic " + base64_encode(login_password);
}

void expect_refused(const AuthVerdict& verdict, AuthVerdict::Kind kind) {
  EXPECT_EQ(verdict.kind, kind);
  EXPECT_EQ(verdict.user, "");
  ASSERT_EQ(verdict.www_authenticate.size(), 1u);
  EXPECT_EQ(verdict.www_authenticate[0], "Basic realm=\"WSMAN\"");
  EXPECT_FALSE(verdict.reason.empty());
  EXPECT_EQ(verdict.reason.find("S3cret"), std::string::npos) << verdict.reason;
}

TEST(BasicAuth, AcceptsDomainQualifiedAndBareLogins) {
  auto file = users();
  ASSERT_NE(file, nullptr);
  const BasicAuth auth(file);
  for (const char* login :
       {"HVSIM\\alice:S3cret-pw", "alice:S3cret-pw", "hvsim\\ALICE:S3cret-pw"}) {
    const AuthVerdict verdict = auth.judge(basic(login));
    EXPECT_EQ(verdict.kind, AuthVerdict::Kind::kAccepted) << login;
    EXPECT_EQ(verdict.user, "HVSIM\\alice") << login;
    EXPECT_TRUE(verdict.www_authenticate.empty());
  }
  const AuthVerdict bob = auth.judge(basic("bob:pw-two"));
  EXPECT_EQ(bob.kind, AuthVerdict::Kind::kAccepted);
  EXPECT_EQ(bob.user, "bob");
  // The password is everything after the first ':'.
  EXPECT_EQ(auth.judge(basic("bob:pw-two:")).kind, AuthVerdict::Kind::kRejected);
  EXPECT_EQ(auth.judge("basic   " + base64_encode("alice:S3cret-pw")).kind,
            AuthVerdict::Kind::kAccepted);
}

TEST(BasicAuth, ChallengesARequestWithoutCredentials) {
  const BasicAuth auth(users());
  expect_refused(auth.judge(""), AuthVerdict::Kind::kChallenge);
  expect_refused(auth.judge("  "), AuthVerdict::Kind::kChallenge);
}

TEST(BasicAuth, RejectsWrongCredentialsWithoutSayingThePassword) {
  const BasicAuth auth(users());
  const AuthVerdict wrong = auth.judge(basic("alice:S3cret-pX"));
  expect_refused(wrong, AuthVerdict::Kind::kRejected);
  EXPECT_NE(wrong.reason.find("wrong password for HVSIM\\alice"), std::string::npos);
  expect_refused(auth.judge(basic("alice:")), AuthVerdict::Kind::kRejected);
  expect_refused(auth.judge(basic("alice:S3cret-pw ")), AuthVerdict::Kind::kRejected);
  expect_refused(auth.judge(basic("OTHER\\alice:S3cret-pw")), AuthVerdict::Kind::kRejected);
  expect_refused(auth.judge(basic("HVSIM\\bob:pw")), AuthVerdict::Kind::kRejected);
  // An unknown login is not echoed (it may be a password typed in the wrong field).
  const AuthVerdict unknown = auth.judge(basic("S3cret-pw:x"));
  expect_refused(unknown, AuthVerdict::Kind::kRejected);
  EXPECT_EQ(unknown.reason, "unknown login");
}

TEST(BasicAuth, RejectsMalformedHeaders) {
  const BasicAuth auth(users());
  expect_refused(auth.judge("Basic"), AuthVerdict::Kind::kRejected);
  expect_refused(auth.judge("Basic !!!!"), AuthVerdict::Kind::kRejected);
  expect_refused(auth.judge("Basic " + base64_encode("no-colon")), AuthVerdict::Kind::kRejected);
  expect_refused(auth.judge("Basic " + base64_encode(":S3cret-pw")), AuthVerdict::Kind::kRejected);
  expect_refused(auth.judge("Negotiate TlRMTVNTUAABAAAA"), AuthVerdict::Kind::kRejected);
  expect_refused(auth.judge("Basic " + base64_encode(std::string(5000, 'a') + ":x")),
                 AuthVerdict::Kind::kRejected);
}

TEST(BasicAuth, WithoutUsersEveryLoginIsRejected) {
  const BasicAuth auth(nullptr);
  expect_refused(auth.judge(basic("alice:S3cret-pw")), AuthVerdict::Kind::kRejected);
}

}  // namespace
}  // namespace sim::server
