// Area 1, the ReferencePointType domain (spec §1, §3, §4): every type class of the collection
// CreateReferencePoint against generated collection states, and the per-VM type encoding. The
// oracle is conformance/oracle/reference_point_type.h.
#include "conformance/catalogue/catalogue.h"

namespace conformance {
namespace {

constexpr std::string_view kTypeClause =
    "[doc] uint16 ReferencePointType, // 0 Unknown, 1 Log based, 2 RCT based, 3..32767 DMTF "
    "reserved, 32768..65535 vendor specific (spec §1)";

const Assertion kTypeDomainAssertions[] = {
    {.id = "CRP-TYPE-001",
     .statement = "an RCT-based (2) CreateReferencePoint of a group of VHDX members on "
                  "configuration version >= 6.2 succeeds: one new Msvm_ReferencePointCollection "
                  "holding one new Msvm_VirtualSystemReferencePoint per member",
     .clause = "[doc] Msvm_ReferencePointCollection (CIM_Collection) — the result of the seed "
               "method ... Members via Msvm_CollectedReferencePoints; VM configuration version "
               ">= 6.2 is required for groups, production checkpoints and RCT; disks must be "
               "VHDX for RCT (spec §3)",
     .evidence = Evidence::kDoc,
     .namespaces = Namespaces::kBoth,
     .needs = {.mutation = true}},
    {.id = "CRP-TYPE-002",
     .statement = "for every ReferencePointType class x collection state (empty group, VHD disk, "
                  "old configuration version, replication on/off, missing or wrong-class "
                  "reference, malformed settings) the ReturnValue, and a 4096 job's ErrorCode, "
                  "lie in the set the oracle allows for the profile's codes",
     .clause = "",
     .evidence = Evidence::kUnverified,  // the error codes are profile guesses (spec §4)
     .namespaces = Namespaces::kBoth,
     .needs = {.mutation = true}},
    {.id = "CRP-TYPE-003",
     .statement = "for every ReferencePointType class x collection state the side effects match "
                  "the oracle: a success adds exactly one collection point and one per-VM point "
                  "per member, an error adds or removes no point on any member",
     .clause = kTypeClause,
     .evidence = Evidence::kDoc,
     .namespaces = Namespaces::kBoth,
     .needs = {.mutation = true}},
    {.id = "CRP-TYPE-004",
     .statement = "the per-VM CreateReferencePoint takes the ReferencePointType encoding the "
                  "profile declares: its RCT value makes a point with ReferencePointType 2, its "
                  "log value one with type 1 on a replicating VM and an error without replication",
     .clause = "[doc] VirtualSystemReferencePointService.CreateReferencePoint: type encoding "
               "here is 0 = log, 1 = RCT [doc+mof]; field callers send 2 for RCT [field]: profile "
               "setting (spec §4)",
     .evidence = Evidence::kDoc,
     .namespaces = Namespaces::kVirtualizationOnly,
     .needs = {.mutation = true}},
};

}  // namespace

std::span<const Assertion> type_domain_assertions() { return kTypeDomainAssertions; }

}  // namespace conformance
