// `hvsim serve`: builds the server (sim/server/server.h) from the command line and the host
// setup, prints "hvsim: listening on <url>" once ready, and serves until SIGINT or SIGTERM, then
// finishes the requests in flight and returns 0. Refuses unusable settings (the exposure rule,
// missing users or keytab, a lone --tls-cert) with one line on `err` and 2, before listening.
// Must be called before the process starts other threads (it blocks SIGINT and SIGTERM).
#pragma once

#include <ostream>

#include "sim/cli/command_line.h"
#include "sim/cli/state_file.h"

namespace sim::cli {

int run_serve(const CommandLine& command, const HostSetup& setup, std::ostream& out,
              std::ostream& err);

}  // namespace sim::cli
