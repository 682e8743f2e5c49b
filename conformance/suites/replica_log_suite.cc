// Area 5, replica logs (spec §8): with replication started on every member of a VM group,
// log-based reference points (collection CreateReferencePoint type 1) carry their logs —
// HasAssociatedData on the per-VM points, HasAssociatedLog on the group point — until
// RemoveAssociatedData; and exporting a log-based point against an earlier one yields the log
// segment between them (docs/formats/replica-log.md), which applied to the disk's bytes at the
// earlier point reproduces the primary's bytes at the later one.
#include <rapidcheck.h>

#include <string>

#include "conformance/catalogue/conformance_test.h"
#include "conformance/oracle/profile_expectations.h"
#include "conformance/oracle/replica_log_stream.h"
#include "conformance/suites/rct_calls.h"
#include "conformance/suites/suite_calls.h"
#include "conformance/target/run_seed.h"
#include "conformance/target/target.h"
#include "wmi/cim/wmi_path.h"

namespace conformance {
namespace {

constexpr std::uint16_t kLogBased = 1;  // Msvm_CollectionReferencePointService's encoding
constexpr std::uint16_t kRctBased = 2;
constexpr std::uint64_t kSector = 4096;
constexpr std::uint64_t kRegion = 1024 * 1024;  // writes land in the first MiB

std::string path_text(const wmi::ObjectPath& path) {
  const auto text = wmi::format_wmi_path(path, wmi::PathStyle::kSlash);
  return text.ok() ? *text : std::string();
}

// Starts replication of every member of `group`; false when a member refuses.
bool replicate_group(Session& session, const wmi::ObjectPath& group) {
  wmi::Connection& connection = session.connection();
  const auto service = suites::singleton_path(connection, suites::kV2, "Msvm_ReplicationService");
  if (!service) return false;
  const auto members =
      connection.query(suites::kV2, "ASSOCIATORS OF {" + path_text(group) +
                                        "} WHERE AssocClass=Msvm_CollectedVirtualSystems");
  if (!members.ok() || members->empty()) return false;
  for (const wmi::Instance& vm : *members) {
    if (!vm.path()) return false;
    const auto created = connection.invoke(
        *service, "CreateReplicationRelationship",
        {{"ComputerSystem", *vm.path()}, {"ReplicationSettingData", std::string()}});
    if (!created.ok() || suites::settle(session, *created).return_value != 0) return false;
    const auto started = connection.invoke(*service, "StartReplication",
                                           {{"ComputerSystem", *vm.path()},
                                            {"InitialReplicationType", std::uint16_t{1}},
                                            {"InitialReplicationExportLocation", std::string()}});
    if (!started.ok() || suites::settle(session, *started).return_value != 0) return false;
  }
  return true;
}

// A session whose first VM group replicates; null group when the target cannot.
struct ReplicatingGroup {
  std::unique_ptr<Session> session;
  std::optional<wmi::ObjectPath> group;
};

ReplicatingGroup replicating_group(std::uint64_t seed) {
  ReplicatingGroup out{current_target().open(seed), std::nullopt};
  const auto groups = suites::vm_groups(out.session->connection());
  if (!groups.empty() && replicate_group(*out.session, groups.front())) out.group = groups.front();
  return out;
}

std::vector<wmi::Instance> vm_points(Session& session) {
  return suites::all_of(session.connection(), suites::kV2, "Msvm_VirtualSystemReferencePoint");
}

std::string string_of(const wmi::Instance& instance, std::string_view name) {
  const wmi::CimValue* value = instance.find(name);
  return value != nullptr && value->as_string() != nullptr ? *value->as_string() : "";
}

std::optional<bool> bool_of(Session& session, const wmi::ObjectPath& path, std::string_view name) {
  const auto instance = session.connection().get(path);
  if (!instance.ok()) return std::nullopt;
  const wmi::CimValue* value = instance->find(name);
  return value == nullptr ? std::nullopt : value->as_bool();
}

// Creates a group point of `type`; the new group point and the new per-VM points.
struct NewPoints {
  std::optional<wmi::ObjectPath> group_point;
  std::vector<wmi::Instance> vm_points;
};

NewPoints create_points(Session& session, const wmi::ObjectPath& group, std::uint16_t type) {
  const auto groups_before = suites::group_points(session);
  const auto vms_before = vm_points(session);
  NewPoints out;
  if (suites::create_group_point(session, group, type) != 0) return out;
  for (const wmi::ObjectPath& point : suites::group_points(session)) {
    if (std::find(groups_before.begin(), groups_before.end(), point) == groups_before.end()) {
      out.group_point = point;
    }
  }
  for (const wmi::Instance& point : vm_points(session)) {
    bool old = false;
    for (const wmi::Instance& seen : vms_before) old = old || seen.path() == point.path();
    if (!old) out.vm_points.push_back(point);
  }
  return out;
}

CONFORMANCE_TEST(ReplicaLogSuite, LogBasedPointsCarryTheirLog, "LOG-POINT-001") {
  ReplicatingGroup replicating = replicating_group(run_seed());
  CONFORMANCE_REQUIRE(*replicating.session, {.mutation = true});
  if (!replicating.group) GTEST_SKIP() << "the target does not replicate the first VM group";
  Session& session = *replicating.session;
  const NewPoints log = create_points(session, *replicating.group, kLogBased);
  ASSERT_TRUE(log.group_point.has_value()) << "no log-based group point";
  ASSERT_FALSE(log.vm_points.empty());
  const auto group_point = session.connection().get(*log.group_point);
  ASSERT_TRUE(group_point.ok());
  EXPECT_EQ(suites::uint_of(*group_point, "ReferencePointType"), kLogBased);
  EXPECT_EQ(bool_of(session, *log.group_point, "HasAssociatedLog"), true);
  for (const wmi::Instance& point : log.vm_points) {
    EXPECT_EQ(bool_of(session, *point.path(), "HasAssociatedData"), true)
        << string_of(point, "InstanceID");
    for (const std::string& id : suites::strings_of(point, "ResilientChangeTrackingIdentifiers")) {
      EXPECT_EQ(id, "") << "an RCT id on a log-based point";
    }
  }
  // An RCT-based point of the same group has no log.
  const NewPoints rct = create_points(session, *replicating.group, kRctBased);
  ASSERT_TRUE(rct.group_point.has_value());
  EXPECT_EQ(bool_of(session, *rct.group_point, "HasAssociatedLog"), false);
  for (const wmi::Instance& point : rct.vm_points) {
    EXPECT_EQ(bool_of(session, *point.path(), "HasAssociatedData"), false);
  }
}

// RemoveAssociatedData on one of two log-based group points drops its log: HasAssociatedLog and
// its members' HasAssociatedData turn false; the other point keeps its own.
CONFORMANCE_TEST(ReplicaLogSuite, RemoveAssociatedDataDropsOnlyThatPointsLog, "LOG-STATE-001") {
  ReplicatingGroup replicating = replicating_group(run_seed());
  CONFORMANCE_REQUIRE(*replicating.session, {.mutation = true});
  if (!replicating.group) GTEST_SKIP() << "the target does not replicate the first VM group";
  Session& session = *replicating.session;
  const NewPoints first = create_points(session, *replicating.group, kLogBased);
  const NewPoints second = create_points(session, *replicating.group, kLogBased);
  ASSERT_TRUE(first.group_point && second.group_point);
  const auto service = suites::singleton_path(session.connection(), suites::kV2,
                                              "Msvm_CollectionReferencePointService");
  ASSERT_TRUE(service.has_value());
  const auto removed = session.connection().invoke(
      *service, "RemoveAssociatedData", {{"AffectedReferencePointCollection", *first.group_point}});
  ASSERT_TRUE(removed.ok()) << removed.status().to_string();
  ASSERT_EQ(suites::settle(session, *removed).return_value, 0u);
  EXPECT_EQ(bool_of(session, *first.group_point, "HasAssociatedLog"), false);
  for (const wmi::Instance& point : first.vm_points) {
    EXPECT_EQ(bool_of(session, *point.path(), "HasAssociatedData"), false);
  }
  EXPECT_EQ(bool_of(session, *second.group_point, "HasAssociatedLog"), true);
  for (const wmi::Instance& point : second.vm_points) {
    EXPECT_EQ(bool_of(session, *point.path(), "HasAssociatedData"), true);
  }
}

CONFORMANCE_TEST(ReplicaLogSuite, LogBasedPointWithoutReplicationRefused, "LOG-POINT-002") {
  auto session = current_target().open(run_seed());
  CONFORMANCE_REQUIRE(*session, {.mutation = true});
  const auto groups = suites::vm_groups(session->connection());
  ASSERT_FALSE(groups.empty());
  const auto parsed = oracle::parse_profile_expectations(current_target().profile_json());
  ASSERT_TRUE(parsed.ok());
  const std::uint32_t expected =
      parsed->code("create_reference_point.code.log_without_replication").value_or(5);
  EXPECT_EQ(suites::create_group_point(*session, groups.front(), kLogBased), expected);
  EXPECT_TRUE(suites::group_points(*session).empty());
  EXPECT_TRUE(vm_points(*session).empty());
}

// --- Apply: the segment between two log-based points reproduces the primary.

std::vector<std::byte> read_or_fail(Session& session, const std::string& path, std::uint64_t offset,
                                    std::uint64_t length) {
  auto bytes = session.data_plane()->read(path, offset, length);
  RC_ASSERT(bytes.ok());
  return std::move(*bytes);
}

// Per-VM ExportReferencePoint of `point` since `base` into `directory`, settled.
std::uint32_t export_since(Session& session, const wmi::Instance& point, const wmi::Instance& base,
                           const std::string& directory) {
  const auto service = suites::singleton_path(session.connection(), suites::kV2,
                                              "Msvm_VirtualSystemReferencePointService");
  const auto base_text = wmi::format_wmi_path(*base.path(), wmi::PathStyle::kBackslash);
  if (!service || !base_text.ok()) return 2;
  const wmi::Instance settings("Msvm_VirtualSystemReferencePointExportSettingData", "",
                               {{"BaseReferencePoint", *base_text}});
  const auto answer = session.connection().invoke(
      *service, "ExportReferencePoint",
      {{"ReferencePoint", *point.path()},
       {"ExportDirectory", directory},
       {"ExportSettingData",
        wmi::EmbeddedInstance{std::make_shared<const wmi::Instance>(settings)}}});
  if (!answer.ok()) return 2;
  return suites::settle(session, *answer).return_value;
}

std::string basename(const std::string& path) {
  const std::size_t slash = path.find_last_of("\\/");
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

const wmi::Instance* point_of_disk(const std::vector<wmi::Instance>& points, Session& session,
                                   const std::string& disk) {
  for (const wmi::Instance& point : points) {
    for (const suites::PointDisk& d : suites::point_disks(session)) {
      if (d.point_id == string_of(point, "InstanceID") && d.path == disk) return &point;
    }
  }
  return nullptr;
}

CONFORMANCE_PROP(ReplicaLogSuite, ApplyingTheExportedSegmentReproducesThePrimary, "LOG-APPLY-001") {
  ReplicatingGroup replicating = replicating_group(*rc::gen::arbitrary<std::uint64_t>());
  Session& session = *replicating.session;
  RC_PRE(session.data_plane() != nullptr && replicating.group.has_value());
  const std::vector<std::string> disks = suites::group_disks(session, *replicating.group);
  RC_PRE(!disks.empty());
  const std::string disk = *rc::gen::elementOf(disks);
  std::uint8_t fill = 0;
  const auto write_some = [&](std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) {
      const auto sector = *rc::gen::inRange<std::uint64_t>(0, kRegion / kSector);
      const auto sectors = *rc::gen::inRange<std::uint64_t>(1, kRegion / kSector - sector + 1);
      const std::vector<std::byte> data(std::min<std::uint64_t>(sectors, 16) * kSector,
                                        std::byte{++fill});
      RC_ASSERT(session.data_plane()->write(disk, sector * kSector, data).ok());
    }
  };
  write_some(*rc::gen::inRange<std::size_t>(0, 4));
  const NewPoints a = create_points(session, *replicating.group, kLogBased);
  const std::vector<std::byte> at_a = read_or_fail(session, disk, 0, kRegion);
  const std::size_t writes = *rc::gen::inRange<std::size_t>(1, 12);
  write_some(writes);
  const NewPoints b = create_points(session, *replicating.group, kLogBased);
  const std::vector<std::byte> at_b = read_or_fail(session, disk, 0, kRegion);
  const wmi::Instance* point_a = point_of_disk(a.vm_points, session, disk);
  const wmi::Instance* point_b = point_of_disk(b.vm_points, session, disk);
  RC_ASSERT(point_a != nullptr && point_b != nullptr);

  const std::string directory = "L:\\conformance\\log-export";
  RC_ASSERT(export_since(session, *point_b, *point_a, directory) == 0u);
  const std::string segment_path = directory + "\\" +
                                   string_of(*point_b, "VirtualSystemIdentifier") +
                                   "\\Virtual Hard Disks\\" + basename(disk) + ".hrl";
  RC_LOG() << "segment " << segment_path << " after " << writes << " writes\n";
  const auto header = session.data_plane()->read(segment_path, 0, oracle::kLogHeaderBytes);
  RC_ASSERT(header.ok());
  const auto size = oracle::log_stream_size(*header);
  RC_ASSERT(size.ok());
  const auto segment = oracle::parse_log_stream(read_or_fail(session, segment_path, 0, *size));
  if (!segment.ok()) RC_LOG() << segment.status().to_string() << "\n";
  RC_ASSERT(segment.ok());
  RC_LOG() << segment->records.size() << " records\n";
  RC_ASSERT(segment->records.size() == writes);  // "record every write in order" (spec §8)
  std::vector<std::byte> replica = at_a;
  oracle::apply_records(*segment, 0, replica);
  RC_ASSERT(replica == at_b);
}

}  // namespace
}  // namespace conformance
