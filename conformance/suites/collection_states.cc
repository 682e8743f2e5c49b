#include "conformance/suites/collection_states.h"

#include "conformance/suites/collection_calls.h"

namespace conformance {
namespace {

using oracle::CollectionState;
using oracle::TypeClass;

// Settings the spec accepts: "" or CIM-XML (spec §4).
std::string valid_settings(std::uint32_t choice) {
  switch (choice % 3) {
    case 0:
      return "";
    default:
      return "<INSTANCE CLASSNAME=\"Msvm_CollectionReferencePointSettingData\"><PROPERTY "
             "NAME=\"ConsistencyLevel\" TYPE=\"uint8\"><VALUE>" +
             std::to_string(choice % 3) + "</VALUE></PROPERTY></INSTANCE>";
  }
}

// Settings neither "", CIM-XML nor MOF.
std::string malformed_settings(std::uint32_t choice) {
  constexpr std::string_view kMalformed[] = {
      "not an embedded instance",
      "<INSTANCE CLASSNAME=\"Msvm_CollectionReferencePointSettingData\"><PROPERTY",
      "<?xml version=\"1.0\"?><NOT-AN-INSTANCE/>",
      "}{",
  };
  return std::string(kMalformed[choice % std::size(kMalformed)]);
}

// A non-empty subset of {sql-01, web-01}, by `choice`.
std::vector<std::string_view> healthy_members(std::uint32_t choice) {
  switch (choice % 3) {
    case 0:
      return {kSql01};
    case 1:
      return {kWeb01};
    default:
      return {kSql01, kWeb01};
  }
}

}  // namespace

std::optional<PreparedCollection> prepare_collection(Session& session, std::string_view ns,
                                                     CollectionState state, std::uint32_t choice,
                                                     std::uint64_t guid_seed,
                                                     std::string& problem) {
  PreparedCollection prepared{.state = state,
                              .collection = {},
                              .settings = valid_settings(choice / 7),
                              .members = {},
                              .defect_states = {state}};
  std::vector<std::string_view> members;
  switch (state) {
    case CollectionState::kValidReplicationOff:
    case CollectionState::kValidReplicationOn:
      members = healthy_members(choice);
      break;
    case CollectionState::kEmptyGroup:
      break;
    case CollectionState::kVhdDisk:
    case CollectionState::kOldConfigurationVersion:
      members = healthy_members(choice);
      if (choice % 2 == 0) members.clear();
      members.push_back(kArchive01);
      prepared.defect_states = {CollectionState::kVhdDisk,
                                CollectionState::kOldConfigurationVersion};
      break;
    case CollectionState::kMissingCollection:
      prepared.collection =
          path_with_key(ns, "Msvm_VirtualSystemCollection", "CollectionID", guid_from(guid_seed));
      return prepared;
    case CollectionState::kWrongClassReference: {
      const bool group_of_groups = choice % 2 == 0;
      auto wrong =
          group_of_groups
              ? find_instance(session.connection(), ns, "Msvm_ManagementCollection", "CollectionID",
                              kProduction)
              : find_instance(session.connection(), ns, "Msvm_ComputerSystem", "Name", kSql01);
      if (!wrong) {
        problem = group_of_groups ? "no Msvm_ManagementCollection Production" : "no VM sql-01";
        return std::nullopt;
      }
      prepared.collection = *wrong;
      return prepared;
    }
    case CollectionState::kMalformedSettings:
      members = healthy_members(choice);
      prepared.settings = malformed_settings(choice / 7);
      break;
  }
  if (state == CollectionState::kValidReplicationOn) {
    for (std::string_view vm : members) {
      if (!start_replication(session, vm, problem)) return std::nullopt;
    }
  }
  auto group = define_vm_group(session, ns, guid_from(guid_seed), members, problem);
  if (!group) return std::nullopt;
  prepared.collection = *group;
  prepared.members.assign(members.begin(), members.end());
  return prepared;
}

oracle::CreateExpectation expect_for(TypeClass type_class, const PreparedCollection& prepared,
                                     const oracle::ProfileExpectations& profile) {
  oracle::CreateExpectation merged;
  merged.succeeds = true;
  for (CollectionState state : prepared.defect_states) {
    oracle::CreateExpectation one = oracle::expect_collection_create(type_class, state, profile);
    merged.succeeds = merged.succeeds && one.succeeds;
    merged.defect_keys.insert(merged.defect_keys.end(), one.defect_keys.begin(),
                              one.defect_keys.end());
    merged.error_codes.insert(one.error_codes.begin(), one.error_codes.end());
    merged.unverified = merged.unverified || one.unverified;
  }
  return merged;
}

std::optional<oracle::ProfileExpectations> target_profile(std::string& problem) {
  auto profile = oracle::parse_profile_expectations(current_target().profile_json());
  if (!profile.ok()) {
    problem = profile.status().to_string();
    return std::nullopt;
  }
  return *profile;
}

oracle::ProfileExpectations profile_or_defaults() {
  std::string problem;
  return target_profile(problem).value_or(oracle::ProfileExpectations{});
}

std::uint16_t type_value_in(TypeClass type_class, std::uint32_t choice) {
  for (const oracle::TypeRange& range : oracle::reference_point_type_classes()) {
    if (range.type_class != type_class) continue;
    const std::uint32_t width = std::uint32_t{range.last} - range.first + 1;
    switch (choice % 4) {
      case 0:
        return range.first;
      case 1:
        return range.last;
      default:
        return static_cast<std::uint16_t>(range.first + (choice / 4) % width);
    }
  }
  return 0;
}

wmi::PropertyList create_arguments(const PreparedCollection& prepared, std::uint16_t type) {
  return {{"Collection", prepared.collection},
          {"ReferencePointSettings", prepared.settings},
          {"ReferencePointType", type}};
}

}  // namespace conformance
