// The single dispatch choke point of the simulated host: every get, query and invoke passes here,
// in this order —
//   1. jobs whose TimeBeforeRemoval has passed are removed;
//   2. the namespace and class are resolved (absent from that namespace: kNotFound);
//   3. selectors are validated against the class's keys, or the profile's singleton selectors
//      for services (w:InvalidSelectors fault), and the instance is found (kNotFound);
//   4. (invoke) the method is found (a:ActionNotSupported) and its arguments typed
//      (w:InvalidParameter, argument_typing.h);
//   5. fault rules decide (fault_rules.h): a transport fault ends the call with a Status, a delay
//      advances the virtual clock, a return code is answered at once, a failed or timed-out job
//      is started instead of the work — so a fault never leaves partial state;
//   6. the method is checked and, per the profile's delivery for it, answered at once (its code,
//      or 0 with out-parameters) or through a job that does the work when it finishes (4096 and a
//      Job reference; a result then only through Msvm_AffectedJobElement — except for a
//      read-only method, which runs at once and whose out-parameters come with the 4096).
// Reads of a job (a Get, or its appearance in a query) count as polls and move it.
// Not synchronised: the Host holds its lock around these.
#pragma once

#include <string_view>
#include <vector>

#include "sim/host/host_state.h"
#include "wmi/cim/connection.h"

namespace sim::host {

wmi::Result<wmi::Instance> dispatch_get(HostState& state, const wmi::ObjectPath& path);
wmi::Result<std::vector<wmi::Instance>> dispatch_query(HostState& state,
                                                       std::string_view namespace_name,
                                                       std::string_view wql);
wmi::Result<wmi::MethodResult> dispatch_invoke(HostState& state, const wmi::ObjectPath& target,
                                               std::string_view method,
                                               const wmi::PropertyList& in);

}  // namespace sim::host
