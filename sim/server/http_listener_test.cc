// The HTTP listener's ordinary life: serving POSTs on /wsman over keep-alive connections, many
// clients at once, what it answers to other paths and methods, and how it stops.
#include "sim/server/http_listener.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <future>
#include <thread>

#include "sim/server/testing/listener_fixture.h"
#include "sim/server/testing/listener_test_policies.h"
#include "sim/server/testing/raw_http_client.h"

namespace sim::server {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using testing::must_start;
using testing::OpenPolicy;
using testing::post_request;
using testing::RawClient;
using testing::Recorder;
using testing::test_options;

TEST(HttpListener, ServesPostOnWsman) {
  Recorder recorder;
  auto policy = std::make_shared<OpenPolicy>();
  auto listener = must_start(test_options(), policy, recorder.handler());
  ASSERT_TRUE(listener);
  EXPECT_NE(listener->port(), 0);
  EXPECT_EQ(listener->url(), "http://127.0.0.1:" + std::to_string(listener->port()) + "/wsman");

  RawClient client(listener->port());
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.send(post_request("<s:Envelope/>")));
  auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "echo:<s:Envelope/>");
  EXPECT_EQ(response->header("Server"), "hvsim");
  EXPECT_EQ(response->header("Content-Type"), "application/soap+xml;charset=UTF-8");
  EXPECT_EQ(response->header("Content-Length"), "18");

  auto seen = recorder.seen();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].target, "/wsman");
  EXPECT_EQ(seen[0].content_type, "application/soap+xml;charset=UTF-8");
  EXPECT_EQ(seen[0].body, "<s:Envelope/>");
  EXPECT_EQ(seen[0].user, "");
  EXPECT_FALSE(seen[0].unauthenticated_identify);
  EXPECT_EQ(policy->connections.load(), 1);
  EXPECT_EQ(policy->tls_connections.load(), 0);
}

TEST(HttpListener, KeepAliveCarriesManyRequestsOnOneConnection) {
  Recorder recorder;
  auto policy = std::make_shared<OpenPolicy>();
  auto listener = must_start(test_options(), policy, recorder.handler());
  ASSERT_TRUE(listener);
  RawClient client(listener->port());
  for (int i = 0; i < 20; ++i) {
    const auto body = "<n>" + std::to_string(i) + "</n>";
    ASSERT_TRUE(client.send(post_request(body)));
    auto response = client.read_response();
    ASSERT_TRUE(response) << "request " << i;
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, "echo:" + body);
    EXPECT_EQ(response->header("Connection"), "");  // HTTP/1.1 keep-alive is the default
  }
  EXPECT_EQ(recorder.calls.load(), 20);
  EXPECT_EQ(policy->connections.load(), 1);  // one ConnectionAuth: one TCP connection
}

TEST(HttpListener, PipelinedRequestsAreAnsweredInOrder) {
  Recorder recorder;
  auto listener = must_start(test_options(), std::make_shared<OpenPolicy>(), recorder.handler());
  ASSERT_TRUE(listener);
  RawClient client(listener->port());
  ASSERT_TRUE(client.send(post_request("one") + post_request("two") + post_request("three")));
  for (const char* body : {"one", "two", "three"}) {
    auto response = client.read_response();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->body, std::string("echo:") + body);
  }
}

TEST(HttpListener, OtherPathsAre404OtherMethods405AndTheConnectionLives) {
  Recorder recorder;
  auto listener = must_start(test_options(), std::make_shared<OpenPolicy>(), recorder.handler());
  ASSERT_TRUE(listener);
  RawClient client(listener->port());

  ASSERT_TRUE(client.send("GET /wsman HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 405);
  EXPECT_EQ(response->header("Allow"), "POST");
  EXPECT_EQ(response->body, "");

  ASSERT_TRUE(client.send(post_request("<x/>", "", "/other")));
  response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 404);
  EXPECT_EQ(response->header("Server"), "hvsim");

  ASSERT_TRUE(client.send(post_request("<x/>", "", "/wsman?PSVersion=5.1")));  // query allowed
  response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(recorder.calls.load(), 1);
}

TEST(HttpListener, ChunkedBodyUnderTheLimitIsServed) {
  Recorder recorder;
  auto listener = must_start(test_options(), std::make_shared<OpenPolicy>(), recorder.handler());
  ASSERT_TRUE(listener);
  RawClient client(listener->port());
  ASSERT_TRUE(
      client.send("POST /wsman HTTP/1.1\r\nHost: x\r\nContent-Type: application/soap+xml\r\n"
                  "Transfer-Encoding: chunked\r\n\r\n5\r\n<s:En\r\n8\r\nvelope/>\r\n0\r\n\r\n"));
  auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "echo:<s:Envelope/>");
}

TEST(HttpListener, ExpectContinueGetsAnInterimAnswer) {
  Recorder recorder;
  auto listener = must_start(test_options(), std::make_shared<OpenPolicy>(), recorder.handler());
  ASSERT_TRUE(listener);
  RawClient client(listener->port());
  const std::string body = "<s:Envelope/>";
  ASSERT_TRUE(
      client.send("POST /wsman HTTP/1.1\r\nHost: x\r\nContent-Length: 13\r\n"
                  "Expect: 100-continue\r\n\r\n"));
  auto interim = client.read_response();
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100);
  ASSERT_TRUE(client.send(body));
  auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "echo:" + body);
}

TEST(HttpListener, ConnectionCloseIsHonoured) {
  Recorder recorder;
  auto listener = must_start(test_options(), std::make_shared<OpenPolicy>(), recorder.handler());
  ASSERT_TRUE(listener);
  RawClient client(listener->port());
  ASSERT_TRUE(client.send(post_request("<x/>", "Connection: close\r\n")));
  auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->header("Connection"), "close");
  EXPECT_TRUE(client.closed_within(2s));
}

TEST(HttpListener, SixteenConcurrentKeepAliveClients) {
  Recorder recorder;
  auto policy = std::make_shared<OpenPolicy>();
  auto listener = must_start(test_options(), policy, recorder.handler());
  ASSERT_TRUE(listener);
  constexpr int kClients = 16;
  constexpr int kRequests = 50;
  std::vector<std::future<int>> done;
  done.reserve(kClients);
  for (int c = 0; c < kClients; ++c) {
    done.push_back(std::async(std::launch::async, [port = listener->port(), c] {
      RawClient client(port);
      int ok = 0;
      for (int i = 0; i < kRequests; ++i) {
        const auto body = "<c" + std::to_string(c) + " i=\"" + std::to_string(i) + "\"/>";
        if (!client.send(post_request(body))) break;
        auto response = client.read_response();
        if (!response || response->status != 200 || response->body != "echo:" + body) break;
        ++ok;
      }
      return ok;
    }));
  }
  for (auto& f : done) {
    ASSERT_EQ(f.wait_for(30s), std::future_status::ready);
    EXPECT_EQ(f.get(), kRequests);
  }
  EXPECT_EQ(recorder.calls.load(), kClients * kRequests);
  EXPECT_EQ(policy->connections.load(), kClients);
}

TEST(HttpListener, HandlerThatThrowsGets500AndTheListenerLives) {
  std::atomic<int> calls{0};
  auto listener = must_start(test_options(), std::make_shared<OpenPolicy>(),
                             [&](const HttpRequest& request) -> HttpResponse {
                               if (calls++ == 0) throw std::runtime_error("boom");
                               return {200, "text/plain", request.body};
                             });
  ASSERT_TRUE(listener);
  RawClient first(listener->port());
  ASSERT_TRUE(first.send(post_request("a")));
  auto response = first.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 500);
  RawClient second(listener->port());
  ASSERT_TRUE(second.send(post_request("b")));
  response = second.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->header("Content-Type"), "text/plain");
}

TEST(HttpListener, AnImpossibleStatusFromTheHandlerBecomes500) {
  auto listener =
      must_start(test_options(), std::make_shared<OpenPolicy>(), [](const HttpRequest&) {
        return HttpResponse{1000, "text/plain", "?"};
      });
  ASSERT_TRUE(listener);
  RawClient client(listener->port());
  ASSERT_TRUE(client.send(post_request("a")));
  auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 500);
}

TEST(HttpListener, StartRefusesAnExposedAddressWithoutAuthentication) {
  auto options = test_options();
  options.address = ListenAddress{"0.0.0.0", 0, false};
  auto started = HttpListener::start(options, std::make_shared<OpenPolicy>(), Recorder().handler(),
                                     testing::oversize_answer);
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.status().kind(), wmi::StatusKind::kInvalidArgument);
  EXPECT_THAT(started.status().message(),
              HasSubstr("refusing to listen on 0.0.0.0:0 with --auth none"));
}

TEST(HttpListener, StartReportsAPortInUse) {
  Recorder recorder;
  auto first = must_start(test_options(), std::make_shared<OpenPolicy>(), recorder.handler());
  ASSERT_TRUE(first);
  auto options = test_options();
  options.address.port = first->port();
  auto second = HttpListener::start(options, std::make_shared<OpenPolicy>(), recorder.handler(),
                                    testing::oversize_answer);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().kind(), wmi::StatusKind::kTransport);
  EXPECT_THAT(second.status().message(), HasSubstr("cannot listen on 127.0.0.1:"));
}

TEST(HttpListener, StopFinishesTheRequestInFlight) {
  std::mutex mu;
  std::condition_variable cv;
  bool entered = false;
  bool release = false;
  auto options = test_options();
  options.stop_grace = 5s;
  auto listener = must_start(options, std::make_shared<OpenPolicy>(), [&](const HttpRequest& r) {
    std::unique_lock lock(mu);
    entered = true;
    cv.notify_all();
    cv.wait_for(lock, 5s, [&] { return release; });
    return HttpResponse{200, "text/plain", "finished:" + r.body};
  });
  ASSERT_TRUE(listener);
  const auto port = listener->port();

  RawClient idle(port);  // a keep-alive connection between requests: closed at once by stop()
  ASSERT_TRUE(idle.send(post_request("warm-up")));
  RawClient busy(port);
  {
    std::unique_lock lock(mu);
    release = true;  // let warm-up through
  }
  cv.notify_all();
  ASSERT_TRUE(idle.read_response());
  {
    std::lock_guard lock(mu);
    release = false;
    entered = false;
  }
  ASSERT_TRUE(busy.send(post_request("in-flight")));
  {
    std::unique_lock lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, 5s, [&] { return entered; }));
  }

  const auto t0 = std::chrono::steady_clock::now();
  auto stopped = std::async(std::launch::async, [&] { listener->stop(); });
  EXPECT_TRUE(idle.closed_within(2s));  // idle connections do not wait for the grace period
  EXPECT_EQ(stopped.wait_for(200ms), std::future_status::timeout);  // the request is in flight
  {
    std::lock_guard lock(mu);
    release = true;
  }
  cv.notify_all();
  auto response = busy.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "finished:in-flight");
  EXPECT_EQ(response->header("Connection"), "close");
  ASSERT_EQ(stopped.wait_for(5s), std::future_status::ready);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 4s);

  listener->stop();  // twice is fine
  RawClient late(port);
  EXPECT_FALSE(late.connected() && late.send(post_request("late")) && late.read_response());
}

TEST(HttpListener, StopGivesUpOnAStalledRequestAfterTheGracePeriod) {
  Recorder recorder;
  auto options = test_options();
  options.stop_grace = 500ms;
  options.request_deadline = 30s;
  auto listener = must_start(options, std::make_shared<OpenPolicy>(), recorder.handler());
  ASSERT_TRUE(listener);
  RawClient stalled(listener->port());
  ASSERT_TRUE(stalled.send("POST /wsman HTTP/1.1\r\nHost: x\r\nContent-Len"));  // never finishes
  std::this_thread::sleep_for(100ms);
  const auto t0 = std::chrono::steady_clock::now();
  listener->stop();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 3s);
  EXPECT_TRUE(stalled.closed_within(1s));
  EXPECT_EQ(listener->open_connections(), 0u);
}

TEST(HttpListener, DestructorStops) {
  Recorder recorder;
  std::uint16_t port = 0;
  RawClient* kept = nullptr;
  std::unique_ptr<RawClient> client;
  {
    auto listener = must_start(test_options(), std::make_shared<OpenPolicy>(), recorder.handler());
    ASSERT_TRUE(listener);
    port = listener->port();
    client = std::make_unique<RawClient>(port);
    kept = client.get();
    ASSERT_TRUE(kept->send(post_request("x")));
    ASSERT_TRUE(kept->read_response());
  }
  EXPECT_TRUE(kept->closed_within(1s));
  RawClient late(port);
  EXPECT_FALSE(late.connected());
}

}  // namespace
}  // namespace sim::server
