// sim::storage::VirtualDisk: one simulated virtual hard disk — geometry (virtual size up to 64 TiB,
// logical sector 512 or 4096, VHDX or VHD format, a disk identifier), sparse content, its change
// tracker, the events a tracker reacts to (resize, offline modification, host crash), and
// copy-on-write snapshots (disk_snapshot.h).
//
// Every accepted write goes through one path (commit_write) that stores the bytes and then tells
// the observers — the change tracker first, then any added with add_observer (e.g. a replica log) —
// so nothing can change the disk without them seeing it, except modify_offline, which is the point.
// Every change of content first lets the live snapshots preserve the bytes they still share.
// Requests are validated first: offset and length must be multiples of the logical sector, length
// > 0, and the range inside the disk; a rejected request fails with kInvalidParameter and changes
// nothing. Neither copyable nor movable (observers hold its address); not synchronised.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "sim/storage/change_tracker.h"
#include "sim/storage/disk_content.h"
#include "sim/storage/disk_observer.h"
#include "sim/storage/disk_snapshot.h"
#include "sim/storage/guid.h"
#include "sim/storage/storage_error.h"

namespace sim::storage {

enum class DiskFormat { kVhdx, kVhd };

struct DiskSpec {
  std::uint64_t size = 0;  // bytes; a multiple of logical_sector_size, <= kMaxDiskSize
  std::uint32_t logical_sector_size = 512;  // 512 or 4096
  DiskFormat format = DiskFormat::kVhdx;
  Guid id;
  std::uint64_t seed = 0;  // drives the change tracker's session GUIDs
};

inline constexpr std::uint64_t kMaxDiskSize = std::uint64_t{1} << 46;  // 64 TiB

class VirtualDisk {
 public:
  // Fails with kInvalidParameter when the size or sector size breaks the rules above.
  static Result<std::unique_ptr<VirtualDisk>> create(const DiskSpec& spec);

  VirtualDisk(const VirtualDisk&) = delete;
  VirtualDisk& operator=(const VirtualDisk&) = delete;
  ~VirtualDisk();  // detaches the snapshots still alive

  std::uint64_t size() const { return spec_.size; }
  std::uint32_t logical_sector_size() const { return spec_.logical_sector_size; }
  DiskFormat format() const { return spec_.format; }
  const Guid& id() const { return spec_.id; }

  Status write(std::uint64_t offset, std::span<const std::byte> data);
  // Writes zeros over [offset, offset + length): a tracked change that needs no payload memory.
  Status write_zeroes(std::uint64_t offset, std::uint64_t length);
  // Fills `out` from `offset`; never-written bytes read as zeros. Same validation as a write.
  Status read(std::uint64_t offset, std::span<std::byte> out) const;

  // Grows or shrinks the virtual size (same rules as create). Bytes beyond a shrink are gone from
  // the disk (the live snapshots keep them: each keeps the size and bytes of its instant); a grown
  // tail reads as zeros. Observers hear on_resize; the same size is a no-op.
  Status resize(std::uint64_t new_size);
  // Changes content without the observers seeing the write (a VHD patched while the VM is off),
  // then tells them on_offline_modification. Validated like a write.
  Status modify_offline(std::uint64_t offset, std::span<const std::byte> data);
  // modify_offline of zeros over [offset, offset + length): stores no payload.
  Status modify_offline_zeroes(std::uint64_t offset, std::uint64_t length);
  // What write, read and modify_offline refuse for [offset, offset + length), checked alone, so a
  // caller that works in pieces can refuse the whole range before it changes anything.
  Status check_range(std::uint64_t offset, std::uint64_t length) const;
  // The host stopped uncleanly. Content survives; observers hear on_host_crash.
  void host_crash();

  // A view of the content as it is now, kept exact while the disk changes (disk_snapshot.h).
  std::shared_ptr<DiskSnapshot> take_snapshot();
  // The snapshots taken and still alive.
  std::size_t snapshot_count() const;
  // Makes the content and size equal `snapshot`'s (applying a checkpoint); other snapshots keep
  // their bytes. Observers hear on_resize when the size changes, then on_offline_modification:
  // earlier tracking ids become invalid. Fails with
  // kInvalidParameter, changing nothing, when `snapshot` is not a view of this disk.
  Status revert_to(const DiskSnapshot& snapshot);

  ChangeTracker& change_tracker() { return tracker_; }
  const ChangeTracker& change_tracker() const { return tracker_; }

  // Adds an observer of every later write and event; it must outlive the disk or be removed.
  void add_observer(DiskObserver& observer);
  void remove_observer(DiskObserver& observer);

  // Bytes of content storage allocated (follows bytes written, not the virtual size).
  std::uint64_t content_bytes() const { return content_.allocated_bytes(); }

 private:
  explicit VirtualDisk(const DiskSpec& spec);
  // Stores `payload` at [offset, offset + length), or zeros when it is empty, after the live
  // snapshots preserved what they share; tells no observer.
  void store(std::uint64_t offset, std::uint64_t length, std::span<const std::byte> payload);
  // modify_offline's path: store, then every observer hears on_offline_modification.
  void commit_offline(std::uint64_t offset, std::uint64_t length,
                      std::span<const std::byte> payload);
  // The single write path: snapshots preserve, content changes, then every observer hears it.
  void commit_write(std::uint64_t offset, std::uint64_t length, std::span<const std::byte> payload);
  // Lets every live snapshot keep its bytes of [offset, offset + length) before they change.
  void preserve_for_snapshots(std::uint64_t offset, std::uint64_t length);

  DiskSpec spec_;
  DiskContent content_;
  ChangeTracker tracker_;
  std::vector<DiskObserver*> observers_;                        // observers_[0] is &tracker_
  mutable std::vector<std::weak_ptr<DiskSnapshot>> snapshots_;  // expired ones pruned lazily
};

}  // namespace sim::storage
