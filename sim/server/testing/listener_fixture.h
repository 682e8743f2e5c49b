// Test-only: what the HTTP listener's tests share: short loopback options, an echoing handler
// that records what reached it, an oversize answer the tests can recognise, and a log sink.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sim/server/http_listener.h"

namespace sim::server::testing {

// Loopback, port 0, two io threads, every span short so that no test waits long.
inline ListenerOptions test_options() {
  ListenerOptions o;
  o.address = ListenAddress{"127.0.0.1", 0, false};
  o.io_threads = 2;
  o.body_limit = 64 * 1024;
  o.header_limit = 8 * 1024;
  o.request_deadline = std::chrono::milliseconds(2000);
  o.idle_timeout = std::chrono::milliseconds(3000);
  o.handshake_timeout = std::chrono::milliseconds(2000);
  o.stop_grace = std::chrono::milliseconds(2000);
  o.linger = std::chrono::milliseconds(300);
  return o;
}

inline HttpResponse oversize_answer(std::size_t limit) {
  return {500, "application/soap+xml;charset=UTF-8", "oversize:" + std::to_string(limit)};
}

// Answers "echo:<body>" (200, text/xml) and keeps every request it saw.
class Recorder {
 public:
  SoapHandler handler() {
    return [this](const HttpRequest& request) {
      {
        std::lock_guard lock(mu_);
        seen_.push_back(request);
      }
      ++calls;
      return HttpResponse{200, "application/soap+xml;charset=UTF-8", "echo:" + request.body};
    };
  }
  std::vector<HttpRequest> seen() const {
    std::lock_guard lock(mu_);
    return seen_;
  }
  std::atomic<int> calls{0};

 private:
  mutable std::mutex mu_;
  std::vector<HttpRequest> seen_;
};

// Collects the listener's log lines.
class LogSink {
 public:
  ListenerLog log() {
    return [this](std::string_view line) {
      std::lock_guard lock(mu_);
      lines_.emplace_back(line);
    };
  }
  std::vector<std::string> lines() const {
    std::lock_guard lock(mu_);
    return lines_;
  }

 private:
  mutable std::mutex mu_;
  std::vector<std::string> lines_;
};

inline std::unique_ptr<HttpListener> must_start(ListenerOptions options,
                                                std::shared_ptr<AuthPolicy> policy,
                                                SoapHandler handler) {
  auto started = HttpListener::start(std::move(options), std::move(policy), std::move(handler),
                                     oversize_answer);
  EXPECT_TRUE(started.ok()) << started.status().to_string();
  return started.ok() ? std::move(started).value() : nullptr;
}

}  // namespace sim::server::testing
