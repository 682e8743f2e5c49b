// The WS-Management faults the dispatcher answers with (spec/wsman-wire.md "Faults"), as
// wmi::Status values, so that an in-process caller sees exactly what a WS-Man client would.
#pragma once

#include <string>

#include "wmi/cim/status.h"

namespace sim::host {

// s:Sender / w:InvalidSelectors (2150858813): bad, missing or extra selectors.
wmi::Status invalid_selectors(std::string message);
// s:Sender / w:InvalidParameter (2150858810): a parameter value that does not fit its type.
wmi::Status invalid_parameter(std::string message);
// s:Sender / a:ActionNotSupported (2150858771): no such method on the class.
wmi::Status action_not_supported(std::string message);

}  // namespace sim::host
