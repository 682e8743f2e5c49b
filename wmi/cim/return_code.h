// Method ReturnValue families (spec/hyperv-backup-api.md §4; reference/hyperv_api.md §6). Every
// Hyper-V method uses exactly one family; a ReturnValue is data, never a wmi::Status.
//
// Ranges of a uint32 ReturnValue, per family (classify()):
//   range          CIM family        Hyper-V family
//   0              success           success
//   1–6            error             DMTF reserved
//   7–4095         DMTF reserved     DMTF reserved
//   4096           job started       job started
//   4097–32767     method reserved   method reserved
//   32768–32779    vendor specific   error
//   32780–65535    vendor specific   vendor specific
//   > 65535        out of range      out of range
// The Hyper-V family lives in the CIM vendor range and does not use 1–6: a Hyper-V method that
// returns 1–4095 has returned a code its family reserves. Codes above 65535 lie outside every
// ValueMap. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace wmi {

enum class ReturnCodeFamily { kCim, kHyperV };

// The CIM family's named codes.
enum class CimReturnCode : std::uint32_t {
  kCompleted = 0,
  kNotSupported = 1,
  kFailed = 2,
  kTimeout = 3,
  kInvalidParameter = 4,
  kInvalidState = 5,
  kInvalidType = 6,
  kJobStarted = 4096,
};

// The Hyper-V family's named codes.
enum class HyperVReturnCode : std::uint32_t {
  kCompleted = 0,
  kJobStarted = 4096,
  kFailed = 32768,
  kAccessDenied = 32769,
  kNotSupported = 32770,
  kStatusUnknown = 32771,
  kTimeout = 32772,
  kInvalidParameter = 32773,
  kSystemInUse = 32774,
  kInvalidStateForOperation = 32775,
  kIncorrectDataType = 32776,
  kSystemNotAvailable = 32777,
  kOutOfMemory = 32778,
  kFileNotFound = 32779,
};

enum class ReturnCodeClass {
  kSuccess,         // 0
  kJobStarted,      // 4096: parameters checked, the result comes through a job
  kError,           // a named error code of the family
  kDmtfReserved,    // never returned by a conforming method
  kMethodReserved,  // never returned by a conforming method
  kVendorSpecific,  // not named by the family; a single method may document it
  kOutOfRange,      // above 65535: outside every CIM ValueMap
};

struct NamedReturnCode {
  std::uint32_t code;
  std::string_view name;  // as Microsoft's method pages spell it, e.g. "Invalid parameter"
};

// Every named code of `family` (success, job started and the errors), ascending.
std::span<const NamedReturnCode> named_return_codes(ReturnCodeFamily family);

// The name of `code` in `family`; "" when the family does not name it.
std::string_view return_code_name(ReturnCodeFamily family, std::uint32_t code);

// Where `code` lies in `family` (table above). Total over uint32.
ReturnCodeClass classify(ReturnCodeFamily family, std::uint32_t code);

// "CIM", "Hyper-V".
std::string_view to_string(ReturnCodeFamily family);
// "success", "job started", "error", "DMTF reserved", "method reserved", "vendor specific",
// "out of range".
std::string_view to_string(ReturnCodeClass cls);

// One line for messages and reports: "4 Invalid parameter", "7 (DMTF reserved in the CIM family)".
std::string describe(ReturnCodeFamily family, std::uint32_t code);

}  // namespace wmi
