#include "sim/host/wsman_faults.h"

#include "wmi/cim/wsman_faults.h"

namespace sim::host {

wmi::Status invalid_selectors(std::string message) {
  return wmi::wsman_fault(wmi::WsmanFault::kInvalidSelectors, std::move(message));
}
wmi::Status invalid_parameter(std::string message) {
  return wmi::wsman_fault(wmi::WsmanFault::kInvalidParameter, std::move(message));
}
wmi::Status action_not_supported(std::string message) {
  return wmi::wsman_fault(wmi::WsmanFault::kActionNotSupported, std::move(message));
}

}  // namespace sim::host
