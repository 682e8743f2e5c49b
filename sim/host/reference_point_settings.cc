#include "sim/host/reference_point_settings.h"

#include "wmi/cim/cim_name.h"
#include "wmi/cim/cim_xml.h"
#include "wmi/cim/mof_instance.h"

namespace sim::host {

namespace {

wmi::Result<Consistency> from_instance(const wmi::Instance& instance,
                                       std::string_view setting_data_class) {
  if (!wmi::iequals(instance.class_name(), setting_data_class)) {
    return wmi::invalid_argument("ReferencePointSettings is a " + instance.class_name() +
                                 ", not a " + std::string(setting_data_class));
  }
  const wmi::CimValue* level = instance.find("ConsistencyLevel");
  if (level == nullptr || level->is_null()) return Consistency::kApplication;
  const auto value = level->is_array() ? std::nullopt : level->as_uint();
  if (!value || *value > 2) {
    return wmi::invalid_argument("ConsistencyLevel must be 0, 1 or 2");
  }
  return *value == 2 ? Consistency::kCrash : Consistency::kApplication;
}

}  // namespace

wmi::Result<Consistency> parse_reference_point_settings(const wmi::CimValue& settings,
                                                        std::string_view setting_data_class) {
  if (settings.is_null()) return Consistency::kApplication;
  if (const wmi::Instance* embedded = settings.as_instance()) {
    return from_instance(*embedded, setting_data_class);
  }
  const std::string* text = settings.as_string();
  if (text == nullptr) return wmi::invalid_argument("ReferencePointSettings is not a string");
  if (text->empty()) return Consistency::kApplication;
  auto xml = wmi::parse_cim_xml(*text);
  if (xml.ok()) {
    return xml->has_value() ? from_instance(**xml, setting_data_class) : Consistency::kApplication;
  }
  auto mof = wmi::parse_mof_instance(*text);
  if (mof.ok() && mof->has_value()) return from_instance(**mof, setting_data_class);
  return wmi::invalid_argument("ReferencePointSettings is neither CIM-XML (" +
                               xml.status().message() + ") nor MOF (" +
                               (mof.ok() ? "no instance" : mof.status().message()) + ")");
}

}  // namespace sim::host
