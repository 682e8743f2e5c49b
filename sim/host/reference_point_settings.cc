#include "sim/host/reference_point_settings.h"

#include "wmi/cim/cim_name.h"
#include "wmi/cim/cim_xml.h"
#include "wmi/cim/mof_instance.h"

namespace sim::host {

namespace {

wmi::Result<std::optional<wmi::Instance>> of_class(wmi::Instance instance,
                                                   std::string_view expected_class,
                                                   std::string_view parameter) {
  if (!wmi::iequals(instance.class_name(), expected_class)) {
    return wmi::invalid_argument(std::string(parameter) + " is a " + instance.class_name() +
                                 ", not a " + std::string(expected_class));
  }
  return std::optional<wmi::Instance>(std::move(instance));
}

}  // namespace

wmi::Result<std::optional<wmi::Instance>> parse_embedded_instance(const wmi::CimValue& value,
                                                                  std::string_view expected_class,
                                                                  std::string_view parameter) {
  if (value.is_null()) return std::optional<wmi::Instance>();
  if (const wmi::Instance* embedded = value.is_array() ? nullptr : value.as_instance()) {
    return of_class(*embedded, expected_class, parameter);
  }
  const std::string* text = value.is_array() ? nullptr : value.as_string();
  if (text == nullptr) return wmi::invalid_argument(std::string(parameter) + " is not a string");
  if (text->empty()) return std::optional<wmi::Instance>();
  auto xml = wmi::parse_cim_xml(*text);
  if (xml.ok()) {
    if (!xml->has_value()) return std::optional<wmi::Instance>();
    return of_class(std::move(**xml), expected_class, parameter);
  }
  auto mof = wmi::parse_mof_instance(*text);
  if (mof.ok() && mof->has_value()) return of_class(std::move(**mof), expected_class, parameter);
  return wmi::invalid_argument(std::string(parameter) + " is neither CIM-XML (" +
                               xml.status().message() + ") nor MOF (" +
                               (mof.ok() ? "no instance" : mof.status().message()) + ")");
}

wmi::Result<Consistency> parse_reference_point_settings(const wmi::CimValue& settings,
                                                        std::string_view setting_data_class) {
  auto instance = parse_embedded_instance(settings, setting_data_class, "ReferencePointSettings");
  if (!instance.ok()) return instance.status();
  if (!instance->has_value()) return Consistency::kApplication;
  const wmi::CimValue* level = (*instance)->find("ConsistencyLevel");
  if (level == nullptr || level->is_null()) return Consistency::kApplication;
  const auto value = level->is_array() ? std::nullopt : level->as_uint();
  if (!value || *value > 2) {
    return wmi::invalid_argument("ConsistencyLevel must be 0, 1 or 2");
  }
  return *value == 2 ? Consistency::kCrash : Consistency::kApplication;
}

}  // namespace sim::host
