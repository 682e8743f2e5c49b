#include "wmi/wsman/curl_transport.h"

#include <curl/curl.h>
#include <fmt/format.h>

#include <mutex>
#include <string_view>

namespace wmi::wsman {
namespace {

CURL* handle(void* p) { return static_cast<CURL*>(p); }

// libcurl's global state, set up once for the process and never torn down (other threads may
// still hold handles at exit).
Status global_init() {
  static std::once_flag once;
  static CURLcode code = CURLE_OK;
  std::call_once(once, [] { code = curl_global_init(CURL_GLOBAL_DEFAULT); });
  if (code != CURLE_OK) {
    return invalid_argument(fmt::format("libcurl cannot start: {}", curl_easy_strerror(code)));
  }
  return {};
}

bool iequals_prefix(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' ||
                           text.back() == '\n')) {
    text.remove_suffix(1);
  }
  return text;
}

struct Received {
  HttpAnswer* answer = nullptr;
  std::size_t limit = 0;
  bool too_large = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* received = static_cast<Received*>(user);
  const std::size_t bytes = size * count;
  if (received->answer->body.size() + bytes > received->limit) {
    received->too_large = true;
    return 0;  // libcurl stops with CURLE_WRITE_ERROR
  }
  received->answer->body.append(data, bytes);
  return bytes;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* received = static_cast<Received*>(user);
  const std::size_t bytes = size * count;
  const std::string_view line(data, bytes);
  if (iequals_prefix(line, "http/")) {
    // A new status line (after a 100 Continue, say): only the final answer's headers count.
    received->answer->www_authenticate.clear();
  } else if (iequals_prefix(line, "www-authenticate:")) {
    received->answer->www_authenticate.emplace_back(
        trim(line.substr(std::string_view("www-authenticate:").size())));
  }
  return bytes;
}

}  // namespace

Result<std::unique_ptr<CurlTransport>> CurlTransport::create(TransportOptions options) {
  if (Status s = global_init(); !s.ok()) return s;
  std::unique_ptr<CurlTransport> out(new CurlTransport(std::move(options)));
  if (Status s = out->configure(); !s.ok()) return s;
  return out;
}

CurlTransport::~CurlTransport() {
  if (curl_) curl_easy_cleanup(handle(curl_));
}

void CurlTransport::disconnect() {
  if (curl_) curl_easy_cleanup(handle(curl_));
  curl_ = nullptr;
  // configure() only fails for options that create() already accepted.
  (void)configure();
}

Status CurlTransport::configure() {
  CURL* curl = curl_easy_init();
  if (!curl) return invalid_argument("libcurl cannot make a handle");
  curl_ = curl;
  const std::string url = options_.endpoint.url();
  bool ok = true;
  const auto set = [&](CURLoption option, auto value) {
    ok = ok && curl_easy_setopt(curl, option, value) == CURLE_OK;
  };
  set(CURLOPT_URL, url.c_str());
  set(CURLOPT_PROTOCOLS_STR, "http,https");
  set(CURLOPT_NOSIGNAL, 1L);
  set(CURLOPT_FOLLOWLOCATION, 0L);
  set(CURLOPT_PROXY, "");  // never a proxy from the environment
  set(CURLOPT_TCP_KEEPALIVE, 1L);
  set(CURLOPT_TCP_NODELAY, 1L);
  set(CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout.count()));
  set(CURLOPT_TIMEOUT_MS, static_cast<long>(options_.request_timeout.count()));
  set(CURLOPT_USERAGENT, "hvsim WS-Management client");
  set(CURLOPT_MAXCONNECTS, 1L);
  if (options_.endpoint.tls) {
    if (options_.insecure) {
      set(CURLOPT_SSL_VERIFYPEER, 0L);
      set(CURLOPT_SSL_VERIFYHOST, 0L);
    } else {
      set(CURLOPT_SSL_VERIFYPEER, 1L);
      set(CURLOPT_SSL_VERIFYHOST, 2L);
      if (!options_.ca_file.empty()) set(CURLOPT_CAINFO, options_.ca_file.c_str());
    }
  }
  if (options_.basic) {
    set(CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
    set(CURLOPT_USERNAME, options_.basic->user.c_str());
    set(CURLOPT_PASSWORD, options_.basic->password.c_str());
  }
  set(CURLOPT_WRITEFUNCTION, &on_body);
  set(CURLOPT_HEADERFUNCTION, &on_header);
  if (!ok) {
    return invalid_argument(
        "libcurl refuses the connection settings (does it support https and these options?)");
  }
  return {};
}

Result<HttpAnswer> CurlTransport::post(const HttpPost& request) {
  if (!curl_) return Status(StatusKind::kTransport, "no libcurl handle");
  CURL* curl = handle(curl_);
  HttpAnswer answer;
  Received received{&answer, options_.max_answer_bytes, false};
  char error[CURL_ERROR_SIZE] = {};

  curl_slist* headers = nullptr;
  const auto add = [&](const std::string& header) {
    headers = curl_slist_append(headers, header.c_str());
  };
  // "Content-Type:" alone removes libcurl's default form type.
  add(request.content_type.empty() ? std::string("Content-Type:")
                                   : "Content-Type: " + request.content_type);
  if (!request.authorization.empty()) add("Authorization: " + request.authorization);
  add("Expect:");
  add("Accept:");

  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_POST, 1L);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &received);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &received);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);

  const CURLcode code = curl_easy_perform(curl);

  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, nullptr);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, nullptr);
  curl_slist_free_all(headers);

  if (received.too_large) {
    return Status(StatusKind::kProtocol,
                  fmt::format("the answer from {} is larger than {} bytes", options_.endpoint.url(),
                              options_.max_answer_bytes));
  }
  if (code != CURLE_OK) {
    const std::string reason = error[0] != '\0' ? std::string(error) : curl_easy_strerror(code);
    return Status(StatusKind::kTransport,
                  fmt::format("{}: {}", options_.endpoint.url(), std::string(trim(reason))));
  }
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  answer.status = static_cast<int>(status);
  char* content_type = nullptr;
  if (curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &content_type) == CURLE_OK && content_type) {
    answer.content_type = content_type;
  }
  long connects = 0;
  curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &connects);
  answer.new_connection = connects > 0;
  return answer;
}

}  // namespace wmi::wsman
