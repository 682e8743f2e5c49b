#include "sim/host/reference_point_settings.h"

#include "sim/host/class_names.h"
#include "sim/host/embedded_instance_argument.h"

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

wmi::Result<Consistency> parse_reference_point_settings(const wmi::CimValue& settings,
                                                        std::string_view setting_data_class) {
  auto instance = decode_embedded_instance(settings, "ReferencePointSettings", setting_data_class);
  if (!instance.ok()) return instance.status();
  if (!instance->has_value()) return Consistency::kApplication;
  return consistency_of(**instance);
}

wmi::Result<SnapshotSettings> parse_snapshot_settings(const wmi::CimValue& settings) {
  auto instance = decode_embedded_instance(settings, "SnapshotSettings",
                                           cls::kVirtualSystemSnapshotSettingData);
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
