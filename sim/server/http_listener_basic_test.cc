// The HTTP listener with the real Basic policy (auth_policies.h): the 401 a WinRM host sends, the
// user handed to the SOAP layer, the exposure rule for Basic, and no password in the log.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/server/auth_policies.h"
#include "sim/server/http_listener.h"
#include "sim/server/testing/listener_fixture.h"
#include "sim/server/testing/raw_http_client.h"
#include "sim/server/users_file.h"

namespace sim::server {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::post_request;
using testing::RawClient;
using testing::Recorder;
using testing::test_options;

std::shared_ptr<AuthPolicy> basic_policy() {
  auto users = UsersFile::parse("HVSIM:alice:S3cret!pass\n", "<test>");
  EXPECT_TRUE(users.ok()) << users.status().to_string();
  auto policy = basic_auth_policy(std::make_shared<const UsersFile>(std::move(users).value()));
  EXPECT_TRUE(policy.ok()) << policy.status().to_string();
  return std::shared_ptr<AuthPolicy>(std::move(policy).value());
}

// base64("alice:S3cret!pass") and base64("alice:wrong-pass")
constexpr const char* kGood = "Authorization: Basic YWxpY2U6UzNjcmV0IXBhc3M=\r\n";
constexpr const char* kBad = "Authorization: Basic YWxpY2U6d3JvbmctcGFzcw==\r\n";

TEST(HttpListenerBasic, ServesTheUserBehindAGoodPasswordAndChallengesTheRest) {
  Recorder recorder;
  testing::LogSink sink;
  auto options = test_options();
  options.log = sink.log();
  auto listener = testing::must_start(options, basic_policy(), recorder.handler());
  ASSERT_TRUE(listener);
  RawClient client(listener->port());

  ASSERT_TRUE(client.send(post_request("<a/>")));
  auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 401);
  EXPECT_THAT(response->all("WWW-Authenticate"), ElementsAre("Basic realm=\"WSMAN\""));
  EXPECT_EQ(response->body, "");

  ASSERT_TRUE(client.send(post_request("<a/>", kBad)));
  response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 401);

  ASSERT_TRUE(client.send(post_request("<a/>", kGood)));
  response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "echo:<a/>");
  EXPECT_EQ(response->count("WWW-Authenticate"), 0u);

  // Basic authenticates requests, not connections.
  ASSERT_TRUE(client.send(post_request("<b/>")));
  response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 401);

  auto seen = recorder.seen();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].user, "HVSIM\\alice");

  listener->stop();
  const auto lines = sink.lines();
  EXPECT_FALSE(lines.empty());  // the wrong password is logged, without it
  for (const auto& line : lines) {
    EXPECT_THAT(line, Not(HasSubstr("S3cret")));
    EXPECT_THAT(line, Not(HasSubstr("wrong-pass")));
    EXPECT_THAT(line, Not(HasSubstr("YWxpY2")));
  }
}

TEST(HttpListenerBasic, BasicOverPlainHttpIsRefusedOffLoopback) {
  auto options = test_options();
  options.address = ListenAddress{"0.0.0.0", 0, false};
  auto started =
      HttpListener::start(options, basic_policy(), Recorder().handler(), testing::oversize_answer);
  ASSERT_FALSE(started.ok());
  EXPECT_THAT(started.status().message(),
              HasSubstr("refusing to listen on 0.0.0.0:0 with --auth basic over plain http"));
}

}  // namespace
}  // namespace sim::server
