// Namespaces (spec §2; conformance area 7): what root/virtualization/v2 and root/HyperVCluster/v2
// serve, checked for presences and for absences. A query naming a class the namespace lacks is
// kInvalidArgument; a Get or invoke on one is kNotFound. Both namespaces show the same model, each
// instance carrying the namespace it was read from.
//
// Msvm_ReferencePointOfVirtualSystem, Msvm_VirtualSystemReferencePointService,
// Msvm_ImageManagementService, Msvm_ReplicationService, Msvm_ReplicationRelationship and
// Msvm_VirtualSystemReferencePointExportJob are served in v2 only;
// Msvm_CollectionReplicationService in the cluster namespace only;
// Msvm_CollectionReferencePointExportJob and both snapshot services in both;
// Msvm_CollectionRecoveryPoint in the cluster namespace only, without instances (the simulator has
// no replica side).
#include <gtest/gtest.h>

#include "sim/host/host_test_support.h"
#include "wmi/cim/cim_name.h"

namespace sim::host {
namespace {

using namespace test;

// Classes both namespaces serve (spec §2-§3, as far as the host models them).
const std::string_view kBoth[] = {
    "Msvm_ComputerSystem",
    "Msvm_VirtualSystemSettingData",
    "Msvm_StorageAllocationSettingData",
    "Msvm_VirtualSystemCollection",
    "Msvm_ManagementCollection",
    "Msvm_CollectionManagementService",
    "Msvm_CollectionReferencePointService",
    "Msvm_ReferencePointCollection",
    "Msvm_VirtualSystemReferencePoint",
    "Msvm_ConcreteJob",
    "Msvm_CollectedVirtualSystems",
    "Msvm_CollectedCollections",
    "Msvm_CollectedReferencePoints",
    "Msvm_ReferencePointOfVirtualSystemCollection",
    "Msvm_AffectedJobElement",
    "Msvm_OwningJobElement",
    "Msvm_VirtualSystemSnapshotService",
    "Msvm_SnapshotOfVirtualSystem",
    "Msvm_CollectionSnapshotService",
    "Msvm_SnapshotCollection",
    "Msvm_CollectedSnapshots",
    "Msvm_SnapshotOfVirtualSystemCollection",
};

class NamespacesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // A reference point, so that every association class has instances.
    const auto r = value_or_fail(create_reference_point(*host, group_path(kFinance)));
    ASSERT_EQ(r.return_value, 0u);
    rpc = *out_reference(r, "ResultingReferencePointCollection");
    point = query_or_die(*host, kV2, "SELECT * FROM Msvm_VirtualSystemReferencePoint")[0];
    // A checkpoint, for Msvm_SnapshotOfVirtualSystem.
    const auto checkpoint = value_or_fail(
        host->invoke(service_path("Msvm_VirtualSystemSnapshotService"), "CreateSnapshot",
                     {{"AffectedSystem", vm_path(kWeb01)}, {"SnapshotType", std::uint16_t{2}}}));
    ASSERT_EQ(checkpoint.return_value, 0u);
    // A group checkpoint, for Msvm_CollectedSnapshots and Msvm_SnapshotOfVirtualSystemCollection.
    const auto group_checkpoint = value_or_fail(
        host->invoke(service_path("Msvm_CollectionSnapshotService"), "CreateSnapshot",
                     {{"Collection", group_path(kFinance)}, {"SnapshotType", std::uint16_t{1}}}));
    ASSERT_EQ(group_checkpoint.return_value, 0u);
  }
  std::unique_ptr<Host> host = make_host();
  wmi::ObjectPath rpc;
  wmi::Instance point;

  void expect_absent(std::string_view ns, std::string_view class_name) {
    auto q = host->query(ns, "SELECT * FROM " + std::string(class_name));
    ASSERT_FALSE(q.ok()) << class_name << " in " << ns;
    EXPECT_EQ(q.status().kind(), wmi::StatusKind::kInvalidArgument) << class_name;
    wmi::ObjectPath path;
    path.namespace_name = std::string(ns);
    path.class_name = std::string(class_name);
    path.keys = {{"InstanceID", std::string("x")}};
    EXPECT_EQ(host->get(path).status().kind(), wmi::StatusKind::kNotFound) << class_name;
    EXPECT_EQ(host->invoke(path, "AnyMethod", {}).status().kind(), wmi::StatusKind::kNotFound)
        << class_name;
  }
};

TEST_F(NamespacesTest, ClassesServedInBothNamespaces) {
  for (std::string_view ns : {kV2, kCluster}) {
    for (std::string_view class_name : kBoth) {
      auto q = host->query(ns, "SELECT * FROM " + std::string(class_name));
      ASSERT_TRUE(q.ok()) << class_name << " in " << ns << ": " << q.status().to_string();
      for (const wmi::Instance& instance : *q) {
        EXPECT_EQ(instance.namespace_name(), ns);
        ASSERT_TRUE(instance.path().has_value());
        EXPECT_EQ(instance.path()->namespace_name, ns);
        EXPECT_TRUE(host->get(*instance.path()).ok()) << render(instance);
      }
    }
    EXPECT_TRUE(host->get(crp_service(ns)).ok()) << ns;
    EXPECT_TRUE(host->get(cm_service(ns)).ok()) << ns;
  }
}

TEST_F(NamespacesTest, ReferencePointOfVirtualSystemOnlyInV2) {
  const auto in_v2 = query_or_die(*host, kV2, "SELECT * FROM Msvm_ReferencePointOfVirtualSystem");
  ASSERT_EQ(in_v2.size(), 2u);
  ASSERT_TRUE(host->get(*in_v2[0].path()).ok());

  auto q = host->query(kCluster, "SELECT * FROM Msvm_ReferencePointOfVirtualSystem");
  ASSERT_FALSE(q.ok());
  EXPECT_EQ(q.status().kind(), wmi::StatusKind::kInvalidArgument);
  wmi::ObjectPath in_cluster = *in_v2[0].path();
  in_cluster.namespace_name = std::string(kCluster);
  in_cluster.host.reset();
  EXPECT_EQ(host->get(in_cluster).status().kind(), wmi::StatusKind::kNotFound);

  // The association is not reachable in the cluster namespace by any route either.
  wmi::ObjectPath vm = vm_path(kSql01, kCluster);
  auto assoc = host->query(kCluster, "ASSOCIATORS OF {" + path_text(vm) +
                                         "} WHERE AssocClass=Msvm_ReferencePointOfVirtualSystem");
  ASSERT_FALSE(assoc.ok());
  EXPECT_EQ(assoc.status().kind(), wmi::StatusKind::kInvalidArgument);
  for (const auto& other :
       query_or_die(*host, kCluster, "ASSOCIATORS OF {" + path_text(vm) + "}")) {
    EXPECT_NE(other.class_name(), "Msvm_VirtualSystemReferencePoint")
        << "no association there reaches a VM's reference point from the VM";
  }
  for (const auto& instance : query_or_die(*host, kCluster, "SELECT * FROM CIM_Dependency")) {
    EXPECT_FALSE(wmi::iequals(instance.class_name(), "Msvm_ReferencePointOfVirtualSystem"));
  }
  EXPECT_EQ(query_or_die(*host, kV2,
                         "ASSOCIATORS OF {" + path_text(vm_path(kSql01)) +
                             "} WHERE AssocClass=Msvm_ReferencePointOfVirtualSystem")
                .size(),
            1u);
}

TEST_F(NamespacesTest, VirtualSystemReferencePointServiceOnlyInV2) {
  const auto in_v2 =
      query_or_die(*host, kV2, "SELECT * FROM Msvm_VirtualSystemReferencePointService");
  ASSERT_EQ(in_v2.size(), 1u);
  EXPECT_TRUE(host->get(*in_v2[0].path()).ok());
  EXPECT_TRUE(host->get(vsrp_service()).ok());
  expect_absent(kCluster, "Msvm_VirtualSystemReferencePointService");
  EXPECT_EQ(host->get(vsrp_service(kCluster)).status().kind(), wmi::StatusKind::kNotFound);
}

TEST_F(NamespacesTest, ImageManagementServiceOnlyInV2) {
  const wmi::ObjectPath ims = service_path("Msvm_ImageManagementService");
  const auto in_v2 = query_or_die(*host, kV2, "SELECT * FROM Msvm_ImageManagementService");
  ASSERT_EQ(in_v2.size(), 1u);
  EXPECT_TRUE(host->get(ims).ok());
  expect_absent(kCluster, "Msvm_ImageManagementService");
  EXPECT_EQ(host->get(service_path("Msvm_ImageManagementService", kCluster)).status().kind(),
            wmi::StatusKind::kNotFound);
  EXPECT_EQ(host->invoke(service_path("Msvm_ImageManagementService", kCluster),
                         "GetVirtualDiskChanges", {})
                .status()
                .kind(),
            wmi::StatusKind::kNotFound);
}

TEST_F(NamespacesTest, ReplicationServiceAndRelationshipOnlyInV2) {
  for (std::string_view class_name : {"Msvm_ReplicationService", "Msvm_ReplicationRelationship"}) {
    EXPECT_TRUE(host->query(kV2, "SELECT * FROM " + std::string(class_name)).ok()) << class_name;
    expect_absent(kCluster, class_name);
  }
  EXPECT_EQ(query_or_die(*host, kV2, "SELECT * FROM Msvm_ReplicationService").size(), 1u);
}

TEST_F(NamespacesTest, CollectionReplicationServiceOnlyInTheClusterNamespace) {
  const auto in_cluster =
      query_or_die(*host, kCluster, "SELECT * FROM Msvm_CollectionReplicationService");
  ASSERT_EQ(in_cluster.size(), 1u);
  EXPECT_TRUE(host->get(*in_cluster[0].path()).ok());
  EXPECT_TRUE(host->get(service_path("Msvm_CollectionReplicationService", kCluster)).ok());
  expect_absent(kV2, "Msvm_CollectionReplicationService");
  EXPECT_EQ(host->get(service_path("Msvm_CollectionReplicationService")).status().kind(),
            wmi::StatusKind::kNotFound);
}

TEST_F(NamespacesTest, CollectionRecoveryPointOnlyInTheClusterNamespaceAndEmpty) {
  EXPECT_TRUE(query_or_die(*host, kCluster, "SELECT * FROM Msvm_CollectionRecoveryPoint").empty());
  expect_absent(kV2, "Msvm_CollectionRecoveryPoint");
}

TEST_F(NamespacesTest, SpecAbsences) {
  for (std::string_view class_name :
       {"Msvm_ReferencePointOfVirtualSystem", "Msvm_VirtualSystemReferencePointService",
        "Msvm_ImageManagementService", "Msvm_ReplicationService", "Msvm_ReplicationRelationship"}) {
    expect_absent(kCluster, class_name);
  }
  for (std::string_view class_name :
       {"Msvm_CollectionReplicationService", "Msvm_CollectionRecoveryPoint"}) {
    expect_absent(kV2, class_name);
  }
  expect_absent(kV2, "Msvm_NoSuchClass");
}

TEST_F(NamespacesTest, TheModelIsShared) {
  // The reference point made through v2 is visible in the cluster namespace (there, in its scope).
  wmi::ObjectPath there = rpc;
  there.namespace_name = std::string(kCluster);
  there.host.reset();
  auto instance = host->get(there);
  ASSERT_TRUE(instance.ok()) << instance.status().to_string();
  EXPECT_EQ(instance->namespace_name(), kCluster);
  EXPECT_EQ(query_or_die(*host, kCluster, "SELECT * FROM Msvm_VirtualSystemReferencePoint").size(),
            2u);
}

TEST_F(NamespacesTest, NamespaceSpellings) {
  for (std::string_view ns : {"root\\virtualization\\v2", "ROOT/Virtualization/V2",
                              "root\\HyperVCluster\\v2", "root/hypervcluster/v2"}) {
    auto q = host->query(ns, "SELECT * FROM Msvm_VirtualSystemCollection");
    ASSERT_TRUE(q.ok()) << ns;
    EXPECT_EQ(q->size(), 1u) << ns;
    EXPECT_TRUE(host->get(group_path(kFinance, ns)).ok()) << ns;
  }
  for (std::string_view ns : {"root/cimv2", "root/virtualization", "", "root/hvsim"}) {
    auto q = host->query(ns, "SELECT * FROM Msvm_VirtualSystemCollection");
    ASSERT_FALSE(q.ok()) << ns;
    EXPECT_EQ(q.status().kind(), wmi::StatusKind::kNotFound) << ns;
    EXPECT_EQ(host->get(group_path(kFinance, ns)).status().kind(), wmi::StatusKind::kNotFound)
        << ns;
    EXPECT_EQ(create_reference_point(*host, group_path(kFinance, ns), 2, "", ns).status().kind(),
              wmi::StatusKind::kNotFound)
        << ns;
  }
}

TEST_F(NamespacesTest, CimSuperclassesQueryButHaveNoInstancesOfTheirOwn) {
  for (std::string_view ns : {kV2, kCluster}) {
    const auto all = query_or_die(*host, ns, "SELECT * FROM CIM_ManagedElement");
    EXPECT_FALSE(all.empty());
    for (const auto& instance : all) {
      EXPECT_TRUE(instance.class_name().rfind("Msvm_", 0) == 0) << instance.class_name();
    }
    // The collection management, collection reference point and both snapshot services; in v2
    // the per-VM reference point, image management and replication services; in the cluster
    // namespace the collection replication service.
    const auto services = query_or_die(*host, ns, "SELECT * FROM CIM_Service");
    EXPECT_EQ(services.size(), ns == kV2 ? 7u : 5u) << ns;
    EXPECT_FALSE(host->get(wmi::ObjectPath{std::nullopt,
                                           std::string(ns),
                                           "CIM_ManagedElement",
                                           {{"InstanceID", std::string("x")}}})
                     .ok())
        << "a CIM_ superclass has no instances of its own";
  }
}

TEST_F(NamespacesTest, ExportJobClassesFollowTheirServices) {
  for (std::string_view ns : {kV2, kCluster}) {
    auto q = host->query(ns, "SELECT * FROM Msvm_CollectionReferencePointExportJob");
    ASSERT_TRUE(q.ok()) << ns << ": " << q.status().to_string();
    EXPECT_TRUE(q->empty()) << "no export yet";
  }
  ASSERT_TRUE(host->query(kV2, "SELECT * FROM Msvm_VirtualSystemReferencePointExportJob").ok());
  expect_absent(kCluster, "Msvm_VirtualSystemReferencePointExportJob");
}

}  // namespace
}  // namespace sim::host
