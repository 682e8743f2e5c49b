// Replica apply through the services (spec §8: "Applying the log segments from a reference point
// onto the replica must reproduce the primary's bytes at that point"; conformance area 5). A host
// whose web-01 has a 256 KiB disk (resync beyond 128 KiB of log) replicates it through
// Msvm_ReplicationService (CreateReplicationRelationship, StartReplication), then runs a random
// sequence of writes (the DataPlane's write path: the disk's single write path), log-based
// CreateReferencePoint calls and Resynchronize calls. At the end, for every point A that still has
// data and the next such point B (or "now"): the log segment A→B, exported as a replica stream and
// imported again, applied onto a copy of the disk at A gives the disk at B byte for byte. Once the
// log crosses its threshold, every earlier point (and every point taken before Resynchronize) has
// HasAssociatedData false and its segment fails with kNoTrackingData; the relationship reports 9.
// The sim/storage property (replica_log_prop_test.cc) covers the log alone, with discards and
// RemoveAssociatedData; this one covers the host wiring.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "sim/host/cim_paths.h"
#include "sim/host/dispatcher.h"
#include "sim/host/host_test_support.h"
#include "sim/host/reference_points.h"
#include "sim/storage/replica_stream.h"

namespace sim::host {
namespace {

using namespace test;
using Bytes = std::vector<std::byte>;

constexpr std::uint64_t kDiskBytes = 256 << 10;
constexpr std::uint64_t kThreshold = kDiskBytes / 2;  // ReplicaLogOptions::for_disk
constexpr std::uint64_t kSector = 512;
constexpr std::uint16_t kLog = 0;  // doc-strict: log0-rct1

wmi::ObjectPath replication_service() {
  wmi::ObjectPath p;
  p.namespace_name = std::string(kV2);
  p.class_name = "Msvm_ReplicationService";
  p.keys = {{"CreationClassName", std::string("Msvm_ReplicationService")}};
  return p;
}

std::uint32_t invoke_code(HostState& state, const wmi::ObjectPath& service, std::string_view method,
                          const wmi::PropertyList& in, wmi::MethodResult* out = nullptr) {
  auto r = dispatch_invoke(state, service, method, in);
  RC_ASSERT(r.ok());
  if (out != nullptr) *out = *r;
  return r->return_value;
}

struct Op {
  enum Kind { kWrite, kPoint, kResynchronize } kind = kWrite;
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
  std::uint8_t fill = 0;
};

rc::Gen<Op> op_gen() {
  return rc::gen::weightedOneOf<Op>(
      {{6, rc::gen::exec([] {
          Op op;
          op.offset = kSector * *rc::gen::inRange<std::uint64_t>(0, kDiskBytes / kSector);
          op.length =
              kSector *
              *rc::gen::inRange<std::uint64_t>(
                  1, std::min<std::uint64_t>(32, kDiskBytes / kSector - op.offset / kSector) + 1);
          op.fill = *rc::gen::arbitrary<std::uint8_t>();
          return op;
        })},
       {3, rc::gen::just(Op{Op::kPoint})},
       {1, rc::gen::just(Op{Op::kResynchronize})}});
}

struct PointModel {
  std::string instance_id;
  Bytes primary_at_point;
  bool has_data = true;
};

Bytes read_disk(const storage::VirtualDisk& disk) {
  Bytes out(kDiskBytes);
  RC_ASSERT(disk.read(0, out).ok());
  return out;
}

// A replica holding `base`, with `records` applied, read back whole.
Bytes replay(const Bytes& base, std::span<const storage::LogRecord> records) {
  auto replica = storage::VirtualDisk::create(
      storage::DiskSpec{kDiskBytes, kSector, storage::DiskFormat::kVhdx, storage::Guid{}, 7});
  RC_ASSERT(replica.ok());
  RC_ASSERT((*replica)->write(0, base).ok());
  RC_ASSERT(storage::apply_records(records, **replica).ok());
  return read_disk(**replica);
}

RC_GTEST_PROP(ReplicaApplyThroughServices, SegmentsBetweenLogPointsReproduceThePrimary, ()) {
  const auto ops = *rc::gen::container<std::vector<Op>>(op_gen());
  HostSetup setup;
  setup.inventory.vms[1].disks[0].size = kDiskBytes;  // web-01
  auto state = make_state(setup);
  const wmi::ObjectPath web = vm_path(kWeb01);
  RC_ASSERT(invoke_code(*state, replication_service(), "CreateReplicationRelationship",
                        {{"ComputerSystem", web}}) == 0u);
  RC_ASSERT(invoke_code(*state, replication_service(), "StartReplication",
                        {{"ComputerSystem", web}, {"InitialReplicationType", std::uint16_t{1}}}) ==
            0u);
  VmDisk& disk = state->find_vm(kWeb01)->disks[0];

  Bytes primary(kDiskBytes);
  std::uint64_t logged = 0;
  bool resync_required = false;
  int crossings = 0;
  std::vector<PointModel> points;
  for (const Op& op : ops) {
    switch (op.kind) {
      case Op::kWrite: {
        Bytes data(op.length);
        for (std::size_t i = 0; i < data.size(); ++i) data[i] = std::byte(op.fill + i);
        RC_ASSERT(disk.disk->write(op.offset, data).ok());
        std::copy(data.begin(), data.end(),
                  primary.begin() + static_cast<std::ptrdiff_t>(op.offset));
        if (resync_required) break;
        logged += op.length;
        if (logged > kThreshold) {
          resync_required = true;
          ++crossings;
          for (PointModel& p : points) p.has_data = false;
        }
        break;
      }
      case Op::kPoint: {
        wmi::MethodResult r;
        RC_ASSERT(invoke_code(*state, vsrp_service(), "CreateReferencePoint",
                              {{"AffectedSystem", web},
                               {"ReferencePointSettings", ""},
                               {"ReferencePointType", kLog}},
                              &r) == 0u);
        const wmi::ObjectPath* point = out_reference(r, "ResultingReferencePoint");
        RC_ASSERT(point != nullptr);
        points.push_back(
            PointModel{std::string(key_text(*point, "InstanceID")), primary, !resync_required});
        break;
      }
      case Op::kResynchronize: {
        const std::uint32_t code =
            invoke_code(*state, replication_service(), "Resynchronize", {{"ComputerSystem", web}});
        RC_ASSERT(code == (resync_required ? 0u : 32775u));
        if (resync_required) {
          resync_required = false;
          logged = 0;
        }
        break;
      }
    }
  }
  RC_CLASSIFY(crossings > 0, "crossed the resync threshold");
  RC_CLASSIFY(resync_required, "ends waiting to resynchronize");
  RC_CLASSIFY(points.size() >= 2, "two or more points");

  RC_ASSERT(read_disk(*disk.disk) == primary);
  auto relationship = dispatch_get(
      *state, wmi::ObjectPath{std::nullopt,
                              std::string(kV2),
                              "Msvm_ReplicationRelationship",
                              {{"InstanceID", "Microsoft:" + std::string(kWeb01) + "\\HVR\\0"}}});
  RC_ASSERT(relationship.ok());
  RC_ASSERT(uint_property(*relationship, "ReplicationState") == (resync_required ? 9u : 3u));

  const storage::ReplicaLog& log = *disk.replica_log;
  const storage::ReplicaLogState log_state = log.state();
  const storage::LogMark now{0, log_state.generation, log_state.next_sequence};
  for (std::size_t a = 0; a < points.size(); ++a) {
    const VmReferencePoint& from = state->vm_reference_points.at(points[a].instance_id);
    RC_ASSERT(has_associated_data(*state, from) == points[a].has_data);
    if (!points[a].has_data) {
      const auto segment = log.segment(from.log_marks[0], now);
      RC_ASSERT(!segment.ok());
      RC_ASSERT(segment.error().code == storage::ErrorCode::kNoTrackingData);
      continue;
    }
    std::size_t b = a + 1;
    while (b < points.size() && !points[b].has_data) ++b;
    const bool to_now = b == points.size();
    const storage::LogMark to =
        to_now ? now : state->vm_reference_points.at(points[b].instance_id).log_marks[0];
    const Bytes& expected = to_now ? primary : points[b].primary_at_point;
    const auto segment = log.segment(from.log_marks[0], to);
    RC_ASSERT(segment.ok());
    auto stream = storage::export_stream(from.log_marks[0].sequence, *segment);
    RC_ASSERT(stream.ok());
    auto imported = storage::import_stream(*stream);
    RC_ASSERT(imported.ok());
    RC_ASSERT(replay(points[a].primary_at_point, imported->records) == expected);
  }
}

}  // namespace
}  // namespace sim::host
