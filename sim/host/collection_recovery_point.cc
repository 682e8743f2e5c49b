// Msvm_CollectionRecoveryPoint (root/HyperVCluster/v2 only, spec §2): a recovery point of a
// replicated VM group on the replica side (keys InstanceID and CollectionID). The simulator models
// the primary side of replication only, so the class is served, enumerable and empty.
#include "sim/host/class_defs.h"
#include "sim/host/class_names.h"

namespace sim::host {
namespace {

constexpr std::string_view kKeys[] = {"InstanceID", "CollectionID"};

}  // namespace

const ClassDef kCollectionRecoveryPointClass{cls::kCollectionRecoveryPoint, "CIM_ManagedElement",
                                             kKeys};

}  // namespace sim::host
