// Area 6, backup workflow (spec §5): the full + incremental cycle a backup vendor runs, through the
// reference backup client (conformance/backup_client/), for one VM and for a VM group, with and
// without fault rules on the cycle's methods. What "restores" means: the client's full copy with
// every incremental applied equals, byte for byte, the disk the oracle read through the DataPlane
// at the checkpoint's instant.
#include "conformance/catalogue/catalogue.h"

namespace conformance {
namespace {

const Assertion kBackupWorkflowAssertions[] = {
    {.id = "BACKUP-CHAIN-001",
     .statement = "a single VM's full backup and random incrementals (recovery checkpoint, "
                  "GetVirtualDiskChanges since the previous point, ConvertToReferencePoint, "
                  "DestroyReferencePoint of the older point), with guest writes between and during "
                  "cycles, restore the disks as they were at every checkpoint; each cycle leaves "
                  "one reference point and no checkpoint",
     .clause = "[sample] Restore correctness is the property every backup vendor cares about: "
               "full + every incremental, replayed, must equal the disk as it was at each "
               "reference point, byte for byte. ConvertToReferencePoint(snapshot) -> a "
               "Msvm_VirtualSystemReferencePoint carrying one RCT id per disk; the snapshot is "
               "gone (spec §5)",
     .evidence = Evidence::kSample,
     .namespaces = Namespaces::kVirtualizationOnly,
     .needs = {.mutation = true, .data_plane = true}},
    {.id = "BACKUP-CHAIN-002",
     .statement =
         "a VM group's full backup and random incrementals (collection CreateSnapshot "
         "type 2, ConvertToReferencePoint to a Msvm_ReferencePointCollection, "
         "DestroyReferencePoint of the older collection) restore every member's disks as "
         "they were at every checkpoint; each cycle leaves one point collection, one point "
         "per member and no checkpoint",
     .clause = "[sample] Group: CollectionSnapshotService.CreateSnapshot(Type=2) -> "
               "ConvertToReferencePoint -> Msvm_ReferencePointCollection. Restore correctness: "
               "full + every incremental, replayed, must equal the disk as it was at each "
               "reference point, byte for byte (spec §5)",
     .evidence = Evidence::kSample,
     .namespaces = Namespaces::kBoth,
     .needs = {.mutation = true, .data_plane = true}},
    {.id = "BACKUP-FAULT-001",
     .statement =
         "single-VM cycles failed by random fault rules (error codes, failing jobs) on "
         "CreateSnapshot, GetVirtualDiskChanges, ConvertToReferencePoint, "
         "DestroyReferencePoint or DestroySnapshot leave the restored chain and the disks' "
         "points intact: no checkpoint stays, no point beyond those the client keeps to "
         "retry, and the next fault-free cycle restores exactly and leaves one point",
     .clause = "[sample] DestroyReferencePoint on older points (a tool that forgets leaves points "
               "behind: the model must count them). Restore correctness: full + every "
               "incremental, replayed, must equal the disk as it was at each reference point, "
               "byte for byte (spec §5)",
     .evidence = Evidence::kSample,
     .namespaces = Namespaces::kVirtualizationOnly,
     .needs = {.mutation = true, .data_plane = true, .fault_rules = true}},
    {.id = "BACKUP-FAULT-002",
     .statement = "VM-group cycles failed by random fault rules leave the restored chain intact, "
                  "no checkpoint or snapshot collection, and no point collection beyond those the "
                  "client keeps to retry; the next fault-free cycle restores exactly",
     .clause = "[sample] Group: CollectionSnapshotService.CreateSnapshot(Type=2) -> "
               "ConvertToReferencePoint -> Msvm_ReferencePointCollection. DestroyReferencePoint "
               "on older points (a tool that forgets leaves points behind: the model must count "
               "them) (spec §5)",
     .evidence = Evidence::kSample,
     .namespaces = Namespaces::kBoth,
     .needs = {.mutation = true, .data_plane = true, .fault_rules = true}},
};

}  // namespace

std::span<const Assertion> backup_workflow_assertions() { return kBackupWorkflowAssertions; }

}  // namespace conformance
