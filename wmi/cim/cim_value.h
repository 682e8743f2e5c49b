// CimValue: one CIM property or parameter value — null, a scalar, or an array — with its declared
// CIM type, which every encoding preserves. Value type; not synchronised.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "wmi/cim/cim_type.h"
#include "wmi/cim/datetime.h"
#include "wmi/cim/object_path.h"
#include "wmi/cim/status.h"

namespace wmi {

class Instance;

// An embedded instance (a string parameter with the EmbeddedInstance qualifier, decoded).
struct EmbeddedInstance {
  std::shared_ptr<const Instance> instance;  // never null
  friend bool operator==(const EmbeddedInstance& a, const EmbeddedInstance& b);
};

// One element. The alternative index equals static_cast<int>(CimType): keep the orders in step.
using CimElement =
    std::variant<bool, std::uint8_t, std::int8_t, std::uint16_t, std::int16_t, std::uint32_t,
                 std::int32_t, std::uint64_t, std::int64_t, float, double, char16_t, std::string,
                 Datetime, ObjectPath, EmbeddedInstance>;

inline CimType type_of(const CimElement& e) { return static_cast<CimType>(e.index()); }

template <typename T, typename Variant>
struct is_alternative_of;
template <typename T, typename... Ts>
struct is_alternative_of<T, std::variant<Ts...>>
    : std::bool_constant<(std::is_same_v<T, Ts> || ...)> {};

// True for exactly the C++ types that are a CIM element type (no implicit numeric guessing).
template <typename T>
concept CimScalar = is_alternative_of<std::remove_cvref_t<T>, CimElement>::value;

class CimValue {
 public:
  // A null string (the default of an absent parameter).
  CimValue() = default;
  // A scalar; its type is the element's alternative (CimValue(std::uint16_t{5}) is a uint16).
  CimValue(CimElement scalar);  // NOLINT: implicit by design, values read like literals
  template <CimScalar T>
  CimValue(T&& scalar) : CimValue(CimElement(std::forward<T>(scalar))) {}  // NOLINT: implicit
  CimValue(const char* s) : CimValue(CimElement(std::string(s))) {}  // NOLINT: a string literal

  static CimValue null(CimType type, bool is_array = false);
  // An array of `type`; invalid argument if an element has another type.
  static Result<CimValue> array(CimType type, std::vector<CimElement> elements);

  CimType type() const { return type_; }
  bool is_array() const { return array_; }
  bool is_null() const { return std::holds_alternative<std::monostate>(data_); }

  // Preconditions: !is_null() and the matching shape.
  const CimElement& scalar() const { return std::get<CimElement>(data_); }
  const std::vector<CimElement>& elements() const {
    return std::get<std::vector<CimElement>>(data_);
  }

  // Typed views of a non-null scalar; nullopt / nullptr when the value has another type or shape.
  std::optional<std::uint64_t> as_uint() const;  // any unsigned integer type
  std::optional<std::int64_t> as_sint() const;   // any signed integer type
  std::optional<bool> as_bool() const;
  const std::string* as_string() const;
  const ObjectPath* as_reference() const;
  const Instance* as_instance() const;

  // Same type, shape and elements; reals compare by bit pattern (NaN payloads and -0.0 preserved).
  friend bool operator==(const CimValue& a, const CimValue& b);

 private:
  CimType type_ = CimType::kString;
  bool array_ = false;
  std::variant<std::monostate, CimElement, std::vector<CimElement>> data_;
};

// Element equality as CimValue defines it (reals by bit pattern).
bool same_element(const CimElement& a, const CimElement& b);

}  // namespace wmi
