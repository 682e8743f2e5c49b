// Test-only: a blocking HTTP/1.1 client on a raw loopback socket, so that tests can send exactly
// the bytes they mean (trickled, truncated, oversized, pipelined) and see exactly what comes back.
// Every call is bounded by the socket timeouts given at construction. Not synchronised: one
// thread per client.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sim::server::testing {

struct RawResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased, in order
  std::string body;

  // The first value of a header ("" when absent) and how many times it occurs.
  std::string header(std::string_view name) const;
  std::size_t count(std::string_view name) const;
  std::vector<std::string> all(std::string_view name) const;
};

class RawClient {
 public:
  // Connects to 127.0.0.1:port; connected() tells whether it worked.
  explicit RawClient(std::uint16_t port,
                     std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));
  ~RawClient();
  RawClient(RawClient&& other) noexcept;
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;
  RawClient& operator=(RawClient&&) = delete;

  bool connected() const { return fd_ >= 0; }
  int fd() const { return fd_; }

  // Sends all of `data` (no SIGPIPE); false on error or timeout.
  bool send(std::string_view data);
  // Reads one response framed by Content-Length (or until EOF without it); nullopt on EOF before
  // a full header, an error or a timeout. A "100 Continue" interim answer is returned as is.
  std::optional<RawResponse> read_response();
  // True when the server closes the connection (EOF or reset) within `timeout`; bytes that
  // arrive meanwhile are discarded.
  bool closed_within(std::chrono::milliseconds timeout);
  // Closes with a reset (SO_LINGER 0) rather than a FIN.
  void reset();
  void close();

 private:
  bool fill();  // reads more into buffer_; false on EOF/error/timeout

  int fd_ = -1;
  std::string buffer_;
};

// "POST /wsman HTTP/1.1" with Host, Content-Type, Content-Length and `extra_headers` (each
// "Name: value\r\n"), then the body.
std::string post_request(std::string_view body, std::string_view extra_headers = "",
                         std::string_view target = "/wsman");

// Raises the soft RLIMIT_NOFILE towards `wanted`; returns the soft limit now in force.
std::size_t raise_fd_limit(std::size_t wanted);

}  // namespace sim::server::testing
