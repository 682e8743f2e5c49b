// Parse (never emit) of MOF instance text, as field tools send embedded-instance settings strings
// (IWbemClassObject::GetText(Mof)):
//
//   instance of Msvm_CollectionReferencePointSettingData
//   {
//       ConsistencyLevel = 1;        // comments: // to end of line and /* … */
//       ElementName = "x\"y";
//       Flags = {1, 2};
//   };
//
// Accepted: one `instance of Class [as $Alias] { Name = value; … }` with an optional final ';';
// keywords in any case; values NULL, TRUE/FALSE, integers (decimal, or 0x hexadecimal; a leading
// '-' or '+'), reals (1.5, -2.5e10, .5), strings ("…" with the MOF escapes \b \t \n \f \r \" \'
// \\ and \x/\X + 1–4 hex digits; adjacent literals concatenate), char literals ('c'), arrays
// {v, …} and nested `instance of` values (embedded instances, kMaxMofNesting levels at most).
//
// MOF carries no CIM types, so values are typed by their literal and the caller, which knows the
// schema, coerces them (a uint8 ConsistencyLevel arrives as uint64 1):
//   non-negative integer → uint64     negative integer → sint64     real → real64
//   TRUE/FALSE → boolean              "…" → string                  'c' → char16
//   instance of … → embedded instance NULL → null string
//   array → the common element type; uint64 and sint64 elements together → sint64 (error if a
//   value does not fit); {} → empty string array; any other mix, or NULL inside an array → error.
// Datetimes and references are strings in MOF and stay strings. The Instance has no namespace.
//
// Failure contract: kInvalidArgument with "line L column C" for invalid UTF-8, an unknown token,
// an unterminated string or comment, an integer that does not fit 64 bits (or has a leading zero:
// octal and decimal would disagree), a real out of range, an escape that is not a Unicode scalar
// value, a duplicate property (case-insensitive), nesting deeper than kMaxMofNesting, aliases used
// as values, qualifiers, or text after the instance. Pure function; thread-safe.
#pragma once

#include <optional>
#include <string_view>

#include "wmi/cim/instance.h"
#include "wmi/cim/status.h"

namespace wmi {

inline constexpr int kMaxMofNesting = 32;

// nullopt when `text` holds only whitespace and comments; otherwise the instance or an error.
Result<std::optional<Instance>> parse_mof_instance(std::string_view text);

}  // namespace wmi
