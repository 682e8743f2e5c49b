#include "wmi/wsman/fault_status.h"

#include <fmt/format.h>

#include "wmi/cim/wsman_faults.h"

namespace wmi::wsman {

Status status_of_fault(const FaultResponse& fault) {
  StatusKind kind = StatusKind::kFault;
  if (auto known = wsman_fault_of(fault.detail)) {
    switch (*known) {
      case WsmanFault::kDestinationUnreachable:
        kind = StatusKind::kNotFound;
        break;
      case WsmanFault::kCannotProcessFilter:
      case WsmanFault::kInvalidParameter:
        kind = StatusKind::kInvalidArgument;
        break;
      case WsmanFault::kAccessDenied:
        kind = StatusKind::kAuth;
        break;
      default:
        break;
    }
  }
  std::string message = fault.detail.message;
  if (message.empty()) {
    message = fault.detail.subcode.empty() ? fault.detail.code : fault.detail.subcode;
  }
  if (!fault.machine.empty()) message = fmt::format("{} (from {})", message, fault.machine);
  return Status::fault(fault.detail, std::move(message), kind);
}

}  // namespace wmi::wsman
