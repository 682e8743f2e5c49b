#include "conformance/oracle/reference_point_type.h"

namespace conformance::oracle {
namespace {

constexpr std::string_view kMethod = "Msvm_CollectionReferencePointService.CreateReferencePoint";

// spec §1: "0 Unknown, 1 Log based, 2 RCT based, 3..32767 DMTF reserved, 32768..65535 vendor
// specific".
constexpr TypeRange kTypeClasses[] = {
    {TypeClass::kUnknown, 0, 0},
    {TypeClass::kLogBased, 1, 1},
    {TypeClass::kRctBased, 2, 2},
    {TypeClass::kDmtfReserved, 3, 32767},
    {TypeClass::kVendorSpecific, 32768, 65535},
};

constexpr CollectionState kStates[] = {
    CollectionState::kValidReplicationOff,
    CollectionState::kValidReplicationOn,
    CollectionState::kEmptyGroup,
    CollectionState::kVhdDisk,
    CollectionState::kOldConfigurationVersion,
    CollectionState::kMissingCollection,
    CollectionState::kWrongClassReference,
    CollectionState::kMalformedSettings,
};

// A defect of the requested type alone. kLogBased and kRctBased have none.
struct TypeDefectRow {
  TypeClass type_class;
  std::string_view profile_key;
};
constexpr TypeDefectRow kTypeDefects[] = {
    // §4 [guess]: "the code for ReferencePointType 0 ... (suggest 4 invalid parameter for 0)"
    {TypeClass::kUnknown, "create_reference_point.code.type_unknown"},
    // §4 [guess]: "... for 3..65535 (suggest 4 invalid parameter for ... reserved)"
    {TypeClass::kDmtfReserved, "create_reference_point.code.type_dmtf_reserved"},
    // §4 [guess]: "... 1 not supported for vendor range"
    {TypeClass::kVendorSpecific, "create_reference_point.code.type_vendor_specific"},
};

// A defect of the collection state, and whether it applies to each requested type class.
struct StateDefectRow {
  CollectionState state;
  std::string_view profile_key;
  bool applies_to_log, applies_to_rct, applies_to_other_types;
};
constexpr StateDefectRow kStateDefects[] = {
    // §4 [guess]: "the code when a log-based point is requested without replication (suggest 5)";
    // §1: "'Log based' = Hyper-V Replica log tracking". Every replication-off state has it.
    {CollectionState::kValidReplicationOff, "create_reference_point.code.log_without_replication",
     true, false, false},
    {CollectionState::kVhdDisk, "create_reference_point.code.log_without_replication", true, false,
     false},
    {CollectionState::kOldConfigurationVersion,
     "create_reference_point.code.log_without_replication", true, false, false},
    // A group without members has nothing to take a point of (code: profile [guess]).
    {CollectionState::kEmptyGroup, "create_reference_point.code.empty_collection", true, true,
     true},
    // §3: "disks must be VHDX for RCT [doc]"; the code is a profile [guess].
    {CollectionState::kVhdDisk, "create_reference_point.code.vhd_disk", false, true, false},
    // §3: "VM configuration version >= 6.2 is required for groups, production checkpoints and RCT
    // [doc]": every type; the code is a profile [guess].
    {CollectionState::kOldConfigurationVersion,
     "create_reference_point.code.configuration_version_too_old", true, true, true},
    // §1: Collection is "Msvm_VirtualSystemCollection REF"; nothing to resolve [guess code].
    {CollectionState::kMissingCollection, "create_reference_point.code.collection_not_found", true,
     true, true},
    // §1: Collection must be a Msvm_VirtualSystemCollection [guess code].
    {CollectionState::kWrongClassReference, "create_reference_point.code.wrong_collection_class",
     true, true, true},
    // §4: embedded instances are "" or CIM-XML or MOF; "reject anything else with invalid
    // parameter" [field]; the profile may say otherwise.
    {CollectionState::kMalformedSettings, "create_reference_point.code.malformed_settings", true,
     true, true},
};

bool applies(const StateDefectRow& row, TypeClass type_class) {
  switch (type_class) {
    case TypeClass::kLogBased:
      return row.applies_to_log;
    case TypeClass::kRctBased:
      return row.applies_to_rct;
    default:
      return row.applies_to_other_types;
  }
}

void add_defect(std::string_view key, const ProfileExpectations& profile, CreateExpectation& out) {
  out.defect_keys.push_back(key);
  if (std::optional<std::uint32_t> code = profile.code(key)) out.error_codes.insert(*code);
  if (profile.is_guess(key)) out.unverified = true;
}

}  // namespace

std::span<const TypeRange> reference_point_type_classes() { return kTypeClasses; }

TypeClass classify_reference_point_type(std::uint16_t type) {
  for (const TypeRange& r : kTypeClasses) {
    if (type >= r.first && type <= r.last) return r.type_class;
  }
  return TypeClass::kVendorSpecific;  // unreachable: the ranges cover 0..65535
}

std::string_view to_string(TypeClass type_class) {
  switch (type_class) {
    case TypeClass::kUnknown:
      return "0 Unknown";
    case TypeClass::kLogBased:
      return "1 Log based";
    case TypeClass::kRctBased:
      return "2 RCT based";
    case TypeClass::kDmtfReserved:
      return "3..32767 DMTF reserved";
    case TypeClass::kVendorSpecific:
      return "32768..65535 vendor specific";
  }
  return "?";
}

std::span<const CollectionState> all_collection_states() { return kStates; }

std::string_view to_string(CollectionState state) {
  switch (state) {
    case CollectionState::kValidReplicationOff:
      return "valid group, replication off";
    case CollectionState::kValidReplicationOn:
      return "valid group, replication on";
    case CollectionState::kEmptyGroup:
      return "empty group";
    case CollectionState::kVhdDisk:
      return "member with a VHD disk";
    case CollectionState::kOldConfigurationVersion:
      return "member below configuration version 6.2";
    case CollectionState::kMissingCollection:
      return "missing collection reference";
    case CollectionState::kWrongClassReference:
      return "wrong-class collection reference";
    case CollectionState::kMalformedSettings:
      return "malformed ReferencePointSettings";
  }
  return "?";
}

CreateExpectation expect_collection_create(TypeClass type_class, CollectionState state,
                                           const ProfileExpectations& profile) {
  CreateExpectation out;
  for (const TypeDefectRow& row : kTypeDefects) {
    if (row.type_class == type_class) add_defect(row.profile_key, profile, out);
  }
  for (const StateDefectRow& row : kStateDefects) {
    if (row.state == state && applies(row, type_class)) add_defect(row.profile_key, profile, out);
  }
  out.succeeds = out.defect_keys.empty();
  return out;
}

std::set<std::uint32_t> allowed_return_values(const CreateExpectation& expected,
                                              const ProfileExpectations& profile) {
  const Delivery delivery = profile.delivery_for(kMethod);
  if (expected.succeeds) return {delivery.success_via_job ? 4096u : 0u};
  if (delivery.error_via_failed_job) return {4096u};
  return expected.error_codes;
}

std::set<std::uint32_t> allowed_job_error_codes(const CreateExpectation& expected,
                                                const ProfileExpectations& profile) {
  const Delivery delivery = profile.delivery_for(kMethod);
  if (expected.succeeds && delivery.success_via_job) return {0u};
  if (!expected.succeeds && delivery.error_via_failed_job) return expected.error_codes;
  return {};
}

}  // namespace conformance::oracle
