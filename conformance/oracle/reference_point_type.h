// The ReferencePointType domain of Msvm_CollectionReferencePointService.CreateReferencePoint
// (spec §1: 0 Unknown, 1 Log based, 2 RCT based, 3..32767 DMTF reserved, 32768..65535 vendor
// specific) and, for each (type class x collection state) pair, what the call must do: succeed,
// or fail with one of the codes the profile configures for the defects present. Table-driven
// (reference_point_type.cc), each row citing its clause. Pure functions; thread-safe.
//
// When a call has several defects (a vendor type on an empty group), the spec does not say which
// is checked first, so the code of any of them is allowed.
#pragma once

#include <cstdint>
#include <set>
#include <span>
#include <string_view>
#include <vector>

#include "conformance/oracle/profile_expectations.h"

namespace conformance::oracle {

enum class TypeClass { kUnknown, kLogBased, kRctBased, kDmtfReserved, kVendorSpecific };

struct TypeRange {
  TypeClass type_class;
  std::uint16_t first, last;  // inclusive
};

// The five classes and their ranges, ascending; together they cover 0..65535.
std::span<const TypeRange> reference_point_type_classes();
TypeClass classify_reference_point_type(std::uint16_t type);
std::string_view to_string(TypeClass type_class);  // "0 Unknown", "3..32767 DMTF reserved", ...

// The state of the Collection argument and its VM group. Every state other than the two
// kValid* has exactly one defect; the group's members are otherwise VHDX disks on configuration
// version >= 6.2 [doc].
enum class CollectionState {
  kValidReplicationOff,      // members with VHDX disks, replication off
  kValidReplicationOn,       // the same, every member replicating (log-based tracking exists)
  kEmptyGroup,               // a VM group without members
  kVhdDisk,                  // a member with a VHD (not VHDX) disk, replication off
  kOldConfigurationVersion,  // a member below configuration version 6.2, replication off
  kMissingCollection,        // the reference resolves to nothing
  kWrongClassReference,      // the reference names a Msvm_ManagementCollection or another class
  kMalformedSettings,        // ReferencePointSettings neither "", CIM-XML nor MOF
};

std::span<const CollectionState> all_collection_states();
std::string_view to_string(CollectionState state);

// What CreateReferencePoint must do for one (type class, state) pair.
struct CreateExpectation {
  bool succeeds = false;                      // no defect: the call creates the point
  std::vector<std::string_view> defect_keys;  // profile keys of every defect present
  std::set<std::uint32_t> error_codes;        // their configured codes: any one is allowed
  bool unverified = false;                    // some defect code rests on a profile guess
};

// Needs the profile's create_reference_point.code.* keys; a missing key leaves that defect with
// no expected code (error_codes then holds what the other keys give; a caller that finds it
// empty for a failing pair should treat the profile as incomplete).
CreateExpectation expect_collection_create(TypeClass type_class, CollectionState state,
                                           const ProfileExpectations& profile);

// The ReturnValues the call may answer for `expected`, with the profile's delivery of the
// collection CreateReferencePoint: {0} or {4096} on success; the error codes, or {4096} when
// errors arrive as failed jobs.
std::set<std::uint32_t> allowed_return_values(const CreateExpectation& expected,
                                              const ProfileExpectations& profile);

// The job ErrorCodes allowed when the call answered 4096: {0} on success; the error codes when
// errors arrive as failed jobs; empty otherwise (no job may be started).
std::set<std::uint32_t> allowed_job_error_codes(const CreateExpectation& expected,
                                                const ProfileExpectations& profile);

}  // namespace conformance::oracle
