// The text forms of CIM scalars that every XML encoding shares (CIM-XML VALUE text, WS-Man
// property and parameter elements), and XML escaping of such text.
//
// Text rules: integers in decimal (parse: an optional leading '+', surrounding XML space); booleans
// "true"/"false" (parse: any case); reals as the shortest text that reads back to the same bits,
// "NaN"/"INF"/"-INF" for the specials (parse also takes "Infinity"); char16 as its one character;
// datetimes as DMTF strings (dmtf_datetime.h); references as WMI object paths (wmi_path.h);
// strings verbatim. Embedded instances have no scalar text (their encodings differ).
//
// Failure contract: kInvalidArgument with a message that quotes the text and names the type
// (no prefix; callers add their context). Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "wmi/cim/cim_value.h"
#include "wmi/cim/status.h"

namespace wmi {

// `s` without leading and trailing XML white space (space, TAB, CR, LF).
std::string_view trim_xml_space(std::string_view s);

// The text of `element`; kInvalidArgument for an embedded instance, a reference (callers choose
// their reference form), or a char16 that is a surrogate or not an XML character.
Result<std::string> format_scalar_text(const CimElement& element);

// The element of `type` that `text` spells; kInvalidArgument for kInstance and for text that is
// not a valid value of `type` (uint16 "70000", "abc", real32 "1e39").
Result<CimElement> parse_scalar_text(CimType type, std::string_view text);

// An integer of type Int (any CIM integer type, as 64-bit) spelled by `text` in decimal.
Result<std::uint64_t> parse_uint64_text(std::string_view text);
Result<std::int64_t> parse_sint64_text(std::string_view text);

enum class XmlEscaping { kText, kAttribute };

// Appends `s` escaped for XML (&amp; &lt; &gt;, CR as &#13;; attributes also escape " TAB LF) so
// that end-of-line and attribute normalisation leave it intact. kInvalidArgument (nothing useful
// appended) when `s` is not UTF-8 made of XML 1.0 characters; the message names the byte offset.
Status append_xml_escaped(std::string& out, std::string_view s, XmlEscaping escaping);

}  // namespace wmi
