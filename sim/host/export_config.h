// ExportConfig: the configuration file an ExportReferencePoint writes per VM (format in
// docs/formats/export.md) — the point's ids, type and RCT ids, its base, and per disk the virtual
// size and which file holds its data (a full sparse image, or a replica-log stream of the changes
// since the base). Written by the export, read back by ImportReferencePointMetadata and by
// restore. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "wmi/cim/status.h"

namespace sim::host {

// What a disk's data file holds.
enum class ExportDataKind {
  kFullImage,   // every byte of the disk at the point (a sparse image)
  kRctChanges,  // replica-log stream: the ranges changed since the base point, with their bytes
  kLogSegment,  // replica-log stream: the replica-log records from the base point to this one
};

std::string_view to_string(ExportDataKind kind);

struct ExportedDisk {
  std::string instance_id;  // Msvm_StorageAllocationSettingData.InstanceID
  std::string host_path;    // the live disk's HostResource
  std::uint64_t virtual_size = 0;
  std::uint32_t logical_sector_size = 512;
  std::string rct_id;       // RCT-based points only
  std::string base_rct_id;  // RCT changes: the base's RCT id of this disk; else empty
  ExportDataKind kind = ExportDataKind::kFullImage;
  std::string data_file;  // full path on the host
  std::uint64_t data_file_size = 0;

  friend bool operator==(const ExportedDisk&, const ExportedDisk&) = default;
};

struct ExportConfig {
  std::string vm_guid;
  std::string vm_name;
  // Msvm_VirtualSystemReferencePoint.InstanceID; for ExportSnapshot the checkpoint's InstanceID.
  std::string reference_point_id;
  // "" for a point taken on its own; for ExportSnapshot the Msvm_SnapshotCollection's CollectionID.
  std::string reference_point_collection_id;
  std::string virtual_system_collection_id;  // "" likewise
  std::uint16_t reference_point_type = 2;    // 1 log, 2 RCT
  std::uint8_t consistency_level = 1;        // 1 application, 2 crash
  std::string base_reference_point_id;       // "" for a full export
  std::vector<ExportedDisk> disks;

  friend bool operator==(const ExportConfig&, const ExportConfig&) = default;
};

std::string format_export_config(const ExportConfig& config);

// Fails with kInvalidArgument naming the line for text that is not a version-1 configuration.
wmi::Result<ExportConfig> parse_export_config(std::string_view text);

}  // namespace sim::host
