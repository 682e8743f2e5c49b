#include "sim/host/reference_point_settings.h"

#include "sim/host/class_names.h"
#include "wmi/cim/cim_name.h"
#include "wmi/cim/cim_xml.h"
#include "wmi/cim/mof_instance.h"

namespace sim::host {

namespace {

// Property `name` of `instance` as an integer 0..max; nullopt when absent or null.
wmi::Result<std::optional<std::uint64_t>> small_integer(const wmi::Instance& instance,
                                                        std::string_view name, std::uint64_t max) {
  const wmi::CimValue* value = instance.find(name);
  if (value == nullptr || value->is_null()) return std::optional<std::uint64_t>();
  const auto number = value->is_array() ? std::nullopt : value->as_uint();
  if (!number || *number > max) {
    return wmi::invalid_argument(std::string(name) + " must be 0.." + std::to_string(max));
  }
  return std::optional<std::uint64_t>(*number);
}

wmi::Result<Consistency> consistency_of(const wmi::Instance& instance) {
  auto level = small_integer(instance, "ConsistencyLevel", 2);
  if (!level.ok()) return level.status();
  return *level == std::uint64_t{2} ? Consistency::kCrash : Consistency::kApplication;
}

}  // namespace

wmi::Result<std::optional<wmi::Instance>> parse_embedded_settings(
    const wmi::CimValue& settings, std::string_view setting_data_class,
    std::string_view parameter) {
  const std::string name(parameter);
  std::optional<wmi::Instance> instance;
  if (settings.is_null()) return instance;
  if (const wmi::Instance* embedded = settings.as_instance()) {
    instance = *embedded;
  } else if (const std::string* text = settings.as_string()) {
    if (text->empty()) return instance;
    auto xml = wmi::parse_cim_xml(*text);
    if (xml.ok()) {
      if (!xml->has_value()) return instance;
      instance = std::move(**xml);
    } else {
      auto mof = wmi::parse_mof_instance(*text);
      if (!mof.ok() || !mof->has_value()) {
        return wmi::invalid_argument(name + " is neither CIM-XML (" + xml.status().message() +
                                     ") nor MOF (" +
                                     (mof.ok() ? "no instance" : mof.status().message()) + ")");
      }
      instance = std::move(**mof);
    }
  } else {
    return wmi::invalid_argument(name + " is not a string");
  }
  if (!wmi::iequals(instance->class_name(), setting_data_class)) {
    return wmi::invalid_argument(name + " is a " + instance->class_name() + ", not a " +
                                 std::string(setting_data_class));
  }
  return instance;
}

wmi::Result<Consistency> parse_reference_point_settings(const wmi::CimValue& settings,
                                                        std::string_view setting_data_class) {
  auto instance = parse_embedded_settings(settings, setting_data_class, "ReferencePointSettings");
  if (!instance.ok()) return instance.status();
  if (!instance->has_value()) return Consistency::kApplication;
  return consistency_of(**instance);
}

wmi::Result<SnapshotSettings> parse_snapshot_settings(const wmi::CimValue& settings) {
  auto instance =
      parse_embedded_settings(settings, cls::kVirtualSystemSnapshotSettingData, "SnapshotSettings");
  if (!instance.ok()) return instance.status();
  SnapshotSettings out;
  if (!instance->has_value()) return out;
  const wmi::Instance& data = **instance;
  auto consistency = consistency_of(data);
  if (!consistency.ok()) return consistency.status();
  out.consistency = *consistency;
  auto backup_type = small_integer(data, "GuestBackupType", 2);
  if (!backup_type.ok()) return backup_type.status();
  out.guest_backup_type = static_cast<std::uint16_t>(backup_type->value_or(0));
  if (const wmi::CimValue* ignore = data.find("IgnoreNonSnapshottableDisks");
      ignore != nullptr && !ignore->is_null()) {
    const auto flag = ignore->is_array() ? std::nullopt : ignore->as_bool();
    if (!flag) return wmi::invalid_argument("IgnoreNonSnapshottableDisks must be a boolean");
    out.ignore_non_snapshottable_disks = *flag;
  }
  return out;
}

}  // namespace sim::host
