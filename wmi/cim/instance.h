// Instance: a CIM instance — class name, namespace and ordered, named property values.
// Property lookup is case-insensitive (CIM names). Value type; not synchronised.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wmi/cim/cim_value.h"

namespace wmi {

struct Property {
  std::string name;
  CimValue value;
  friend bool operator==(const Property&, const Property&) = default;
};

// Method parameters use the same shape: ordered (name, value) pairs.
using PropertyList = std::vector<Property>;

// The property named `name` (case-insensitive) in `list`, or nullptr.
const CimValue* find_property(const PropertyList& list, std::string_view name);

class Instance {
 public:
  Instance() = default;
  Instance(std::string class_name, std::string namespace_name, PropertyList properties = {})
      : class_name_(std::move(class_name)),
        namespace_name_(std::move(namespace_name)),
        properties_(std::move(properties)) {}

  const std::string& class_name() const { return class_name_; }
  const std::string& namespace_name() const { return namespace_name_; }  // "" when embedded
  const PropertyList& properties() const { return properties_; }
  // The instance's own address when a provider returned it (WMI __PATH); nullopt when embedded.
  const std::optional<ObjectPath>& path() const { return path_; }
  void set_path(ObjectPath path) { path_ = std::move(path); }

  const CimValue* find(std::string_view name) const { return find_property(properties_, name); }
  // Replaces the value of an existing property (keeping its position) or appends a new one.
  void set(std::string_view name, CimValue value);

  friend bool operator==(const Instance&, const Instance&) = default;

 private:
  std::string class_name_;
  std::string namespace_name_;
  PropertyList properties_;
  std::optional<ObjectPath> path_;
};

}  // namespace wmi
