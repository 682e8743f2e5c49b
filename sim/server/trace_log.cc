#include "sim/server/trace_log.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "wmi/wsman/body_charset.h"

namespace sim::server {
namespace {

// `body` as UTF-8 text for the trace (bodies that are not text are written as a note).
std::string as_text(const std::string& body, const std::string& content_type) {
  namespace ws = wmi::wsman;
  auto charset = ws::detect_charset(body, content_type);
  if (!charset.ok()) return "(body in an unsupported charset)";
  auto text = ws::to_utf8(body, *charset);
  if (!text.ok()) return "(body that is not valid text: " + text.status().message() + ")";
  return std::move(*text);
}

}  // namespace

wmi::Result<std::shared_ptr<TraceLog>> TraceLog::open(const std::string& path) {
  std::ofstream out(path, std::ios::app | std::ios::binary);
  if (!out) return wmi::invalid_argument("cannot open the trace file " + path + " for appending");
  return std::shared_ptr<TraceLog>(new TraceLog(std::move(out)));
}

void TraceLog::record(const HttpRequest& request, const HttpResponse& response) {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  nlohmann::json line = {
      {"time", fmt::format("{:%FT%TZ}", now)},
      {"user", request.user},
      {"request_content_type", request.content_type},
      {"request", as_text(request.body, request.content_type)},
      {"status", response.status},
      {"response_content_type", response.content_type},
      {"response", as_text(response.body, response.content_type)},
  };
  std::lock_guard lock(mutex_);
  line["seq"] = ++sequence_;
  out_ << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  out_.flush();
}

SoapHandler TraceLog::wrap(std::shared_ptr<TraceLog> log, SoapHandler handler) {
  return [log = std::move(log), handler = std::move(handler)](const HttpRequest& request) {
    HttpResponse response = handler(request);
    log->record(request, response);
    return response;
  };
}

}  // namespace sim::server
