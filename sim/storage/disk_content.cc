#include "sim/storage/disk_content.h"

#include <algorithm>
#include <cstring>

namespace sim::storage {

void DiskContent::write(std::uint64_t offset, std::span<const std::byte> data) {
  std::size_t done = 0;
  while (done < data.size()) {
    const std::uint64_t at = offset + done;
    const std::uint64_t index = at / kChunkBytes;
    const std::uint64_t within = at % kChunkBytes;
    const std::size_t n =
        static_cast<std::size_t>(std::min<std::uint64_t>(kChunkBytes - within, data.size() - done));
    Chunk& chunk = chunks_[index];
    if (!chunk) chunk = std::make_unique<std::byte[]>(kChunkBytes);  // value-initialised: zeros
    std::memcpy(chunk.get() + within, data.data() + done, n);
    done += n;
  }
}

void DiskContent::zero(std::uint64_t offset, std::uint64_t length) {
  const std::uint64_t end = offset + length;
  auto it = chunks_.lower_bound(offset / kChunkBytes);
  while (it != chunks_.end() && it->first * kChunkBytes < end) {
    const std::uint64_t chunk_start = it->first * kChunkBytes;
    const std::uint64_t from = std::max(offset, chunk_start);
    const std::uint64_t to = std::min(end, chunk_start + kChunkBytes);
    if (from == chunk_start && to == chunk_start + kChunkBytes) {
      it = chunks_.erase(it);
      continue;
    }
    std::memset(it->second.get() + (from - chunk_start), 0, to - from);
    ++it;
  }
}

void DiskContent::read(std::uint64_t offset, std::span<std::byte> out) const {
  std::memset(out.data(), 0, out.size());
  const std::uint64_t end = offset + out.size();
  for (auto it = chunks_.lower_bound(offset / kChunkBytes);
       it != chunks_.end() && it->first * kChunkBytes < end; ++it) {
    const std::uint64_t chunk_start = it->first * kChunkBytes;
    const std::uint64_t from = std::max(offset, chunk_start);
    const std::uint64_t to = std::min(end, chunk_start + kChunkBytes);
    std::memcpy(out.data() + (from - offset), it->second.get() + (from - chunk_start), to - from);
  }
}

void DiskContent::truncate(std::uint64_t size) {
  auto it = chunks_.lower_bound(size / kChunkBytes);
  if (it != chunks_.end() && it->first * kChunkBytes < size) {
    const std::uint64_t keep = size - it->first * kChunkBytes;
    std::memset(it->second.get() + keep, 0, kChunkBytes - keep);
    ++it;
  }
  chunks_.erase(it, chunks_.end());
}

}  // namespace sim::storage
