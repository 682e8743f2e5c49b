#include "sim/host/argument_typing.h"

#include <algorithm>
#include <charconv>
#include <limits>

#include "sim/host/wsman_faults.h"
#include "wmi/cim/cim_name.h"
#include "wmi/cim/dmtf_datetime.h"
#include "wmi/cim/wmi_path.h"

namespace sim::host {

namespace {

using wmi::CimElement;
using wmi::CimType;

struct IntegerRange {
  std::int64_t min;
  std::uint64_t max;
};

std::optional<IntegerRange> integer_range(CimType type) {
  switch (type) {
    case CimType::kUint8:
      return IntegerRange{0, 0xFF};
    case CimType::kUint16:
      return IntegerRange{0, 0xFFFF};
    case CimType::kUint32:
      return IntegerRange{0, 0xFFFFFFFF};
    case CimType::kUint64:
      return IntegerRange{0, std::numeric_limits<std::uint64_t>::max()};
    case CimType::kSint8:
      return IntegerRange{-0x80, 0x7F};
    case CimType::kSint16:
      return IntegerRange{-0x8000, 0x7FFF};
    case CimType::kSint32:
      return IntegerRange{-0x80000000LL, 0x7FFFFFFF};
    case CimType::kSint64:
      return IntegerRange{std::numeric_limits<std::int64_t>::min(),
                          static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())};
    default:
      return std::nullopt;
  }
}

// The element of integer type `type` holding `value` (which is in range).
template <typename T>
CimElement integer_element(bool negative, std::uint64_t magnitude) {
  if (negative) return static_cast<T>(-static_cast<std::int64_t>(magnitude - 1) - 1);
  return static_cast<T>(magnitude);
}
CimElement make_integer(CimType type, bool negative, std::uint64_t magnitude) {
  switch (type) {
    case CimType::kUint8:
      return integer_element<std::uint8_t>(negative, magnitude);
    case CimType::kUint16:
      return integer_element<std::uint16_t>(negative, magnitude);
    case CimType::kUint32:
      return integer_element<std::uint32_t>(negative, magnitude);
    case CimType::kUint64:
      return integer_element<std::uint64_t>(negative, magnitude);
    case CimType::kSint8:
      return integer_element<std::int8_t>(negative, magnitude);
    case CimType::kSint16:
      return integer_element<std::int16_t>(negative, magnitude);
    case CimType::kSint32:
      return integer_element<std::int32_t>(negative, magnitude);
    default:
      return integer_element<std::int64_t>(negative, magnitude);
  }
}

// An integer as sign and magnitude, from a typed integer or strict decimal text.
std::optional<std::pair<bool, std::uint64_t>> integer_of(const CimElement& element) {
  const wmi::CimValue value(element);
  if (auto u = value.as_uint()) return std::pair{false, *u};
  if (auto s = value.as_sint()) {
    if (*s >= 0) return std::pair{false, static_cast<std::uint64_t>(*s)};
    return std::pair{true, static_cast<std::uint64_t>(-(*s + 1)) + 1};
  }
  const auto* text = std::get_if<std::string>(&element);
  if (text == nullptr || text->empty()) return std::nullopt;
  const bool negative = (*text)[0] == '-';
  const char* first = text->data() + (negative ? 1 : 0);
  const char* last = text->data() + text->size();
  if (first == last || *first < '0' || *first > '9') return std::nullopt;
  std::uint64_t magnitude = 0;
  const auto [end, error] = std::from_chars(first, last, magnitude);
  if (error != std::errc() || end != last) return std::nullopt;
  return std::pair{negative, magnitude};
}

std::string describe(const CimElement& element) {
  if (const auto* text = std::get_if<std::string>(&element)) return "\"" + *text + "\"";
  const wmi::CimValue value(element);
  if (auto u = value.as_uint()) return std::to_string(*u);
  if (auto s = value.as_sint()) return std::to_string(*s);
  return "a " + std::string(wmi::cim_type_name(wmi::type_of(element))) + " value";
}

std::optional<CimElement> convert(CimType type, const CimElement& element) {
  if (wmi::type_of(element) == type) return element;
  const auto* text = std::get_if<std::string>(&element);
  if (const auto range = integer_range(type)) {
    if (std::holds_alternative<bool>(element)) return std::nullopt;
    const auto integer = integer_of(element);
    if (!integer) return std::nullopt;
    const auto [negative, magnitude] = *integer;
    // A leading '-' only for signed types: "-0" is not a uint16 either.
    if (negative && range->min == 0) return std::nullopt;
    const std::uint64_t min_magnitude =
        range->min < 0 ? static_cast<std::uint64_t>(-(range->min + 1)) + 1 : 0;
    if (negative ? magnitude > min_magnitude : magnitude > range->max) return std::nullopt;
    return make_integer(type, negative && magnitude != 0, magnitude);
  }
  if (text == nullptr) return std::nullopt;
  switch (type) {
    case CimType::kBoolean:
      if (wmi::iequals(*text, "true")) return CimElement(true);
      if (wmi::iequals(*text, "false")) return CimElement(false);
      return std::nullopt;
    case CimType::kDatetime: {
      auto parsed = wmi::parse_dmtf_datetime(*text);
      if (!parsed.ok()) return std::nullopt;
      return CimElement(*parsed);
    }
    case CimType::kReference: {
      auto parsed = wmi::parse_wmi_path(*text);
      if (!parsed.ok()) return std::nullopt;
      return CimElement(*parsed);
    }
    default:
      return std::nullopt;
  }
}

wmi::Status refusal(const ParamSpec& param, const std::string& what) {
  return invalid_parameter("parameter " + std::string(param.name) + ": " + what +
                           " is not a valid " + std::string(wmi::cim_type_name(param.type)) +
                           (param.is_array ? " array" : ""));
}

}  // namespace

wmi::Result<wmi::CimValue> type_argument(const ParamSpec& param, const wmi::CimValue& given) {
  if (given.is_null()) return wmi::CimValue::null(param.type, param.is_array);
  const bool keeps_embedded = param.type == CimType::kString && !param.is_array &&
                              !given.is_array() && given.type() == CimType::kInstance;
  if (keeps_embedded) return given;
  if (given.is_array() != param.is_array) {
    return refusal(param, given.is_array() ? "an array" : "a single value");
  }
  if (!param.is_array) {
    auto converted = convert(param.type, given.scalar());
    if (!converted) return refusal(param, describe(given.scalar()));
    return wmi::CimValue(std::move(*converted));
  }
  std::vector<CimElement> elements;
  elements.reserve(given.elements().size());
  for (const CimElement& element : given.elements()) {
    auto converted = convert(param.type, element);
    if (!converted) return refusal(param, "element " + describe(element));
    elements.push_back(std::move(*converted));
  }
  return *wmi::CimValue::array(param.type, std::move(elements));
}

wmi::Result<wmi::PropertyList> type_arguments(const MethodSpec& method,
                                              const wmi::PropertyList& in) {
  for (std::size_t i = 0; i < in.size(); ++i) {
    const auto declared =
        std::find_if(method.params.begin(), method.params.end(),
                     [&](const ParamSpec& p) { return wmi::iequals(p.name, in[i].name); });
    if (declared == method.params.end() || !declared->in) {
      return invalid_parameter(std::string(method.name) + " has no in-parameter " + in[i].name);
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (wmi::iequals(in[j].name, in[i].name)) {
        return invalid_parameter("parameter " + in[i].name + " is given twice");
      }
    }
  }
  wmi::PropertyList typed;
  for (const ParamSpec& param : method.params) {
    if (!param.in) continue;
    static const wmi::CimValue kAbsent;
    const wmi::CimValue* given = wmi::find_property(in, param.name);
    auto value = type_argument(param, given == nullptr ? kAbsent : *given);
    if (!value.ok()) return value.status();
    typed.push_back({std::string(param.name), std::move(*value)});
  }
  return typed;
}

}  // namespace sim::host

namespace sim::host {

const wmi::CimValue& CallArgs::operator[](std::string_view name) const {
  static const wmi::CimValue kNull;
  const wmi::CimValue* value = wmi::find_property(in, name);
  return value == nullptr ? kNull : *value;
}

}  // namespace sim::host
