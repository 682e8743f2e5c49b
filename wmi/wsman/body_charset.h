// The character encodings a WS-Man body arrives in (Windows clients send UTF-8 and UTF-16): the
// charset comes from a byte-order mark, else from the Content-Type's charset parameter, else
// UTF-8. Bodies are parsed as UTF-8; an answer goes back in the request's encoding.
// Failure contract: kInvalidArgument for an unknown charset, an odd UTF-16 length, an unpaired
// surrogate or invalid UTF-8. Pure functions.
#pragma once

#include <string>
#include <string_view>

#include "wmi/cim/status.h"

namespace wmi::wsman {

enum class Charset { kUtf8, kUtf16LE, kUtf16BE };

// The charset of `body` sent with `content_type`.
Result<Charset> detect_charset(std::string_view body, std::string_view content_type);

// `body` (in `charset`, BOM allowed) as UTF-8 without BOM, validated.
Result<std::string> to_utf8(std::string_view body, Charset charset);

// `utf8` in `charset` (UTF-16 with a BOM, as Windows sends it).
std::string from_utf8(std::string_view utf8, Charset charset);

// The Content-Type of a SOAP body in `charset`.
std::string soap_content_type(Charset charset);

}  // namespace wmi::wsman
