// UTF-8 decoding and encoding for the CIM text codecs (CIM-XML, MOF): strict validation (no
// overlong forms, no surrogates, nothing above U+10FFFF) and the XML 1.0 character rule.
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace wmi::utf8 {

// The code point starting at text[pos] and the number of bytes it takes; nullopt when the bytes
// there are not valid UTF-8. Precondition: pos < text.size().
struct Decoded {
  char32_t code_point;
  std::size_t length;
};
std::optional<Decoded> decode(std::string_view text, std::size_t pos);

// Appends the UTF-8 form of `code_point`. Precondition: a Unicode scalar value (not a surrogate,
// at most U+10FFFF).
void append(std::string& out, char32_t code_point);

// XML 1.0 Char production: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
constexpr bool is_xml_char(char32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

// "U+0001" style name of a code point, for error messages.
std::string code_point_name(char32_t c);

}  // namespace wmi::utf8
