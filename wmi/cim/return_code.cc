#include "wmi/cim/return_code.h"

#include <algorithm>
#include <array>

namespace wmi {
namespace {

constexpr std::uint32_t kJobStartedCode = 4096;
constexpr std::uint32_t kVendorFirst = 32768;
constexpr std::uint32_t kValueMapLast = 65535;

constexpr std::array kCimCodes = {
    NamedReturnCode{0, "Completed with no error"},
    NamedReturnCode{1, "Not supported"},
    NamedReturnCode{2, "Failed"},
    NamedReturnCode{3, "Timeout"},
    NamedReturnCode{4, "Invalid parameter"},
    NamedReturnCode{5, "Invalid state"},
    NamedReturnCode{6, "Invalid type"},
    NamedReturnCode{4096, "Method parameters checked - job started"},
};

constexpr std::array kHyperVCodes = {
    NamedReturnCode{0, "Completed with no error"},
    NamedReturnCode{4096, "Method parameters checked - job started"},
    NamedReturnCode{32768, "Failed"},
    NamedReturnCode{32769, "Access denied"},
    NamedReturnCode{32770, "Not supported"},
    NamedReturnCode{32771, "Status is unknown"},
    NamedReturnCode{32772, "Timeout"},
    NamedReturnCode{32773, "Invalid parameter"},
    NamedReturnCode{32774, "System is in use"},
    NamedReturnCode{32775, "Invalid state for this operation"},
    NamedReturnCode{32776, "Incorrect data type"},
    NamedReturnCode{32777, "System is not available"},
    NamedReturnCode{32778, "Out of memory"},
    NamedReturnCode{32779, "File not found"},
};

}  // namespace

std::span<const NamedReturnCode> named_return_codes(ReturnCodeFamily family) {
  if (family == ReturnCodeFamily::kCim) return kCimCodes;
  return kHyperVCodes;
}

std::string_view return_code_name(ReturnCodeFamily family, std::uint32_t code) {
  const auto codes = named_return_codes(family);
  const auto it = std::find_if(codes.begin(), codes.end(),
                               [code](const NamedReturnCode& c) { return c.code == code; });
  return it == codes.end() ? std::string_view() : it->name;
}

ReturnCodeClass classify(ReturnCodeFamily family, std::uint32_t code) {
  if (code == 0) return ReturnCodeClass::kSuccess;
  if (code == kJobStartedCode) return ReturnCodeClass::kJobStarted;
  if (code > kValueMapLast) return ReturnCodeClass::kOutOfRange;
  if (!return_code_name(family, code).empty()) return ReturnCodeClass::kError;
  if (code < kJobStartedCode) return ReturnCodeClass::kDmtfReserved;
  if (code < kVendorFirst) return ReturnCodeClass::kMethodReserved;
  return ReturnCodeClass::kVendorSpecific;
}

std::string_view to_string(ReturnCodeFamily family) {
  return family == ReturnCodeFamily::kCim ? "CIM" : "Hyper-V";
}

std::string_view to_string(ReturnCodeClass cls) {
  switch (cls) {
    case ReturnCodeClass::kSuccess:
      return "success";
    case ReturnCodeClass::kJobStarted:
      return "job started";
    case ReturnCodeClass::kError:
      return "error";
    case ReturnCodeClass::kDmtfReserved:
      return "DMTF reserved";
    case ReturnCodeClass::kMethodReserved:
      return "method reserved";
    case ReturnCodeClass::kVendorSpecific:
      return "vendor specific";
    case ReturnCodeClass::kOutOfRange:
      return "out of range";
  }
  return "unknown class";
}

std::string describe(ReturnCodeFamily family, std::uint32_t code) {
  std::string out = std::to_string(code);
  const std::string_view name = return_code_name(family, code);
  if (!name.empty()) return out.append(" ").append(name);
  return out.append(" (")
      .append(to_string(classify(family, code)))
      .append(" in the ")
      .append(to_string(family))
      .append(" family)");
}

}  // namespace wmi
