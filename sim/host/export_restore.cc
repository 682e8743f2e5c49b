#include "sim/host/export_restore.h"

#include "sim/storage/replica_stream.h"
#include "wmi/cim/cim_name.h"

namespace sim::host {

namespace {

constexpr std::string_view kConfigSuffix = ".vmcx";

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         wmi::iequals(text.substr(text.size() - suffix.size()), suffix);
}

const ExportedDisk* disk_in(const ExportConfig& config, std::string_view disk) {
  for (const ExportedDisk& d : config.disks) {
    if (wmi::iequals(d.instance_id, disk) || wmi::iequals(d.host_path, disk)) return &d;
  }
  return nullptr;
}

wmi::Status in(std::string_view directory, const wmi::Status& status) {
  return wmi::Status(status.kind(), std::string(directory) + ": " + status.message());
}

}  // namespace

wmi::Result<ExportConfig> find_export_config(const HostFiles& files, std::string_view directory,
                                             std::string_view disk) {
  for (const HostFile* file : files.under(directory)) {
    if (file->image != nullptr || !ends_with(file->path, kConfigSuffix)) continue;
    auto config = parse_export_config(
        std::string_view(reinterpret_cast<const char*>(file->bytes.data()), file->bytes.size()));
    if (!config.ok()) return in(file->path, config.status());
    if (disk_in(*config, disk) != nullptr) return std::move(*config);
  }
  return wmi::not_found(std::string(directory) + ": no exported configuration lists disk " +
                        std::string(disk));
}

wmi::Result<RestoredDisk> restore_disk(const HostFiles& files, std::span<const std::string> chain,
                                       std::string_view disk) {
  if (chain.empty()) return wmi::invalid_argument("a restore needs at least one export");
  RestoredDisk restored;
  std::string previous_point;
  std::string previous_rct_id;  // the disk's RCT id at the previous export's point ("" if none)
  for (std::size_t link = 0; link < chain.size(); ++link) {
    const std::string& directory = chain[link];
    auto config = find_export_config(files, directory, disk);
    if (!config.ok()) return config.status();
    const ExportedDisk& exported = *disk_in(*config, disk);
    const HostFile* data = files.find(exported.data_file);
    if (data == nullptr) {
      return wmi::not_found(directory + ": the data file " + exported.data_file + " is missing");
    }
    if (link == 0) {
      if (exported.kind != ExportDataKind::kFullImage || data->image == nullptr) {
        return wmi::invalid_argument(directory + ": the first export of a chain must hold " +
                                     exported.instance_id + "'s full image");
      }
      restored.instance_id = exported.instance_id;
      restored.size = exported.virtual_size;
      restored.logical_sector_size = exported.logical_sector_size;
      const std::uint64_t chunk = storage::DiskContent::kChunkBytes;
      data->image->copy_into(0, (data->size + chunk - 1) / chunk * chunk, restored.content);
      previous_point = config->reference_point_id;
      previous_rct_id = exported.rct_id;
      continue;
    }
    // A link follows the previous export when its base is that export's point, or (a checkpoint
    // export and the reference point it was converted to differ in InstanceID but not in RCT id)
    // when this disk's changes start at the RCT id the previous export recorded.
    const bool same_rct_id =
        !exported.base_rct_id.empty() && wmi::iequals(exported.base_rct_id, previous_rct_id);
    if (!same_rct_id && !wmi::iequals(config->base_reference_point_id, previous_point)) {
      return wmi::invalid_argument(directory + ": its base is " +
                                   (config->base_reference_point_id.empty()
                                        ? std::string("none (a full export)")
                                        : config->base_reference_point_id) +
                                   ", not the previous export's point " + previous_point);
    }
    if (exported.virtual_size != restored.size) {
      return wmi::invalid_argument(directory + ": the disk's size changed in the chain");
    }
    if (data->image != nullptr) {
      return wmi::invalid_argument(directory + ": " + exported.data_file + " is not a stream");
    }
    auto segment = storage::import_stream(data->bytes);
    if (!segment.ok()) {
      return wmi::invalid_argument(directory + ": " + exported.data_file + ": " +
                                   segment.error().to_string());
    }
    for (const storage::LogRecord& record : segment->records) {
      if (record.offset > restored.size || record.length > restored.size - record.offset) {
        return wmi::invalid_argument(directory + ": a record lies outside the disk");
      }
      if (record.zero_fill()) {
        restored.content.zero(record.offset, record.length);
      } else {
        restored.content.write(record.offset, record.payload);
      }
    }
    previous_point = config->reference_point_id;
    previous_rct_id = exported.rct_id;
  }
  return restored;
}

}  // namespace sim::host
