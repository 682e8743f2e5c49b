#include "sim/control/profile_keys.h"

#include <algorithm>
#include <array>
#include <cstdint>

#include "sim/control/byte_size.h"
#include "wmi/cim/return_code.h"

namespace sim::control {

namespace {

using wmi::ReturnCodeClass;
using wmi::ReturnCodeFamily;
using wmi::Status;

constexpr std::uint64_t kOneDayMs = 24 * 60 * 60 * 1000;

constexpr Named<VsReferencePointTypeEncoding> kTypeEncodings[] = {
    {"log0-rct1", VsReferencePointTypeEncoding::kLog0Rct1},
    {"log1-rct2", VsReferencePointTypeEncoding::kLog1Rct2}};
constexpr Named<ConsistencyLevelOrder> kConsistencyOrders[] = {
    {"crash1-app2", ConsistencyLevelOrder::kCrash1App2},
    {"app1-crash2", ConsistencyLevelOrder::kApp1Crash2}};
constexpr Named<SuccessDelivery> kSuccessDeliveries[] = {{"immediate", SuccessDelivery::kImmediate},
                                                         {"job", SuccessDelivery::kJob}};
constexpr Named<ErrorDelivery> kErrorDeliveries[] = {{"immediate", ErrorDelivery::kImmediate},
                                                     {"failed-job", ErrorDelivery::kFailedJob}};
constexpr Named<MissingInstanceFault> kMissingInstanceFaults[] = {
    {"resource-not-found", MissingInstanceFault::kResourceNotFound},
    {"invalid-selectors", MissingInstanceFault::kInvalidSelectors}};

template <typename E, std::size_t N>
Json name_json(const Named<E> (&names)[N], E value) {
  return Json(std::string(name_of(std::span<const Named<E>>(names), value)));
}

// A ReturnValue the method may return for an error: a named error or vendor-specific code of its
// family, never success, 4096, a reserved code or one above 65535.
template <std::uint32_t ErrorCodes::*Field, ReturnCodeFamily Family>
Status read_code(const JsonField& value, Profile& profile) {
  auto code = value.integer(0, 0xFFFFFFFF);
  if (!code.ok()) return code.status();
  const auto as_code = static_cast<std::uint32_t>(*code);
  const ReturnCodeClass cls = wmi::classify(Family, as_code);
  if (cls != ReturnCodeClass::kError && cls != ReturnCodeClass::kVendorSpecific) {
    const char* allowed =
        Family == ReturnCodeFamily::kCim ? "1..6 or 32768..65535" : "32768..65535";
    return value.error(wmi::describe(Family, as_code) + " is not an error code a " +
                       std::string(wmi::to_string(Family)) + "-family method may return (use " +
                       allowed + ")");
  }
  profile.codes.*Field = as_code;
  return {};
}
template <std::uint32_t ErrorCodes::*Field>
Json write_code(const Profile& profile) {
  return profile.codes.*Field;
}

Status read_delivery_entry(const JsonField& entry, MethodDelivery& out) {
  if (auto s = entry.expect_object({"success", "error"}); !s.ok()) return s;
  auto success = entry.required("success");
  if (!success.ok()) return success.status();
  auto success_value = success->choice<SuccessDelivery>(kSuccessDeliveries);
  if (!success_value.ok()) return success_value.status();
  auto error = entry.required("error");
  if (!error.ok()) return error.status();
  auto error_value = error->choice<ErrorDelivery>(kErrorDeliveries);
  if (!error_value.ok()) return error_value.status();
  out = MethodDelivery{*success_value, *error_value};
  return {};
}
Json write_delivery_entry(const MethodDelivery& delivery) {
  return Json{{"success", name_json(kSuccessDeliveries, delivery.success)},
              {"error", name_json(kErrorDeliveries, delivery.error)}};
}

Status read_method_delivery(const JsonField& value, Profile& profile) {
  if (auto s = value.expect_any_object(); !s.ok()) return s;
  profile.default_delivery = MethodDelivery{};
  profile.method_delivery.clear();
  for (const auto& item : value.node().items()) {
    const JsonField entry = *value.member(item.key());
    if (item.key() == "default") {
      if (auto s = read_delivery_entry(entry, profile.default_delivery); !s.ok()) return s;
      continue;
    }
    const auto methods = delivery_methods();
    const auto known = std::find_if(methods.begin(), methods.end(), [&](std::string_view m) {
      return !CaseInsensitiveLess{}(m, item.key()) && !CaseInsensitiveLess{}(item.key(), m);
    });
    if (known == methods.end()) {
      return entry.error("\"" + item.key() +
                         "\" is not \"default\" or a method whose delivery a profile sets "
                         "(Class.Method, e.g. Msvm_CollectionReferencePointService."
                         "CreateReferencePoint)");
    }
    if (profile.method_delivery.contains(*known)) {
      return entry.error(std::string(*known) + " is listed twice (names are case-insensitive)");
    }
    MethodDelivery delivery;
    if (auto s = read_delivery_entry(entry, delivery); !s.ok()) return s;
    profile.method_delivery.emplace(std::string(*known), delivery);
  }
  return {};
}
Json write_method_delivery(const Profile& profile) {
  Json out{{"default", write_delivery_entry(profile.default_delivery)}};
  for (const std::string_view method : delivery_methods()) {
    const auto it = profile.method_delivery.find(method);
    if (it != profile.method_delivery.end()) out[it->first] = write_delivery_entry(it->second);
  }
  return out;
}

Status read_job_duration(const JsonField& value, Profile& profile) {
  if (auto s = value.expect_object({"polls", "virtual_ms", "jitter_ms"}); !s.ok()) return s;
  JobDuration duration{0, {}, {}};
  if (auto polls = value.member("polls")) {
    auto v = polls->integer(0, 10000);
    if (!v.ok()) return v.status();
    duration.polls = static_cast<std::uint32_t>(*v);
  }
  if (auto ms = value.member("virtual_ms")) {
    auto v = ms->integer(0, kOneDayMs);
    if (!v.ok()) return v.status();
    duration.virtual_time = std::chrono::milliseconds(*v);
  }
  if (auto ms = value.member("jitter_ms")) {
    auto v = ms->integer(0, kOneDayMs);
    if (!v.ok()) return v.status();
    duration.jitter = std::chrono::milliseconds(*v);
  }
  profile.job_duration = duration;
  return {};
}
Json write_job_duration(const Profile& profile) {
  const JobDuration& d = profile.job_duration;
  return Json{
      {"polls", d.polls}, {"virtual_ms", d.virtual_time.count()}, {"jitter_ms", d.jitter.count()}};
}

Status read_selector_list(const JsonField& list, std::vector<std::string>& out) {
  if (auto s = list.expect_array(); !s.ok()) return s;
  out.clear();
  for (std::size_t i = 0; i < list.size(); ++i) {
    auto name = list.element(i).string();
    if (!name.ok()) return name.status();
    if (std::find(std::begin(kServiceKeys), std::end(kServiceKeys), *name) ==
        std::end(kServiceKeys)) {
      return list.element(i).error("\"" + *name +
                                   "\" is not a key of CIM_Service (CreationClassName, Name, "
                                   "SystemCreationClassName, SystemName)");
    }
    if (std::find(out.begin(), out.end(), *name) != out.end()) {
      return list.element(i).error("\"" + *name + "\" is listed twice");
    }
    out.push_back(*name);
  }
  return {};
}
Status read_singleton_selectors(const JsonField& value, Profile& profile) {
  if (auto s = value.expect_object({"required", "accepted"}); !s.ok()) return s;
  SingletonSelectors selectors;
  for (const auto& [name, list] :
       {std::pair{"required", &selectors.required}, std::pair{"accepted", &selectors.accepted}}) {
    auto field = value.required(name);
    if (!field.ok()) return field.status();
    if (auto s = read_selector_list(*field, *list); !s.ok()) return s;
  }
  if (selectors.accepted.empty()) return value.error("\"accepted\" must name at least one key");
  for (const std::string& name : selectors.required) {
    if (std::find(selectors.accepted.begin(), selectors.accepted.end(), name) ==
        selectors.accepted.end()) {
      return value.error("required selector \"" + name + "\" is not in \"accepted\"");
    }
  }
  profile.singleton_selectors = std::move(selectors);
  return {};
}
Json write_singleton_selectors(const Profile& profile) {
  return Json{{"required", profile.singleton_selectors.required},
              {"accepted", profile.singleton_selectors.accepted}};
}

Status read_granularity(const JsonField& value, Profile& profile) {
  auto bytes = value.byte_size(kMinRctGranularity, kMaxRctGranularity);
  if (!bytes.ok()) return bytes.status();
  if ((*bytes & (*bytes - 1)) != 0) {
    return value.error(format_byte_size(*bytes) + " is not a power of two");
  }
  profile.rct_granularity = *bytes;
  return {};
}

// A [guess] key holding the ReturnValue of one undocumented error case.
template <std::uint32_t ErrorCodes::*Field, ReturnCodeFamily Family>
constexpr ProfileKey code_key(std::string_view name, std::string_view note) {
  return ProfileKey{name, Evidence::kGuess, note, &read_code<Field, Family>, &write_code<Field>};
}
constexpr ReturnCodeFamily kCim = ReturnCodeFamily::kCim;
constexpr ReturnCodeFamily kHyperV = ReturnCodeFamily::kHyperV;

const ProfileKey kKeys[] = {
    {"vs_reference_point.type_encoding", Evidence::kDoc,
     "Per-VM CreateReferencePoint ReferencePointType: page and MOF say 0 log/1 RCT; tools send 2 "
     "for RCT [field]",
     [](const JsonField& v, Profile& p) -> Status {
       auto e = v.choice<VsReferencePointTypeEncoding>(kTypeEncodings);
       if (!e.ok()) return e.status();
       p.vs_reference_point_type_encoding = *e;
       return {};
     },
     [](const Profile& p) {
       return name_json(kTypeEncodings, p.vs_reference_point_type_encoding);
     }},
    {"reference_point_collection.consistency_level_order", Evidence::kDoc,
     "Msvm_ReferencePointCollection.ConsistencyLevel: its page says 1 crash/2 app, the reverse of "
     "every other class",
     [](const JsonField& v, Profile& p) -> Status {
       auto e = v.choice<ConsistencyLevelOrder>(kConsistencyOrders);
       if (!e.ok()) return e.status();
       p.reference_point_collection_consistency_order = *e;
       return {};
     },
     [](const Profile& p) {
       return name_json(kConsistencyOrders, p.reference_point_collection_consistency_order);
     }},
    code_key<&ErrorCodes::type_unknown, kCim>("create_reference_point.code.type_unknown",
                                              "CreateReferencePoint with ReferencePointType 0 "
                                              "(Unknown): undocumented; 4 invalid parameter"),
    code_key<&ErrorCodes::type_dmtf_reserved, kCim>(
        "create_reference_point.code.type_dmtf_reserved",
        "ReferencePointType 3..32767 (DMTF reserved): undocumented; 4 invalid parameter"),
    code_key<&ErrorCodes::type_vendor_specific, kCim>(
        "create_reference_point.code.type_vendor_specific",
        "ReferencePointType 32768..65535 (vendor specific): undocumented; 1 not supported"),
    code_key<&ErrorCodes::log_without_replication, kCim>(
        "create_reference_point.code.log_without_replication",
        "Log-based reference point on a member without replication: undocumented; 5 invalid state"),
    code_key<&ErrorCodes::collection_not_found, kCim>(
        "create_reference_point.code.collection_not_found",
        "Collection reference that resolves to nothing: undocumented; 4 invalid parameter"),
    code_key<&ErrorCodes::wrong_collection_class, kCim>(
        "create_reference_point.code.wrong_collection_class",
        "Collection reference to a Msvm_ManagementCollection or other class: undocumented; 6 "
        "invalid "
        "type"),
    code_key<&ErrorCodes::system_not_found, kCim>(
        "create_reference_point.code.system_not_found",
        "Per-VM CreateReferencePoint whose AffectedSystem names no VM (missing, null, the host): "
        "undocumented; 4 invalid parameter"),
    code_key<&ErrorCodes::wrong_system_class, kCim>(
        "create_reference_point.code.wrong_system_class",
        "Per-VM CreateReferencePoint whose AffectedSystem is not a Msvm_ComputerSystem: "
        "undocumented; 6 invalid type"),
    code_key<&ErrorCodes::empty_collection, kCim>(
        "create_reference_point.code.empty_collection",
        "Collection without members: undocumented; 5 invalid state"),
    code_key<&ErrorCodes::malformed_settings, kCim>(
        "create_reference_point.code.malformed_settings",
        "ReferencePointSettings neither empty, CIM-XML nor MOF: undocumented; 4 invalid parameter"),
    code_key<&ErrorCodes::vhd_disk, kCim>(
        "create_reference_point.code.vhd_disk",
        "RCT point with a VHD member disk: RCT needs VHDX [doc], the code is undocumented; 1"),
    code_key<&ErrorCodes::configuration_version_too_old, kCim>(
        "create_reference_point.code.configuration_version_too_old",
        "Member VM configuration version below 6.2 (needed for groups and RCT [doc]): code "
        "undocumented; 1"),
    code_key<&ErrorCodes::reference_point_limit, kCim>(
        "create_reference_point.code.reference_point_limit",
        "A member already holds reference_point.limit_per_vm points: undocumented; 5 invalid "
        "state"),
    code_key<&ErrorCodes::duplicate_collection_id, kHyperV>(
        "collection_management.code.duplicate_collection_id",
        "DefineCollection with an Id in use fails [doc]; the code is undocumented; 32773"),
    code_key<&ErrorCodes::wrong_member_kind, kHyperV>(
        "collection_management.code.wrong_member_kind",
        "AddMember of a VM into a group of groups or vice versa: code undocumented; 32773"),
    code_key<&ErrorCodes::file_not_found, kHyperV>(
        "get_virtual_disk_changes.code.file_not_found",
        "GetVirtualDiskChanges Path naming no virtual disk: 32779 File not found is a documented "
        "return, which case gets it is not; 32779"),
    code_key<&ErrorCodes::target_snapshot, kHyperV>(
        "get_virtual_disk_changes.code.target_snapshot",
        "TargetSnapshotId other than \"\": only valid for VHD Set files [doc], none modelled; code "
        "undocumented; 32773"),
    code_key<&ErrorCodes::rct_invalid_id, kHyperV>(
        "get_virtual_disk_changes.code.rct_invalid_id",
        "LimitId that is not an RCT id (0xC03A0029): code undocumented; 32773 invalid parameter"),
    code_key<&ErrorCodes::rct_no_tracking_data, kHyperV>(
        "get_virtual_disk_changes.code.rct_no_tracking_data",
        "LimitId unknown, forgotten or of another disk (0xC03A0030): code undocumented; 32768 "
        "failed (tools then take a full backup [field])"),
    code_key<&ErrorCodes::rct_tracking_disabled, kHyperV>(
        "get_virtual_disk_changes.code.rct_tracking_disabled",
        "Change tracking off for the disk, e.g. a VHD (0xC03A002A): code undocumented; 32775 "
        "invalid state"),
    code_key<&ErrorCodes::rct_changed_offline, kHyperV>(
        "get_virtual_disk_changes.code.rct_changed_offline",
        "Disk resized or modified offline since LimitId (0xC03A0022): code undocumented; 32768 "
        "failed"),
    code_key<&ErrorCodes::window_outside_disk, kHyperV>(
        "get_virtual_disk_changes.code.window_outside_disk",
        "ByteOffset + ByteLength past the disk's end (\"must be less than the size\" [doc]): code "
        "undocumented; 32773"),
    code_key<&ErrorCodes::replication_system_not_found, kHyperV>(
        "replication.code.system_not_found",
        "Replication method whose ComputerSystem names no VM (missing, null, the host): code "
        "undocumented; 32773 invalid parameter"),
    code_key<&ErrorCodes::replication_wrong_system_class, kHyperV>(
        "replication.code.wrong_system_class",
        "Replication method whose ComputerSystem is not a Msvm_ComputerSystem: code undocumented; "
        "32776 incorrect data type"),
    code_key<&ErrorCodes::replication_collection_not_found, kHyperV>(
        "replication.code.collection_not_found",
        "Collection replication method whose Collection names no VM group: code undocumented; "
        "32773 invalid parameter"),
    code_key<&ErrorCodes::replication_wrong_collection_class, kHyperV>(
        "replication.code.wrong_collection_class",
        "Collection replication method whose Collection is not a Msvm_VirtualSystemCollection: "
        "code undocumented; 32776 incorrect data type"),
    code_key<&ErrorCodes::replication_empty_collection, kHyperV>(
        "replication.code.empty_collection",
        "Collection replication method on a group without members: undocumented; 32775 invalid "
        "state"),
    code_key<&ErrorCodes::replication_malformed_settings, kHyperV>(
        "replication.code.malformed_settings",
        "(Collection)ReplicationSettingData neither empty, CIM-XML nor MOF of its class, or a "
        "ReplicationInterval other than 30, 300, 900: code undocumented; 32773"),
    code_key<&ErrorCodes::replication_configuration_version_too_old, kHyperV>(
        "replication.code.configuration_version_too_old",
        "CreateReplicationRelationship on a VM below configuration version 6.2 (the simulator "
        "asks what log-based reference points need; Replica itself is older): undocumented; "
        "32770 not supported"),
    code_key<&ErrorCodes::replication_already_replicating, kHyperV>(
        "replication.code.already_replicating",
        "CreateReplicationRelationship on a VM that has one, StartReplication on one already "
        "started: undocumented; 32775 invalid state"),
    code_key<&ErrorCodes::replication_not_replicating, kHyperV>(
        "replication.code.not_replicating",
        "StartReplication, RemoveReplicationRelationship or Resynchronize on a VM without a "
        "relationship: undocumented; 32775 invalid state"),
    code_key<&ErrorCodes::replication_initial_type, kHyperV>(
        "replication.code.initial_replication_type",
        "StartReplication with InitialReplicationType other than 1 network, 2 export, 3 seeded: "
        "code undocumented; 32773 invalid parameter"),
    code_key<&ErrorCodes::replication_resynchronize_not_required, kHyperV>(
        "replication.code.resynchronize_not_required",
        "Resynchronize on a relationship that is not waiting to resynchronize (state 9): "
        "undocumented; 32775 invalid state"),
    code_key<&ErrorCodes::export_point_not_found, kCim>(
        "export_reference_point.code.point_not_found",
        "ExportReferencePoint whose reference point resolves to nothing: undocumented; 4 invalid "
        "parameter"),
    code_key<&ErrorCodes::export_wrong_point_class, kCim>(
        "export_reference_point.code.wrong_point_class",
        "ExportReferencePoint whose reference point is of another class: undocumented; 6 invalid "
        "type"),
    code_key<&ErrorCodes::export_malformed_settings, kCim>(
        "export_reference_point.code.malformed_settings",
        "ExportSettingData neither empty, CIM-XML nor MOF of the export setting-data class: "
        "undocumented; 4"),
    code_key<&ErrorCodes::export_base_not_found, kCim>(
        "export_reference_point.code.base_not_found",
        "Base reference point path that names no point of the expected class: undocumented; 4"),
    code_key<&ErrorCodes::export_base_foreign, kCim>(
        "export_reference_point.code.base_foreign",
        "Base reference point of another VM, VM group or reference-point type: undocumented; 4"),
    code_key<&ErrorCodes::export_base_not_older, kCim>(
        "export_reference_point.code.base_not_older",
        "Base reference point taken at or after the exported one: undocumented; 4"),
    code_key<&ErrorCodes::export_data_unavailable, kCim>(
        "export_reference_point.code.data_unavailable",
        "The base point's RCT id no longer answers (disk resized, modified offline, tracking "
        "reset) or its replica-log segment is gone: undocumented; 5 invalid state"),
    code_key<&ErrorCodes::export_directory_empty, kCim>(
        "export_reference_point.code.directory_empty",
        "ExportDirectory null or empty: undocumented; 4"),
    code_key<&ErrorCodes::export_directory_in_use, kCim>(
        "export_reference_point.code.directory_in_use",
        "ExportDirectory already holds files (e.g. an earlier export): undocumented; 5"),
    code_key<&ErrorCodes::export_unknown_disk, kCim>(
        "export_reference_point.code.unknown_disk",
        "A disk (or VM) to export that the reference point does not cover: undocumented; 4"),
    code_key<&ErrorCodes::snapshot_type_unknown, kCim>(
        "create_snapshot.code.type_unknown",
        "Msvm_CollectionSnapshotService.CreateSnapshot with SnapshotType 0 (Unknown): "
        "undocumented; 4 invalid parameter"),
    code_key<&ErrorCodes::snapshot_type_reserved, kCim>(
        "create_snapshot.code.type_reserved",
        "CreateSnapshot SnapshotType outside the ValueMap below 32768 (per VM: not 2 full, 3 disk; "
        "per group: 3..32767): undocumented; 4 invalid parameter"),
    code_key<&ErrorCodes::snapshot_type_vendor_specific, kCim>(
        "create_snapshot.code.type_vendor_specific",
        "CreateSnapshot SnapshotType in the vendor range (per VM 32769..65535, 32768 being "
        "recovery; per group 32768..65535): undocumented; 1 not supported"),
    code_key<&ErrorCodes::convert_standard_checkpoint, kCim>(
        "convert_to_reference_point.code.standard_checkpoint",
        "ConvertToReferencePoint on a standard checkpoint (only recovery ones convert [doc]): code "
        "undocumented; 4 invalid parameter"),
    {"method.delivery", Evidence::kDoc,
     "ReturnValue 0 (done) or 4096 (job) per method, and errors as codes or failed jobs: both are "
     "documented returns",
     &read_method_delivery, &write_method_delivery},
    {"job.duration", Evidence::kGuess,
     "How many polls and how much virtual time a job takes: undocumented; 2 polls",
     &read_job_duration, &write_job_duration},
    {"job.time_before_removal_ms", Evidence::kDoc,
     "Msvm_ConcreteJob.TimeBeforeRemoval: finished jobs disappear after 5 minutes",
     [](const JsonField& v, Profile& p) -> Status {
       auto ms = v.integer(1000, kOneDayMs);
       if (!ms.ok()) return ms.status();
       p.time_before_removal = std::chrono::milliseconds(*ms);
       return {};
     },
     [](const Profile& p) { return Json(p.time_before_removal.count()); }},
    {"job.success_state", Evidence::kDoc,
     "JobState of a successful job: 7 Completed [doc]; 32768 Completed with warnings [sample]",
     [](const JsonField& v, Profile& p) -> Status {
       auto state = v.integer(0, 65535);
       if (!state.ok()) return state.status();
       if (*state != 7 && *state != 32768) {
         return v.error(
             std::to_string(*state) +
             " is not a success JobState (7 Completed or 32768 Completed with warnings)");
       }
       p.job_success_state = static_cast<std::uint16_t>(*state);
       return {};
     },
     [](const Profile& p) { return Json(p.job_success_state); }},
    {"rct.granularity", Evidence::kGuess,
     "Block size of Resilient Change Tracking: undocumented; 64KiB (power of two, 4KiB..256MiB)",
     &read_granularity, [](const Profile& p) { return Json(format_byte_size(p.rct_granularity)); }},
    {"rct.max_ranges_per_call", Evidence::kGuess,
     "Ranges one GetVirtualDiskChanges answer holds before ProcessedByteLength < ByteLength [doc]: "
     "undocumented; 1024 (~125 KB of XML, under pywinrm's 153600-byte envelope)",
     [](const JsonField& v, Profile& p) -> Status {
       auto count = v.integer(1, kMaxRctRangesPerCall);
       if (!count.ok()) return count.status();
       p.rct_max_ranges_per_call = static_cast<std::uint32_t>(*count);
       return {};
     },
     [](const Profile& p) { return Json(p.rct_max_ranges_per_call); }},
    {"reference_point.limit_per_vm", Evidence::kGuess,
     "Reference points a VM (and so each of its disks) may hold: undocumented; 0 = no limit",
     [](const JsonField& v, Profile& p) -> Status {
       auto limit = v.integer(0, 1000000);
       if (!limit.ok()) return limit.status();
       p.reference_point_limit_per_vm = static_cast<std::uint32_t>(*limit);
       return {};
     },
     [](const Profile& p) { return Json(p.reference_point_limit_per_vm); }},
    {"wsman.singleton_service_selectors", Evidence::kField,
     "Selectors for Msvm_*Service over WS-Man: CreationClassName alone works and is needed [field]",
     &read_singleton_selectors, &write_singleton_selectors},
    {"wsman.missing_instance_fault", Evidence::kGuess,
     "Fault for Get on a missing instance: MS-WSMV shows ResourceNotFound for a missing class",
     [](const JsonField& v, Profile& p) -> Status {
       auto e = v.choice<MissingInstanceFault>(kMissingInstanceFaults);
       if (!e.ok()) return e.status();
       p.missing_instance_fault = *e;
       return {};
     },
     [](const Profile& p) { return name_json(kMissingInstanceFaults, p.missing_instance_fault); }},
};

}  // namespace

std::span<const ProfileKey> profile_keys() { return kKeys; }

const ProfileKey* find_profile_key(std::string_view name) {
  for (const ProfileKey& key : kKeys) {
    if (key.name == name) return &key;
  }
  return nullptr;
}

std::vector<KeyDescription> describe_profile_keys() {
  const Profile defaults;
  std::vector<KeyDescription> out;
  out.reserve(std::size(kKeys));
  for (const ProfileKey& key : kKeys) {
    out.push_back(KeyDescription{std::string(key.name), key.evidence, std::string(key.note),
                                 key.write(defaults).dump()});
  }
  return out;
}

}  // namespace sim::control
