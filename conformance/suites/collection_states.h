// Builds, on a session, the collection states of the type-domain oracle
// (conformance/oracle/reference_point_type.h): a fresh VM group of the inventory's VMs with the
// state's defect, or the defective reference or settings, ready for a collection
// CreateReferencePoint; and the oracle's expectation for it. The inventory's archive-01 has both a
// VHD disk and configuration version 5.0, so a group holding it carries both defects and the
// expectation is their union (any defect's code is allowed, reference_point_type.h).
// Not synchronised; setup failures are reported in `problem`, never thrown.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "conformance/oracle/profile_expectations.h"
#include "conformance/oracle/reference_point_type.h"
#include "conformance/target/target.h"
#include "wmi/cim/cim_value.h"

namespace conformance {

// The arguments of a collection CreateReferencePoint in one state, and the members the call
// would take a point of.
struct PreparedCollection {
  oracle::CollectionState state;
  wmi::CimValue collection;                            // the Collection argument
  std::string settings;                                // the ReferencePointSettings argument
  std::vector<std::string> members;                    // VM Names of the group's members
  std::vector<oracle::CollectionState> defect_states;  // the oracle states to merge
};

// Builds `state` on `session` through namespace `ns`; `choice` picks among the variants (members,
// settings text, wrong class) and `guid_seed` names the new group. nullopt with `problem` when
// the target refuses the setup.
std::optional<PreparedCollection> prepare_collection(Session& session, std::string_view ns,
                                                     oracle::CollectionState state,
                                                     std::uint32_t choice, std::uint64_t guid_seed,
                                                     std::string& problem);

// The oracle's expectation for a type class on a prepared collection (the union over its
// defect states).
oracle::CreateExpectation expect_for(oracle::TypeClass type_class,
                                     const PreparedCollection& prepared,
                                     const oracle::ProfileExpectations& profile);

// The target's profile expectations (current_target().profile_json()); a malformed profile is a
// setup failure reported through `problem`.
std::optional<oracle::ProfileExpectations> target_profile(std::string& problem);
// The same, or the oracle's defaults when the profile does not parse (the runner loaded it
// already).
oracle::ProfileExpectations profile_or_defaults();

// A value of `type_class`, chosen by `choice` (boundaries included).
std::uint16_t type_value_in(oracle::TypeClass type_class, std::uint32_t choice);

// The collection CreateReferencePoint arguments for `prepared` with ReferencePointType `type`.
wmi::PropertyList create_arguments(const PreparedCollection& prepared, std::uint16_t type);

}  // namespace conformance
