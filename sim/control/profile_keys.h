// The table of profile keys: for each key its name, the evidence and note of its doc-strict
// default, and how its "value" is read from and written to JSON. The single place that knows the
// key names; load_profile(), save_profile(), Profile::default_provenance() and the conformance
// report (describe_profile_keys()) all walk it.
//
// Profile file format (fixtures/profiles/*.json):
//   {
//     "description": "one paragraph: what this profile is for",
//     "settings": {
//       "rct.granularity": {"value": "64KiB", "evidence": "guess", "note": "why this value"},
//       ...
//     }
//   }
// "value" and "evidence" are required, "note" is optional (the table's note otherwise); keys left
// out keep their doc-strict value and provenance. Key names and value shapes:
//   vs_reference_point.type_encoding                   "log0-rct1" | "log1-rct2"
//   reference_point_collection.consistency_level_order "crash1-app2" | "app1-crash2"
//   create_reference_point.code.<case>                 CIM-family error: 1..6 or 32768..65535
//     cases: type_unknown, type_dmtf_reserved, type_vendor_specific, log_without_replication,
//     collection_not_found, wrong_collection_class, system_not_found, wrong_system_class,
//     empty_collection, malformed_settings, vhd_disk, configuration_version_too_old,
//     reference_point_limit (both CreateReferencePoint methods; system_* only the per-VM one,
//     collection_* and empty_collection only the group one)
//   collection_management.code.<case>                  Hyper-V-family error: 32768..65535
//     cases: duplicate_collection_id, wrong_member_kind
//   get_virtual_disk_changes.code.<case>               Hyper-V-family error: 32768..65535
//     cases: file_not_found, target_snapshot, rct_invalid_id, rct_no_tracking_data,
//     rct_tracking_disabled, rct_changed_offline, window_outside_disk
//   replication.code.<case>                            Hyper-V-family error: 32768..65535
//     cases: system_not_found, wrong_system_class, collection_not_found, wrong_collection_class,
//     empty_collection, malformed_settings, configuration_version_too_old, already_replicating,
//     not_replicating, initial_replication_type, resynchronize_not_required
//   method.delivery     {"default": D, "<Class.Method>": D, ...} with
//                       D = {"success": "immediate" | "job", "error": "immediate" | "failed-job"}
//   job.duration        {"polls": 0..10000, "virtual_ms": 0..86400000, "jitter_ms": 0..86400000}
//   job.time_before_removal_ms  1000..86400000
//   job.success_state   7 | 32768
//   rct.granularity     byte size, a power of two in [4KiB, 256MiB]
//   rct.max_ranges_per_call  1 .. 1048576
//   reference_point.limit_per_vm  0 (none) .. 1000000
//   wsman.singleton_service_selectors  {"required": [names], "accepted": [names]}
//   wsman.missing_instance_fault       "resource-not-found" | "invalid-selectors"
// Thread-safety: the table is immutable.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/control/profile.h"
#include "sim/control/strict_json.h"
#include "wmi/cim/status.h"

namespace sim::control {

struct ProfileKey {
  std::string_view name;
  Evidence evidence;      // of the doc-strict default
  std::string_view note;  // one line: what the key decides and what the evidence says
  // Reads the key's "value" into `profile`; fails naming the pointer and the problem.
  wmi::Status (*read)(const JsonField& value, Profile& profile);
  // The key's "value" as save_profile() writes it.
  Json (*write)(const Profile& profile);
};

// Every key, in file order.
std::span<const ProfileKey> profile_keys();

// The key called `name`; nullptr when there is none.
const ProfileKey* find_profile_key(std::string_view name);

// For reports: each key with its default's evidence, note and value (as compact JSON).
struct KeyDescription {
  std::string name;
  Evidence evidence;
  std::string note;
  std::string default_value;
};
std::vector<KeyDescription> describe_profile_keys();

}  // namespace sim::control
