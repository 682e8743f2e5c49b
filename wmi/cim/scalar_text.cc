#include "wmi/cim/scalar_text.h"

#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <type_traits>

#include "wmi/cim/cim_name.h"
#include "wmi/cim/dmtf_datetime.h"
#include "wmi/cim/utf8.h"
#include "wmi/cim/wmi_path.h"

namespace wmi {
namespace {

bool is_xml_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Which bytes are printable ASCII written as themselves in text and in attributes alike.
constexpr std::array<bool, 256> kWrittenAsIs = [] {
  std::array<bool, 256> table{};
  for (int c = 0x20; c < 0x7F; ++c) table[c] = c != '&' && c != '<' && c != '>' && c != '"';
  return table;
}();

bool needs_no_escape(char c) { return kWrittenAsIs[static_cast<unsigned char>(c)]; }

// `s` in quotes, cut to 64 bytes for messages.
std::string quoted(std::string_view s) {
  constexpr std::size_t kShown = 64;
  if (s.size() <= kShown) return "\"" + std::string(s) + "\"";
  return "\"" + std::string(s.substr(0, kShown)) + "\"...";
}

template <typename Int>
Result<Int> integer_from_text(std::string_view text) {
  std::string_view digits = trim_xml_space(text);
  if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
  const std::string type_name(cim_type_name(type_of(CimElement(Int{}))));
  Int value{};
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec == std::errc::result_out_of_range) {
    return invalid_argument(quoted(text) + " is out of range for " + type_name);
  }
  if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty()) {
    return invalid_argument(quoted(text) + " is not a decimal " + type_name);
  }
  return value;
}

template <typename Int>
Result<CimElement> integer_element(std::string_view text) {
  auto value = integer_from_text<Int>(text);
  if (!value.ok()) return value.status();
  return CimElement(*value);
}

template <typename Real>
Result<CimElement> real_from_text(std::string_view text) {
  using Limits = std::numeric_limits<Real>;
  std::string_view t = trim_xml_space(text);
  bool negative = false;
  if (!t.empty() && (t.front() == '+' || t.front() == '-')) {
    negative = t.front() == '-';
    t.remove_prefix(1);
  }
  if (iequals(t, "NaN") && !negative) return CimElement(Limits::quiet_NaN());
  if (iequals(t, "INF") || iequals(t, "Infinity")) {
    return CimElement(negative ? -Limits::infinity() : Limits::infinity());
  }
  const char* type_name = std::is_same_v<Real, float> ? "real32" : "real64";
  const bool numeric = !t.empty() && ((t.front() >= '0' && t.front() <= '9') || t.front() == '.');
  Real value{};
  const auto [end, ec] =
      std::from_chars(t.data(), t.data() + t.size(), value, std::chars_format::general);
  if (!numeric || ec == std::errc::invalid_argument || end != t.data() + t.size()) {
    return invalid_argument(quoted(text) + " is not a " + type_name);
  }
  if (ec == std::errc::result_out_of_range) {
    return invalid_argument(quoted(text) + " is out of range for " + type_name);
  }
  return CimElement(negative ? -value : value);
}

template <typename Real>
std::string real_text(Real value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "INF" : "-INF";
  std::array<char, 64> buffer;
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  return std::string(buffer.data(), result.ptr);
}

}  // namespace

std::string_view trim_xml_space(std::string_view s) {
  while (!s.empty() && is_xml_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_xml_space(s.back())) s.remove_suffix(1);
  return s;
}

Result<std::uint64_t> parse_uint64_text(std::string_view text) {
  return integer_from_text<std::uint64_t>(text);
}

Result<std::int64_t> parse_sint64_text(std::string_view text) {
  return integer_from_text<std::int64_t>(text);
}

Result<std::string> format_scalar_text(const CimElement& element) {
  return std::visit(
      [&](const auto& x) -> Result<std::string> {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, bool>) {
          return std::string(x ? "true" : "false");
        } else if constexpr (std::is_integral_v<T> && !std::is_same_v<T, char16_t>) {
          return std::to_string(x);
        } else if constexpr (std::is_floating_point_v<T>) {
          return real_text(x);
        } else if constexpr (std::is_same_v<T, char16_t>) {
          const auto c = static_cast<char32_t>(x);
          if (c >= 0xD800 && c <= 0xDFFF) {
            return invalid_argument("char16 " + utf8::code_point_name(c) + " is a lone surrogate");
          }
          if (!utf8::is_xml_char(c)) {
            return invalid_argument("char16 " + utf8::code_point_name(c) +
                                    " cannot be carried by XML 1.0");
          }
          std::string text;
          utf8::append(text, c);
          return text;
        } else if constexpr (std::is_same_v<T, std::string>) {
          return x;
        } else if constexpr (std::is_same_v<T, Datetime>) {
          return format_dmtf_datetime(x);
        } else {
          return invalid_argument("not a scalar of a simple type");
        }
      },
      element);
}

Result<CimElement> parse_scalar_text(CimType type, std::string_view t) {
  switch (type) {
    case CimType::kBoolean:
      if (iequals(trim_xml_space(t), "true")) return CimElement(true);
      if (iequals(trim_xml_space(t), "false")) return CimElement(false);
      return invalid_argument(quoted(t) + " is not a boolean");
    case CimType::kUint8:
      return integer_element<std::uint8_t>(t);
    case CimType::kSint8:
      return integer_element<std::int8_t>(t);
    case CimType::kUint16:
      return integer_element<std::uint16_t>(t);
    case CimType::kSint16:
      return integer_element<std::int16_t>(t);
    case CimType::kUint32:
      return integer_element<std::uint32_t>(t);
    case CimType::kSint32:
      return integer_element<std::int32_t>(t);
    case CimType::kUint64:
      return integer_element<std::uint64_t>(t);
    case CimType::kSint64:
      return integer_element<std::int64_t>(t);
    case CimType::kReal32:
      return real_from_text<float>(t);
    case CimType::kReal64:
      return real_from_text<double>(t);
    case CimType::kChar16: {
      const auto decoded = t.empty() ? std::nullopt : utf8::decode(t, 0);
      if (!decoded || decoded->length != t.size() || decoded->code_point > 0xFFFF) {
        return invalid_argument(quoted(t) + " is not one UCS-2 character (char16)");
      }
      return CimElement(static_cast<char16_t>(decoded->code_point));
    }
    case CimType::kString:
      return CimElement(std::string(t));
    case CimType::kDatetime: {
      auto datetime = parse_dmtf_datetime(trim_xml_space(t));
      if (!datetime.ok()) return datetime.status();
      return CimElement(std::move(datetime).value());
    }
    case CimType::kReference: {
      auto path = parse_wmi_path(trim_xml_space(t));
      if (!path.ok()) return path.status();
      return CimElement(std::move(path).value());
    }
    case CimType::kInstance:
      return invalid_argument("an embedded instance has no scalar text");
  }
  return invalid_argument("unsupported type");
}

Status append_xml_escaped(std::string& out, std::string_view s, XmlEscaping escaping) {
  for (std::size_t i = 0; i < s.size();) {
    std::size_t plain_end = i;
    while (plain_end < s.size() && needs_no_escape(s[plain_end])) ++plain_end;
    out.append(s.substr(i, plain_end - i));
    i = plain_end;
    if (i == s.size()) break;
    const auto decoded = utf8::decode(s, i);
    if (!decoded) return invalid_argument("invalid UTF-8 at byte " + std::to_string(i));
    const char32_t c = decoded->code_point;
    if (!utf8::is_xml_char(c)) {
      return invalid_argument("character " + utf8::code_point_name(c) + " at byte " +
                              std::to_string(i) + " cannot be carried by XML 1.0");
    }
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '\r':
        out += "&#13;";
        break;
      case '"':
        out += escaping == XmlEscaping::kAttribute ? "&quot;" : "\"";
        break;
      case '\t':
        out += escaping == XmlEscaping::kAttribute ? "&#9;" : "\t";
        break;
      case '\n':
        out += escaping == XmlEscaping::kAttribute ? "&#10;" : "\n";
        break;
      default:
        out.append(s.substr(i, decoded->length));
        break;
    }
    i += decoded->length;
  }
  return Status();
}

}  // namespace wmi
