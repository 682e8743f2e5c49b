// Restoring a disk from a chain of exports (docs/formats/export.md) — ExportReferencePoint and
// ExportSnapshot ones, mixed: the first export holds the disk's full image, each next one the
// changes since the previous one's point (RCT changes or a replica-log segment); replaying them
// in order rebuilds the disk's bytes at the last point. What a backup vendor's restore does, and
// what the backup-workflow property checks byte for byte. Pure functions over the host's files;
// thread-safe for const HostFiles.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "sim/host/export_config.h"
#include "sim/host/host_files.h"
#include "sim/storage/disk_content.h"
#include "wmi/cim/status.h"

namespace sim::host {

struct RestoredDisk {
  std::string instance_id;
  std::uint64_t size = 0;
  std::uint32_t logical_sector_size = 512;
  storage::DiskContent content;  // sparse: never-written bytes read as zeros
};

// The configuration in export directory `directory` that lists `disk` (InstanceID or host path).
// kNotFound when no configuration there lists it.
wmi::Result<ExportConfig> find_export_config(const HostFiles& files, std::string_view directory,
                                             std::string_view disk);

// Rebuilds `disk` from `chain` (export directories, oldest first). Fails with kInvalidArgument
// (kNotFound for a missing file or disk) naming the directory and the problem: the first export
// is not a full image, an export's base is not the previous export's point (by InstanceID, or
// by the disk's RCT id: a checkpoint's export and its converted point share it), the virtual size
// changes, a data file is missing or its stream is corrupt, or a record lies outside the disk.
wmi::Result<RestoredDisk> restore_disk(const HostFiles& files, std::span<const std::string> chain,
                                       std::string_view disk);

}  // namespace sim::host
