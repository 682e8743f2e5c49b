#include "wmi/cim/wsman_faults.h"

#include <array>

namespace wmi {
namespace {

constexpr std::array<WsmanFaultInfo, 11> kFaults{{
    {"s:Sender", "a:DestinationUnreachable", 2150858752u},
    {"s:Sender", "w:InvalidSelectors", 2150858813u},
    {"s:Sender", "a:ActionNotSupported", 2150858771u},
    {"s:Sender", "n:CannotProcessFilter", 2150858778u},
    {"s:Receiver", "n:InvalidEnumerationContext", 2150858779u},
    {"s:Sender", "w:EncodingLimit", 2150858805u},
    {"s:Sender", "w:SchemaValidationError", 2150858817u},
    {"s:Sender", "w:InvalidParameter", 2150858810u},
    {"s:Receiver", "w:TimedOut", 2150858793u},
    {"s:Sender", "w:AccessDenied", 5u},
    {"s:Receiver", "w:InternalError", 2147500037u},
}};

}  // namespace

const WsmanFaultInfo& info(WsmanFault fault) { return kFaults[static_cast<std::size_t>(fault)]; }

Status wsman_fault(WsmanFault fault, std::string message) {
  const WsmanFaultInfo& i = info(fault);
  FaultDetail detail{std::string(i.code), std::string(i.subcode), i.wsman_code, message};
  return Status::fault(std::move(detail), std::move(message));
}

std::optional<WsmanFault> wsman_fault_of(const FaultDetail& detail) {
  for (std::size_t i = 0; i < kFaults.size(); ++i) {
    if (kFaults[i].subcode == detail.subcode) return static_cast<WsmanFault>(i);
  }
  return std::nullopt;
}

}  // namespace wmi
