// Area 2, return codes (spec §1, §4, §6): every documented code of the collection reference-point
// methods and of Msvm_CollectionManagementService provoked, and the postconditions of each kind of
// answer. The code tables are conformance/oracle/return_codes.h.
#include "conformance/catalogue/catalogue.h"

namespace conformance {
namespace {

const Assertion kReturnCodeAssertions[] = {
    {.id = "CRP-CODE-001",
     .statement = "every documented code of the collection CreateReferencePoint (0, 1..6, 4096) "
                  "is provoked through input, state or a fault rule and answered as provoked "
                  "(immediately, or as a failed job's ErrorCode when the profile says so)",
     .clause = "[doc] Return values: 0 completed, 1 not supported, 2 failed, 3 timeout, 4 invalid "
               "parameter, 5 invalid state, 6 invalid type, ... 4096 \"parameters checked, job "
               "started\" (spec §1)",
     .evidence = Evidence::kDoc,
     .namespaces = Namespaces::kBoth,
     .needs = {.mutation = true, .fault_rules = true}},
    {.id = "CRP-CODE-002",
     .statement = "a ReturnValue 0 (of the collection CreateReferencePoint, where the profile "
                  "answers at once, and of GetVirtualDiskChanges) comes with out-references that "
                  "resolve (Get succeeds) and no job",
     .clause = "[doc] Return values: 0 completed ... 4096 \"parameters checked, job started\" "
               "(spec §1)",
     .evidence = Evidence::kDoc,
     .namespaces = Namespaces::kBoth,
     .needs = {.mutation = true}},
    {.id = "CRP-CODE-003",
     .statement = "a ReturnValue 4096 comes with a Job that resolves and reaches a terminal "
                  "state; a successful job's result is reachable through Msvm_AffectedJobElement "
                  "(ElementEffects 5), a failed one has ErrorCode != 0 and links nothing",
     .clause = "[sample] the snapshot is found through the job's Msvm_AffectedJobElement, not "
               "through ResultingSnapshot (real hosts leave it empty on 4096 [field]) (spec §5); "
               "ErrorCode (0 iff success) (spec §6)",
     .evidence = Evidence::kSample,
     .namespaces = Namespaces::kBoth,
     .needs = {.mutation = true, .fault_rules = true}},
    {.id = "CRP-CODE-004",
     .statement = "a collection CreateReferencePoint that fails, by input, state, an injected "
                  "code or a job failing part-way, leaves no reference point on any member",
     .clause = "",
     .evidence = Evidence::kUnverified,  // all-or-nothing is DESIGN's rule, no spec clause
     .namespaces = Namespaces::kBoth,
     .needs = {.mutation = true, .fault_rules = true}},
    {.id = "CRP-CODE-005",
     .statement = "no call of a modelled method ever returns a code from a reserved range of its "
                  "family, as ReturnValue or as a job's ErrorCode, across random calls",
     .clause = "[doc] 7–4095 DMTF reserved (never returned), ... 4097–32767 method reserved "
               "(never returned) (spec §1)",
     .evidence = Evidence::kDoc,
     .namespaces = Namespaces::kBoth,
     .needs = {.mutation = true}},
    {.id = "CRP-CODE-006",
     .statement = "every documented code of the collection DestroyReferencePoint is provoked; a "
                  "success removes the point and its per-VM points, an error changes nothing",
     .clause = "[doc] CollectionReferencePointService.DestroyReferencePoint("
               "AffectedReferencePointCollection, out Job) | CIM | may destroy dependent "
               "reference points (spec §4)",
     .evidence = Evidence::kDoc,
     .namespaces = Namespaces::kBoth,
     .needs = {.mutation = true, .fault_rules = true}},
    {.id = "CRP-CODE-007",
     .statement = "every documented code of Msvm_CollectionManagementService.DefineCollection and "
                  "AddMember (Hyper-V family) is provoked; an error changes no group or "
                  "membership",
     .clause = "[doc] CollectionManagementService.DefineCollection(Name, Id, Type, out "
               "DefinedCollection, out Job) | Hyper-V | ... duplicate Id fails (spec §4)",
     .evidence = Evidence::kDoc,
     .namespaces = Namespaces::kBoth,
     .needs = {.mutation = true, .fault_rules = true}},
};

}  // namespace

std::span<const Assertion> return_code_assertions() { return kReturnCodeAssertions; }

}  // namespace conformance
