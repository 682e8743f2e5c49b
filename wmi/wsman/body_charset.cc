#include "wmi/wsman/body_charset.h"

#include "wmi/cim/cim_name.h"
#include "wmi/cim/utf8.h"

namespace wmi::wsman {
namespace {

// The value of the charset parameter of a Content-Type, lower-cased, or "".
std::string charset_parameter(std::string_view content_type) {
  std::string lowered;
  for (char c : content_type) lowered += ascii_lower(c);
  const std::size_t at = lowered.find("charset=");
  if (at == std::string::npos) return "";
  std::string value = lowered.substr(at + 8);
  const std::size_t end = value.find_first_of("; \t");
  if (end != std::string::npos) value.resize(end);
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    value = value.substr(1, value.size() - 2);
  }
  return value;
}

}  // namespace

Result<Charset> detect_charset(std::string_view body, std::string_view content_type) {
  if (body.starts_with("\xEF\xBB\xBF")) return Charset::kUtf8;
  if (body.starts_with("\xFF\xFE")) return Charset::kUtf16LE;
  if (body.starts_with("\xFE\xFF")) return Charset::kUtf16BE;
  const std::string charset = charset_parameter(content_type);
  if (charset.empty() || charset == "utf-8") return Charset::kUtf8;
  if (charset == "utf-16" || charset == "utf-16le") return Charset::kUtf16LE;
  if (charset == "utf-16be") return Charset::kUtf16BE;
  return invalid_argument("unsupported charset \"" + charset + "\" (UTF-8 or UTF-16)");
}

Result<std::string> to_utf8(std::string_view body, Charset charset) {
  if (charset == Charset::kUtf8) {
    if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);
    for (std::size_t pos = 0; pos < body.size();) {
      if (static_cast<unsigned char>(body[pos]) < 0x80) {
        ++pos;
        continue;
      }
      const auto decoded = utf8::decode(body, pos);
      if (!decoded) return invalid_argument("invalid UTF-8 at byte " + std::to_string(pos));
      pos += decoded->length;
    }
    return std::string(body);
  }
  if (body.size() % 2 != 0) return invalid_argument("UTF-16 body of odd length");
  const bool little = charset == Charset::kUtf16LE;
  auto unit_at = [&](std::size_t i) {
    const auto a = static_cast<unsigned char>(body[i]);
    const auto b = static_cast<unsigned char>(body[i + 1]);
    return static_cast<char16_t>(little ? (a | b << 8) : (a << 8 | b));
  };
  std::size_t i = 0;
  if (body.size() >= 2 && unit_at(0) == 0xFEFF) i = 2;
  std::string out;
  out.reserve(body.size() / 2);
  for (; i < body.size(); i += 2) {
    char32_t c = unit_at(i);
    if (c >= 0xD800 && c <= 0xDBFF) {
      if (i + 2 >= body.size() || unit_at(i + 2) < 0xDC00 || unit_at(i + 2) > 0xDFFF) {
        return invalid_argument("unpaired UTF-16 surrogate at byte " + std::to_string(i));
      }
      c = 0x10000 + ((c - 0xD800) << 10) + (unit_at(i + 2) - 0xDC00);
      i += 2;
    } else if (c >= 0xDC00 && c <= 0xDFFF) {
      return invalid_argument("unpaired UTF-16 surrogate at byte " + std::to_string(i));
    }
    utf8::append(out, c);
  }
  return out;
}

std::string from_utf8(std::string_view text, Charset charset) {
  if (charset == Charset::kUtf8) return std::string(text);
  const bool little = charset == Charset::kUtf16LE;
  std::string out;
  out.reserve(text.size() * 2 + 2);
  auto put = [&](char16_t unit) {
    const char hi = static_cast<char>(unit >> 8), lo = static_cast<char>(unit & 0xFF);
    out += little ? lo : hi;
    out += little ? hi : lo;
  };
  put(0xFEFF);
  for (std::size_t pos = 0; pos < text.size();) {
    const auto decoded = utf8::decode(text, pos);
    const char32_t c = decoded ? decoded->code_point : U'\uFFFD';
    pos += decoded ? decoded->length : 1;
    if (c >= 0x10000) {
      put(static_cast<char16_t>(0xD800 + ((c - 0x10000) >> 10)));
      put(static_cast<char16_t>(0xDC00 + ((c - 0x10000) & 0x3FF)));
    } else {
      put(static_cast<char16_t>(c));
    }
  }
  return out;
}

std::string soap_content_type(Charset charset) {
  switch (charset) {
    case Charset::kUtf8:
      return "application/soap+xml;charset=UTF-8";
    case Charset::kUtf16LE:
      return "application/soap+xml;charset=UTF-16";
    case Charset::kUtf16BE:
      return "application/soap+xml;charset=UTF-16BE";
  }
  return "application/soap+xml;charset=UTF-8";
}

}  // namespace wmi::wsman
