// sim::control::Profile: every behaviour of the Hyper-V backup API that the documentation leaves
// open (spec/hyperv-backup-api.md: each [guess] and §9), as one typed table the simulated host
// consults instead of scattering if-statements through its services.
//
// Each setting has a key name (e.g. "rct.granularity") and carries provenance: an evidence tag
// ([doc] Microsoft documentation, [mof] provider metadata, [sample] Microsoft sample code, [field]
// third-party tools against real hosts, [guess] nothing) and a one-line note. The built-in table of
// keys, their defaults, evidence and notes is describe_profile_keys() (profile_keys.h); the
// conformance report uses a key's evidence to label assertions that rest on it `unverified`.
//
// A default-constructed Profile is `doc-strict`: documented codes and encodings, every method
// answering immediately where the documentation allows it. Profiles are loaded from JSON files
// (fixtures/profiles/*.json; format in profile_keys.h) with load_profile().
//
// Value type; immutable once loaded, so concurrent readers need no synchronisation.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "wmi/cim/status.h"

namespace sim::control {

enum class Evidence { kDoc, kMof, kSample, kField, kGuess };

// "doc", "mof", "sample", "field", "guess".
std::string_view to_string(Evidence evidence);

// Msvm_VirtualSystemReferencePointService.CreateReferencePoint ReferencePointType values.
enum class VsReferencePointTypeEncoding {
  kLog0Rct1,  // 0 = log based, 1 = RCT based: the method page and the MOF ValueMap [doc][mof]
  kLog1Rct2,  // 1 = log based, 2 = RCT based: the instance property's encoding, sent by tools
              // [field]
};

// Msvm_ReferencePointCollection.ConsistencyLevel values.
enum class ConsistencyLevelOrder {
  kCrash1App2,  // 1 crash consistent, 2 application consistent: that class's page [doc]
  kApp1Crash2,  // 1 application, 2 crash: what every other class uses [guess]
};

// How a method reports success.
enum class SuccessDelivery {
  kImmediate,  // ReturnValue 0 with the out-references filled
  kJob,        // ReturnValue 4096 and a job that completes; the result via Msvm_AffectedJobElement
};

// How a method reports an error.
enum class ErrorDelivery {
  kImmediate,  // ReturnValue is the error code
  kFailedJob,  // ReturnValue 4096 and a job ending in JobState 10 with ErrorCode = the error code
};

struct MethodDelivery {
  SuccessDelivery success = SuccessDelivery::kImmediate;
  ErrorDelivery error = ErrorDelivery::kImmediate;
  friend bool operator==(const MethodDelivery&, const MethodDelivery&) = default;
};

// How long a job runs. A job is finished for the read (Get) that is its `polls`-th or later,
// provided `virtual_time` plus a per-job jitter drawn uniformly from [0, jitter] (job-timing
// stream) has passed on the clock since it started; earlier reads see it running. Both zero: it is
// finished from the start.
struct JobDuration {
  std::uint32_t polls = 2;
  std::chrono::milliseconds virtual_time{0};
  std::chrono::milliseconds jitter{0};
  friend bool operator==(const JobDuration&, const JobDuration&) = default;
};

// The WS-Man fault for a Get on an instance that does not exist.
enum class MissingInstanceFault {
  kResourceNotFound,  // s:Sender / a:DestinationUnreachable, detail ResourceNotFound
  kInvalidSelectors,  // s:Sender / w:InvalidSelectors
};

// Selectors for singleton services (Msvm_*Service) over WS-Man: `required` must be present,
// `accepted` may be (and are checked against the instance when they are); anything else is
// w:InvalidSelectors. Both are subsets of the CIM_Service keys (kServiceKeys), required ⊆ accepted.
struct SingletonSelectors {
  std::vector<std::string> required{"CreationClassName"};
  std::vector<std::string> accepted{"CreationClassName", "Name", "SystemCreationClassName",
                                    "SystemName"};
  friend bool operator==(const SingletonSelectors&, const SingletonSelectors&) = default;
};
inline constexpr std::string_view kServiceKeys[] = {"CreationClassName", "Name",
                                                    "SystemCreationClassName", "SystemName"};

// ReturnValues for the error cases the documentation does not assign a code to. The CIM-family
// codes serve both CreateReferencePoint methods (Msvm_CollectionReferencePointService for a VM
// group, Msvm_VirtualSystemReferencePointService for one VM: "a member" is then that VM) and are
// 1..6 or 32768..65535; the Hyper-V-family codes (collection management,
// GetVirtualDiskChanges) are 32768..65535.
struct ErrorCodes {
  std::uint32_t type_unknown = 4;                   // ReferencePointType 0
  std::uint32_t type_dmtf_reserved = 4;             // ReferencePointType 3..32767
  std::uint32_t type_vendor_specific = 1;           // ReferencePointType 32768..65535
  std::uint32_t log_without_replication = 5;        // type 1 and a member not replicating
  std::uint32_t collection_not_found = 4;           // Collection reference resolves to nothing
  std::uint32_t wrong_collection_class = 6;         // e.g. a Msvm_ManagementCollection
  std::uint32_t system_not_found = 4;               // per VM: AffectedSystem names no VM
  std::uint32_t wrong_system_class = 6;             // per VM: AffectedSystem not a ComputerSystem
  std::uint32_t empty_collection = 5;               // the group has no member
  std::uint32_t malformed_settings = 4;             // ReferencePointSettings not ""/CIM-XML/MOF
  std::uint32_t vhd_disk = 1;                       // a member disk is VHD (RCT needs VHDX)
  std::uint32_t configuration_version_too_old = 1;  // a member's version is below 6.2
  std::uint32_t reference_point_limit = 5;          // a member already holds the limit
  std::uint32_t duplicate_collection_id = 32773;    // DefineCollection with an Id in use
  std::uint32_t wrong_member_kind = 32773;          // AddMember: a VM into a group of groups, ...
  // GetVirtualDiskChanges; the rct_* cases are the change tracker's errors (spec §7).
  std::uint32_t file_not_found = 32779;         // Path names no virtual disk of the host
  std::uint32_t target_snapshot = 32773;        // TargetSnapshotId not "" (no VHD Sets modelled)
  std::uint32_t rct_invalid_id = 32773;         // 0xC03A0029: LimitId is not an RCT id
  std::uint32_t rct_no_tracking_data = 32768;   // 0xC03A0030: unknown, forgotten or foreign id
  std::uint32_t rct_tracking_disabled = 32775;  // 0xC03A002A: the disk is not tracked
  std::uint32_t rct_changed_offline = 32768;    // 0xC03A0022: resized/modified offline since
  std::uint32_t window_outside_disk = 32773;    // ByteOffset + ByteLength beyond the disk
  // Msvm_ReplicationService (one VM) and Msvm_CollectionReplicationService (a VM group, whose
  // member errors use the per-VM cases).
  std::uint32_t replication_system_not_found = 32773;        // ComputerSystem names no VM
  std::uint32_t replication_wrong_system_class = 32776;      // not a Msvm_ComputerSystem
  std::uint32_t replication_collection_not_found = 32773;    // Collection names no VM group
  std::uint32_t replication_wrong_collection_class = 32776;  // e.g. a Msvm_ManagementCollection
  std::uint32_t replication_empty_collection = 32775;        // the group has no member
  std::uint32_t replication_malformed_settings = 32773;      // setting data not ""/CIM-XML/MOF
  std::uint32_t replication_configuration_version_too_old = 32770;  // below 6.2
  std::uint32_t replication_already_replicating = 32775;  // Create with one; Start once started
  std::uint32_t replication_not_replicating = 32775;      // Start/Remove/Resynchronize: none
  std::uint32_t replication_initial_type = 32773;         // InitialReplicationType not 1..3
  std::uint32_t replication_resynchronize_not_required = 32775;  // Resynchronize, not state 9
  // ExportReferencePoint, in the CIM family of the collection method; the per-VM method (Hyper-V
  // family) answers the same case's Hyper-V equivalent (1 → 32770, 2 → 32768, 3 → 32772,
  // 4 → 32773, 5 → 32775, 6 → 32776; vendor-specific codes unchanged). Msvm_CollectionSnapshot
  // Service.ExportSnapshot (CIM family) answers the same keys in the same situations, the
  // snapshot collection standing for the point: point_not_found also for one without checkpoints;
  // base_not_found for a DifferentialBackupBase naming neither an existing
  // Msvm_ReferencePointCollection nor Msvm_SnapshotCollection; base_foreign for a log-based base
  // or one of another group; data_unavailable for a standard (non-recovery) snapshot collection as
  // the base (it seals no RCT id); malformed_settings also for BackupIntent not 1 or 2.
  std::uint32_t export_point_not_found = 4;     // the point reference resolves to nothing
  std::uint32_t export_wrong_point_class = 6;   // the reference names another class
  std::uint32_t export_malformed_settings = 4;  // ExportSettingData not ""/CIM-XML/MOF
  std::uint32_t export_base_not_found = 4;      // the base path names no point of that class
  std::uint32_t export_base_foreign = 4;        // base of another VM, group or type
  std::uint32_t export_base_not_older = 4;      // the base was taken at or after the point
  std::uint32_t export_data_unavailable = 5;    // base RCT id or log segment no longer answers
  std::uint32_t export_directory_empty = 4;     // ExportDirectory null or ""
  std::uint32_t export_directory_in_use = 5;    // files already exist under ExportDirectory
  std::uint32_t export_unknown_disk = 4;        // a disk (or VM) to export that the point lacks
  // CreateSnapshot (per VM: SnapshotType 2 full, 3 disk, 32768 recovery; per VM group: 0 unknown,
  // 1 standard, 2 recovery) and ConvertToReferencePoint; CIM family.
  std::uint32_t snapshot_type_unknown = 4;          // group SnapshotType 0 (Unknown)
  std::uint32_t snapshot_type_reserved = 4;         // a SnapshotType outside the ValueMap, reserved
  std::uint32_t snapshot_type_vendor_specific = 1;  // per VM 32769..65535, group 32768..65535
  std::uint32_t convert_standard_checkpoint = 4;    // ConvertToReferencePoint on a standard one
  friend bool operator==(const ErrorCodes&, const ErrorCodes&) = default;
};

// Where a setting's value comes from.
struct Provenance {
  Evidence evidence = Evidence::kGuess;
  std::string note;
  friend bool operator==(const Provenance&, const Provenance&) = default;
};

// ASCII case-insensitive ordering, for CIM class and method names.
struct CaseInsensitiveLess {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const;
};

struct Profile {
  std::string description = "Documented codes and encodings; every method answers immediately.";

  VsReferencePointTypeEncoding vs_reference_point_type_encoding =
      VsReferencePointTypeEncoding::kLog0Rct1;
  ConsistencyLevelOrder reference_point_collection_consistency_order =
      ConsistencyLevelOrder::kCrash1App2;
  ErrorCodes codes;
  // Delivery for "Class.Method" (canonical spelling from delivery_methods()); methods not listed
  // use default_delivery.
  MethodDelivery default_delivery;
  std::map<std::string, MethodDelivery, CaseInsensitiveLess> method_delivery;
  JobDuration job_duration;
  std::chrono::milliseconds time_before_removal{std::chrono::minutes(5)};
  std::uint16_t job_success_state = 7;  // 7 Completed, or 32768 Completed with warnings
  std::uint64_t rct_granularity = std::uint64_t{64} << 10;
  // Changed ranges one GetVirtualDiskChanges answer carries at most; when more exist in the
  // window, ProcessedByteLength < ByteLength and the caller resumes after it.
  std::uint32_t rct_max_ranges_per_call = 1024;
  std::uint32_t reference_point_limit_per_vm = 0;  // 0: no limit
  SingletonSelectors singleton_selectors;
  MissingInstanceFault missing_instance_fault = MissingInstanceFault::kResourceNotFound;

  // Evidence and note of every key (describe_profile_keys() names them); defaults from that table.
  std::map<std::string, Provenance, std::less<>> provenance = default_provenance();

  // The delivery of `class_name`.`method` (case-insensitive).
  MethodDelivery delivery_for(std::string_view class_name, std::string_view method) const;
  // The provenance of `key`; the [guess] provenance with an empty note for a name that is not a
  // key.
  Provenance provenance_of(std::string_view key) const;

  static std::map<std::string, Provenance, std::less<>> default_provenance();

  friend bool operator==(const Profile&, const Profile&) = default;
};

// The methods whose delivery a profile sets, as "Class.Method" (spec §4), in table order.
std::span<const std::string_view> delivery_methods();

// RCT granularity bounds (sim::storage::ChangeTracker accepts the same): a power of two in
// [kMinRctGranularity, kMaxRctGranularity].
inline constexpr std::uint64_t kMinRctGranularity = std::uint64_t{4} << 10;
inline constexpr std::uint64_t kMaxRctGranularity = std::uint64_t{256} << 20;
// rct.max_ranges_per_call bounds: the host allocates the page (16 bytes per range) per call.
inline constexpr std::uint32_t kMaxRctRangesPerCall = std::uint32_t{1} << 20;

// Loads a profile from JSON text (format in profile_keys.h); keys the file omits keep their
// doc-strict values. Fails with kInvalidArgument naming the JSON pointer and the problem: not JSON,
// unknown key, wrong type, code outside its family's error codes, non-power-of-two granularity, ...
wmi::Result<Profile> load_profile(std::string_view json_text);

// The profile as JSON text with every key, in table order; load_profile() reads it back equal.
std::string save_profile(const Profile& profile);

}  // namespace sim::control
