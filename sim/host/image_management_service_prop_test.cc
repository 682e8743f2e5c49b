// The paging property of GetVirtualDiskChanges (spec §7; DESIGN "soundness is non-negotiable"),
// through wmi::Connection: after an RCT reference point on Finance and random writes to web-01's
// disk, paging through a random window with a random rct.max_ranges_per_call gives ranges that are
// sorted, non-overlapping and inside the window, that cover every written byte of the window
// (soundness), and whose concatenation over the pages is the answer of one call with room for
// every range (nothing lost, split or repeated across pages). Each page keeps the contract: it
// holds at most the profile's count, stops short of the window only when full, and the next call
// resumes at ByteOffset + ProcessedByteLength. RapidCheck prints the seed and the shrunk writes.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <utility>

#include "sim/host/image_management_test_support.h"

namespace sim::host {
namespace {

using namespace test;

constexpr std::uint64_t kSector = 512;
constexpr std::uint64_t kDiskSize = std::uint64_t{64} << 30;  // web-01's disk (small.json)
constexpr std::uint64_t kMaxWrite = std::uint64_t{256} << 10;

using Extent = std::pair<std::uint64_t, std::uint64_t>;  // offset, length in bytes

// A sector-aligned write inside the first `region` bytes of the disk.
rc::Gen<Extent> write_in(std::uint64_t region) {
  return rc::gen::exec([region] {
    const std::uint64_t length =
        *rc::gen::inRange<std::uint64_t>(1, kMaxWrite / kSector + 1) * kSector;
    const std::uint64_t offset =
        *rc::gen::inRange<std::uint64_t>(0, (region - length) / kSector + 1) * kSector;
    return Extent{offset, length};
  });
}

struct WrittenHost {
  std::unique_ptr<Host> host;
  SealedDisk web;  // web-01's disk and the RCT id the reference point sealed
};

// A doc-strict host answering `ranges_per_call` ranges per call, with an RCT reference point on
// Finance followed by `writes` to web-01's disk.
WrittenHost written_host(std::uint32_t ranges_per_call, const std::vector<Extent>& writes) {
  control::Profile profile = fixture_profile("doc-strict");
  profile.rct_max_ranges_per_call = ranges_per_call;
  WrittenHost out{make_host({.profile = std::move(profile)}), {}};
  const auto created = create_reference_point(*out.host, group_path(kFinance));
  RC_ASSERT(created.ok());
  RC_ASSERT(created->return_value == 0u);
  for (const SealedDisk& disk : sealed_disks(*out.host)) {
    if (disk.vm_guid == kWeb01) out.web = disk;
  }
  RC_ASSERT(!out.web.path.empty());
  for (const auto& [offset, length] : writes) {
    const std::vector<std::byte> data(length, std::byte{0xA5});
    RC_ASSERT(out.host->write(out.web.path, offset, data).ok());
  }
  return out;
}

// Every page of [offset, offset + length), each call resuming after the previous one's
// ProcessedByteLength; at most `max_calls` calls.
std::vector<DiskChanges> pages_of(WrittenHost& written, std::uint64_t offset, std::uint64_t length,
                                  std::size_t max_calls) {
  std::vector<DiskChanges> pages;
  std::uint64_t done = 0;
  do {
    RC_ASSERT(pages.size() < max_calls);
    const auto call = get_virtual_disk_changes(*written.host, written.web.path, written.web.rct_id,
                                               offset + done, length - done);
    RC_ASSERT(call.ok());
    RC_ASSERT(call->return_value == 0u);
    auto page = changes_of(*call);
    RC_ASSERT(page.has_value());
    RC_ASSERT(page->processed_length <= length - done);
    RC_ASSERT(page->processed_length > 0 || length == done);  // progress
    done += page->processed_length;
    pages.push_back(std::move(*page));
  } while (done < length);
  return pages;
}

// Whether [begin, end) lies inside the union of sorted, non-overlapping `ranges`.
bool covered(const std::vector<ChangedRange>& ranges, std::uint64_t begin, std::uint64_t end) {
  for (const ChangedRange& range : ranges) {
    if (begin >= end) break;
    if (range.offset + range.length <= begin) continue;
    if (range.offset > begin) return false;
    begin = range.offset + range.length;
  }
  return begin >= end;
}

RC_GTEST_PROP(GetVirtualDiskChangesProperty, PagesAreSoundAndLoseOrRepeatNothing, ()) {
  const auto ranges_per_call = *rc::gen::inRange<std::uint32_t>(1, 9);
  const auto region = *rc::gen::element(std::uint64_t{8} << 20, std::uint64_t{1} << 30, kDiskSize);
  const auto writes = *rc::gen::container<std::vector<Extent>>(write_in(region));
  auto window_offset = *rc::gen::inRange<std::uint64_t>(0, region + 1);
  auto window_length = *rc::gen::inRange<std::uint64_t>(0, region - window_offset + 1);
  if (*rc::gen::inRange(0, 4) == 0) {  // now and then the whole disk, as backup tools ask
    window_offset = 0;
    window_length = kDiskSize;
  }
  const std::uint64_t window_end = window_offset + window_length;

  WrittenHost paged = written_host(ranges_per_call, writes);
  // A write adds at most one range: with room for writes + 1, one call answers everything.
  WrittenHost unpaged = written_host(static_cast<std::uint32_t>(writes.size() + 1), writes);
  const auto pages = pages_of(paged, window_offset, window_length, writes.size() + 2);
  const auto single = pages_of(unpaged, window_offset, window_length, 1);

  std::vector<ChangedRange> all;
  std::uint64_t page_start = window_offset;
  for (const DiskChanges& page : pages) {
    const std::uint64_t page_end = page_start + page.processed_length;
    RC_ASSERT(page.ranges.size() <= ranges_per_call);
    if (page_end < window_end) RC_ASSERT(page.ranges.size() == ranges_per_call);
    for (const ChangedRange& range : page.ranges) {
      RC_ASSERT(range.length > 0u);
      RC_ASSERT(range.offset >= page_start);
      RC_ASSERT(range.offset + range.length <= page_end);
    }
    all.insert(all.end(), page.ranges.begin(), page.ranges.end());
    page_start = page_end;
  }
  for (std::size_t i = 1; i < all.size(); ++i) {
    RC_ASSERT(all[i - 1].offset + all[i - 1].length <= all[i].offset);  // sorted, disjoint
  }
  RC_ASSERT(all == single.front().ranges);
  for (const auto& [offset, length] : writes) {
    const std::uint64_t begin = std::max(offset, window_offset);
    const std::uint64_t end = std::min(offset + length, window_end);
    if (begin < end) RC_ASSERT(covered(all, begin, end));
  }
}

}  // namespace
}  // namespace sim::host
