#include "sim/storage/storage_error.h"

#include <fmt/format.h>

namespace sim::storage {
namespace {

const char* name_of(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidParameter:
      return "invalid parameter";
    case ErrorCode::kDataCorrupt:
      return "data corrupt";
    case ErrorCode::kNotSupported:
      return "not supported";
    case ErrorCode::kChangedOffline:
      return "virtual disk changed offline";
    case ErrorCode::kInvalidTrackingState:
      return "invalid change tracking state";
    case ErrorCode::kInvalidTrackingId:
      return "invalid change tracking id";
    case ErrorCode::kTrackingDisabled:
      return "change tracking disabled";
    case ErrorCode::kNoTrackingData:
      return "no change tracking data for that id";
  }
  return "unknown";
}

}  // namespace

std::string to_string(ErrorCode code) {
  return fmt::format("0x{:08X} ({})", static_cast<std::uint32_t>(code), name_of(code));
}

std::string Error::to_string() const {
  return fmt::format("{}: {}", storage::to_string(code), message);
}

}  // namespace sim::storage
