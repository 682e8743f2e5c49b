#include "sim/host/reference_point_export.h"

#include <algorithm>
#include <memory>

#include <fmt/format.h>

#include "sim/host/class_names.h"
#include "sim/host/collection_lookup.h"
#include "sim/host/embedded_instance_argument.h"
#include "sim/host/export_config.h"
#include "sim/host/reference_point_settings.h"
#include "sim/storage/rct_id.h"
#include "sim/storage/replica_stream.h"
#include "wmi/cim/cim_name.h"
#include "wmi/cim/wmi_path.h"

namespace sim::host {

namespace {

// Changed ranges per tracker query while collecting an RCT incremental.
constexpr std::size_t kRangesPerQuery = 4096;

ExportFailure failure(ExportProblem problem, std::string message) {
  return ExportFailure{problem, std::move(message)};
}

// The CIM-family code's Hyper-V-family equivalent (profile.h).
std::uint32_t to_hyperv(std::uint32_t cim_code) {
  switch (cim_code) {
    case 1:
      return 32770;
    case 2:
      return 32768;
    case 3:
      return 32772;
    case 4:
      return 32773;
    case 5:
      return 32775;
    case 6:
      return 32776;
    default:
      return cim_code;
  }
}

const std::string* string_of(const wmi::Instance& instance, std::string_view name) {
  const wmi::CimValue* value = instance.find(name);
  return value == nullptr || value->is_null() || value->is_array() ? nullptr : value->as_string();
}

// The elements of a string-array property, or of a single string; empty when absent or null.
std::vector<const wmi::CimElement*> elements_of(const wmi::Instance& instance,
                                                std::string_view name) {
  std::vector<const wmi::CimElement*> out;
  const wmi::CimValue* value = instance.find(name);
  if (value == nullptr || value->is_null()) return out;
  if (!value->is_array()) {
    out.push_back(&value->scalar());
    return out;
  }
  for (const wmi::CimElement& e : value->elements()) out.push_back(&e);
  return out;
}

std::vector<std::string> strings_of(const wmi::Instance& instance, std::string_view name) {
  std::vector<std::string> out;
  for (const wmi::CimElement* e : elements_of(instance, name)) {
    if (const auto* s = std::get_if<std::string>(e)) out.push_back(*s);
  }
  return out;
}

const VmDisk* disk_of(const HostState& state, const VmReferencePoint& point, std::size_t i) {
  return state.find_disk(point.disk_ids[i]);
}

std::size_t index_of(const VmReferencePoint& point, std::string_view disk_id) {
  for (std::size_t i = 0; i < point.disk_ids.size(); ++i) {
    if (wmi::iequals(point.disk_ids[i], disk_id)) return i;
  }
  return point.disk_ids.size();
}

std::string_view basename(std::string_view path) {
  const std::size_t slash = path.find_last_of("\\/");
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string guid_of(std::string_view instance_id) {
  const std::size_t colon = instance_id.rfind(':');
  return std::string(colon == std::string_view::npos ? instance_id : instance_id.substr(colon + 1));
}

// The RCT-changes stream of disk `i`: the ranges the tracker reports since the base's id, with
// the point's frozen bytes.
wmi::Result<std::vector<std::byte>> rct_changes_stream(const VmDisk& disk,
                                                       const storage::DiskSnapshot& frozen,
                                                       const std::string& base_id) {
  std::vector<storage::ByteRange> ranges;
  const std::uint64_t size = frozen.size();
  for (std::uint64_t offset = 0; offset < size;) {
    auto page =
        disk.disk->change_tracker().query_changes(base_id, offset, size - offset, kRangesPerQuery);
    if (!page.ok()) return wmi::invalid_argument(page.error().to_string());
    ranges.insert(ranges.end(), page->ranges.begin(), page->ranges.end());
    if (page->processed_length == 0) break;
    offset += page->processed_length;
  }
  std::uint64_t total = 0;
  for (const storage::ByteRange& r : ranges) total += r.length;
  std::vector<std::byte> payload(total);
  std::vector<storage::LogRecord> records;
  records.reserve(ranges.size());
  std::uint64_t at = 0;
  for (const storage::ByteRange& r : ranges) {
    const std::span<std::byte> bytes(payload.data() + at, r.length);
    if (auto s = frozen.read(r.offset, bytes); !s) {
      return wmi::invalid_argument(s.error().to_string());
    }
    records.push_back({records.size(), r.offset, r.length, bytes});
    at += r.length;
  }
  auto stream = storage::export_stream(0, records);
  if (!stream.ok()) return wmi::invalid_argument(stream.error().to_string());
  return std::move(*stream);
}

wmi::Result<std::vector<std::byte>> log_segment_stream(const VmDisk& disk, storage::LogMark from,
                                                       storage::LogMark to, Mutant mutant) {
  auto segment = disk.replica_log->segment(from, to);
  if (!segment.ok()) return wmi::invalid_argument(segment.error().to_string());
  std::span<const storage::LogRecord> records = *segment;
  // Mutant: log-apply-loses-record (mutant.h): the segment a replica applies lacks its last record.
  if (mutant == Mutant::kLogApplyLosesRecord && !records.empty()) {
    records = records.first(records.size() - 1);
  }
  auto stream = storage::export_stream(from.sequence, records);
  if (!stream.ok()) return wmi::invalid_argument(stream.error().to_string());
  return std::move(*stream);
}

// Whether `base` was taken strictly before `point` on disk `i` (both of the same VM and type).
bool older_on_disk(const VmReferencePoint& base, const VmReferencePoint& point, std::size_t bi,
                   std::size_t pi) {
  if (point.type == kLogBased) return base.log_marks[bi].id < point.log_marks[pi].id;
  auto b = storage::parse_rct_id(base.rct_ids[bi]);
  auto p = storage::parse_rct_id(point.rct_ids[pi]);
  // Ids of different tracking sessions are not ordered: data_available reports them.
  if (!b.ok() || !p.ok() || !(b->session == p->session)) return true;
  return b->sequence < p->sequence;
}

}  // namespace

std::uint32_t export_error_code(const control::ErrorCodes& codes, ExportProblem problem,
                                wmi::ReturnCodeFamily family) {
  std::uint32_t code = 0;
  switch (problem) {
    case ExportProblem::kPointNotFound:
      code = codes.export_point_not_found;
      break;
    case ExportProblem::kWrongPointClass:
      code = codes.export_wrong_point_class;
      break;
    case ExportProblem::kMalformedSettings:
      code = codes.export_malformed_settings;
      break;
    case ExportProblem::kBaseNotFound:
      code = codes.export_base_not_found;
      break;
    case ExportProblem::kBaseForeign:
      code = codes.export_base_foreign;
      break;
    case ExportProblem::kBaseNotOlder:
      code = codes.export_base_not_older;
      break;
    case ExportProblem::kDataUnavailable:
      code = codes.export_data_unavailable;
      break;
    case ExportProblem::kDirectoryEmpty:
      code = codes.export_directory_empty;
      break;
    case ExportProblem::kDirectoryInUse:
      code = codes.export_directory_in_use;
      break;
    case ExportProblem::kUnknownDisk:
      code = codes.export_unknown_disk;
      break;
  }
  return family == wmi::ReturnCodeFamily::kHyperV ? to_hyperv(code) : code;
}

std::variant<ExportSettings, ExportFailure> parse_export_settings(
    const wmi::CimValue& value, std::string_view setting_data_class, std::string_view vm_guid) {
  auto instance = decode_embedded_instance(value, "ExportSettingData", setting_data_class);
  if (!instance.ok()) {
    return failure(ExportProblem::kMalformedSettings, instance.status().message());
  }
  ExportSettings settings;
  if (!instance->has_value()) return settings;
  const wmi::Instance& data = **instance;
  const bool collection =
      wmi::iequals(setting_data_class, cls::kCollectionReferencePointExportSettingData);
  const bool snapshot = wmi::iequals(setting_data_class, cls::kCollectionSnapshotExportSettingData);
  const std::string_view base_name = snapshot     ? "DifferentialBackupBase"
                                     : collection ? "BaseReferencePointCollection"
                                                  : "BaseReferencePoint";
  if (snapshot) {
    // BackupIntent 1 preserve chain, 2 merge: the export's files are the same either way.
    const wmi::CimValue* intent = data.find("BackupIntent");
    if (intent != nullptr && !intent->is_null()) {
      const auto value = intent->is_array() ? std::nullopt : intent->as_uint();
      if (!value || (*value != 1 && *value != 2)) {
        return failure(ExportProblem::kMalformedSettings, "BackupIntent is neither 1 nor 2");
      }
    }
  }
  if (const wmi::CimValue* base = data.find(base_name); base != nullptr && !base->is_null()) {
    if (const wmi::ObjectPath* path = base->is_array() ? nullptr : base->as_reference()) {
      settings.base = *path;
    } else if (const std::string* text = base->is_array() ? nullptr : base->as_string()) {
      if (!text->empty()) {
        auto path = wmi::parse_wmi_path(*text);
        if (!path.ok()) {
          return failure(ExportProblem::kBaseNotFound, std::string(base_name) + " is not a path (" +
                                                           path.status().message() + ")");
        }
        settings.base = std::move(*path);
      }
    } else {
      return failure(ExportProblem::kMalformedSettings,
                     std::string(base_name) + " is not a string");
    }
  }
  if (snapshot) return settings;  // every disk of every member
  if (!collection) {
    std::vector<std::string> disks = strings_of(data, "DisksToExport");
    if (!disks.empty()) settings.disks_by_vm.emplace_back(std::string(vm_guid), std::move(disks));
    return settings;
  }
  for (const wmi::CimElement* element : elements_of(data, "VirtualMachinesToDisksToExport")) {
    wmi::CimValue entry(*element);
    auto vm_to_disks = decode_embedded_instance(entry, "VirtualMachinesToDisksToExport",
                                                cls::kVirtualMachineToDisks);
    if (!vm_to_disks.ok()) {
      return failure(ExportProblem::kMalformedSettings, vm_to_disks.status().message());
    }
    if (!vm_to_disks->has_value()) continue;
    const std::string* vm = string_of(**vm_to_disks, "VirtualMachineId");
    if (vm == nullptr || vm->empty()) {
      return failure(ExportProblem::kMalformedSettings,
                     "a Msvm_VirtualMachineToDisks without VirtualMachineId");
    }
    settings.disks_by_vm.emplace_back(*vm, strings_of(**vm_to_disks, "DisksToExport"));
  }
  return settings;
}

std::variant<std::vector<std::size_t>, ExportFailure> selected_disks(
    const HostState& state, const VmReferencePoint& point, const ExportSettings& settings) {
  std::vector<std::size_t> out;
  const auto listed =
      std::find_if(settings.disks_by_vm.begin(), settings.disks_by_vm.end(),
                   [&](const auto& entry) { return wmi::iequals(entry.first, point.vm_guid); });
  if (listed == settings.disks_by_vm.end() || listed->second.empty()) {
    for (std::size_t i = 0; i < point.disk_ids.size(); ++i) out.push_back(i);
    return out;
  }
  for (const std::string& name : listed->second) {
    // A disk is named by its InstanceID or its path.
    const VmDisk* disk = state.find_disk(name);
    const std::size_t i = index_of(point, disk != nullptr ? disk->instance_id : name);
    if (i == point.disk_ids.size()) {
      return failure(ExportProblem::kUnknownDisk,
                     "the reference point of " + point.vm_guid + " covers no disk " + name);
    }
    if (std::find(out.begin(), out.end(), i) == out.end()) out.push_back(i);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::optional<ExportFailure> check_listed_vms(const ExportSettings& settings,
                                              std::span<const std::string> vm_guids) {
  for (const auto& listed : settings.disks_by_vm) {
    const std::string& vm = listed.first;
    if (std::none_of(vm_guids.begin(), vm_guids.end(),
                     [&](const std::string& guid) { return wmi::iequals(guid, vm); })) {
      return failure(ExportProblem::kUnknownDisk, "the reference point covers no VM " + vm);
    }
  }
  return std::nullopt;
}

std::optional<ExportFailure> check_export_directory(const HostState& state,
                                                    const wmi::CimValue& directory) {
  const std::string* text =
      directory.is_null() || directory.is_array() ? nullptr : directory.as_string();
  if (text == nullptr || HostFiles::normalize(*text).empty()) {
    return failure(ExportProblem::kDirectoryEmpty, "ExportDirectory is empty");
  }
  if (state.files.find(*text) != nullptr || state.files.any_under(*text)) {
    return failure(ExportProblem::kDirectoryInUse, *text + " already holds exported files");
  }
  return std::nullopt;
}

std::optional<ExportFailure> check_vm_export(const HostState& state, const VmExport& request) {
  const VmReferencePoint& point = *request.point;
  const VmReferencePoint* base = request.base;
  // Points without their per-disk ids (e.g. imported metadata of a log-based point) give no data.
  const auto complete = [](const VmReferencePoint& p) {
    return (p.type == kLogBased ? p.log_marks.size() : p.rct_ids.size()) == p.disk_ids.size();
  };
  if (!complete(point) || (base != nullptr && !complete(*base))) {
    return failure(ExportProblem::kDataUnavailable,
                   "the reference point does not hold its disks' tracking data");
  }
  if (base != nullptr) {
    if (!wmi::iequals(base->vm_guid, point.vm_guid)) {
      return failure(ExportProblem::kBaseForeign,
                     "the base reference point belongs to VM " + base->vm_guid);
    }
    if (base->type != point.type) {
      return failure(ExportProblem::kBaseForeign, "the base reference point is of another type");
    }
    if (wmi::iequals(base->instance_id, point.instance_id)) {
      return failure(ExportProblem::kBaseNotOlder, "the base is the exported reference point");
    }
    if (base->data_removed) {
      return failure(ExportProblem::kDataUnavailable,
                     "the base reference point's log data was removed");
    }
  }
  for (const std::size_t i : request.disks) {
    const VmDisk* disk = disk_of(state, point, i);
    const bool frozen = i < point.frozen_disks.size() && point.frozen_disks[i] != nullptr;
    if (disk == nullptr) {
      return failure(ExportProblem::kDataUnavailable, "disk " + point.disk_ids[i] + " is gone");
    }
    if (base == nullptr || point.type == kRctBased) {
      if (!frozen) {
        return failure(ExportProblem::kDataUnavailable,
                       "the reference point holds no data of disk " + point.disk_ids[i]);
      }
    }
    if (base == nullptr) continue;
    const std::size_t bi = index_of(*base, point.disk_ids[i]);
    if (bi == base->disk_ids.size()) {
      return failure(ExportProblem::kBaseForeign,
                     "the base reference point does not cover disk " + point.disk_ids[i]);
    }
    if (!older_on_disk(*base, point, bi, i)) {
      return failure(ExportProblem::kBaseNotOlder,
                     "the base reference point was taken after the exported one");
    }
    if (point.type == kLogBased) {
      if (!disk->replica_log ||
          !disk->replica_log->segment(base->log_marks[bi], point.log_marks[i]).ok()) {
        return failure(ExportProblem::kDataUnavailable,
                       "the replica log of " + disk->instance_id +
                           " no longer holds the records since the base");
      }
      continue;
    }
    const storage::DiskSnapshot& image = *point.frozen_disks[i];
    if (image.size() != disk->disk->size()) {
      return failure(ExportProblem::kDataUnavailable,
                     disk->instance_id + " was resized since the reference point");
    }
    auto probe = disk->disk->change_tracker().query_changes(base->rct_ids[bi], 0, image.size(), 1);
    if (!probe.ok()) {
      return failure(ExportProblem::kDataUnavailable,
                     "the base RCT id of " + disk->instance_id +
                         " no longer answers: " + probe.error().to_string());
    }
  }
  return std::nullopt;
}

wmi::Result<ExportedFiles> write_export(HostState& state, std::string_view directory,
                                        std::span<const VmExport> requests) {
  struct PendingFile {
    std::string path;
    std::vector<std::byte> bytes;
    std::shared_ptr<const storage::DiskContent> image;
    std::uint64_t size = 0;
  };
  std::vector<PendingFile> pending;
  ExportedFiles result;
  for (const VmExport& request : requests) {
    const VmReferencePoint& point = *request.point;
    const VmReferencePoint* base = request.base;
    const Vm* vm = state.find_vm(point.vm_guid);
    const std::string vm_dir = HostFiles::join(directory, point.vm_guid);
    const std::string disk_dir = HostFiles::join(vm_dir, "Virtual Hard Disks");
    ExportConfig config;
    config.vm_guid = point.vm_guid;
    config.vm_name = vm != nullptr ? vm->name : "";
    config.reference_point_id = point.instance_id;
    config.reference_point_collection_id = point.collection_id;
    config.virtual_system_collection_id = request.vs_collection_id;
    if (const auto rpc = state.reference_point_collections.find(point.collection_id);
        request.vs_collection_id.empty() && rpc != state.reference_point_collections.end()) {
      config.virtual_system_collection_id = rpc->second.vs_collection_id;
    }
    config.reference_point_type = point.type;
    config.consistency_level = static_cast<std::uint8_t>(point.consistency);
    config.base_reference_point_id = base != nullptr ? base->instance_id : "";
    std::vector<std::string> names;
    for (const std::size_t i : request.disks) {
      const VmDisk& disk = *disk_of(state, point, i);
      ExportedDisk exported;
      exported.instance_id = disk.instance_id;
      exported.host_path = disk.path;
      std::string name(basename(disk.path));
      if (name.empty() || std::any_of(names.begin(), names.end(), [&](const std::string& n) {
            return wmi::iequals(n, name);
          })) {
        name = fmt::format("{}_{}", i, name);
      }
      names.push_back(name);
      PendingFile file;
      if (base == nullptr) {
        const storage::DiskSnapshot& frozen = *point.frozen_disks[i];
        auto image = std::make_shared<storage::DiskContent>();
        if (auto s = frozen.copy_into(*image); !s) {
          return wmi::invalid_argument(s.error().to_string());
        }
        exported.kind = ExportDataKind::kFullImage;
        exported.virtual_size = frozen.size();
        exported.logical_sector_size = frozen.logical_sector_size();
        file.image = std::move(image);
        file.size = frozen.size();
      } else {
        const std::size_t bi = index_of(*base, point.disk_ids[i]);
        auto stream =
            point.type == kLogBased
                ? log_segment_stream(disk, base->log_marks[bi], point.log_marks[i], state.mutant)
                : rct_changes_stream(disk, *point.frozen_disks[i], base->rct_ids[bi]);
        if (!stream.ok()) return stream.status();
        exported.kind =
            point.type == kLogBased ? ExportDataKind::kLogSegment : ExportDataKind::kRctChanges;
        if (point.type == kRctBased) exported.base_rct_id = base->rct_ids[bi];
        const bool frozen = i < point.frozen_disks.size() && point.frozen_disks[i] != nullptr;
        exported.virtual_size = frozen ? point.frozen_disks[i]->size() : disk.disk->size();
        exported.logical_sector_size = disk.disk->logical_sector_size();
        name += point.type == kLogBased ? ".hrl" : ".rctlog";
        file.size = stream->size();
        file.bytes = std::move(*stream);
      }
      if (point.type == kRctBased && i < point.rct_ids.size()) exported.rct_id = point.rct_ids[i];
      file.path = HostFiles::join(disk_dir, name);
      exported.data_file = file.path;
      exported.data_file_size = file.size;
      result.disks.push_back(disk.instance_id);
      result.data_files.push_back(file.path);
      config.disks.push_back(std::move(exported));
      pending.push_back(std::move(file));
    }
    const std::string text = format_export_config(config);
    PendingFile config_file;
    config_file.path = HostFiles::join(HostFiles::join(vm_dir, "Virtual Machines"),
                                       guid_of(point.instance_id) + ".vmcx");
    config_file.size = text.size();
    config_file.bytes.resize(text.size());
    std::transform(text.begin(), text.end(), config_file.bytes.begin(),
                   [](char c) { return static_cast<std::byte>(c); });
    result.vm_guids.push_back(point.vm_guid);
    result.config_files.push_back(config_file.path);
    pending.push_back(std::move(config_file));
  }
  for (PendingFile& file : pending) {
    // Paths are new (check_export_directory) and distinct (one folder per VM, unique names).
    const wmi::Status s = file.image != nullptr
                              ? state.files.add_image(file.path, file.size, std::move(file.image))
                              : state.files.add_bytes(file.path, std::move(file.bytes));
    (void)s;
  }
  return result;
}

}  // namespace sim::host
