// Area 2, return codes (spec §1, §4, §6): every documented code of every modelled method provoked
// (CRP-CODE-001/006/007 the collection reference points and groups, 008..014 the other services'
// methods, conformance/suites/method_recipes.h), and the postconditions of each kind of answer. The
// code tables are conformance/oracle/return_codes.h.
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
    {.id = "CRP-CODE-008",
     .statement =
         "every documented code of the checkpoint methods (Msvm_VirtualSystemSnapshotService "
         "and Msvm_CollectionSnapshotService: CreateSnapshot, ConvertToReferencePoint, "
         "DestroySnapshot, ApplySnapshot) is provoked — a standard checkpoint to convert "
         "and the profile's SnapshotType codes by input, the rest by fault rules — with "
         "the postconditions of 0, 4096 and errors (no checkpoint, snapshot collection or "
         "point changed)",
     .clause = "[doc] VirtualSystemSnapshotService.ConvertToReferencePoint(AffectedSnapshot, "
               "ReferencePointSettings, in/out ResultingReferencePoint, out Job) | CIM | only "
               "recovery snapshots; the snapshot is deleted (spec §4)",
     .evidence = Evidence::kDoc,
     .namespaces = Namespaces::kBoth,
     .needs = {.mutation = true, .fault_rules = true}},
    {.id = "CRP-CODE-009",
     .statement = "every documented code of Msvm_VirtualSystemReferencePointService."
                  "CreateReferencePoint (CIM), DestroyReferencePoint and "
                  "ImportReferencePointMetadata (Hyper-V) is provoked — missing and wrong-class "
                  "systems, a log point without replication, a missing configuration file by "
                  "input — with the postconditions of 0, 4096 and errors",
     .clause = "[doc] VirtualSystemReferencePointService.DestroyReferencePoint / "
               "ExportReferencePoint / ImportReferencePointMetadata / RemoveAssociatedData | "
               "Hyper-V | v2 only (spec §4)",
     .evidence = Evidence::kDoc,
     .namespaces = Namespaces::kVirtualizationOnly,
     .needs = {.mutation = true, .fault_rules = true}},
    {.id = "CRP-CODE-010",
     .statement = "every documented code of the export and associated-data methods (collection "
                  "and per-VM ExportReferencePoint and RemoveAssociatedData, collection "
                  "ExportSnapshot) is provoked — missing and wrong-class points, an empty export "
                  "directory, malformed settings by input — with the postconditions of 0, 4096 and "
                  "errors",
     .clause = "[doc] CollectionReferencePointService.ExportReferencePoint("
               "ReferencePointCollection, ExportDirectory, ExportSettingData, out Job) | CIM | "
               "export job class Msvm_CollectionReferencePointExportJob (spec §4)",
     .evidence = Evidence::kDoc,
     .namespaces = Namespaces::kBoth,
     .needs = {.mutation = true, .fault_rules = true}},
    {.id = "CRP-CODE-011",
     .statement = "every documented code of the replication methods (Msvm_ReplicationService per "
                  "VM, Msvm_CollectionReplicationService per group: Create/Start/"
                  "RemoveReplicationRelationship, Resynchronize) is provoked — the profile's "
                  "replication.code.* cases by input or state — with the postconditions of 0, 4096 "
                  "and errors (no relationship created or moved)",
     .clause = "[doc] Msvm_CollectionReplicationService, Msvm_CollectionRecoveryPoint | no | yes "
               "(spec §2); the replication services use the Hyper-V (vendor) family, as "
               "Msvm_ReplicationService pages list (return_codes.h)",
     .evidence = Evidence::kDoc,
     .namespaces = Namespaces::kBoth,
     .needs = {.mutation = true, .fault_rules = true}},
    {.id = "CRP-CODE-012",
     .statement = "every documented code of Msvm_ImageManagementService.GetVirtualDiskChanges is "
                  "provoked — a missing disk, a foreign RCT id, a window beyond the disk by "
                  "input — with the postconditions of 0, 4096 and errors",
     .clause = "[doc] ImageManagementService.GetVirtualDiskChanges(Path, LimitId, "
               "TargetSnapshotId, ByteOffset, ByteLength, out ProcessedByteLength, out "
               "ChangedByteOffsets[], out ChangedByteLengths[], out Job) | Hyper-V | the WMI route "
               "to RCT ranges; v2 only (spec §4)",
     .evidence = Evidence::kDoc,
     .namespaces = Namespaces::kVirtualizationOnly,
     .needs = {.mutation = true, .fault_rules = true}},
    {.id = "CRP-CODE-013",
     .statement = "every documented code of Msvm_CollectionManagementService.RemoveMember, "
                  "RemoveMemberById, RenameCollection and DestroyCollection is provoked; an error "
                  "changes no group or membership",
     .clause = "[doc] CollectionManagementService.AddMember / RemoveMember(Member, Collection, "
               "out Job), RemoveMemberById(Member, CollectionId, out Job), RenameCollection, "
               "DestroyCollection | Hyper-V (spec §4)",
     .evidence = Evidence::kDoc,
     .namespaces = Namespaces::kBoth,
     .needs = {.mutation = true, .fault_rules = true}},
    {.id = "CRP-CODE-014",
     .statement = "every CIM code of the job methods Msvm_ConcreteJob.RequestStateChange (on a "
                  "running job) and GetErrorEx (on a failed job) is provoked; they answer at "
                  "once, and an error changes nothing",
     .clause = "[doc] Methods: RequestStateChange(4 = terminate) to cancel, GetError, GetErrorEx "
               "(embedded Msvm_Error instances as CIM-XML ...) (spec §6)",
     .evidence = Evidence::kUnverified,  // §6 names the methods, not their codes: CIM assumed
     .namespaces = Namespaces::kBoth,
     .needs = {.mutation = true, .fault_rules = true}},
};

}  // namespace

std::span<const Assertion> return_code_assertions() { return kReturnCodeAssertions; }

}  // namespace conformance
