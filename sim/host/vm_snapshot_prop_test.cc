// The checkpoint property (spec §5 single-VM workflow; conformance areas 4 and 6), through
// wmi::Connection and the DataPlane: random writes to web-01's disk, a recovery checkpoint
// (CreateSnapshot 32768), then more random writes interleaved with reads of the checkpoint's disk.
// Every read of the checkpoint's disk returns exactly the bytes at the checkpoint's instant (a
// flat model kept beside the host), while the live disk reads the newest bytes. Then
// ConvertToReferencePoint: the point's RCT id, asked through GetVirtualDiskChanges, reports a
// superset of every byte written since the checkpoint (soundness). RapidCheck prints the seed and
// the shrunk writes.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>

#include "sim/host/image_management_test_support.h"
#include "sim/host/snapshot_test_support.h"

namespace sim::host {
namespace {

using namespace test;

constexpr std::uint64_t kSector = 512;
constexpr std::uint64_t kRegion = std::uint64_t{2} << 20;     // the writes land in the first 2 MiB
constexpr std::uint64_t kDiskSize = std::uint64_t{64} << 30;  // web-01's disk (small.json)

struct Write {
  std::uint64_t offset;
  std::uint64_t length;
  std::uint8_t value;
};

// A sector-aligned write of up to 64 KiB inside the region.
rc::Gen<Write> gen_write() {
  return rc::gen::exec([] {
    const std::uint64_t length = *rc::gen::inRange<std::uint64_t>(1, 129) * kSector;
    const std::uint64_t offset =
        *rc::gen::inRange<std::uint64_t>(0, (kRegion - length) / kSector + 1) * kSector;
    return Write{offset, length, *rc::gen::arbitrary<std::uint8_t>()};
  });
}

void apply(Host& host, const std::string& disk, std::vector<std::byte>& model, const Write& w) {
  const std::vector<std::byte> data(w.length, static_cast<std::byte>(w.value));
  RC_ASSERT(host.write(disk, w.offset, data).ok());
  std::fill_n(model.begin() + static_cast<std::ptrdiff_t>(w.offset), w.length,
              static_cast<std::byte>(w.value));
}

std::vector<std::byte> read_all(Host& host, const std::string& disk) {
  auto bytes = host.read(disk, 0, kRegion);
  RC_ASSERT(bytes.ok());
  return *bytes;
}

RC_GTEST_PROP(VmSnapshotProperty, CheckpointReadsItsInstantAndConvertedIdsCoverLaterWrites, ()) {
  const auto before = *rc::gen::container<std::vector<Write>>(gen_write());
  const auto after = *rc::gen::container<std::vector<Write>>(gen_write());
  auto host = make_host();
  const std::string live = vm_disk_paths(*host, kWeb01).at(0);
  std::vector<std::byte> model(kRegion);
  for (const Write& w : before) apply(*host, live, model, w);

  const auto created = create_snapshot(*host, vm_path(kWeb01), kRecoverySnapshot);
  RC_ASSERT(created.ok());
  RC_ASSERT(created->return_value == 0u);
  const wmi::ObjectPath checkpoint = *out_reference(*created, "ResultingSnapshot");
  const auto disks = checkpoint_disks(*host, std::get<std::string>(*checkpoint.key("InstanceID")));
  RC_ASSERT(disks.size() == 1u);
  const std::string frozen_disk = string_property(disks[0], "InstanceID");
  const std::vector<std::byte> at_instant = model;
  RC_ASSERT(read_all(*host, frozen_disk) == at_instant);

  for (const Write& w : after) {
    apply(*host, live, model, w);
    // A read of the checkpoint where the VM just wrote, and of the live disk.
    auto frozen = host->read(frozen_disk, w.offset, w.length);
    RC_ASSERT(frozen.ok());
    RC_ASSERT(std::equal(frozen->begin(), frozen->end(),
                         at_instant.begin() + static_cast<std::ptrdiff_t>(w.offset)));
  }
  RC_ASSERT(read_all(*host, frozen_disk) == at_instant);
  RC_ASSERT(read_all(*host, live) == model);

  const auto converted = convert_snapshot(*host, checkpoint);
  RC_ASSERT(converted.ok());
  RC_ASSERT(converted->return_value == 0u);
  const auto point = host->get(*out_reference(*converted, "ResultingReferencePoint"));
  RC_ASSERT(point.ok());
  const auto ids = string_array_property(*point, "ResilientChangeTrackingIdentifiers");
  RC_ASSERT(ids.size() == 1u);
  const auto answer = get_virtual_disk_changes(*host, live, ids[0], 0, kDiskSize);
  RC_ASSERT(answer.ok());
  RC_ASSERT(answer->return_value == 0u);
  const auto changes = changes_of(*answer);
  RC_ASSERT(changes.has_value());
  RC_ASSERT(changes->processed_length == kDiskSize);
  for (const Write& w : after) {
    for (std::uint64_t at = w.offset; at < w.offset + w.length; at += kSector) {
      const bool covered =
          std::any_of(changes->ranges.begin(), changes->ranges.end(), [&](const ChangedRange& r) {
            return r.offset <= at && at + kSector <= r.offset + r.length;
          });
      RC_ASSERT(covered);
    }
  }
  if (after.empty()) RC_ASSERT(changes->ranges.empty());
}

}  // namespace
}  // namespace sim::host
