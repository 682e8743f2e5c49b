#include "wmi/cim/status.h"

namespace wmi {

const char* to_string(StatusKind kind) {
  switch (kind) {
    case StatusKind::kOk:
      return "ok";
    case StatusKind::kTransport:
      return "transport error";
    case StatusKind::kAuth:
      return "authentication failed";
    case StatusKind::kFault:
      return "fault";
    case StatusKind::kProtocol:
      return "protocol error";
    case StatusKind::kNotFound:
      return "not found";
    case StatusKind::kInvalidArgument:
      return "invalid argument";
  }
  return "unknown status";
}

std::string Status::to_string() const {
  std::string out = wmi::to_string(kind_);
  if (!message_.empty()) out += ": " + message_;
  if (fault_) {
    out += " [" + fault_->code + "/" + fault_->subcode;
    if (fault_->wsman_code != 0) out += " " + std::to_string(fault_->wsman_code);
    out += "]";
  }
  return out;
}

}  // namespace wmi
