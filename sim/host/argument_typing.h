// Argument typing at the dispatch choke point: every in-parameter value is converted to the
// parameter's declared CIM type, or the call is refused — never truncated or guessed. Values may
// arrive typed (in process) or as text (the CLI, the WS-Man body), so text is parsed strictly:
//   integers   decimal digits (a leading '-' only for signed types), no spaces, within the type's
//              range — a uint16 given 70000 or "abc" is refused
//   boolean    true / false in any case
//   datetime   a DMTF datetime string
//   reference  a WMI object path string
//   string     any string; an embedded instance value is kept as it came
// An array parameter takes an array whose elements each convert. Pure functions.
#pragma once

#include "sim/host/class_def.h"
#include "wmi/cim/status.h"

namespace sim::host {

// `given` as `param` declares it; null stays null (of the declared type). Fails with
// invalid_parameter naming the parameter, the value and the type.
wmi::Result<wmi::CimValue> type_argument(const ParamSpec& param, const wmi::CimValue& given);

// The typed in-parameters of a call to `method`, in declaration order (absent ones null). Fails
// with invalid_parameter for a name the method does not declare as an in-parameter, a name given
// twice, or a value that does not convert.
wmi::Result<wmi::PropertyList> type_arguments(const MethodSpec& method,
                                              const wmi::PropertyList& in);

}  // namespace sim::host
