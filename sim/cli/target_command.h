// `hvsim query|get|invoke --target wsman+http(s)://HOST:PORT/wsman`: the command against a
// WS-Management endpoint (a Windows host's WinRM listener, or `hvsim serve`) through
// wmi::WsmanConnection, which makes hvsim a Linux WMI client for Hyper-V hosts. Authentication:
// --auth none|basic|negotiate|ntlm|kerberos (default negotiate when --user is given, else none),
// --user, the password from the environment variable --password-env names (never from the command
// line), --ca FILE or --insecure for https, --spn-host, --timeout. Output and exit status are those
// of the same command against a simulated host (host_commands.h).
// Thread-safety: no shared state beyond the environment it reads.
#pragma once

#include <ostream>
#include <string_view>

#include "sim/cli/command_line.h"
#include "wmi/cim/instance.h"
#include "wmi/cim/object_path.h"
#include "wmi/cim/status.h"

namespace sim::cli {

// Runs `command` (query, get or invoke with target.url set). 0 done; 1 the command failed (the
// endpoint could not be reached or authenticated to, a fault, --expect mismatch); 2 unusable
// options (an unset --password-env variable, Basic over plain http to a remote host).
int run_target_command(const CommandLine& command, std::ostream& out, std::ostream& err);

// The Name=Value parameters (strings) of `method` on `target`'s class, typed as the simulator
// declares that method (sim/host's class catalogue), so that a reference given as a WMI path
// travels as an endpoint reference and a number as a number, as a real host needs; a relative
// reference takes the target's namespace. A parameter, method or class the simulator does not
// know stays a string, for the host to convert. kInvalidArgument when a value does not convert.
wmi::Result<wmi::PropertyList> wire_arguments(const wmi::ObjectPath& target,
                                              std::string_view method,
                                              const wmi::PropertyList& params);

}  // namespace sim::cli
