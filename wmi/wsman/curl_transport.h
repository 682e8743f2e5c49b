// CurlTransport: one HTTP(S) connection to a WS-Management endpoint, through one libcurl easy
// handle that is kept for the whole session, so that requests share one keep-alive TCP (and TLS)
// connection, as NTLM and Kerberos, which authenticate a connection, need. libcurl only carries
// bytes here: the caller builds the Authorization header and seals bodies itself (soap_channel.h),
// except for Basic, which libcurl sends on every request when credentials are given.
//
// HTTPS verifies the server's certificate and host name against `ca_file` (or the system's CA store
// when it is empty), unless `insecure`. Every POST must complete within `request_timeout` and
// connect within `connect_timeout`; an answer larger than `max_answer_bytes` is abandoned.
// Redirects are not followed; proxies from the environment are not used (WinRM clients talk to
// the host directly); no "Expect: 100-continue".
//
// Failure contract of post(): kTransport (with libcurl's reason) when no complete HTTP answer came
// back: connection refused or reset, DNS, a TLS handshake or certificate verification failure,
// a timeout; kProtocol for an answer over the size limit. Any HTTP status is a successful post().
// Secrets (the Basic password, Authorization values) are never put in a message.
//
// Thread-safety: one request at a time; not synchronised.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "wmi/cim/status.h"
#include "wmi/wsman/wsman_target.h"

namespace wmi::wsman {

struct BasicCredentials {
  std::string user;
  std::string password;  // a secret
};

struct TransportOptions {
  WsmanEndpoint endpoint;
  std::string ca_file;    // PEM bundle that verifies an https server; "": the system's store
  bool insecure = false;  // https without verifying the certificate or host name
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds request_timeout{60'000};
  std::size_t max_answer_bytes = 64 * 1024 * 1024;
  std::optional<BasicCredentials> basic;  // libcurl sends Basic with every request
};

struct HttpPost {
  std::string content_type;  // "" for an empty body
  std::string body;
  std::string authorization;  // the Authorization header's value; "" for none
};

struct HttpAnswer {
  int status = 0;
  std::string content_type;
  std::vector<std::string> www_authenticate;  // one value per header line, in order
  std::string body;
  bool new_connection = false;  // the request went out on a connection opened for it
};

class CurlTransport {
 public:
  // kInvalidArgument when libcurl cannot be set up with the options (e.g. it lacks TLS support).
  static Result<std::unique_ptr<CurlTransport>> create(TransportOptions options);
  ~CurlTransport();
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  Result<HttpAnswer> post(const HttpPost& request);

  // Closes the connection; the next post() opens a new one.
  void disconnect();

  const TransportOptions& options() const { return options_; }

 private:
  explicit CurlTransport(TransportOptions options) : options_(std::move(options)) {}
  Status configure();

  TransportOptions options_;
  void* curl_ = nullptr;  // CURL*, kept out of this header
};

}  // namespace wmi::wsman
