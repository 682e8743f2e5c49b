// Exporting reference points (spec §4 ExportReferencePoint; layout in docs/formats/export.md),
// shared by Msvm_CollectionReferencePointService (a group point: every member VM) and
// Msvm_VirtualSystemReferencePointService (one VM's point). Per VM it writes a configuration file
// and, per disk, either the full sparse image frozen at the point (no base), the ranges changed
// since the base (RCT: the tracker's answer for the base's RCT id — a sound superset — with the
// bytes read from the point's frozen disk) or the replica-log segment from the base to the point
// (log-based), both as replica-log streams (replica_stream.h).
//
// check_* are pure and name the first problem; write_export stores nothing until every file is
// built, so a failed export leaves no file behind. The resulting files are what a restore
// (export_restore.h) replays. Msvm_CollectionSnapshotService.ExportSnapshot uses the same
// functions with points built from a group checkpoint's members (checkpoint_export_point,
// vm_snapshots.h). Not synchronised (HostState's rules).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/host/host_state.h"
#include "wmi/cim/cim_value.h"
#include "wmi/cim/return_code.h"

namespace sim::host {

// The export's error cases; each has a profile key export_reference_point.code.<case>.
enum class ExportProblem {
  kPointNotFound,
  kWrongPointClass,
  kMalformedSettings,
  kBaseNotFound,
  kBaseForeign,
  kBaseNotOlder,
  kDataUnavailable,
  kDirectoryEmpty,
  kDirectoryInUse,
  kUnknownDisk,
};

struct ExportFailure {
  ExportProblem problem;
  std::string message;
};

// The profile's code for `problem`, in `family` (profile.h: the Hyper-V family answers the CIM
// code's Hyper-V equivalent).
std::uint32_t export_error_code(const control::ErrorCodes& codes, ExportProblem problem,
                                wmi::ReturnCodeFamily family);

// The decoded ExportSettingData: the base's path (BaseReferencePointCollection, BaseReferencePoint
// or, for Msvm_CollectionSnapshotExportSettingData, DifferentialBackupBase; nullopt: a full
// export) and which disks to export per VM (none listed: all disks of every VM; a VM not listed:
// all its disks).
struct ExportSettings {
  std::optional<wmi::ObjectPath> base;
  std::vector<std::pair<std::string, std::vector<std::string>>> disks_by_vm;
};

// Decodes `value` as "" or an embedded `setting_data_class` instance (CIM-XML or MOF). For the
// per-VM class, `vm_guid` is the VM its DisksToExport apply to. kMalformedSettings when it is
// neither (or, for the snapshot class, BackupIntent is neither null, 1 nor 2); kBaseNotFound when
// the base is not an object path.
std::variant<ExportSettings, ExportFailure> parse_export_settings(
    const wmi::CimValue& value, std::string_view setting_data_class, std::string_view vm_guid);

// One VM's part of an export.
struct VmExport {
  const VmReferencePoint* point = nullptr;
  const VmReferencePoint* base = nullptr;  // nullptr: a full export
  std::vector<std::size_t> disks;          // indices into point->disk_ids, ascending
  // The VM group's CollectionID for the configuration; "": the group of point->collection_id's
  // Msvm_ReferencePointCollection, if any.
  std::string vs_collection_id;
};

// The disks of `point` `settings` selects (kUnknownDisk naming a disk the point does not cover).
std::variant<std::vector<std::size_t>, ExportFailure> selected_disks(
    const HostState& state, const VmReferencePoint& point, const ExportSettings& settings);
// A VM listed in `settings` that is not among `vm_guids` (kUnknownDisk), if any.
std::optional<ExportFailure> check_listed_vms(const ExportSettings& settings,
                                              std::span<const std::string> vm_guids);

// ExportDirectory: given, and holding no file yet.
std::optional<ExportFailure> check_export_directory(const HostState& state,
                                                    const wmi::CimValue& directory);
// The base relation (same VM and type, strictly older) and that the data can be produced (frozen
// disks present; the base's RCT ids still answer, or its log segment is retained).
std::optional<ExportFailure> check_vm_export(const HostState& state, const VmExport& request);

struct ExportedFiles {
  std::vector<std::string> vm_guids;
  std::vector<std::string> config_files;  // one per VM, in request order
  std::vector<std::string> disks;         // disk InstanceIDs, parallel to data_files
  std::vector<std::string> data_files;
};

// Writes the export of `requests` under `directory`. Preconditions: the checks above passed.
// Fails (writing nothing) only when building a stream fails (the storage error's text).
wmi::Result<ExportedFiles> write_export(HostState& state, std::string_view directory,
                                        std::span<const VmExport> requests);

}  // namespace sim::host
