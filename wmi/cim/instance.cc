#include "wmi/cim/instance.h"

#include "wmi/cim/cim_name.h"

namespace wmi {

const CimValue* find_property(const PropertyList& list, std::string_view name) {
  for (const auto& p : list) {
    if (iequals(p.name, name)) return &p.value;
  }
  return nullptr;
}

void Instance::set(std::string_view name, CimValue value) {
  for (auto& p : properties_) {
    if (iequals(p.name, name)) {
      p.value = std::move(value);
      return;
    }
  }
  properties_.push_back(Property{std::string(name), std::move(value)});
}

}  // namespace wmi
