// The HTTP listener's side of authentication: bare 401 challenges on a connection kept for the
// handshake, the final token on the 200, one ConnectionAuth per connection, WSMANIDENTIFY,
// bodies opened and closed (message encryption), and no secret in any log line.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "sim/server/http_listener.h"
#include "sim/server/testing/listener_fixture.h"
#include "sim/server/testing/listener_test_policies.h"
#include "sim/server/testing/raw_http_client.h"

namespace sim::server {
namespace {

using namespace std::chrono_literals;
using ::testing::ElementsAre;
using testing::HandshakePolicy;
using ::testing::HasSubstr;
using testing::must_start;
using ::testing::Not;
using testing::post_request;
using testing::RawClient;
using testing::Recorder;
using testing::test_options;

TEST(HttpListenerAuth, ChallengeHandshakeThenServedWithTheFinalToken) {
  Recorder recorder;
  auto policy = std::make_shared<HandshakePolicy>();
  auto listener = must_start(test_options(), policy, recorder.handler());
  ASSERT_TRUE(listener);
  RawClient client(listener->port());

  // No credentials: a bare 401 with each challenge in its own header; the connection stays.
  ASSERT_TRUE(client.send(post_request("<a/>")));
  auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 401);
  EXPECT_THAT(response->all("WWW-Authenticate"), ElementsAre("Test", "Basic realm=\"WSMAN\""));
  EXPECT_EQ(response->body, "");
  EXPECT_EQ(response->header("Content-Length"), "0");
  EXPECT_EQ(response->header("Content-Type"), "");
  EXPECT_EQ(response->header("Connection"), "");

  // A handshake leg.
  ASSERT_TRUE(client.send(post_request("<a/>", "Authorization: Test step1\r\n")));
  response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 401);
  EXPECT_THAT(response->all("WWW-Authenticate"), ElementsAre("Test token1"));

  // The last leg: served, with the server's final token on the 200.
  ASSERT_TRUE(client.send(post_request("<a/>", "Authorization: Test step2\r\n")));
  response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "echo:<a/>");
  EXPECT_THAT(response->all("WWW-Authenticate"), ElementsAre("Test final"));

  // The connection is authenticated: no header needed, no token sent.
  ASSERT_TRUE(client.send(post_request("<b/>")));
  response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->count("WWW-Authenticate"), 0u);

  auto seen = recorder.seen();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].user, "alice");
  EXPECT_EQ(seen[1].user, "alice");

  // Another connection starts from scratch.
  RawClient other(listener->port());
  ASSERT_TRUE(other.send(post_request("<c/>")));
  response = other.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 401);
  EXPECT_EQ(policy->connections.load(), 2);
  EXPECT_EQ(recorder.calls.load(), 2);
}

TEST(HttpListenerAuth, RejectionIsABare401AndTheConnectionStaysForAnotherTry) {
  Recorder recorder;
  auto listener =
      must_start(test_options(), std::make_shared<HandshakePolicy>(), recorder.handler());
  ASSERT_TRUE(listener);
  RawClient client(listener->port());
  ASSERT_TRUE(client.send(post_request("<a/>", "Authorization: Test wrong\r\n")));
  auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 401);
  EXPECT_THAT(response->all("WWW-Authenticate"), ElementsAre("Test"));
  EXPECT_EQ(response->body, "");

  ASSERT_TRUE(client.send(post_request("<a/>", "Authorization: Test step1\r\n")));
  ASSERT_TRUE(client.read_response());
  ASSERT_TRUE(client.send(post_request("<a/>", "Authorization: Test step2\r\n")));
  response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(recorder.calls.load(), 1);
}

TEST(HttpListenerAuth, UnauthenticatedIdentifySkipsAuthentication) {
  Recorder recorder;
  auto listener =
      must_start(test_options(), std::make_shared<HandshakePolicy>(), recorder.handler());
  ASSERT_TRUE(listener);
  RawClient client(listener->port());
  ASSERT_TRUE(client.send(post_request("<identify/>", "WSMANIDENTIFY: unauthenticated\r\n")));
  auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  auto seen = recorder.seen();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_TRUE(seen[0].unauthenticated_identify);
  EXPECT_EQ(seen[0].user, "");
  EXPECT_EQ(seen[0].body, "<identify/>");

  // Without the header the same connection is challenged.
  ASSERT_TRUE(client.send(post_request("<identify/>")));
  response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 401);
}

TEST(HttpListenerAuth, SealedBodiesAreOpenedForTheHandlerAndAnswersSealed) {
  Recorder recorder;
  auto listener =
      must_start(test_options(), std::make_shared<HandshakePolicy>(true), recorder.handler());
  ASSERT_TRUE(listener);
  RawClient client(listener->port());
  const std::string type(testing::kSealedType);
  const auto sealed = testing::toy_seal("application/soap+xml;charset=UTF-16", "<secret-soap/>");
  ASSERT_TRUE(client.send(post_request("", "Authorization: Test step1\r\n")));
  ASSERT_TRUE(client.read_response());

  std::string request =
      "POST /wsman HTTP/1.1\r\nHost: x\r\nAuthorization: Test step2\r\n"
      "Content-Type: " +
      type + "\r\nContent-Length: " + std::to_string(sealed.size()) + "\r\n\r\n" + sealed;
  ASSERT_TRUE(client.send(request));
  auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->header("Content-Type"), type);
  EXPECT_EQ(testing::toy_unseal(response->body), "echo:<secret-soap/>");
  EXPECT_THAT(response->body,
              HasSubstr("OriginalContent: type=application/soap+xml;charset=UTF-8;"));
  EXPECT_THAT(response->all("WWW-Authenticate"), ElementsAre("Test final"));
  auto seen = recorder.seen();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].body, "<secret-soap/>");
  EXPECT_EQ(seen[0].content_type, "application/soap+xml;charset=UTF-16");

  // A plain body where sealing is required: a bare 500, as a real host answers; the
  // connection stays authenticated.
  ASSERT_TRUE(client.send(post_request("<plain/>")));
  response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 500);
  EXPECT_EQ(response->body, "");
  EXPECT_EQ(recorder.calls.load(), 1);
  ASSERT_TRUE(client.send("POST /wsman HTTP/1.1\r\nHost: x\r\nContent-Type: " + type +
                          "\r\nContent-Length: " + std::to_string(sealed.size()) + "\r\n\r\n" +
                          sealed));
  response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(recorder.calls.load(), 2);
}

TEST(HttpListenerAuth, ABodyThatCannotBeOpenedIs400) {
  Recorder recorder;
  auto listener =
      must_start(test_options(), std::make_shared<HandshakePolicy>(), recorder.handler());
  ASSERT_TRUE(listener);
  RawClient client(listener->port());
  ASSERT_TRUE(client.send(post_request("", "Authorization: Test step1\r\n")));
  ASSERT_TRUE(client.read_response());
  const std::string garbage = "not sealed at all";
  ASSERT_TRUE(
      client.send("POST /wsman HTTP/1.1\r\nHost: x\r\nAuthorization: Test step2\r\n"
                  "Content-Type: multipart/encrypted\r\nContent-Length: " +
                  std::to_string(garbage.size()) + "\r\n\r\n" + garbage));
  auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_TRUE(client.closed_within(3s));
  EXPECT_EQ(recorder.calls.load(), 0);
}

// Every event the listener logs, provoked by requests carrying a secret in Authorization: the
// log lines never carry it.
TEST(HttpListenerAuth, SecretsNeverReachTheLog) {
  const std::string secret =
      "Test c3VwZXItc2VjcmV0LXBhc3N3b3Jk";  // base64("super-secret-password")
  const std::string auth = "Authorization: " + secret + "\r\n";
  Recorder recorder;
  testing::LogSink sink;
  auto options = test_options();
  options.request_deadline = 500ms;
  options.log = sink.log();
  auto listener = must_start(
      options, std::make_shared<HandshakePolicy>(),
      [&](const HttpRequest&) -> HttpResponse { throw std::runtime_error("handler failure"); });
  ASSERT_TRUE(listener);
  const auto port = listener->port();
  {
    RawClient c(port);  // rejected credentials
    c.send(post_request("<x/>", auth));
    c.read_response();
  }
  {
    RawClient c(port);  // over the body limit
    c.send("POST /wsman HTTP/1.1\r\n" + auth + "Content-Length: 99999999\r\n\r\n");
    c.read_response();
  }
  {
    RawClient c(port);  // over the header limit
    c.send(post_request("<x/>", auth + "X-Pad: " + std::string(9000, 'p') + "\r\n"));
    c.read_response();
  }
  {
    RawClient c(port);  // malformed
    c.send("POST /wsman HTTP/1.1\r\n" + auth + "Content-Length: x\r\n\r\n");
    c.read_response();
  }
  {
    RawClient c(port);  // too slow
    c.send("POST /wsman HTTP/1.1\r\n" + auth);
    c.closed_within(3s);
  }
  {
    RawClient c(port);  // the handler throws
    c.send(post_request("", "Authorization: Test step1\r\n"));
    c.read_response();
    c.send(post_request("<x/>", "Authorization: Test step2\r\n"));
    c.read_response();
  }
  listener->stop();
  const auto lines = sink.lines();
  EXPECT_GE(lines.size(), 5u);
  for (const auto& line : lines) {
    EXPECT_THAT(line, Not(HasSubstr("c3VwZXItc2VjcmV0")));
    EXPECT_THAT(line, Not(HasSubstr("super-secret")));
    EXPECT_THAT(line, Not(HasSubstr("Authorization")));
  }
}

}  // namespace
}  // namespace sim::server
