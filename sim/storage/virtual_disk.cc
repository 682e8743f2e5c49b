#include "sim/storage/virtual_disk.h"

#include <algorithm>

#include <fmt/format.h>

namespace sim::storage {
namespace {

Status check_size(std::uint64_t size, std::uint32_t sector) {
  if (size == 0 || size > kMaxDiskSize || size % sector != 0) {
    return invalid_parameter(fmt::format(
        "virtual size {} must be a positive multiple of the {}-byte sector, at most 64 TiB", size,
        sector));
  }
  return {};
}

}  // namespace

Result<std::unique_ptr<VirtualDisk>> VirtualDisk::create(const DiskSpec& spec) {
  if (spec.logical_sector_size != 512 && spec.logical_sector_size != 4096) {
    return invalid_parameter(
        fmt::format("logical sector size {} is neither 512 nor 4096", spec.logical_sector_size));
  }
  if (Status s = check_size(spec.size, spec.logical_sector_size); !s) return s.error();
  return std::unique_ptr<VirtualDisk>(new VirtualDisk(spec));
}

VirtualDisk::VirtualDisk(const DiskSpec& spec)
    : spec_(spec), tracker_(spec.size, spec.format == DiskFormat::kVhdx, spec.seed) {
  observers_.push_back(&tracker_);
}

Status VirtualDisk::check_range(std::uint64_t offset, std::uint64_t length) const {
  const std::uint32_t sector = spec_.logical_sector_size;
  if (length == 0 || offset % sector != 0 || length % sector != 0) {
    return invalid_parameter(
        fmt::format("offset {} and length {} must be multiples of the {}-byte sector, length > 0",
                    offset, length, sector));
  }
  if (offset > spec_.size || length > spec_.size - offset) {
    return invalid_parameter(
        fmt::format("range [{}, +{}) is outside the {}-byte disk", offset, length, spec_.size));
  }
  return {};
}

VirtualDisk::~VirtualDisk() {
  for (const auto& weak : snapshots_) {
    if (const auto snapshot = weak.lock()) snapshot->detach();
  }
}

void VirtualDisk::preserve_for_snapshots(std::uint64_t offset, std::uint64_t length) {
  std::erase_if(snapshots_, [&](const std::weak_ptr<DiskSnapshot>& weak) {
    const auto snapshot = weak.lock();
    if (snapshot) snapshot->preserve(offset, length);
    return !snapshot;
  });
}

void VirtualDisk::store(std::uint64_t offset, std::uint64_t length,
                        std::span<const std::byte> payload) {
  preserve_for_snapshots(offset, length);
  if (payload.empty()) {
    content_.zero(offset, length);
  } else {
    content_.write(offset, payload);
  }
}

void VirtualDisk::commit_write(std::uint64_t offset, std::uint64_t length,
                               std::span<const std::byte> payload) {
  store(offset, length, payload);
  for (DiskObserver* observer : observers_) observer->on_write(offset, length, payload);
}

Status VirtualDisk::write(std::uint64_t offset, std::span<const std::byte> data) {
  if (Status s = check_range(offset, data.size()); !s) return s;
  commit_write(offset, data.size(), data);
  return {};
}

Status VirtualDisk::write_zeroes(std::uint64_t offset, std::uint64_t length) {
  if (Status s = check_range(offset, length); !s) return s;
  commit_write(offset, length, {});
  return {};
}

Status VirtualDisk::read(std::uint64_t offset, std::span<std::byte> out) const {
  if (Status s = check_range(offset, out.size()); !s) return s;
  content_.read(offset, out);
  return {};
}

Status VirtualDisk::resize(std::uint64_t new_size) {
  if (Status s = check_size(new_size, spec_.logical_sector_size); !s) return s;
  if (new_size == spec_.size) return {};
  if (new_size < spec_.size) {
    // The live snapshots keep the tail (each keeps its own size) before it goes.
    preserve_for_snapshots(new_size, spec_.size - new_size);
    content_.truncate(new_size);
  }
  spec_.size = new_size;
  for (DiskObserver* observer : observers_) observer->on_resize(new_size);
  return {};
}

void VirtualDisk::commit_offline(std::uint64_t offset, std::uint64_t length,
                                 std::span<const std::byte> payload) {
  store(offset, length, payload);
  for (DiskObserver* observer : observers_) observer->on_offline_modification();
}

Status VirtualDisk::modify_offline(std::uint64_t offset, std::span<const std::byte> data) {
  if (Status s = check_range(offset, data.size()); !s) return s;
  commit_offline(offset, data.size(), data);
  return {};
}

Status VirtualDisk::modify_offline_zeroes(std::uint64_t offset, std::uint64_t length) {
  if (Status s = check_range(offset, length); !s) return s;
  commit_offline(offset, length, {});
  return {};
}

std::shared_ptr<DiskSnapshot> VirtualDisk::take_snapshot() {
  std::shared_ptr<DiskSnapshot> snapshot(
      new DiskSnapshot(content_, spec_.size, spec_.logical_sector_size));
  snapshots_.push_back(snapshot);
  return snapshot;
}

std::size_t VirtualDisk::snapshot_count() const {
  std::erase_if(snapshots_, [](const std::weak_ptr<DiskSnapshot>& weak) { return weak.expired(); });
  return snapshots_.size();
}

Status VirtualDisk::revert_to(const DiskSnapshot& snapshot) {
  if (snapshot.live_ != &content_) {
    return invalid_parameter("the snapshot is not a view of this disk");
  }
  // The disk takes the snapshot's size back first (a shrink lets the live snapshots keep the
  // tail); inside that size only the frozen ranges differ from the snapshot (a resize since it was
  // taken froze whatever it changed). They are walked from a copy: preserving for the live
  // snapshots, `snapshot` among them, re-inserts its own ranges, which would invalidate an
  // iterator into frozen_.
  if (Status s = resize(snapshot.size_); !s) return s;
  const std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges(snapshot.frozen_.begin(),
                                                                    snapshot.frozen_.end());
  for (const auto& [start, end] : ranges) {
    preserve_for_snapshots(start, end - start);
    content_.zero(start, end - start);
    snapshot.preserved_.copy_into(start, end, content_);
  }
  for (DiskObserver* observer : observers_) observer->on_offline_modification();
  return {};
}

void VirtualDisk::host_crash() {
  for (DiskObserver* observer : observers_) observer->on_host_crash();
}

void VirtualDisk::add_observer(DiskObserver& observer) { observers_.push_back(&observer); }

void VirtualDisk::remove_observer(DiskObserver& observer) {
  std::erase_if(observers_, [&](DiskObserver* o) { return o == &observer && o != &tracker_; });
}

}  // namespace sim::storage
