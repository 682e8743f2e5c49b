// Property (backup workflow, spec §5): under any interleaving of writes to a VM's two disks,
// reference points (RCT-based in some runs, log-based in others), and exports — full ones that
// start a chain, and incrementals whose base is the chain's last exported point, taken at any
// later time while writes go on — restoring every prefix of every chain rebuilds each disk byte
// for byte as it was at the prefix's last point. Replay a failure with RC_PARAMS="seed=<printed
// seed>".
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>
#include <vector>

#include "sim/host/export_test_support.h"

namespace sim::host {
namespace {

using namespace test;

constexpr std::string_view kVm = "6F1B7A52-2C1E-4C55-9C51-0B6E9A5D1E01";
constexpr std::uint64_t kDiskBytes = std::uint64_t{4} << 20;
constexpr std::uint32_t kSectors[] = {512, 4096};

enum class OpKind { kWrite, kZero, kPoint, kFullExport, kIncrementalExport };

struct Op {
  OpKind kind;
  int disk;
  std::uint64_t first_sector;  // reduced modulo the disk's sectors
  std::uint64_t sectors;       // 1 + this
  std::uint8_t value;
  std::size_t point;  // reduced modulo the points
};

control::Inventory one_vm(bool replicating) {
  control::Inventory inventory;
  inventory.host_name = std::string(kHostName);  // the service paths of host_test_support
  control::VmInventory vm;
  vm.guid = std::string(kVm);
  vm.name = "prop-01";
  vm.replicating = replicating;
  vm.disks.push_back({kDiskBytes, kSectors[0], control::DiskFormat::kVhdx, 4096});
  vm.disks.push_back({kDiskBytes, kSectors[1], control::DiskFormat::kVhdx, 16384});
  inventory.vms.push_back(vm);
  return inventory;
}

struct Point {
  wmi::ObjectPath path;
  std::vector<std::vector<std::byte>> expected;  // per disk, at the point
};

struct Chain {
  std::vector<std::string> directories;
  std::vector<std::size_t> points;  // parallel: the point each export holds
};

RC_GTEST_PROP(ReferencePointExportProperty, EveryChainPrefixRestoresItsPointByteForByte, ()) {
  const bool log_based = *rc::gen::arbitrary<bool>();
  auto host = make_host({.inventory = one_vm(log_based)});
  std::vector<std::vector<std::byte>> model(2, std::vector<std::byte>(kDiskBytes));
  std::vector<Point> points;
  std::vector<Chain> chains;
  int exports = 0;

  const auto ops = *rc::gen::container<std::vector<Op>>(rc::gen::construct<Op>(
      rc::gen::element(OpKind::kWrite, OpKind::kWrite, OpKind::kWrite, OpKind::kZero,
                       OpKind::kPoint, OpKind::kFullExport, OpKind::kIncrementalExport,
                       OpKind::kIncrementalExport),
      rc::gen::inRange(0, 2), rc::gen::arbitrary<std::uint64_t>(),
      rc::gen::inRange<std::uint64_t>(0, 2), rc::gen::arbitrary<std::uint8_t>(),
      rc::gen::arbitrary<std::size_t>()));
  for (const Op& op : ops) {
    const std::uint32_t sector = kSectors[op.disk];
    const std::uint64_t disk_sectors = kDiskBytes / sector;
    const std::uint64_t first = op.first_sector % disk_sectors;
    const std::uint64_t count = std::min(op.sectors + 1, disk_sectors - first);
    const std::uint64_t offset = first * sector;
    const std::uint64_t length = count * sector;
    switch (op.kind) {
      case OpKind::kWrite:
      case OpKind::kZero: {
        const std::byte value = op.kind == OpKind::kZero ? std::byte{0} : std::byte{op.value};
        const std::vector<std::byte> data(length, value);
        RC_ASSERT(host->write(disk_file(kVm, op.disk), offset, data).ok());
        std::fill_n(model[op.disk].begin() + offset, length, value);
        break;
      }
      case OpKind::kPoint: {
        const auto r =
            value_or_fail(create_vm_reference_point(*host, vm_path(kVm), log_based ? 0 : 1));
        RC_ASSERT(r.return_value == 0u);
        points.push_back({*out_reference(r, "ResultingReferencePoint"), model});
        break;
      }
      case OpKind::kFullExport:
      case OpKind::kIncrementalExport: {
        if (points.empty()) break;
        const bool incremental = op.kind == OpKind::kIncrementalExport && !chains.empty();
        Chain* chain = incremental ? &chains[op.point % chains.size()] : nullptr;
        std::size_t p = op.point % points.size();
        if (chain != nullptr) {
          // A point taken after the chain's last one.
          const std::size_t after = chain->points.back() + 1;
          if (after >= points.size()) break;
          p = after + op.point % (points.size() - after);
        }
        const std::string dir = "B:\\export" + std::to_string(exports++);
        const wmi::CimValue settings =
            chain != nullptr ? vm_export_settings(points[chain->points.back()].path) : "";
        const auto r = value_or_fail(export_vm_point(*host, points[p].path, dir, settings));
        RC_ASSERT(r.return_value == 0u);
        if (chain == nullptr) {
          chains.push_back({});
          chain = &chains.back();
        }
        chain->directories.push_back(dir);
        chain->points.push_back(p);
        for (std::size_t n = 1; n <= chain->directories.size(); ++n) {
          const std::vector<std::string> prefix(chain->directories.begin(),
                                                chain->directories.begin() + n);
          for (int d = 0; d < 2; ++d) {
            auto restored = host->restore_export(prefix, disk_id(kVm, d));
            RC_ASSERT(restored.ok());
            RC_ASSERT(restored->size == kDiskBytes);
            std::vector<std::byte> bytes(kDiskBytes);
            restored->content.read(0, bytes);
            RC_ASSERT(bytes == points[chain->points[n - 1]].expected[d]);
          }
        }
        break;
      }
    }
  }
}

}  // namespace
}  // namespace sim::host
