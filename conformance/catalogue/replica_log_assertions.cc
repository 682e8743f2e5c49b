// Area 5, replica logs (spec §8): log-based reference points, the HasAssociatedData /
// HasAssociatedLog transitions, and the exported log segment reproducing the primary. The stream
// format is docs/formats/replica-log.md, read by conformance/oracle/replica_log_stream.h.
#include "conformance/catalogue/catalogue.h"

namespace conformance {
namespace {

const Assertion kReplicaLogAssertions[] = {
    {.id = "LOG-POINT-001",
     .statement = "with replication started, a log-based group point (type 1) has "
                  "HasAssociatedLog true and its per-VM points HasAssociatedData true and no RCT "
                  "id; an RCT-based point has neither",
     .clause = "[doc] HasAssociatedData (true only for log-based while the log exists); "
               "HasAssociatedLog (true only if every member has its log) (spec §3)",
     .evidence = Evidence::kDoc,
     .namespaces = Namespaces::kVirtualizationOnly,
     .needs = {.mutation = true, .replication = true}},
    {.id = "LOG-POINT-002",
     .statement = "a log-based group point on members without replication answers the profile's "
                  "code and creates nothing",
     .clause = "",  // [guess] create_reference_point.code.log_without_replication (spec §9.3)
     .evidence = Evidence::kUnverified,
     .namespaces = Namespaces::kVirtualizationOnly,
     .needs = {.mutation = true}},
    {.id = "LOG-STATE-001",
     .statement = "RemoveAssociatedData on a log-based group point turns its HasAssociatedLog and "
                  "its members' HasAssociatedData false and leaves a later point's log alone",
     .clause = "[doc] HasAssociatedData/HasAssociatedLog stay true until RemoveAssociatedData or "
               "log discard (spec §8); RemoveAssociatedData: drops replica logs; HasAssociatedLog "
               "-> false (spec §4)",
     .evidence = Evidence::kDoc,
     .namespaces = Namespaces::kVirtualizationOnly,
     .needs = {.mutation = true, .replication = true}},
    {.id = "LOG-APPLY-001",
     .statement = "exporting a log-based point since an earlier one yields a segment with one "
                  "record per write between them, which applied to the disk's bytes at the "
                  "earlier point gives the primary's bytes at the later one",
     .clause = "[doc] exporting a log-based point yields the log segments since its base. "
               "Applying the log segments from a reference point onto the replica must reproduce "
               "the primary's bytes at that point. (spec §8)",
     .evidence = Evidence::kDoc,
     .namespaces = Namespaces::kVirtualizationOnly,
     .needs = {.mutation = true, .data_plane = true, .replication = true}},
};

}  // namespace

std::span<const Assertion> replica_log_assertions() { return kReplicaLogAssertions; }

}  // namespace conformance
