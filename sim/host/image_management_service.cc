// Msvm_ImageManagementService (spec §2, §4, §7; Hyper-V return-code family; root/virtualization/v2
// only): GetVirtualDiskChanges, the WMI route to a virtual disk's Resilient Change Tracking ranges.
//
// Path is a disk's HostResource path as Msvm_StorageAllocationSettingData shows it (matched like
// the DataPlane matches it: ASCII case-insensitive); LimitId an RCT id, as a reference point sealed
// it; TargetSnapshotId "" (or null) means the disk as it is now. The answer is the disk's change
// tracker's (sim/storage/change_tracker.h): sorted, coalesced ranges inside [ByteOffset, ByteOffset
// + ByteLength), at most the profile's rct.max_ranges_per_call of them; when the window holds more,
// ProcessedByteLength < ByteLength and the caller resumes at ByteOffset + ProcessedByteLength.
// Every undocumented error code comes from the profile (get_virtual_disk_changes.code.*), and the
// description of a failure carries the tracker's code and message. The method changes nothing.
#include "sim/host/cim_paths.h"
#include "sim/host/class_defs.h"
#include "sim/host/class_names.h"
#include "sim/host/host_state.h"
#include "wmi/cim/cim_name.h"

namespace sim::host {

namespace {

constexpr std::string_view kKeys[] = {"CreationClassName", "Name", "SystemCreationClassName",
                                      "SystemName"};
constexpr wmi::ReturnCodeFamily kHyperV = wmi::ReturnCodeFamily::kHyperV;
constexpr std::uint32_t kFailed = 32768;
constexpr std::uint32_t kInvalidParameter = 32773;
// JobType of the job that carries GetVirtualDiskChanges when a profile delivers it through one.
// Spec §6 lists none for this method (real hosts report image-management work as Msvm_StorageJob,
// whose JobType values are not documented), so this is the simulator's own value, outside every
// JobType the spec names: a documented constant rather than a profile key, since no client
// decides anything on it.
constexpr std::uint16_t kGetVirtualDiskChangesJobType = 32768;

void enumerate(const RenderScope& scope, std::vector<wmi::Instance>& out) {
  out.push_back(service_instance(scope, cls::kImageManagementService, "Image Management Service"));
}

std::string_view text_of(const wmi::CimValue& value) {
  const std::string* text = value.is_null() ? nullptr : value.as_string();
  return text == nullptr ? std::string_view{} : std::string_view(*text);
}

// A call that passed every check but the change tracker's.
struct ChangeQuery {
  const VmDisk* disk = nullptr;
  std::string_view limit_id;
  std::uint64_t byte_offset = 0;
  std::uint64_t byte_length = 0;
};

// The tracker's error as the method's ReturnValue, per the profile.
std::uint32_t code_for(const control::ErrorCodes& codes, storage::ErrorCode error) {
  switch (error) {
    case storage::ErrorCode::kInvalidTrackingId:
      return codes.rct_invalid_id;
    case storage::ErrorCode::kNoTrackingData:
      return codes.rct_no_tracking_data;
    case storage::ErrorCode::kTrackingDisabled:
      return codes.rct_tracking_disabled;
    case storage::ErrorCode::kChangedOffline:
      return codes.rct_changed_offline;
    case storage::ErrorCode::kInvalidParameter:
      // The one argument a query with room for a range can get wrong: the window.
      return codes.window_outside_disk;
    case storage::ErrorCode::kDataCorrupt:
    case storage::ErrorCode::kNotSupported:
    case storage::ErrorCode::kInvalidTrackingState:
      break;  // no change query fails so (change_tracker.h); the family's generic failure
  }
  return kFailed;
}

MethodOutcome tracker_failure(const HostState& state, const ChangeQuery& query,
                              const storage::Error& error) {
  return MethodOutcome::error(code_for(state.profile.codes, error.code),
                              query.disk->path + ": " + error.to_string());
}

// The checks before the tracker's, in the order a caller's mistakes are reported: the file, the
// snapshot, the window's presence. Fills `query` when they pass.
MethodOutcome resolve(const HostState& state, const CallArgs& args, ChangeQuery& query) {
  const control::ErrorCodes& codes = state.profile.codes;
  const std::string_view path = text_of(args["Path"]);
  const VmDisk* disk = state.find_disk(path);
  if (disk == nullptr || !wmi::iequals(disk->path, path)) {  // an InstanceID is not a file
    return MethodOutcome::error(codes.file_not_found,
                                "Path \"" + std::string(path) + "\" names no virtual disk");
  }
  if (!text_of(args["TargetSnapshotId"]).empty()) {
    return MethodOutcome::error(
        codes.target_snapshot,
        "TargetSnapshotId is only valid for VHD Set files; " + disk->path + " is not one");
  }
  const auto offset = args["ByteOffset"].as_uint();
  const auto length = args["ByteLength"].as_uint();
  if (!offset || !length) {
    return MethodOutcome::error(kInvalidParameter, "ByteOffset and ByteLength are required");
  }
  query = ChangeQuery{disk, text_of(args["LimitId"]), *offset, *length};
  return {};
}

// --- GetVirtualDiskChanges(Path, LimitId, TargetSnapshotId, ByteOffset, ByteLength,
//                           out ProcessedByteLength, out ChangedByteOffsets[],
//                           out ChangedByteLengths[], out Job)

MethodOutcome check_changes(const HostState& state, const CallArgs& args) {
  ChangeQuery query;
  if (auto c = resolve(state, args, query); c.code != 0) return c;
  // Room for one range is enough to learn whether the tracker takes the id and the window.
  auto page = query.disk->disk->change_tracker().query_changes(query.limit_id, query.byte_offset,
                                                               query.byte_length, 1);
  if (!page.ok()) return tracker_failure(state, query, page.error());
  return {};
}

MethodOutcome get_virtual_disk_changes(HostState& state, const CallArgs& args) {
  ChangeQuery query;
  if (auto c = resolve(state, args, query); c.code != 0) return c;
  auto page = query.disk->disk->change_tracker().query_changes(
      query.limit_id, query.byte_offset, query.byte_length, state.profile.rct_max_ranges_per_call);
  if (!page.ok()) return tracker_failure(state, query, page.error());
  std::vector<std::uint64_t> offsets;
  std::vector<std::uint64_t> lengths;
  offsets.reserve(page->ranges.size());
  lengths.reserve(page->ranges.size());
  for (const storage::ByteRange& range : page->ranges) {
    offsets.push_back(range.offset);
    lengths.push_back(range.length);
  }
  // Mutant: rct-drops-block (mutant.h): the last changed block of the last range goes missing.
  if (state.mutant == Mutant::kRctDropsBlock && !lengths.empty()) {
    const std::uint64_t block = query.disk->disk->change_tracker().granularity();
    if (lengths.back() > block) {
      lengths.back() -= block;
    } else {
      offsets.pop_back();
      lengths.pop_back();
    }
  }
  MethodOutcome outcome;
  outcome.out.push_back({"ProcessedByteLength", page->processed_length});
  outcome.out.push_back({"ChangedByteOffsets", uint64_array(offsets)});
  outcome.out.push_back({"ChangedByteLengths", uint64_array(lengths)});
  return outcome;
}

using wmi::CimType;
constexpr ParamSpec kChangesParams[] = {
    {"Path", CimType::kString},
    {"LimitId", CimType::kString},
    {"TargetSnapshotId", CimType::kString},
    {"ByteOffset", CimType::kUint64},
    {"ByteLength", CimType::kUint64},
    {"ProcessedByteLength", CimType::kUint64, false, true},
    {"ChangedByteOffsets", CimType::kUint64, false, true, true},
    {"ChangedByteLengths", CimType::kUint64, false, true, true},
    {"Job", CimType::kReference, false, true},
};

constexpr MethodSpec kMethods[] = {
    {"GetVirtualDiskChanges", kHyperV, kChangesParams, kGetVirtualDiskChangesJobType,
     &check_changes, &get_virtual_disk_changes, true},
};

}  // namespace

const ClassDef kImageManagementServiceClass{
    cls::kImageManagementService, "CIM_Service", kKeys, &enumerate, nullptr, kMethods, true};

}  // namespace sim::host
