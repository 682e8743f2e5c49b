#include "sim/cli/serve_command.h"

#include <fmt/format.h>
#include <signal.h>

#include "sim/cli/error_line.h"
#include "sim/cli/host_commands.h"
#include "sim/server/auth_policies.h"
#include "sim/server/server.h"

namespace sim::cli {
namespace {

int usage(std::ostream& err, const std::string& message) {
  print_error(err, message);
  return 2;
}

}  // namespace

int run_serve(const CommandLine& command, const HostSetup& setup, std::ostream& out,
              std::ostream& err) {
  const ServeOptions& o = command.serve;
  if (o.tls_cert.has_value() != o.tls_key.has_value()) {
    return usage(err, "--tls-cert and --tls-key go together");
  }
  auto address = server::parse_listen_address(o.listen);
  if (!address.ok()) return usage(err, "--listen: " + address.status().message());
  const server::AuthMode mode = o.auth == "basic"       ? server::AuthMode::kBasic
                                : o.auth == "negotiate" ? server::AuthMode::kNegotiate
                                                        : server::AuthMode::kNone;
  if (auto exposure = server::check_exposure(*address, mode, o.tls_cert.has_value());
      !exposure.ok()) {
    return usage(err, exposure.message());
  }
  auto auth = server::make_auth_policy(server::AuthSettings{
      .mode = o.auth, .users_file = o.users.value_or(""), .keytab = o.keytab.value_or("")});
  if (!auth.ok()) return usage(err, "--auth " + o.auth + ": " + auth.status().message());

  auto host = host_options(setup);
  if (!host.ok()) return usage(err, host.status().message());
  server::ServerConfig config;
  config.host = std::move(*host);
  config.time_scale = o.time_scale;
  config.enable_control = o.enable_control;
  config.listener.address = *address;
  if (o.tls_cert) config.listener.tls = server::TlsFiles{*o.tls_cert, *o.tls_key};
  config.listener.max_connections = o.max_connections;
  config.listener.log = [&err](std::string_view line) { err << "hvsim: " << line << "\n"; };
  config.auth = std::shared_ptr<server::AuthPolicy>(std::move(*auth));
  config.trace_file = o.trace;
  config.service.max_envelope_size = o.max_envelope_size;
  config.service.enumeration_timeout = std::chrono::milliseconds(o.enumeration_timeout_ms);
  if (mode == server::AuthMode::kBasic) {
    config.service.security_profiles = {
        "http://schemas.dmtf.org/wbem/wsman/1/wsman/secprofile/http/basic"};
  } else if (mode == server::AuthMode::kNegotiate) {
    config.service.security_profiles = {
        "http://schemas.dmtf.org/wbem/wsman/1/wsman/secprofile/http/spnego-kerberos"};
  }

  // Signals are taken by sigwait below, never by a handler: block them before any thread starts.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  auto server = server::Server::start(std::move(config));
  if (!server.ok()) {
    print_error(err, server.status().message());
    return server.status().kind() == wmi::StatusKind::kInvalidArgument ? 2 : 1;
  }
  out << "hvsim: listening on " << (*server)->url() << std::endl;
  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  err << fmt::format("hvsim: {}: finishing requests in flight\n",
                     signal_number == SIGINT ? "SIGINT" : "SIGTERM");
  (*server)->stop();
  return 0;
}

}  // namespace sim::cli
