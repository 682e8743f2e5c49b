#include "sim/host/embedded_instance_argument.h"

#include <string>

#include "wmi/cim/cim_name.h"
#include "wmi/cim/cim_xml.h"
#include "wmi/cim/mof_instance.h"

namespace sim::host {

namespace {

wmi::Result<std::optional<wmi::Instance>> of_class(wmi::Instance instance,
                                                   std::string_view parameter,
                                                   std::string_view setting_data_class) {
  if (!wmi::iequals(instance.class_name(), setting_data_class)) {
    return wmi::invalid_argument(std::string(parameter) + " is a " + instance.class_name() +
                                 ", not a " + std::string(setting_data_class));
  }
  return std::optional<wmi::Instance>(std::move(instance));
}

}  // namespace

wmi::Result<std::optional<wmi::Instance>> decode_embedded_instance(
    const wmi::CimValue& value, std::string_view parameter, std::string_view setting_data_class) {
  if (value.is_null()) return std::optional<wmi::Instance>();
  if (const wmi::Instance* embedded = value.as_instance()) {
    return of_class(*embedded, parameter, setting_data_class);
  }
  const std::string* text = value.as_string();
  if (text == nullptr) return wmi::invalid_argument(std::string(parameter) + " is not a string");
  if (text->empty()) return std::optional<wmi::Instance>();
  auto xml = wmi::parse_cim_xml(*text);
  if (xml.ok()) {
    if (!xml->has_value()) return std::optional<wmi::Instance>();
    return of_class(std::move(**xml), parameter, setting_data_class);
  }
  auto mof = wmi::parse_mof_instance(*text);
  if (mof.ok() && mof->has_value())
    return of_class(std::move(**mof), parameter, setting_data_class);
  return wmi::invalid_argument(std::string(parameter) + " is neither CIM-XML (" +
                               xml.status().message() + ") nor MOF (" +
                               (mof.ok() ? "no instance" : mof.status().message()) + ")");
}

}  // namespace sim::host
