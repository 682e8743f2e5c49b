#include "sim/host/reference_point_settings.h"

#include "sim/host/embedded_instance_argument.h"

namespace sim::host {

wmi::Result<Consistency> parse_reference_point_settings(const wmi::CimValue& settings,
                                                        std::string_view setting_data_class) {
  auto instance = decode_embedded_instance(settings, "ReferencePointSettings", setting_data_class);
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
