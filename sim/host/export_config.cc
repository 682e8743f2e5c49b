#include "sim/host/export_config.h"

#include <charconv>
#include <map>

#include <fmt/format.h>

namespace sim::host {

namespace {

constexpr std::string_view kMagic = "hvsim-reference-point-export 1";

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

template <typename T>
bool parse_number(std::string_view text, T& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

}  // namespace

std::string_view to_string(ExportDataKind kind) {
  switch (kind) {
    case ExportDataKind::kFullImage:
      return "full-image";
    case ExportDataKind::kRctChanges:
      return "rct-changes";
    case ExportDataKind::kLogSegment:
      return "log-segment";
  }
  return "full-image";
}

std::string format_export_config(const ExportConfig& c) {
  std::string out = std::string(kMagic) + "\n";
  auto line = [&](std::string_view key, const auto& value) {
    out += fmt::format("{} = {}\n", key, value);
  };
  line("VirtualMachineId", c.vm_guid);
  line("VirtualMachineName", c.vm_name);
  line("ReferencePointId", c.reference_point_id);
  line("ReferencePointCollectionId", c.reference_point_collection_id);
  line("VirtualSystemCollectionId", c.virtual_system_collection_id);
  line("ReferencePointType", c.reference_point_type);
  line("ConsistencyLevel", int{c.consistency_level});
  line("BaseReferencePointId", c.base_reference_point_id);
  line("DiskCount", c.disks.size());
  for (std::size_t i = 0; i < c.disks.size(); ++i) {
    const ExportedDisk& d = c.disks[i];
    const std::string p = fmt::format("Disk.{}.", i);
    line(p + "InstanceId", d.instance_id);
    line(p + "HostPath", d.host_path);
    line(p + "VirtualSize", d.virtual_size);
    line(p + "LogicalSectorSize", d.logical_sector_size);
    line(p + "RctId", d.rct_id);
    line(p + "BaseRctId", d.base_rct_id);
    line(p + "DataKind", to_string(d.kind));
    line(p + "DataFile", d.data_file);
    line(p + "DataFileSize", d.data_file_size);
  }
  return out;
}

wmi::Result<ExportConfig> parse_export_config(std::string_view text) {
  std::map<std::string, std::string, std::less<>> values;
  std::size_t line_number = 0;
  bool first = true;
  while (!text.empty()) {
    const std::size_t eol = text.find('\n');
    const std::string_view line = trim(eol == std::string_view::npos ? text : text.substr(0, eol));
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
    ++line_number;
    if (first) {
      if (line != kMagic) {
        return wmi::invalid_argument("line 1: not an hvsim reference-point export configuration");
      }
      first = false;
      continue;
    }
    if (line.empty()) continue;
    const std::size_t eq = line.find(" = ");
    const std::size_t bare = line.size() >= 2 && line.substr(line.size() - 2) == " =" ? 1 : 0;
    if (eq == std::string_view::npos && bare == 0) {
      return wmi::invalid_argument(fmt::format("line {}: expected 'key = value'", line_number));
    }
    const std::string key(eq == std::string_view::npos ? line.substr(0, line.size() - 2)
                                                       : line.substr(0, eq));
    const std::string value(eq == std::string_view::npos ? std::string_view()
                                                         : line.substr(eq + 3));
    if (!values.emplace(key, value).second) {
      return wmi::invalid_argument(fmt::format("line {}: {} given twice", line_number, key));
    }
  }
  if (first) return wmi::invalid_argument("empty configuration");

  auto get = [&](const std::string& key) -> wmi::Result<std::string> {
    const auto it = values.find(key);
    if (it == values.end()) return wmi::invalid_argument("missing " + key);
    return it->second;
  };
  auto number = [&](const std::string& key, auto& out) -> wmi::Status {
    auto text = get(key);
    if (!text.ok()) return text.status();
    if (!parse_number(*text, out)) return wmi::invalid_argument(key + " is not a number");
    return {};
  };
#define HVSIM_TRY(expr) \
  if (auto s = (expr); !s.ok()) return s
  ExportConfig c;
  std::size_t disk_count = 0;
  for (auto [key, field] :
       {std::pair{"VirtualMachineId", &c.vm_guid}, std::pair{"VirtualMachineName", &c.vm_name},
        std::pair{"ReferencePointId", &c.reference_point_id},
        std::pair{"ReferencePointCollectionId", &c.reference_point_collection_id},
        std::pair{"VirtualSystemCollectionId", &c.virtual_system_collection_id},
        std::pair{"BaseReferencePointId", &c.base_reference_point_id}}) {
    auto value = get(key);
    if (!value.ok()) return value.status();
    *field = std::move(*value);
  }
  HVSIM_TRY(number("ReferencePointType", c.reference_point_type));
  HVSIM_TRY(number("ConsistencyLevel", c.consistency_level));
  HVSIM_TRY(number("DiskCount", disk_count));
  if (disk_count > values.size()) return wmi::invalid_argument("DiskCount is too large");
  for (std::size_t i = 0; i < disk_count; ++i) {
    ExportedDisk d;
    const std::string p = fmt::format("Disk.{}.", i);
    for (auto [key, field] :
         {std::pair{"InstanceId", &d.instance_id}, std::pair{"HostPath", &d.host_path},
          std::pair{"RctId", &d.rct_id}, std::pair{"DataFile", &d.data_file}}) {
      auto value = get(p + key);
      if (!value.ok()) return value.status();
      *field = std::move(*value);
    }
    // BaseRctId came with ExportSnapshot; a configuration without it has no base RCT id.
    if (const auto it = values.find(p + "BaseRctId"); it != values.end()) {
      d.base_rct_id = it->second;
    }
    HVSIM_TRY(number(p + "VirtualSize", d.virtual_size));
    HVSIM_TRY(number(p + "LogicalSectorSize", d.logical_sector_size));
    HVSIM_TRY(number(p + "DataFileSize", d.data_file_size));
    auto kind = get(p + "DataKind");
    if (!kind.ok()) return kind.status();
    bool known = false;
    for (ExportDataKind k :
         {ExportDataKind::kFullImage, ExportDataKind::kRctChanges, ExportDataKind::kLogSegment}) {
      if (*kind == to_string(k)) {
        d.kind = k;
        known = true;
      }
    }
    if (!known) return wmi::invalid_argument(p + "DataKind " + *kind + " is unknown");
    c.disks.push_back(std::move(d));
  }
#undef HVSIM_TRY
  return c;
}

}  // namespace sim::host
