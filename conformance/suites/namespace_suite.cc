// Area 7, namespaces: the classes root/virtualization/v2 and root/HyperVCluster/v2 serve, checked
// against the oracle's table of spec §2 and §3 (conformance/oracle/namespace_classes.h) for
// presences and absences alike. A class is served when a WQL SELECT of it succeeds; it is absent
// when the query fails and a Get or a method call on an instance path of it finds nothing
// (kNotFound), whatever the letter case of its name (CIM names are case-insensitive, DSP0004).
#include <rapidcheck.h>

#include <cctype>
#include <chrono>
#include <string>

#include "conformance/catalogue/conformance_test.h"
#include "conformance/oracle/namespace_classes.h"
#include "conformance/target/run_seed.h"
#include "conformance/target/target.h"
#include "wmi/cim/job_wait.h"
#include "wmi/cim/wmi_path.h"

namespace conformance {
namespace {

using oracle::ClassSource;
using oracle::kClusterNamespace;
using oracle::kVirtualizationNamespace;
using oracle::NamespaceClass;

std::string select_all(std::string_view class_name) {
  return "SELECT * FROM " + std::string(class_name);
}

std::string path_text(const wmi::ObjectPath& path) {
  auto text = wmi::format_wmi_path(path, wmi::PathStyle::kSlash);
  return text.ok() ? *text : "<unprintable path>";
}

// The class is served in `ns`: enumerable, every instance carrying `ns` and readable by its path;
// a service has exactly its one instance.
void expect_served(wmi::Connection& connection, std::string_view ns, const NamespaceClass& row) {
  const auto instances = connection.query(ns, select_all(row.class_name));
  ASSERT_TRUE(instances.ok()) << row.class_name << " in " << ns << ": "
                              << instances.status().to_string();
  if (row.service) {
    EXPECT_EQ(instances->size(), 1u) << row.class_name << " in " << ns << " is a singleton";
  }
  for (const wmi::Instance& instance : *instances) {
    EXPECT_EQ(instance.namespace_name(), ns) << row.class_name;
    ASSERT_TRUE(instance.path().has_value()) << row.class_name << " in " << ns;
    EXPECT_EQ(wmi::normalize_namespace(instance.path()->namespace_name), ns) << row.class_name;
    const auto again = connection.get(*instance.path());
    EXPECT_TRUE(again.ok()) << path_text(*instance.path()) << ": " << again.status().to_string();
  }
}

// The class is absent from `ns` by every route: query, Get and invoke.
void expect_absent(wmi::Connection& connection, std::string_view ns, std::string_view class_name) {
  const auto instances = connection.query(ns, select_all(class_name));
  EXPECT_FALSE(instances.ok()) << class_name << " is enumerable in " << ns << " ("
                               << (instances.ok() ? instances->size() : 0) << " instances)";
  wmi::ObjectPath path;
  path.namespace_name = std::string(ns);
  path.class_name = std::string(class_name);
  path.keys = {{"InstanceID", std::string("conformance-probe")}};
  EXPECT_EQ(connection.get(path).status().kind(), wmi::StatusKind::kNotFound)
      << "Get " << class_name << " in " << ns;
  wmi::ObjectPath singleton = path;
  singleton.keys = {{"CreationClassName", std::string(class_name)}};
  EXPECT_EQ(connection.get(singleton).status().kind(), wmi::StatusKind::kNotFound)
      << "Get " << class_name << " (by CreationClassName) in " << ns;
  EXPECT_EQ(connection.invoke(singleton, "RequestStateChange", {}).status().kind(),
            wmi::StatusKind::kNotFound)
      << "invoke on " << class_name << " in " << ns;
}

std::string other_namespace(std::string_view ns) {
  return std::string(ns == kVirtualizationNamespace ? kClusterNamespace : kVirtualizationNamespace);
}

void check_table_presences(std::string_view ns) {
  auto session = current_target().open(run_seed());
  for (const NamespaceClass& row : oracle::namespace_classes()) {
    if (row.source != ClassSource::kNamespaceTable) continue;
    if (oracle::served_in(row, ns)) expect_served(session->connection(), ns, row);
  }
}

void check_table_absences(std::string_view ns) {
  auto session = current_target().open(run_seed());
  for (const NamespaceClass& row : oracle::namespace_classes()) {
    if (!oracle::served_in(row, ns)) expect_absent(session->connection(), ns, row.class_name);
  }
}

CONFORMANCE_TEST(NamespaceSuite, TableClassesServedInVirtualizationV2, "NS-CLASS-001") {
  check_table_presences(kVirtualizationNamespace);
}

CONFORMANCE_TEST(NamespaceSuite, TableClassesServedInHyperVClusterV2, "NS-CLASS-002") {
  check_table_presences(kClusterNamespace);
}

CONFORMANCE_TEST(NamespaceSuite, V2OnlyClassesAbsentFromHyperVClusterV2, "NS-CLASS-003") {
  check_table_absences(kClusterNamespace);
}

CONFORMANCE_TEST(NamespaceSuite, ClusterOnlyClassesAbsentFromVirtualizationV2, "NS-CLASS-004") {
  check_table_absences(kVirtualizationNamespace);
}

// Any spelling of a v2-only class's name is refused in the cluster namespace.
CONFORMANCE_PROP(NamespaceSuite, V2OnlyClassAbsentFromClusterInAnyLetterCase, "NS-CLASS-003") {
  std::vector<std::string_view> v2_only;
  for (const NamespaceClass& row : oracle::namespace_classes()) {
    if (row.in_virtualization && !row.in_cluster) v2_only.push_back(row.class_name);
  }
  const std::string_view class_name = *rc::gen::elementOf(v2_only);
  std::string spelled(class_name);
  const auto upper =
      *rc::gen::container<std::vector<bool>>(spelled.size(), rc::gen::arbitrary<bool>());
  for (std::size_t i = 0; i < spelled.size(); ++i) {
    const auto c = static_cast<unsigned char>(spelled[i]);
    spelled[i] = static_cast<char>(upper[i] ? std::toupper(c) : std::tolower(c));
  }
  auto session = current_target().open(*rc::gen::arbitrary<std::uint64_t>());
  RC_ASSERT_FALSE(session->connection().query(kClusterNamespace, select_all(spelled)).ok());
  wmi::ObjectPath path;
  path.namespace_name = std::string(kClusterNamespace);
  path.class_name = spelled;
  path.keys = {{"CreationClassName", std::string(class_name)}};
  RC_ASSERT(session->connection().get(path).status().kind() == wmi::StatusKind::kNotFound);
}

CONFORMANCE_TEST(NamespaceSuite, ModelledClassesServedInBothNamespaces, "NS-CLASS-005") {
  auto session = current_target().open(run_seed());
  for (std::string_view ns : oracle::oracle_namespaces()) {
    for (const NamespaceClass& row : oracle::namespace_classes()) {
      if (row.source == ClassSource::kModelledClass) {
        expect_served(session->connection(), ns, row);
      }
    }
  }
}

// Creates an RCT reference point of the first VM group that takes one, waiting for its job when
// the target answers 4096. False when no group does.
bool create_some_reference_point(Session& session) {
  wmi::Connection& connection = session.connection();
  const auto groups =
      connection.query(kVirtualizationNamespace, select_all("Msvm_VirtualSystemCollection"));
  const auto services = connection.query(kVirtualizationNamespace,
                                         select_all("Msvm_CollectionReferencePointService"));
  if (!groups.ok() || !services.ok() || services->size() != 1) return false;
  for (const wmi::Instance& group : *groups) {
    if (!group.path()) continue;
    const auto result = connection.invoke(*services->front().path(), "CreateReferencePoint",
                                          {{"Collection", *group.path()},
                                           {"ReferencePointSettings", std::string()},
                                           {"ReferencePointType", std::uint16_t{2}}});
    if (!result.ok()) continue;
    if (result->return_value == 0) return true;
    if (result->return_value != 4096) continue;
    const wmi::CimValue* job = wmi::find_property(result->out, "Job");
    if (job == nullptr || job->as_reference() == nullptr) continue;
    wmi::PollPolicy policy;
    policy.wait = [&session](std::chrono::milliseconds ms) {
      if (!session.advance_clock(static_cast<std::uint64_t>(ms.count()))) {
        std::this_thread::sleep_for(ms);
      }
    };
    const auto finished = wmi::wait_for_job(connection, *job->as_reference(), policy);
    if (!finished.ok()) continue;
    const wmi::CimValue* state = finished->find("JobState");
    if (state != nullptr && state->as_uint() == 7u) return true;
  }
  return false;
}

CONFORMANCE_TEST(NamespaceSuite, ReferencePointOfVirtualSystemOnlyInVirtualizationV2,
                 "NS-ASSOC-001") {
  auto session = current_target().open(run_seed());
  CONFORMANCE_REQUIRE(*session, {.mutation = true});
  if (!create_some_reference_point(*session)) {
    GTEST_SKIP() << "needs a VM group that takes an RCT reference point";
  }
  wmi::Connection& connection = session->connection();
  const auto links =
      connection.query(kVirtualizationNamespace, select_all("Msvm_ReferencePointOfVirtualSystem"));
  ASSERT_TRUE(links.ok()) << links.status().to_string();
  ASSERT_FALSE(links->empty()) << "a reference point exists but no link to its VM in "
                               << kVirtualizationNamespace;

  EXPECT_FALSE(
      connection.query(kClusterNamespace, select_all("Msvm_ReferencePointOfVirtualSystem")).ok());
  for (const wmi::Instance& link : *links) {
    ASSERT_TRUE(link.path().has_value());
    EXPECT_TRUE(connection.get(*link.path()).ok()) << path_text(*link.path());
    wmi::ObjectPath elsewhere = *link.path();
    elsewhere.host.reset();
    elsewhere.namespace_name = other_namespace(kVirtualizationNamespace);
    EXPECT_EQ(connection.get(elsewhere).status().kind(), wmi::StatusKind::kNotFound)
        << path_text(elsewhere);
  }
  // No route from a VM to its reference points in the cluster namespace.
  const auto vms = connection.query(kClusterNamespace, select_all("Msvm_ComputerSystem"));
  ASSERT_TRUE(vms.ok()) << vms.status().to_string();
  for (const wmi::Instance& vm : *vms) {
    ASSERT_TRUE(vm.path().has_value());
    const std::string of_vm = "ASSOCIATORS OF {" + path_text(*vm.path()) + "}";
    EXPECT_FALSE(connection
                     .query(kClusterNamespace,
                            of_vm + " WHERE AssocClass=Msvm_ReferencePointOfVirtualSystem")
                     .ok());
    const auto associated = connection.query(kClusterNamespace, of_vm);
    ASSERT_TRUE(associated.ok()) << of_vm << ": " << associated.status().to_string();
    for (const wmi::Instance& other : *associated) {
      EXPECT_NE(other.class_name(), "Msvm_VirtualSystemReferencePoint") << of_vm;
    }
  }
}

}  // namespace
}  // namespace conformance
