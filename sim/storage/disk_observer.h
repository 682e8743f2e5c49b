// sim::storage::DiskObserver: what a virtual disk tells the engines that follow its writes — the
// change tracker today, a replica log later. VirtualDisk calls these from its single write path,
// after validating the request and before returning, in registration order; an observer sees
// exactly the writes that changed the disk, never a rejected one. Callbacks must not fail and must
// not call back into the disk. Called on the thread that writes; observers need no locking of their
// own as long as the disk is used from one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace sim::storage {

class DiskObserver {
 public:
  virtual ~DiskObserver() = default;

  // Bytes [offset, offset + length) now hold `payload`, or zeros when `payload` is empty (a zero
  // fill). offset and length are sector-aligned, length > 0, and the range lies inside the disk.
  virtual void on_write(std::uint64_t offset, std::uint64_t length,
                        std::span<const std::byte> payload) = 0;
  // The virtual size changed to `new_size` bytes (grow or shrink; content beyond is gone).
  virtual void on_resize(std::uint64_t new_size) = 0;
  // The disk was modified while nobody was watching (offline patch, compaction, restore).
  virtual void on_offline_modification() = 0;
  // The host stopped uncleanly; in-memory state that real hosts keep only in RAM is lost.
  virtual void on_host_crash() = 0;
};

}  // namespace sim::storage
