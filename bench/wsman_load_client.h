// The wire benchmark's load driver (bench/wsman_bench.cc): keep-alive HTTP/1.1 clients posting SOAP
// envelopes to a WS-Management endpoint (`hvsim serve`, or the limit probe) on loopback.
//
// WireConnection is one synchronous keep-alive connection (Boost.Beast, kept inside the .cc).
// run_load starts N threads, each with its own connection and its own ClientScript (what to send
// next, what to make of the answer), lets every client warm up, then releases them together and
// times the phase in which they post as fast as answers come back. The phase is bounded both in
// count (max_requests per client) and in time (duration, then `grace` for the requests in flight,
// after which the connections are shut down under the clients' feet): it always ends.
// Every answered request's latency (send to last byte received) is kept for percentiles, with the
// HTTP statuses, the SOAP faults by subcode and the scripts' verdicts.
//
// Thread-safety: a WireConnection is used by one thread at a time, except abort(), which any
// thread may call. run_load may be called from any thread; it calls each script from one thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wmi/cim/status.h"

namespace bench {

inline constexpr std::string_view kSoapUtf8 = "application/soap+xml;charset=UTF-8";

struct Endpoint {
  std::string host = "127.0.0.1";  // numeric IPv4 address
  std::uint16_t port = 0;
  std::string target = "/wsman";
};

struct HttpReply {
  int status = 0;
  std::string content_type;
  std::string body;
};

class WireConnection {
 public:
  // Connects (TCP_NODELAY). kTransport when the endpoint cannot be reached. Answers with a body
  // longer than `body_limit` fail the post that reads them.
  static wmi::Result<std::unique_ptr<WireConnection>> open(const Endpoint& endpoint,
                                                           std::size_t body_limit);
  ~WireConnection();
  WireConnection(const WireConnection&) = delete;
  WireConnection& operator=(const WireConnection&) = delete;

  // POSTs `soap` and reads the whole answer. kTransport on any socket or HTTP failure, or when
  // the server closes the connection with its answer; the connection is unusable afterwards.
  wmi::Result<HttpReply> post(std::string_view soap, std::string_view content_type = kSoapUtf8);

  // Shuts the socket down: a post in progress on another thread fails promptly. Thread-safe.
  void abort();

 private:
  struct Impl;
  explicit WireConnection(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// What a script makes of one answer.
struct Verdict {
  enum class Kind {
    kOk,     // the answer is what the script expected
    kFault,  // a SOAP fault; `detail` is its subcode (e.g. "w:InvalidSelectors")
    kError,  // anything else (wrong status, unreadable answer, unexpected ReturnValue); `detail`
  };
  Kind kind = Kind::kOk;
  std::string detail;
};

// One client's side of the conversation. Called from that client's thread only.
class ClientScript {
 public:
  virtual ~ClientScript() = default;
  // The next envelope to send, or nullopt when the script has nothing more to say.
  virtual std::optional<std::string> next() = 0;
  // The answer to the envelope next() returned last.
  virtual Verdict judge(const HttpReply& reply) = 0;
};

using ScriptFactory = std::function<std::unique_ptr<ClientScript>(std::size_t client)>;

struct LoadOptions {
  std::size_t clients = 1;
  std::size_t warmup_requests = 0;           // per client, before the timed phase; not counted
  std::size_t max_requests = 1000;           // per client, in the timed phase (the count bound)
  std::chrono::milliseconds duration{1000};  // the timed phase stops sending after this
  std::chrono::milliseconds grace{10'000};   // then requests in flight get this long
  std::size_t body_limit = 16u << 20;        // largest answer body read
};

struct LoadResult {
  std::size_t clients_started = 0;            // connected and warmed up
  std::size_t requests = 0;                   // answered in the timed phase
  double seconds = 0;                         // wall time of the timed phase
  std::vector<double> latencies_us;           // one per answered request, sorted
  std::map<int, std::size_t> statuses;        // HTTP status → answers
  std::map<std::string, std::size_t> faults;  // SOAP fault subcode → answers
  std::map<std::string, std::size_t> errors;  // kError details, transport failures → count
  std::size_t transport_failures = 0;  // connects and posts that failed (each ends its client)
  bool time_bound_hit = false;         // some client still had requests to send when time ran out
  bool aborted = false;                // the grace ran out: connections were shut down

  double requests_per_second() const;
  // The q-quantile (0..1) of the latencies, nearest rank; 0 when nothing was answered.
  double percentile_us(double q) const;
};

LoadResult run_load(const Endpoint& endpoint, const LoadOptions& options,
                    const ScriptFactory& make_script);

// Prints to stderr, under `label`, what went wrong in a run (faults, errors, transport failures,
// an abort); nothing when nothing did.
void print_problems(std::string_view label, const LoadResult& result);

}  // namespace bench
