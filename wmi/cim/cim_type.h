// The CIM intrinsic types (DSP0004) that hvsim carries, and their DSP0201 TYPE attribute names.
// The declared type travels with every value: a uint16 stays a uint16 through every encoding.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace wmi {

// Order matters: it is the alternative index of CimElement (cim_value.h).
enum class CimType : std::uint8_t {
  kBoolean,
  kUint8,
  kSint8,
  kUint16,
  kSint16,
  kUint32,
  kSint32,
  kUint64,
  kSint64,
  kReal32,
  kReal64,
  kChar16,
  kString,
  kDatetime,
  kReference,
  kInstance,  // embedded instance (EmbeddedInstance qualifier on a string property)
};

inline constexpr int kCimTypeCount = 16;

// "boolean", "uint8", ..., "datetime", "reference", "instance".
std::string_view cim_type_name(CimType type);

// Inverse of cim_type_name; nullopt for anything else (names are exact, lower case, per DSP0201).
std::optional<CimType> parse_cim_type_name(std::string_view name);

}  // namespace wmi
