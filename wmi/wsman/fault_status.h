// What a SOAP fault from a WS-Management endpoint means to a wmi::Connection caller: the Status
// the client returns for it, always keeping the fault's detail (code, subcode, f:WSManFault Code,
// message). One mapping, the inverse of what the endpoint (sim/server/wsman_service.h) does, so
// that the in-process host and the wire answer alike:
//
//   a:DestinationUnreachable                 kNotFound         (class or instance not there)
//   n:CannotProcessFilter                    kInvalidArgument  (bad WQL, unknown class in WQL)
//   w:InvalidParameter                       kInvalidArgument  (a parameter value refused)
//   w:AccessDenied                           kAuth             (authenticated, not authorised)
//   anything else (w:InvalidSelectors,       kFault            (as the in-process host reports
//   a:ActionNotSupported, w:TimedOut, ...)                      w:InvalidSelectors itself)
//
// The message is the fault's own text (s:Reason, or the innermost f:Message), with the machine
// that sent it when known. Pure function; thread-safe.
#pragma once

#include "wmi/cim/status.h"
#include "wmi/wsman/message.h"

namespace wmi::wsman {

Status status_of_fault(const FaultResponse& fault);

}  // namespace wmi::wsman
