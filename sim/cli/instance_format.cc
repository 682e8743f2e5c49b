#include "sim/cli/instance_format.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <string_view>
#include <type_traits>

#include "wmi/cim/cim_xml.h"
#include "wmi/cim/dmtf_datetime.h"
#include "wmi/cim/utf8.h"
#include "wmi/cim/wmi_path.h"

namespace sim::cli {
namespace {

template <typename Real>
std::string real_text(Real value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value < 0 ? "-INF" : "INF";
  std::array<char, 64> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  return std::string(buffer.data(), result.ptr);
}

std::string char16_text(char16_t c) {
  std::string out;
  if (c >= 0xD800 && c <= 0xDFFF) {
    wmi::utf8::append(out, U'\uFFFD');  // a lone surrogate has no UTF-8 form
  } else {
    wmi::utf8::append(out, c);
  }
  return out;
}

std::string datetime_text(const wmi::Datetime& value) {
  auto text = wmi::format_dmtf_datetime(value);
  if (!text.ok()) return "<unprintable datetime: " + text.status().message() + ">";
  return *text;
}

// MOF string literal body escapes.
std::string quote_mof(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
          out += fmt::format("\\x{:02X}", static_cast<unsigned char>(c));
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

// A string parameter with the EmbeddedInstance qualifier, as WMI carries it: CIM-XML text.
bool holds_cim_xml_instance(std::string_view text) {
  const std::size_t start = text.find_first_not_of(" \t\r\n");
  return start != std::string_view::npos && text.substr(start).starts_with("<INSTANCE") &&
         text.find('\n') == std::string_view::npos;
}

std::string embedded_text(const wmi::EmbeddedInstance& embedded) {
  auto xml = wmi::to_cim_xml(*embedded.instance);
  if (!xml.ok()) return "<unprintable embedded instance: " + xml.status().message() + ">";
  return *xml;
}

std::string element_text(const wmi::CimElement& element) {
  return std::visit(
      [](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, bool>) {
          return x ? "TRUE" : "FALSE";
        } else if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
          return real_text(x);
        } else if constexpr (std::is_same_v<T, char16_t>) {
          std::string c = char16_text(x);
          if (c == "'" || c == "\\") c = "\\" + c;
          return "'" + c + "'";
        } else if constexpr (std::is_same_v<T, std::string>) {
          return holds_cim_xml_instance(x) ? x : quote_mof(x);
        } else if constexpr (std::is_same_v<T, wmi::Datetime>) {
          return quote_mof(datetime_text(x));
        } else if constexpr (std::is_same_v<T, wmi::ObjectPath>) {
          return format_path(x);
        } else if constexpr (std::is_same_v<T, wmi::EmbeddedInstance>) {
          return embedded_text(x);
        } else {
          return std::to_string(x);  // the integer types (uint8 prints as a number, not a char)
        }
      },
      element);
}

Json element_json(const wmi::CimElement& element);

Json embedded_json(const wmi::Instance& instance) {
  Json j = Json::object();
  j["class"] = instance.class_name();
  j["properties"] = properties_to_json(instance.properties());
  return j;
}

Json element_json(const wmi::CimElement& element) {
  return std::visit(
      [](const auto& x) -> Json {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, bool>) {
          return x;
        } else if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
          if (!std::isfinite(x)) return real_text(x);
          if constexpr (std::is_same_v<T, float>) {
            // The float's shortest text read as a double: 0.1f prints 0.1, not 0.100000001490116.
            const std::string text = real_text(x);
            double d = 0;
            std::from_chars(text.data(), text.data() + text.size(), d);
            return d;
          } else {
            return x;
          }
        } else if constexpr (std::is_same_v<T, char16_t>) {
          return char16_text(x);
        } else if constexpr (std::is_same_v<T, std::string>) {
          return x;
        } else if constexpr (std::is_same_v<T, wmi::Datetime>) {
          return datetime_text(x);
        } else if constexpr (std::is_same_v<T, wmi::ObjectPath>) {
          return format_path(x);
        } else if constexpr (std::is_same_v<T, wmi::EmbeddedInstance>) {
          return embedded_json(*x.instance);
        } else if constexpr (std::is_same_v<T, std::uint8_t> || std::is_same_v<T, std::uint16_t> ||
                             std::is_same_v<T, std::uint32_t> || std::is_same_v<T, std::uint64_t>) {
          return static_cast<std::uint64_t>(x);
        } else {
          return static_cast<std::int64_t>(x);
        }
      },
      element);
}

}  // namespace

std::string format_path(const wmi::ObjectPath& path) {
  auto text = wmi::format_wmi_path(path, wmi::PathStyle::kSlash);
  if (!text.ok()) return "<unprintable path: " + text.status().message() + ">";
  return *text;
}

std::string format_value_text(const wmi::CimValue& value) {
  if (value.is_null()) return "NULL";
  if (!value.is_array()) return element_text(value.scalar());
  std::string out = "{";
  for (const wmi::CimElement& element : value.elements()) {
    if (out.size() > 1) out += ", ";
    out += element_text(element);
  }
  return out + "}";
}

std::string format_value_raw(const wmi::CimValue& value) {
  if (value.is_null()) return "";
  const auto line = [](const wmi::CimElement& element) {
    if (const auto* s = std::get_if<std::string>(&element)) return *s + "\n";
    if (const auto* d = std::get_if<wmi::Datetime>(&element)) return datetime_text(*d) + "\n";
    if (const auto* c = std::get_if<char16_t>(&element)) return char16_text(*c) + "\n";
    return element_text(element) + "\n";
  };
  if (!value.is_array()) return line(value.scalar());
  std::string out;
  for (const wmi::CimElement& element : value.elements()) out += line(element);
  return out;
}

std::string format_properties_text(const wmi::PropertyList& properties, std::string_view indent) {
  std::string out;
  for (const wmi::Property& p : properties) {
    const wmi::CimValue& v = p.value;
    const auto long_element = [](const wmi::CimElement& e) {
      const auto* text = std::get_if<std::string>(&e);
      return std::holds_alternative<wmi::EmbeddedInstance>(e) ||
             (text != nullptr && holds_cim_xml_instance(*text));
    };
    if (v.is_array() && !v.is_null() && !v.elements().empty() &&
        std::all_of(v.elements().begin(), v.elements().end(), long_element)) {
      // Embedded instances are long: one per line.
      out += fmt::format("{}{} = {{\n", indent, p.name);
      for (std::size_t i = 0; i < v.elements().size(); ++i) {
        out += fmt::format("{}  {}{}\n", indent, element_text(v.elements()[i]),
                           i + 1 < v.elements().size() ? "," : "");
      }
      out += fmt::format("{}}};\n", indent);
    } else {
      out += fmt::format("{}{} = {};\n", indent, p.name, format_value_text(v));
    }
  }
  return out;
}

std::string format_instance_text(const wmi::Instance& instance) {
  std::string out;
  if (instance.path()) out += "# path: " + format_path(*instance.path()) + "\n";
  out += "instance of " + instance.class_name() + " {\n";
  out += format_properties_text(instance.properties(), "  ");
  out += "};\n";
  return out;
}

Json value_to_json(const wmi::CimValue& value) {
  if (value.is_null()) return nullptr;
  if (!value.is_array()) return element_json(value.scalar());
  Json array = Json::array();
  for (const wmi::CimElement& element : value.elements()) array.push_back(element_json(element));
  return array;
}

Json properties_to_json(const wmi::PropertyList& properties) {
  Json object = Json::object();
  for (const wmi::Property& p : properties) object[p.name] = value_to_json(p.value);
  return object;
}

Json instance_to_json(const wmi::Instance& instance) {
  Json j = Json::object();
  j["path"] = instance.path() ? Json(format_path(*instance.path())) : Json(nullptr);
  j["class"] = instance.class_name();
  j["properties"] = properties_to_json(instance.properties());
  return j;
}

std::string dump_json(const Json& json) {
  return json.dump(2, ' ', false, nlohmann::detail::error_handler_t::replace);
}

}  // namespace sim::cli
