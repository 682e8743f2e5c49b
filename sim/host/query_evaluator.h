// Answers WQL (sim/host/wql) over the model: SELECT with WHERE and projection over a class and
// its subclasses; ASSOCIATORS OF and REFERENCES OF over the namespace's association instances.
// Reading a job counts as a poll. Not synchronised (HostState's rules).
#pragma once

#include <string_view>
#include <vector>

#include "sim/host/host_state.h"

namespace sim::host {

// Fails with kInvalidArgument for WQL that does not parse or names a class the namespace does not
// serve, and kNotFound for an ASSOCIATORS/REFERENCES source that does not exist.
wmi::Result<std::vector<wmi::Instance>> evaluate_query(HostState& state,
                                                       std::string_view canonical_namespace,
                                                       std::string_view wql);

}  // namespace sim::host
