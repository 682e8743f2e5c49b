// Area 7, namespaces (spec §2): which classes root/virtualization/v2 and root/HyperVCluster/v2
// serve, presences and absences alike. The class lists are conformance/oracle/namespace_classes.h.
#include "conformance/catalogue/catalogue.h"

namespace conformance {
namespace {

constexpr std::string_view kParityClause =
    "[mof] A namespace-parity assertion checks both the presences and the absences. (spec §2)";

const Assertion kNamespaceAssertions[] = {
    {.id = "NS-CLASS-001",
     .statement = "every class spec §2 lists for root/virtualization/v2 is enumerable there, and "
                  "each of its services has its one instance",
     .clause =
         "[mof] Msvm_CollectionReferencePointService, Msvm_VirtualSystemReferencePointService, "
         "Msvm_ReferencePointOfVirtualSystem, Msvm_ImageManagementService, "
         "Msvm_CollectionSnapshotService, Msvm_VirtualSystemSnapshotService, "
         "Msvm_CollectionManagementService: yes in root\\virtualization\\v2 (spec §2 table)",
     .evidence = Evidence::kMof,
     .namespaces = Namespaces::kVirtualizationOnly,
     .needs = {}},
    {.id = "NS-CLASS-002",
     .statement = "every class spec §2 lists for root/HyperVCluster/v2 is enumerable there, "
                  "Msvm_CollectionRecoveryPoint included, and each of its services has its one "
                  "instance",
     .clause = "[mof] Msvm_CollectionReferencePointService, Msvm_CollectionSnapshotService, "
               "Msvm_VirtualSystemSnapshotService, Msvm_CollectionManagementService, "
               "Msvm_CollectionReplicationService, Msvm_CollectionRecoveryPoint: yes in "
               "root\\HyperVCluster\\v2 (spec §2 table)",
     .evidence = Evidence::kMof,
     .namespaces = Namespaces::kClusterOnly,
     .needs = {}},
    {.id = "NS-CLASS-003",
     .statement = "no v2-only class is served in root/HyperVCluster/v2: a query names an unknown "
                  "class, and a Get or a method call on it finds nothing",
     .clause = "[mof] Msvm_VirtualSystemReferencePointService (per VM), "
               "Msvm_ReferencePointOfVirtualSystem association, Msvm_ImageManagementService "
               "(GetVirtualDiskChanges): **no** in root\\HyperVCluster\\v2 (spec §2 table)",
     .evidence = Evidence::kMof,
     .namespaces = Namespaces::kClusterOnly,
     .needs = {}},
    {.id = "NS-CLASS-004",
     .statement = "no cluster-only class is served in root/virtualization/v2: a query names an "
                  "unknown class, and a Get or a method call on it finds nothing",
     .clause = "[mof] Msvm_CollectionReplicationService, Msvm_CollectionRecoveryPoint: **no** in "
               "root\\virtualization\\v2 (spec §2 table)",
     .evidence = Evidence::kMof,
     .namespaces = Namespaces::kVirtualizationOnly,
     .needs = {}},
    {.id = "NS-CLASS-005",
     .statement = "the classes of spec §3 are enumerable in both namespaces, every instance "
                  "carrying the namespace it was read from and readable there by its path",
     .clause = kParityClause,
     .evidence = Evidence::kUnverified,  // §3 does not split its classes by namespace
     .namespaces = Namespaces::kBoth,
     .needs = {}},
    {.id = "NS-ASSOC-001",
     .statement = "with a reference point present, Msvm_ReferencePointOfVirtualSystem links it to "
                  "its VM in root/virtualization/v2 and is reachable by no route in "
                  "root/HyperVCluster/v2",
     .clause = "[mof] Msvm_ReferencePointOfVirtualSystem association: yes in "
               "root\\virtualization\\v2, **no** in root\\HyperVCluster\\v2 (spec §2 table)",
     .evidence = Evidence::kMof,
     .namespaces = Namespaces::kBoth,
     .needs = {.mutation = true}},
};

}  // namespace

std::span<const Assertion> namespace_assertions() { return kNamespaceAssertions; }

}  // namespace conformance
