#include "bench/wsman_load_client.h"

#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

namespace bench {

namespace net = boost::asio;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

wmi::Status transport(std::string what, const boost::system::error_code& ec) {
  return wmi::Status(wmi::StatusKind::kTransport, std::move(what) + ": " + ec.message());
}

}  // namespace

struct WireConnection::Impl {
  net::io_context io;
  tcp::socket socket{io};
  boost::beast::flat_buffer buffer;  // kept across answers: keep-alive leftovers
  std::string host_field;
  std::string target;
  std::size_t body_limit = 0;
  std::atomic<int> fd{-1};
};

WireConnection::WireConnection(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
WireConnection::~WireConnection() = default;

wmi::Result<std::unique_ptr<WireConnection>> WireConnection::open(const Endpoint& endpoint,
                                                                  std::size_t body_limit) {
  auto impl = std::make_unique<Impl>();
  boost::system::error_code ec;
  const auto address = net::ip::make_address_v4(endpoint.host, ec);
  if (ec) return wmi::invalid_argument("not an IPv4 address: " + endpoint.host);
  impl->socket.connect(tcp::endpoint(address, endpoint.port), ec);
  if (ec) return transport("connect to " + endpoint.host, ec);
  impl->socket.set_option(tcp::no_delay(true), ec);
  if (ec) return transport("TCP_NODELAY", ec);
  impl->host_field = endpoint.host + ":" + std::to_string(endpoint.port);
  impl->target = endpoint.target;
  impl->body_limit = body_limit;
  impl->fd = impl->socket.native_handle();
  return std::unique_ptr<WireConnection>(new WireConnection(std::move(impl)));
}

wmi::Result<HttpReply> WireConnection::post(std::string_view soap, std::string_view content_type) {
  http::request<http::string_body> request{http::verb::post, impl_->target, 11};
  request.set(http::field::host, impl_->host_field);
  request.set(http::field::content_type,
              boost::beast::string_view(content_type.data(), content_type.size()));
  request.keep_alive(true);
  request.body().assign(soap);
  request.prepare_payload();
  boost::system::error_code ec;
  http::write(impl_->socket, request, ec);
  if (ec) return transport("write", ec);

  http::response_parser<http::string_body> parser;
  parser.body_limit(impl_->body_limit);
  http::read(impl_->socket, impl_->buffer, parser, ec);
  if (ec) return transport("read", ec);
  http::response<http::string_body> response = parser.release();
  HttpReply reply;
  reply.status = static_cast<int>(response.result_int());
  const boost::beast::string_view type = response[http::field::content_type];
  reply.content_type.assign(type.data(), type.size());
  reply.body = std::move(response.body());
  if (!response.keep_alive()) {
    return wmi::Status(wmi::StatusKind::kTransport, "the server closed the connection (HTTP " +
                                                        std::to_string(reply.status) + ")");
  }
  return reply;
}

void WireConnection::abort() {
  const int fd = impl_->fd.load();
  if (fd >= 0) ::shutdown(fd, SHUT_RDWR);
}

double LoadResult::requests_per_second() const {
  return seconds > 0 ? static_cast<double>(requests) / seconds : 0;
}

double LoadResult::percentile_us(double q) const {
  if (latencies_us.empty()) return 0;
  const double rank = std::ceil(q * static_cast<double>(latencies_us.size()));
  const std::size_t index =
      std::clamp<std::size_t>(static_cast<std::size_t>(rank), 1, latencies_us.size()) - 1;
  return latencies_us[index];
}

namespace {

// What one client thread gathered; merged once every thread has been joined.
struct ClientTally {
  std::vector<double> latencies_us;
  std::map<int, std::size_t> statuses;
  std::map<std::string, std::size_t> faults;
  std::map<std::string, std::size_t> errors;
  std::size_t transport_failures = 0;
  bool started = false;
  bool unfinished = false;  // stopped by the time bound with requests left
  Clock::time_point end;
};

// Start line and stop flag shared by the clients and the driver.
struct Control {
  std::mutex mutex;
  std::condition_variable changed;
  std::size_t arrived = 0;  // clients ready (or failed) for the timed phase
  std::size_t finished = 0;
  bool go = false;
  Clock::time_point start;
  std::atomic<bool> stop{false};
};

std::string clipped(std::string text) {
  constexpr std::size_t kMax = 160;
  if (text.size() > kMax) text.resize(kMax);
  return text;
}

void note(ClientTally& tally, const Verdict& verdict) {
  switch (verdict.kind) {
    case Verdict::Kind::kOk:
      break;
    case Verdict::Kind::kFault:
      ++tally.faults[verdict.detail];
      break;
    case Verdict::Kind::kError:
      ++tally.errors[clipped(verdict.detail)];
      break;
  }
}

void run_client(const Endpoint& endpoint, const LoadOptions& options, ClientScript& script,
                Control& control, ClientTally& tally,
                std::shared_ptr<WireConnection>& connection_slot, std::mutex& slot_mutex) {
  auto arrive = [&] {
    std::unique_lock lock(control.mutex);
    ++control.arrived;
    control.changed.notify_all();
    control.changed.wait(lock, [&] { return control.go; });
  };
  auto finish = [&] {
    tally.end = Clock::now();
    std::lock_guard lock(control.mutex);
    ++control.finished;
    control.changed.notify_all();
  };
  auto opened = WireConnection::open(endpoint, options.body_limit);
  if (!opened.ok()) {
    ++tally.transport_failures;
    ++tally.errors[clipped(opened.status().message())];
    arrive();
    finish();
    return;
  }
  std::shared_ptr<WireConnection> connection = std::move(*opened);
  {
    std::lock_guard lock(slot_mutex);
    connection_slot = connection;
  }
  bool broken = false;
  for (std::size_t i = 0; i < options.warmup_requests && !broken; ++i) {
    std::optional<std::string> envelope = script.next();
    if (!envelope) break;
    auto reply = connection->post(*envelope);
    if (!reply.ok()) {
      broken = true;
      ++tally.transport_failures;
      ++tally.errors["warm-up: " + clipped(reply.status().message())];
      break;
    }
    script.judge(*reply);
  }
  tally.started = !broken;
  arrive();
  tally.latencies_us.reserve(options.max_requests);
  for (std::size_t i = 0; i < options.max_requests && !broken; ++i) {
    if (control.stop.load(std::memory_order_relaxed)) {
      tally.unfinished = true;
      break;
    }
    std::optional<std::string> envelope = script.next();
    if (!envelope) break;
    const Clock::time_point sent = Clock::now();
    auto reply = connection->post(*envelope);
    if (!reply.ok()) {
      ++tally.transport_failures;
      ++tally.errors[clipped(reply.status().message())];
      break;
    }
    const Clock::time_point answered = Clock::now();
    tally.latencies_us.push_back(
        std::chrono::duration<double, std::micro>(answered - sent).count());
    ++tally.statuses[reply->status];
    note(tally, script.judge(*reply));
  }
  finish();
}

}  // namespace

LoadResult run_load(const Endpoint& endpoint, const LoadOptions& options,
                    const ScriptFactory& make_script) {
  const std::size_t n = options.clients;
  std::vector<std::unique_ptr<ClientScript>> scripts;
  scripts.reserve(n);
  for (std::size_t i = 0; i < n; ++i) scripts.push_back(make_script(i));
  std::vector<ClientTally> tallies(n);
  std::vector<std::shared_ptr<WireConnection>> connections(n);
  std::mutex slot_mutex;
  Control control;

  std::vector<std::thread> threads;
  threads.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    threads.emplace_back([&, i] {
      run_client(endpoint, options, *scripts[i], control, tallies[i], connections[i], slot_mutex);
    });
  }

  LoadResult result;
  {
    std::unique_lock lock(control.mutex);
    // Warm-up is bounded by the same grace as the requests in flight.
    const bool ready = control.changed.wait_for(lock, options.grace + options.duration,
                                                [&] { return control.arrived == n; });
    control.go = true;
    control.start = Clock::now();
    control.changed.notify_all();
    if (!ready) result.aborted = true;
  }
  {
    std::unique_lock lock(control.mutex);
    const bool done = control.changed.wait_until(lock, control.start + options.duration,
                                                 [&] { return control.finished == n; });
    if (!done) {
      control.stop = true;
      const bool drained =
          control.changed.wait_until(lock, control.start + options.duration + options.grace,
                                     [&] { return control.finished == n; });
      if (!drained) {
        result.aborted = true;
        std::lock_guard slots(slot_mutex);
        for (const auto& connection : connections) {
          if (connection) connection->abort();
        }
      }
    }
  }
  for (std::thread& thread : threads) thread.join();

  Clock::time_point last = control.start;
  for (ClientTally& tally : tallies) {
    result.clients_started += tally.started;
    result.time_bound_hit |= tally.unfinished;
    result.transport_failures += tally.transport_failures;
    last = std::max(last, tally.end);
    result.latencies_us.insert(result.latencies_us.end(), tally.latencies_us.begin(),
                               tally.latencies_us.end());
    for (const auto& [k, v] : tally.statuses) result.statuses[k] += v;
    for (const auto& [k, v] : tally.faults) result.faults[k] += v;
    for (const auto& [k, v] : tally.errors) result.errors[k] += v;
  }
  result.requests = result.latencies_us.size();
  result.seconds = std::chrono::duration<double>(last - control.start).count();
  std::sort(result.latencies_us.begin(), result.latencies_us.end());
  return result;
}

void print_problems(std::string_view label, const LoadResult& result) {
  const int n = static_cast<int>(label.size());
  for (const auto& [subcode, count] : result.faults) {
    std::fprintf(stderr, "%.*s: %zu x fault %s\n", n, label.data(), count, subcode.c_str());
  }
  for (const auto& [what, count] : result.errors) {
    std::fprintf(stderr, "%.*s: %zu x %s\n", n, label.data(), count, what.c_str());
  }
  if (result.transport_failures != 0 || result.aborted) {
    std::fprintf(stderr, "%.*s: %zu transport failures%s\n", n, label.data(),
                 result.transport_failures, result.aborted ? "; the run was aborted" : "");
  }
}

}  // namespace bench
