// CIM datetimes as WS-Management carries them (DSP0230; real hosts, see fixtures/wire): a
// timestamp is <cim:Datetime> holding an xs:dateTime, an interval is <cim:Interval> holding an
// xs:duration.
//   timestamp  "2013-04-29T11:43:11.203125-07:00"  local reading + offset; offset 0 is written
//              "Z"; parse takes 0-9 fraction digits (beyond microseconds truncated), "Z", ±HH:MM
//              or no offset (read as UTC)
//   interval   "P3DT4H5M6.000007S" written with every field; parse takes any subset of
//              nD, nH, nM, n[.f]S (no years or months: they have no fixed length)
// Round trip: parse(format(x)) == x for every Datetime that format accepts. Pure functions.
#pragma once

#include <string>
#include <string_view>

#include "wmi/cim/datetime.h"
#include "wmi/cim/status.h"

namespace wmi::wsman {

// kInvalidArgument for a timestamp outside years 0000-9999.
Result<std::string> format_xs_datetime(const Timestamp& value);
Result<Timestamp> parse_xs_datetime(std::string_view text);

std::string format_xs_duration(const Interval& value);
// kInvalidArgument for a negative duration, years or months, or one longer than DMTF allows.
Result<Interval> parse_xs_duration(std::string_view text);

}  // namespace wmi::wsman
