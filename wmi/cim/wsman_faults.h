// The WS-Management faults hvsim speaks (spec/wsman-wire.md "Faults"), one vocabulary for every
// layer: the simulator answers them as wmi::Status values in process, the WS-Man endpoint sends
// them as SOAP faults, and the WS-Man client reads them back into the same Status. Subcodes are
// written with the conventional prefixes (s, a, w, n) of spec/wsman-wire.md. Constant data and
// pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "wmi/cim/status.h"

namespace wmi {

enum class WsmanFault {
  kDestinationUnreachable,     // unknown class / instance not found
  kInvalidSelectors,           // bad or missing selectors
  kActionNotSupported,         // unknown action or method
  kCannotProcessFilter,        // bad WQL or unknown class in WQL
  kInvalidEnumerationContext,  // expired or unknown enumeration context
  kEncodingLimit,              // message larger than MaxEnvelopeSize
  kSchemaValidationError,      // malformed body, wrong element shape
  kInvalidParameter,           // bad parameter value
  kTimedOut,                   // OperationTimeout expired
  kAccessDenied,               // access denied after authentication
  kInternalError,              // the service failed
};

struct WsmanFaultInfo {
  std::string_view code;     // "s:Sender" or "s:Receiver"
  std::string_view subcode;  // e.g. "w:InvalidSelectors"
  std::uint32_t wsman_code;  // f:WSManFault Code
};

const WsmanFaultInfo& info(WsmanFault fault);

// A kFault Status carrying `fault`'s detail and `message`.
Status wsman_fault(WsmanFault fault, std::string message);

// The fault a detail names (by subcode), or nullopt for a subcode outside the table.
std::optional<WsmanFault> wsman_fault_of(const FaultDetail& detail);

}  // namespace wmi
