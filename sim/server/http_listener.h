// The HTTP(S) listener of `hvsim serve`: accepts WS-Management POSTs on /wsman over HTTP/1.1
// keep-alive (optionally TLS), authenticates each connection through an AuthPolicy, opens and
// closes message bodies through the connection's ConnectionAuth, and hands the SOAP body to a
// SoapHandler (http_exchange.h). Boost.Beast lives behind the pimpl, in the .cc files only.
//
// On the wire (every answer carries `Server: hvsim` and Content-Length):
//  - POST /wsman (any query string) is served; other paths are 404, other methods 405;
//  - each request is judged by the connection's ConnectionAuth: a challenge or a rejection is a
//    bare 401, one WWW-Authenticate header per value, the connection kept for the handshake; an
//    accepted request's body goes through open(), the SoapHandler, then close(), and the
//    verdict's final token (if any) rides on that answer. open() failing with kAuth (a plain
//    body where sealing is required) is a bare 500, as a real host answers; any other failure a
//    bare 400 and the connection closes;
//  - `WSMANIDENTIFY: unauthenticated` skips authentication and sealing altogether and sets
//    HttpRequest::unauthenticated_identify (the SOAP layer then allows Identify only);
//  - Expect: 100-continue is honoured.
//
// What it guarantees against misbehaving clients:
//  - a body longer than `body_limit` (by Content-Length, or a chunked body growing past it) is
//    answered with the OversizeHandler's answer (plain, before authentication), unread, and the
//    connection is closed; a header over `header_limit` is a 431, a malformed request a 400;
//  - a request (header and body) must arrive within `request_deadline` of its first byte, however
//    the client trickles it; a response must be taken within the same span;
//  - a connection waiting for its next request is closed after `idle_timeout`, one in its TLS
//    handshake after `handshake_timeout`;
//  - at most `max_connections` connections are open: at the cap a new connection evicts the
//    connection that has waited longest for a request (idle, in its handshake, or closing), and
//    when every connection is busy in a request it is refused at once (503 over plain http,
//    closed over TLS). So idle connections, however many, never keep a new client waiting; busy
//    ones hold their place for at most `request_deadline`.
// Requests are served on a fixed pool of `io_threads` threads; the SoapHandler runs on them, so
// a handler that blocks holds one of them. Nothing is logged from request headers or bodies.
//
// Thread-safety: port(), url(), open_connections() and stop() may be called from any thread but
// stop() not from inside a SoapHandler (it waits for handlers to return).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "sim/server/connection_auth.h"
#include "sim/server/http_exchange.h"
#include "sim/server/listen_address.h"
#include "wmi/cim/status.h"

namespace sim::server {

struct TlsFiles {
  std::string cert_file;  // PEM: the certificate, then any intermediates
  std::string key_file;   // PEM: the private key (unencrypted)
};

// Receives one line per notable event (refused connection, deadline passed, TLS failure). Lines
// never carry header values, bodies or anything from an Authorization header. Called from the
// io threads, concurrently.
using ListenerLog = std::function<void(std::string_view line)>;

struct ListenerOptions {
  ListenAddress address{"127.0.0.1", 5985, false};
  std::optional<TlsFiles> tls;  // set: https
  std::size_t io_threads = 0;   // 0: hardware concurrency clamped to 2..4

  std::size_t body_limit = 1024 * 1024;  // bytes of (sealed) body accepted per request
  std::size_t header_limit =
      64 * 1024;  // bytes of request line and fields (Kerberos tokens are big)
  std::chrono::milliseconds request_deadline{30'000};   // first byte to last byte of one request
  std::chrono::milliseconds idle_timeout{60'000};       // between requests on a connection
  std::chrono::milliseconds handshake_timeout{10'000};  // TLS handshake
  std::size_t max_connections = 256;
  std::chrono::milliseconds stop_grace{5'000};  // stop(): how long requests in flight may take
  // After an answer that ends a connection the listener stops sending, then discards what the
  // client still sends for at most this long, so that the client reads the answer rather than a
  // reset. Nothing is buffered.
  std::chrono::milliseconds linger{1'000};

  ListenerLog log;  // may be empty
};

class HttpListener {
 public:
  // Binds, listens and starts serving. Fails with kInvalidArgument when the options are unusable
  // (exposure rule of listen_address.h against policy->schemes(), unreadable TLS files, a null
  // policy or handler) and kTransport when the address cannot be bound.
  static wmi::Result<std::unique_ptr<HttpListener>> start(ListenerOptions options,
                                                          std::shared_ptr<AuthPolicy> policy,
                                                          SoapHandler handler,
                                                          OversizeHandler oversize);

  ~HttpListener();  // stop()
  HttpListener(const HttpListener&) = delete;
  HttpListener& operator=(const HttpListener&) = delete;

  std::uint16_t port() const;  // the bound port (the kernel's pick when asked for 0)
  std::string url() const;     // "http://127.0.0.1:PORT/wsman", "https://[::1]:PORT/wsman"
  std::size_t open_connections() const;

  // Stops accepting, closes idle connections, lets requests in flight finish for up to
  // stop_grace (their answers carry Connection: close), then closes the rest and joins the io
  // threads. Idempotent; returns when everything is closed.
  void stop();

  struct Impl;

 private:
  explicit HttpListener(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sim::server
