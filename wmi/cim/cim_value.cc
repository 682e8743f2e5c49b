#include "wmi/cim/cim_value.h"

#include <bit>

#include "wmi/cim/instance.h"

namespace wmi {

bool operator==(const EmbeddedInstance& a, const EmbeddedInstance& b) {
  if (a.instance == b.instance) return true;
  if (!a.instance || !b.instance) return false;
  return *a.instance == *b.instance;
}

CimValue::CimValue(CimElement scalar) : type_(type_of(scalar)), data_(std::move(scalar)) {}

CimValue CimValue::null(CimType type, bool is_array) {
  CimValue v;
  v.type_ = type;
  v.array_ = is_array;
  return v;
}

Result<CimValue> CimValue::array(CimType type, std::vector<CimElement> elements) {
  for (std::size_t i = 0; i < elements.size(); ++i) {
    if (type_of(elements[i]) != type) {
      return invalid_argument("array of " + std::string(cim_type_name(type)) + ": element " +
                              std::to_string(i) + " is " +
                              std::string(cim_type_name(type_of(elements[i]))));
    }
  }
  CimValue v;
  v.type_ = type;
  v.array_ = true;
  v.data_ = std::move(elements);
  return v;
}

std::optional<std::uint64_t> CimValue::as_uint() const {
  if (array_ || is_null()) return std::nullopt;
  return std::visit(
      [](const auto& x) -> std::optional<std::uint64_t> {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::uint8_t> || std::is_same_v<T, std::uint16_t> ||
                      std::is_same_v<T, std::uint32_t> || std::is_same_v<T, std::uint64_t>) {
          return x;
        } else {
          return std::nullopt;
        }
      },
      scalar());
}

std::optional<std::int64_t> CimValue::as_sint() const {
  if (array_ || is_null()) return std::nullopt;
  return std::visit(
      [](const auto& x) -> std::optional<std::int64_t> {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::int8_t> || std::is_same_v<T, std::int16_t> ||
                      std::is_same_v<T, std::int32_t> || std::is_same_v<T, std::int64_t>) {
          return x;
        } else {
          return std::nullopt;
        }
      },
      scalar());
}

std::optional<bool> CimValue::as_bool() const {
  if (array_ || is_null()) return std::nullopt;
  const bool* b = std::get_if<bool>(&scalar());
  return b ? std::optional<bool>(*b) : std::nullopt;
}

const std::string* CimValue::as_string() const {
  return (array_ || is_null()) ? nullptr : std::get_if<std::string>(&scalar());
}

const ObjectPath* CimValue::as_reference() const {
  return (array_ || is_null()) ? nullptr : std::get_if<ObjectPath>(&scalar());
}

const Instance* CimValue::as_instance() const {
  if (array_ || is_null()) return nullptr;
  const auto* e = std::get_if<EmbeddedInstance>(&scalar());
  return e ? e->instance.get() : nullptr;
}

bool same_element(const CimElement& a, const CimElement& b) {
  if (a.index() != b.index()) return false;
  if (const float* fa = std::get_if<float>(&a)) {
    return std::bit_cast<std::uint32_t>(*fa) == std::bit_cast<std::uint32_t>(std::get<float>(b));
  }
  if (const double* da = std::get_if<double>(&a)) {
    return std::bit_cast<std::uint64_t>(*da) == std::bit_cast<std::uint64_t>(std::get<double>(b));
  }
  return a == b;
}

bool operator==(const CimValue& a, const CimValue& b) {
  if (a.type_ != b.type_ || a.array_ != b.array_ || a.data_.index() != b.data_.index())
    return false;
  if (a.is_null()) return true;
  if (!a.array_) return same_element(a.scalar(), b.scalar());
  const auto& ea = a.elements();
  const auto& eb = b.elements();
  if (ea.size() != eb.size()) return false;
  for (std::size_t i = 0; i < ea.size(); ++i) {
    if (!same_element(ea[i], eb[i])) return false;
  }
  return true;
}

}  // namespace wmi
