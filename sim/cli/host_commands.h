// Running one host command (query, get, invoke, disk, crash, clock) against a simulated host, and
// building that host from its setup. The same code runs a command the first time and replays it
// from a state file's journal, so a replay does exactly what the original run did.
// Thread-safety: a Host serialises its own calls; these functions keep no state.
#pragma once

#include <memory>
#include <ostream>

#include "sim/cli/command_line.h"
#include "sim/cli/state_file.h"
#include "sim/host/host.h"
#include "wmi/cim/status.h"

namespace sim::cli {

// A host built from `setup` on a fresh virtual clock at control::kDefaultEpoch. Fails when the
// fault rules or the inventory are rejected (the loaders' message).
// The options a host is built from (faults planned); kInvalidArgument for unusable fault rules.
wmi::Result<host::HostOptions> host_options(const HostSetup& setup);
wmi::Result<std::unique_ptr<host::Host>> build_host(const HostSetup& setup);

struct HostCommandResult {
  int exit_code = 0;
  // The command called the host in a way that may have changed it (every Connection and
  // DataPlane call, advancing the clock): a state file must record it. False when the command was
  // rejected before reaching the host, and for `clock now`.
  bool reached_host = false;
};

// Runs `command` (is_host_command(command.kind)) against `host`: results on `out`, at most one
// "hvsim: error: ..." line on `err`. Exit status 0, or 1 when the command failed (bad path or WQL
// syntax, a host error, a job that could not be waited for, a ReturnValue other than --expect).
// A query without --namespace runs in the namespace its OF {path} names, else in every namespace
// the host serves (host::kServedNamespaces), in that order.
HostCommandResult run_host_command(const CommandLine& command, host::Host& host, std::ostream& out,
                                   std::ostream& err);

// Runs query, get or invoke against any wmi::Connection (a --target): the same output as against
// a simulated host. A query without --namespace runs in the namespace its OF {path} names, else in
// root/virtualization/v2; invoke's Name=Value parameters are typed as the simulator declares the
// method (target_command.h wire_arguments); --wait sleeps --poll-interval between polls.
HostCommandResult run_connection_command(const CommandLine& command, wmi::Connection& connection,
                                         std::ostream& out, std::ostream& err);

}  // namespace sim::cli
