#include "sim/host/wsman_faults.h"

namespace sim::host {

namespace {

wmi::Status sender_fault(std::string subcode, std::uint32_t code, std::string message) {
  wmi::FaultDetail detail{"s:Sender", std::move(subcode), code, message};
  return wmi::Status::fault(std::move(detail), std::move(message));
}

}  // namespace

wmi::Status invalid_selectors(std::string message) {
  return sender_fault("w:InvalidSelectors", 2150858813u, std::move(message));
}
wmi::Status invalid_parameter(std::string message) {
  return sender_fault("w:InvalidParameter", 2150858810u, std::move(message));
}
wmi::Status action_not_supported(std::string message) {
  return sender_fault("a:ActionNotSupported", 2150858771u, std::move(message));
}

}  // namespace sim::host
