// Server: `hvsim serve` as an object — a simulated host on a real-time scaled clock, optionally
// decorated with the control namespace root/hvsim, served over WS-Management (wsman_service.h)
// by the HTTP(S) listener (http_listener.h) with the given authentication, optionally traced.
// The CLI, the peers' tests and the wire benchmark all start it this way.
//
// Thread-safety: url(), port(), host() and stop() may be called from any thread; stop() not from
// a request handler.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "sim/control/scaled_clock.h"
#include "sim/host/host.h"
#include "sim/server/connection_auth.h"
#include "sim/server/http_listener.h"
#include "sim/server/wsman_service.h"

namespace sim::server {

struct ServerConfig {
  host::HostOptions host;  // inventory, profile, seed, faults (its clock is replaced)
  double time_scale = 1;   // simulated seconds per real second
  bool enable_control = false;
  ListenerOptions listener;
  std::shared_ptr<AuthPolicy> auth;  // required
  std::optional<std::string> trace_file;
  WsmanServiceOptions service;  // missing_instance_fault is taken from the host's profile
};

class Server {
 public:
  // Builds the host and starts listening. kInvalidArgument for unusable settings (a bad
  // inventory, time scale, trace file, the exposure rule), kTransport when the address cannot be
  // bound; nothing keeps running after a failure.
  static wmi::Result<std::unique_ptr<Server>> start(ServerConfig config);
  ~Server();

  std::string url() const { return listener_->url(); }
  std::uint16_t port() const { return listener_->port(); }
  host::Host& host() { return *host_; }
  control::ScaledClock& clock() { return *clock_; }
  // Finishes the requests in flight, then closes every connection. Idempotent.
  void stop();

 private:
  Server() = default;

  std::shared_ptr<control::ScaledClock> clock_;
  std::shared_ptr<host::Host> host_;
  std::shared_ptr<WsmanService> service_;
  std::unique_ptr<HttpListener> listener_;
};

}  // namespace sim::server
