// Property: under any sequence of writes, zero fills, offline modifications, resizes, snapshots
// taken, dropped and reverted to, every live snapshot reads exactly the bytes (and has the size)
// the disk had when it was taken, its sparse image (copy_into) reads the same, and the disk reads
// exactly what a flat byte-vector model says. Replay a failure with RC_PARAMS="seed=<printed
// seed>".
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <memory>
#include <vector>

#include "sim/storage/disk_snapshot.h"
#include "sim/storage/virtual_disk.h"

namespace sim::storage {
namespace {

enum class OpKind { kWrite, kZero, kOffline, kResize, kTake, kDrop, kRevert };

struct Op {
  OpKind kind;
  std::uint64_t first_sector;  // reduced modulo the disk's sectors
  std::uint64_t sectors;       // 1 + this, reduced to fit
  std::uint8_t value;
  std::size_t snapshot;  // reduced modulo the live snapshots
};

struct LiveSnapshot {
  std::shared_ptr<DiskSnapshot> view;
  std::vector<std::byte> expected;
};

std::vector<std::byte> read_all(const DiskSnapshot& s) {
  std::vector<std::byte> out(s.size());
  RC_ASSERT(s.read(0, out).ok());
  return out;
}

RC_GTEST_PROP(DiskSnapshotProperty, SnapshotsReadTheirInstantWhateverTheDiskDoes, ()) {
  const std::uint32_t sector = *rc::gen::element<std::uint32_t>(512, 4096);
  const std::uint64_t disk_sectors = *rc::gen::inRange<std::uint64_t>(1, 97);
  std::uint64_t disk_sectors_now = disk_sectors;
  const std::uint64_t size = disk_sectors * sector;
  auto disk = std::move(VirtualDisk::create({size, sector, DiskFormat::kVhdx, Guid(), 1}).value());
  std::vector<std::byte> model(size);
  std::vector<LiveSnapshot> snapshots;

  const auto ops = *rc::gen::container<std::vector<Op>>(rc::gen::construct<Op>(
      rc::gen::element(OpKind::kWrite, OpKind::kWrite, OpKind::kZero, OpKind::kOffline,
                       OpKind::kResize, OpKind::kTake, OpKind::kDrop, OpKind::kRevert),
      rc::gen::arbitrary<std::uint64_t>(), rc::gen::inRange<std::uint64_t>(0, 40),
      rc::gen::arbitrary<std::uint8_t>(), rc::gen::arbitrary<std::size_t>()));
  for (const Op& op : ops) {
    const std::uint64_t first = op.first_sector % disk_sectors_now;
    const std::uint64_t count = std::min(op.sectors + 1, disk_sectors_now - first);
    const std::uint64_t offset = first * sector;
    const std::uint64_t length = count * sector;
    const std::vector<std::byte> data(length, std::byte{op.value});
    switch (op.kind) {
      case OpKind::kWrite:
        RC_ASSERT(disk->write(offset, data).ok());
        std::fill_n(model.begin() + offset, length, std::byte{op.value});
        break;
      case OpKind::kZero:
        RC_ASSERT(disk->write_zeroes(offset, length).ok());
        std::fill_n(model.begin() + offset, length, std::byte{0});
        break;
      case OpKind::kOffline:
        RC_ASSERT(disk->modify_offline(offset, data).ok());
        std::fill_n(model.begin() + offset, length, std::byte{op.value});
        break;
      case OpKind::kResize:
        disk_sectors_now = 1 + op.first_sector % 130;
        RC_ASSERT(disk->resize(disk_sectors_now * sector).ok());
        model.resize(disk_sectors_now * sector);
        break;
      case OpKind::kTake:
        snapshots.push_back({disk->take_snapshot(), model});
        break;
      case OpKind::kDrop:
        if (!snapshots.empty()) snapshots.erase(snapshots.begin() + op.snapshot % snapshots.size());
        break;
      case OpKind::kRevert:
        if (!snapshots.empty()) {
          const LiveSnapshot& target = snapshots[op.snapshot % snapshots.size()];
          RC_ASSERT(disk->revert_to(*target.view).ok());
          model = target.expected;
          disk_sectors_now = model.size() / sector;
        }
        break;
    }
    RC_ASSERT(disk->snapshot_count() == snapshots.size());
    for (const LiveSnapshot& s : snapshots) {
      RC_ASSERT(s.view->size() == s.expected.size());
      RC_ASSERT(read_all(*s.view) == s.expected);
      DiskContent image;
      RC_ASSERT(s.view->copy_into(image).ok());
      std::vector<std::byte> imaged(s.expected.size());
      image.read(0, imaged);
      RC_ASSERT(imaged == s.expected);
    }
    RC_ASSERT(disk->size() == model.size());
    std::vector<std::byte> now(model.size());
    RC_ASSERT(disk->read(0, now).ok());
    RC_ASSERT(now == model);
  }
}

}  // namespace
}  // namespace sim::storage
