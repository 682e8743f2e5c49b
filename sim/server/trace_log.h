// `hvsim serve --trace FILE`: every request/response pair, appended to FILE as one JSON object per
// line (JSON Lines), in a form that becomes test fixtures with a one-line jq:
//   {"seq":1,"time":"2026-12-07T19:40:00Z","user":"alice","request_content_type":"…",
//    "request":"<s:Envelope…>","status":200,"response_content_type":"…","response":"<s:Envelope…>"}
// Bodies are written as received, after message encryption was removed; UTF-16 bodies are written
// as UTF-8. Credentials never reach the trace: HTTP headers (Authorization) are not recorded,
// and the handler never sees them. Thread-safety: record() may be called concurrently (one mutex).
#pragma once

#include <cstdint>
#include <fstream>
#include <memory>
#include <mutex>
#include <string>

#include "sim/server/http_exchange.h"
#include "wmi/cim/status.h"

namespace sim::server {

class TraceLog {
 public:
  // Opens `path` for appending; kInvalidArgument naming the file when it cannot be opened.
  static wmi::Result<std::shared_ptr<TraceLog>> open(const std::string& path);

  void record(const HttpRequest& request, const HttpResponse& response);

  // `handler` with every exchange recorded in `log`.
  static SoapHandler wrap(std::shared_ptr<TraceLog> log, SoapHandler handler);

 private:
  explicit TraceLog(std::ofstream out) : out_(std::move(out)) {}

  std::mutex mutex_;
  std::ofstream out_;
  std::uint64_t sequence_ = 0;
};

}  // namespace sim::server
