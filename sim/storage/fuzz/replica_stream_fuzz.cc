// Fuzz target: import_stream on arbitrary bytes. Oracle: a rejected stream is kDataCorrupt with a
// message; an imported stream's payloads lie inside the input, the stream re-exports, the
// re-exported bytes import to an equal segment, and re-exporting that gives the same bytes.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "sim/storage/replica_stream.h"
#include "wmi/cim/fuzz/fuzz_check.h"

namespace {

using sim::storage::ImportedSegment;
using sim::storage::LogRecord;

bool same_record(const LogRecord& a, const LogRecord& b) {
  return a.sequence == b.sequence && a.offset == b.offset && a.length == b.length &&
         std::ranges::equal(a.payload, b.payload);
}

bool same_segment(const ImportedSegment& a, const ImportedSegment& b) {
  return a.first_sequence == b.first_sequence &&
         std::ranges::equal(a.records, b.records, same_record);
}

bool inside(std::span<const std::byte> part, std::span<const std::byte> whole) {
  if (part.empty()) return true;
  return part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::byte> input(reinterpret_cast<const std::byte*>(data), size);
  auto imported = sim::storage::import_stream(input);
  if (!imported.ok()) {
    wmi::fuzz::require(imported.error().code == sim::storage::ErrorCode::kDataCorrupt,
                       "a rejected replica-log stream must be kDataCorrupt");
    wmi::fuzz::require(!imported.error().message.empty(),
                       "a replica-log stream error must say what is wrong");
    return 0;
  }
  for (const LogRecord& r : imported->records) {
    wmi::fuzz::require(inside(r.payload, input), "an imported payload must point into the input");
  }
  auto exported = sim::storage::export_stream(imported->first_sequence, imported->records);
  wmi::fuzz::require(exported.ok(), "an imported replica-log stream must re-export");
  auto reimported = sim::storage::import_stream(*exported);
  wmi::fuzz::require(reimported.ok(), "a re-exported replica-log stream must import");
  wmi::fuzz::require(same_segment(*reimported, *imported),
                     "replica-log stream import/export must be the identity");
  auto reexported = sim::storage::export_stream(reimported->first_sequence, reimported->records);
  wmi::fuzz::require(reexported.ok() && *reexported == *exported,
                     "re-exporting a reimported replica-log stream must give the same bytes");
  return 0;
}
