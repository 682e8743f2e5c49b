#include "sim/server/server.h"

#include "sim/server/control_namespace.h"
#include "sim/server/trace_log.h"

namespace sim::server {

wmi::Result<std::unique_ptr<Server>> Server::start(ServerConfig config) {
  if (!config.auth) return wmi::invalid_argument("no authentication policy");
  std::unique_ptr<Server> server(new Server());
  auto clock = control::ScaledClock::create(control::kDefaultEpoch, config.time_scale);
  if (!clock.ok()) return wmi::invalid_argument("--time-scale: " + clock.status().message());
  server->clock_ = std::move(*clock);
  config.host.clock = server->clock_;
  config.service.missing_instance_fault = config.host.profile.missing_instance_fault;
  auto host = host::Host::create(std::move(config.host));
  if (!host.ok()) return host.status();
  server->host_ = std::move(*host);

  std::shared_ptr<wmi::Connection> connection = server->host_;
  if (config.enable_control) {
    auto controlled = ControlledHost::create(server->host_, server->clock_);
    if (!controlled.ok()) return controlled.status();
    connection = std::shared_ptr<wmi::Connection>(std::move(*controlled));
  }
  // Sealed bodies carry a little more than the envelope; the service checks the envelope itself.
  config.listener.body_limit = config.service.max_envelope_size + 4096;
  server->service_ = std::make_shared<WsmanService>(connection, std::move(config.service));
  SoapHandler handler = [service = server->service_](const HttpRequest& request) {
    return service->handle(request);
  };
  if (config.trace_file) {
    auto trace = TraceLog::open(*config.trace_file);
    if (!trace.ok()) return trace.status();
    handler = TraceLog::wrap(std::move(*trace), std::move(handler));
  }
  OversizeHandler oversize = [service = server->service_](std::size_t limit) {
    return service->oversize(limit);
  };
  auto listener = HttpListener::start(std::move(config.listener), std::move(config.auth),
                                      std::move(handler), std::move(oversize));
  if (!listener.ok()) return listener.status();
  server->listener_ = std::move(*listener);
  return server;
}

Server::~Server() { stop(); }

void Server::stop() {
  if (listener_) listener_->stop();
}

}  // namespace sim::server
