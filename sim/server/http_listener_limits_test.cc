// The HTTP listener against clients that misbehave: bodies over the limit (announced or chunked),
// huge headers, trickling, idling, crowds of idle connections, a full house, and clients that
// vanish mid-request. Every loop here is bounded in count and in time.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <future>
#include <new>
#include <thread>

#include "sim/server/http_listener.h"
#include "sim/server/testing/listener_fixture.h"
#include "sim/server/testing/listener_test_policies.h"
#include "sim/server/testing/raw_http_client.h"

// GCC 12 mistakes the replaced operator new below for the library's and warns on free().
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

// The largest single allocation this test binary makes, to show that an oversize body is never
// buffered (a 100 MB body would need a 100 MB string).
namespace {
std::atomic<std::size_t> g_largest_allocation{0};
}  // namespace

void* operator new(std::size_t size) {
  std::size_t seen = g_largest_allocation.load(std::memory_order_relaxed);
  while (size > seen && !g_largest_allocation.compare_exchange_weak(seen, size)) {
  }
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

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

using Clock = std::chrono::steady_clock;

TEST(HttpListenerLimits, AnnouncedOversizeBodyIsAnsweredUnreadAndClosed) {
  Recorder recorder;
  auto listener = must_start(test_options(), std::make_shared<OpenPolicy>(), recorder.handler());
  ASSERT_TRUE(listener);
  RawClient client(listener->port());
  constexpr std::size_t k100MB = std::size_t{100} << 20;
  ASSERT_TRUE(
      client.send("POST /wsman HTTP/1.1\r\nHost: x\r\nContent-Type: application/soap+xml\r\n"
                  "Content-Length: " +
                  std::to_string(k100MB) + "\r\n\r\n"));
  g_largest_allocation = 0;

  // The client keeps sending its 100 MB while the server answers; it stops when the server is
  // gone (or after the 100 MB, or 10 s).
  std::atomic<bool> stop_sending{false};
  auto sender = std::async(std::launch::async, [&] {
    const std::string chunk(std::size_t{64} << 10, 'x');
    const auto until = Clock::now() + 10s;
    std::size_t sent = 0;
    while (sent < k100MB && !stop_sending && Clock::now() < until) {
      if (!client.send(chunk)) break;
      sent += chunk.size();
    }
    return sent;
  });
  const auto t0 = Clock::now();
  auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 500);
  EXPECT_EQ(response->body, "oversize:65536");
  EXPECT_EQ(response->header("Connection"), "close");
  EXPECT_TRUE(client.closed_within(5s));
  EXPECT_LT(Clock::now() - t0, 6s);
  stop_sending = true;
  ASSERT_EQ(sender.wait_for(15s), std::future_status::ready);
  sender.get();
  EXPECT_LT(g_largest_allocation.load(), 4u * 1024 * 1024);
  EXPECT_EQ(recorder.calls.load(), 0);

  RawClient next(listener->port());  // the listener is still serving
  ASSERT_TRUE(next.send(post_request("<x/>")));
  auto ok = next.read_response();
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

TEST(HttpListenerLimits, ChunkedBodyGrowingPastTheLimitIsAnsweredAndClosed) {
  Recorder recorder;
  auto listener = must_start(test_options(), std::make_shared<OpenPolicy>(), recorder.handler());
  ASSERT_TRUE(listener);
  RawClient client(listener->port());
  std::string request =
      "POST /wsman HTTP/1.1\r\nHost: x\r\nContent-Type: application/soap+xml\r\n"
      "Transfer-Encoding: chunked\r\n\r\n";
  const std::string chunk(std::size_t{8} << 10, 'y');
  for (int i = 0; i < 16; ++i) request += "2000\r\n" + chunk + "\r\n";  // 128 KiB > 64 KiB
  client.send(request);  // the server may close before all of it is sent
  auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 500);
  EXPECT_EQ(response->body, "oversize:65536");
  EXPECT_TRUE(client.closed_within(3s));
  EXPECT_EQ(recorder.calls.load(), 0);
}

TEST(HttpListenerLimits, BodyAtTheLimitIsServed) {
  Recorder recorder;
  auto listener = must_start(test_options(), std::make_shared<OpenPolicy>(), recorder.handler());
  ASSERT_TRUE(listener);
  RawClient client(listener->port());
  ASSERT_TRUE(client.send(post_request(std::string(std::size_t{64} << 10, 'z'))));
  auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body.size(), 5u + 64 * 1024);
}

TEST(HttpListenerLimits, HugeHeaderIsAnswered431AndClosed) {
  Recorder recorder;
  auto listener = must_start(test_options(), std::make_shared<OpenPolicy>(), recorder.handler());
  ASSERT_TRUE(listener);
  RawClient client(listener->port());
  client.send(post_request("<x/>", "X-Big: " + std::string(std::size_t{16} << 10, 'h') + "\r\n"));
  auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 431);
  EXPECT_TRUE(client.closed_within(3s));
}

TEST(HttpListenerLimits, MalformedRequestIsAnswered400AndClosed) {
  Recorder recorder;
  auto listener = must_start(test_options(), std::make_shared<OpenPolicy>(), recorder.handler());
  ASSERT_TRUE(listener);
  RawClient client(listener->port());
  ASSERT_TRUE(client.send("POST /wsman HTTP/1.1\r\nContent-Length: nope\r\n\r\n"));
  auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_TRUE(client.closed_within(3s));
}

// One byte a second, the slowloris way: the request deadline runs from the first byte, and no
// amount of trickling extends it.
TEST(HttpListenerLimits, SlowClientIsCutOffAtTheRequestDeadline) {
  Recorder recorder;
  auto options = test_options();
  options.request_deadline = 1s;
  options.idle_timeout = 10s;
  auto listener = must_start(options, std::make_shared<OpenPolicy>(), recorder.handler());
  ASSERT_TRUE(listener);

  auto trickle = [port = listener->port()](std::chrono::milliseconds every) {
    RawClient client(port);
    const std::string request = post_request(std::string(64, 'a'));
    const auto t0 = Clock::now();
    for (std::size_t i = 0; i < request.size() && Clock::now() - t0 < 6s; ++i) {
      if (!client.send(std::string_view(&request[i], 1))) break;
      if (client.closed_within(every)) break;
    }
    return Clock::now() - t0;
  };
  auto one_per_second = std::async(std::launch::async, trickle, 1000ms);
  auto ten_per_second = std::async(std::launch::async, trickle, 100ms);
  for (auto* f : {&one_per_second, &ten_per_second}) {
    ASSERT_EQ(f->wait_for(10s), std::future_status::ready);
    const auto took = f->get();
    EXPECT_GE(took, 900ms);
    EXPECT_LT(took, 3500ms);
  }
  EXPECT_EQ(recorder.calls.load(), 0);
}

TEST(HttpListenerLimits, IdleConnectionIsClosedAfterTheIdleTimeout) {
  Recorder recorder;
  auto options = test_options();
  options.idle_timeout = 500ms;
  auto listener = must_start(options, std::make_shared<OpenPolicy>(), recorder.handler());
  ASSERT_TRUE(listener);
  RawClient silent(listener->port());  // never sends
  RawClient served(listener->port());  // idles after one request
  ASSERT_TRUE(served.send(post_request("<x/>")));
  ASSERT_TRUE(served.read_response());
  const auto t0 = Clock::now();
  EXPECT_TRUE(silent.closed_within(3s));
  EXPECT_TRUE(served.closed_within(3s));
  EXPECT_LT(Clock::now() - t0, 2s);
}

// 1,000 connections that never send a byte, against a cap of 256: a new client is served at
// once, because at the cap a newcomer evicts the connection that has idled longest.
TEST(HttpListenerLimits, AThousandIdleConnectionsDoNotKeepANewClientWaiting) {
  const auto limit = testing::raise_fd_limit(4096);
  if (limit < 2400) GTEST_SKIP() << "RLIMIT_NOFILE is " << limit << "; need 2400";
  Recorder recorder;
  auto options = test_options();
  options.max_connections = 256;
  options.idle_timeout = 30s;  // eviction, not the timeout, must make room
  auto listener = must_start(options, std::make_shared<OpenPolicy>(), recorder.handler());
  ASSERT_TRUE(listener);

  std::vector<RawClient> idle;
  idle.reserve(1000);
  const auto t_open = Clock::now();
  for (int i = 0; i < 1000 && Clock::now() - t_open < 20s; ++i) {
    idle.emplace_back(listener->port());
    ASSERT_TRUE(idle.back().connected()) << "connection " << i;
  }
  ASSERT_EQ(idle.size(), 1000u);

  const auto t0 = Clock::now();
  RawClient fresh(listener->port());
  ASSERT_TRUE(fresh.connected());
  ASSERT_TRUE(fresh.send(post_request("<fresh/>")));
  auto response = fresh.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "echo:<fresh/>");
  EXPECT_LT(Clock::now() - t0, 2s);
  EXPECT_LE(listener->open_connections(), 256u + 8u);

  // And it keeps serving on that connection while the crowd is still there.
  ASSERT_TRUE(fresh.send(post_request("<again/>")));
  response = fresh.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
}

// When every connection is busy in a request, a newcomer is refused at once (503 or a close) and
// the busy ones are still served.
TEST(HttpListenerLimits, AFullHouseOfBusyConnectionsRefusesNewcomersAndKeepsServing) {
  Recorder recorder;
  auto options = test_options();
  options.max_connections = 2;
  auto listener = must_start(options, std::make_shared<OpenPolicy>(), recorder.handler());
  ASSERT_TRUE(listener);
  const std::string request = post_request("<busy/>");
  const auto half = request.size() / 2;

  RawClient a(listener->port());
  RawClient b(listener->port());
  ASSERT_TRUE(a.send(std::string_view(request).substr(0, half)));
  ASSERT_TRUE(b.send(std::string_view(request).substr(0, half)));
  std::this_thread::sleep_for(200ms);  // both are now mid-request

  const auto t0 = Clock::now();
  RawClient refused(listener->port());
  if (refused.connected()) {
    auto answer = refused.read_response();
    if (answer) {
      EXPECT_EQ(answer->status, 503);
    }
    EXPECT_TRUE(refused.closed_within(2s));
  }
  EXPECT_LT(Clock::now() - t0, 2s);

  for (auto* client : {&a, &b}) {
    ASSERT_TRUE(client->send(std::string_view(request).substr(half)));
    auto response = client->read_response();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
  }
  a.close();
  b.close();
  // With a and b gone (or idle, hence evictable), a new client is served.
  RawClient later(listener->port());
  ASSERT_TRUE(later.send(post_request("<later/>")));
  auto response = later.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
}

TEST(HttpListenerLimits, ClientsVanishingMidRequestLeaveTheListenerUp) {
  Recorder recorder;
  auto listener = must_start(test_options(), std::make_shared<OpenPolicy>(), recorder.handler());
  ASSERT_TRUE(listener);
  const auto port = listener->port();
  {
    RawClient truncated_body(port);  // 10 of 100 body bytes, then FIN
    ASSERT_TRUE(
        truncated_body.send("POST /wsman HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n"
                            "0123456789"));
  }
  {
    RawClient truncated_header(port);  // half a header, then FIN
    ASSERT_TRUE(truncated_header.send("POST /wsman HTTP/1.1\r\nHo"));
  }
  {
    RawClient reset(port);  // half a body, then RST
    ASSERT_TRUE(reset.send("POST /wsman HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n01234"));
    reset.reset();
  }
  {
    RawClient gone(port);  // sends a request and leaves before the answer
    ASSERT_TRUE(gone.send(post_request("<gone/>")));
    gone.reset();
  }
  for (int i = 0; i < 3; ++i) {
    RawClient client(port);
    ASSERT_TRUE(client.send(post_request("<ok/>")));
    auto response = client.read_response();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
  }
  // The vanished connections are all cleaned up.
  const auto until = Clock::now() + 3s;
  while (listener->open_connections() > 0 && Clock::now() < until)
    std::this_thread::sleep_for(20ms);
  EXPECT_EQ(listener->open_connections(), 0u);
}

}  // namespace
}  // namespace sim::server
