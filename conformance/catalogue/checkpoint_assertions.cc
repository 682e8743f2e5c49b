// Area 6, checkpoints in the backup workflow (spec §4 and §5): which checkpoints
// ConvertToReferencePoint takes.
#include "conformance/catalogue/catalogue.h"

namespace conformance {
namespace {

const Assertion kCheckpointAssertions[] = {
    {.id = "SNAP-CONVERT-001",
     .statement = "ConvertToReferencePoint refuses a standard or disk checkpoint: the call (or its "
                  "job) fails with a non-reserved code, no reference point appears and the "
                  "checkpoint stays",
     .clause = "[doc] VirtualSystemSnapshotService.ConvertToReferencePoint(AffectedSnapshot, "
               "ReferencePointSettings, in/out ResultingReferencePoint, out Job) | CIM | only "
               "recovery snapshots; the snapshot is deleted (spec §4)",
     .evidence = Evidence::kDoc,
     .namespaces = Namespaces::kBoth,
     .needs = {.mutation = true}},
    {.id = "SNAP-CONVERT-002",
     .statement = "ConvertToReferencePoint of a recovery checkpoint gives a reference point of "
                  "the same VM and deletes the checkpoint",
     .clause = "[doc] VirtualSystemSnapshotService.ConvertToReferencePoint(...) | CIM | only "
               "recovery snapshots; the snapshot is deleted (spec §4)",
     .evidence = Evidence::kDoc,
     .namespaces = Namespaces::kBoth,
     .needs = {.mutation = true}},
};

}  // namespace

std::span<const Assertion> checkpoint_assertions() { return kCheckpointAssertions; }

}  // namespace conformance
