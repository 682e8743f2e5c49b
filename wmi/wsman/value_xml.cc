#include "wmi/wsman/value_xml.h"

#include <fmt/format.h>

#include "wmi/cim/cim_name.h"
#include "wmi/cim/cim_xml.h"
#include "wmi/cim/safe_xml.h"
#include "wmi/cim/scalar_text.h"
#include "wmi/wsman/epr_xml.h"
#include "wmi/wsman/wsman_names.h"
#include "wmi/wsman/xs_datetime.h"

namespace wmi::wsman {
namespace {

Status element_error(std::string_view name, std::string_view message) {
  return invalid_argument(fmt::format("element {}: {}", name, message));
}

Status append_element_value(std::string& out, const CimElement& element, std::string_view name) {
  if (const auto* path = std::get_if<ObjectPath>(&element)) {
    auto reference = to_wsman_reference(*path);
    if (!reference.ok()) return element_error(name, reference.status().message());
    return append_epr_children(out, *reference);
  }
  if (const auto* datetime = std::get_if<Datetime>(&element)) {
    if (const auto* interval = std::get_if<Interval>(datetime)) {
      out += "<cim:Interval>" + format_xs_duration(*interval) + "</cim:Interval>";
      return Status();
    }
    auto text = format_xs_datetime(std::get<Timestamp>(*datetime));
    if (!text.ok()) return element_error(name, text.status().message());
    out += "<cim:Datetime>" + *text + "</cim:Datetime>";
    return Status();
  }
  if (const auto* string = std::get_if<std::string>(&element)) {
    if (auto s = append_xml_escaped(out, *string, XmlEscaping::kText); !s.ok()) {
      return element_error(name, s.message());
    }
    return Status();
  }
  std::string text;
  if (const auto* embedded = std::get_if<EmbeddedInstance>(&element)) {
    if (!embedded->instance) return element_error(name, "embedded instance is null");
    auto xml = to_cim_xml(*embedded->instance);
    if (!xml.ok()) return element_error(name, xml.status().message());
    text = std::move(*xml);
  } else {
    auto scalar = format_scalar_text(element);
    if (!scalar.ok()) return element_error(name, scalar.status().message());
    text = std::move(*scalar);
  }
  if (auto s = append_xml_escaped(out, text, XmlEscaping::kText); !s.ok()) {
    return element_error(name, s.message());
  }
  return Status();
}

Status append_one(std::string& out, std::string_view name, const CimElement* element) {
  if (!is_cim_identifier(name)) return element_error(name, "not an identifier");
  out += "<p:";
  out += name;
  if (element == nullptr) {
    out += " xsi:nil=\"true\"/>";
    return Status();
  }
  out += '>';
  if (auto s = append_element_value(out, *element, name); !s.ok()) return s;
  out += "</p:";
  out += name;
  out += '>';
  return Status();
}

bool is_nil(const xmlNode* element) {
  auto nil = attribute(element, kXsiNs, "nil");
  return nil && (*nil == "true" || *nil == "1");
}

// The element one wire element holds, read as `type` (nullopt: untyped).
Result<CimElement> read_element(const xmlNode* element, std::optional<CimType> type) {
  const std::string_view name = local_name(element);
  if (find_child(element, kAddressingNs, "EndpointReference") != nullptr) {
    return element_error(name,
                         "a reference is a:Address + a:ReferenceParameters, "
                         "without an a:EndpointReference wrapper");
  }
  if (looks_like_epr(element)) {
    if (type && *type != CimType::kReference) return element_error(name, "unexpected reference");
    auto reference = read_epr_children(element);
    if (!reference.ok()) return element_error(name, reference.status().message());
    auto path = from_wsman_reference(*reference);
    if (!path.ok()) return element_error(name, path.status().message());
    return CimElement(std::move(*path));
  }
  if (const xmlNode* datetime = find_child(element, kCimNs, "Datetime")) {
    if (type && *type != CimType::kDatetime) return element_error(name, "unexpected datetime");
    auto value = parse_xs_datetime(text_content(datetime));
    if (!value.ok()) return element_error(name, value.status().message());
    return CimElement(Datetime(*value));
  }
  if (const xmlNode* interval = find_child(element, kCimNs, "Interval")) {
    if (type && *type != CimType::kDatetime) return element_error(name, "unexpected interval");
    auto value = parse_xs_duration(text_content(interval));
    if (!value.ok()) return element_error(name, value.status().message());
    return CimElement(Datetime(*value));
  }
  if (has_element_children(element)) {
    return element_error(name, "holds elements where a value was expected");
  }
  std::string text = text_content(element);
  if (!type) return CimElement(std::move(text));
  if (*type == CimType::kInstance) {
    auto instance = parse_cim_xml(text);
    if (!instance.ok()) return element_error(name, instance.status().message());
    if (!instance->has_value()) return element_error(name, "empty embedded instance");
    return CimElement(EmbeddedInstance{std::make_shared<const Instance>(std::move(**instance))});
  }
  auto scalar = parse_scalar_text(*type, text);
  if (!scalar.ok()) return element_error(name, scalar.status().message());
  return scalar;
}

Result<CimValue> read_value(std::span<const xmlNode* const> elements,
                            const std::optional<DeclaredType>& declared) {
  const std::string_view name = local_name(elements.front());
  const bool nil = elements.size() == 1 && is_nil(elements.front());
  const bool is_array = declared ? declared->is_array : elements.size() > 1;
  if (!is_array && elements.size() > 1) {
    return element_error(name, "repeated, but declared as a scalar");
  }
  if (nil) {
    return CimValue::null(declared ? declared->type : CimType::kString, is_array);
  }
  std::vector<CimElement> values;
  std::optional<CimType> type;
  if (declared) type = declared->type;
  for (const xmlNode* element : elements) {
    if (is_nil(element)) return element_error(name, "a null inside an array");
    auto value = read_element(element, type);
    if (!value.ok()) return value.status();
    if (!type) type = type_of(*value);
    values.push_back(std::move(*value));
  }
  if (!is_array) return CimValue(std::move(values.front()));
  auto array = CimValue::array(*type, std::move(values));
  if (!array.ok()) return element_error(name, "array elements of different types");
  return array;
}

}  // namespace

Status append_property(std::string& out, const Property& property) {
  const CimValue& value = property.value;
  if (value.is_null() || (value.is_array() && value.elements().empty())) {
    return append_one(out, property.name, nullptr);
  }
  if (!value.is_array()) return append_one(out, property.name, &value.scalar());
  for (const CimElement& element : value.elements()) {
    if (auto s = append_one(out, property.name, &element); !s.ok()) return s;
  }
  return Status();
}

Result<PropertyList> read_properties(std::span<const xmlNode* const> elements,
                                     const PropertyTyping& typing) {
  PropertyList properties;
  for (std::size_t i = 0; i < elements.size();) {
    const std::string_view name = local_name(elements[i]);
    if (!is_cim_identifier(name)) return element_error(name, "the name is not a CIM identifier");
    std::size_t end = i + 1;
    while (end < elements.size() && local_name(elements[end]) == name) ++end;
    if (find_property(properties, name) != nullptr) {
      return element_error(name, "appears twice, apart");
    }
    std::optional<DeclaredType> declared;
    if (typing) declared = typing(name);
    auto value = read_value(elements.subspan(i, end - i), declared);
    if (!value.ok()) return value.status();
    properties.push_back(Property{std::string(name), std::move(*value)});
    i = end;
  }
  return properties;
}

}  // namespace wmi::wsman
