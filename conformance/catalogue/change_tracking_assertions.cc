// Area 4, change tracking (spec §7, GetVirtualDiskChanges of §4): what a backup tool relies on
// when it copies only the changed ranges — soundness (nothing written is missed), exactness where
// the granularity allows, paging by ProcessedByteLength, and the codes of ids it cannot answer.
// The oracle is conformance/oracle/written_ranges.h.
#include "conformance/catalogue/catalogue.h"

namespace conformance {
namespace {

constexpr Needs kDataPlane = {.mutation = true, .data_plane = true};

const Assertion kChangeTrackingAssertions[] = {
    {.id = "RCT-SOUND-001",
     .statement = "GetVirtualDiskChanges for a live RCT id covers every byte written since the id "
                  "was sealed inside the asked window, also after host crashes",
     .clause = "[doc] QueryChangesVirtualDisk ...: ranges (offset, length) that changed since that "
               "id was sealed, inside the window. After an unclean host stop the answer may be "
               "coarser but **must never miss a change**. (spec §7)",
     .evidence = Evidence::kDoc,
     .namespaces = Namespaces::kVirtualizationOnly,
     .needs = kDataPlane},
    {.id = "RCT-SOUND-002",
     .statement = "without a host crash since the id was sealed, every 1 MiB block a returned "
                  "range reaches holds a written byte (no coarsening beyond the granularity)",
     .clause = "",  // granularity and range coalescing are undocumented (spec §7, §9.6)
     .evidence = Evidence::kUnverified,
     .namespaces = Namespaces::kVirtualizationOnly,
     .needs = kDataPlane},
    {.id = "RCT-SOUND-003",
     .statement = "each page returns at most the profile's range count, only ranges inside the "
                  "part it processed, and pages resumed at ByteOffset + ProcessedByteLength tile "
                  "the window and together return every changed range",
     .clause = "[doc] When the caller's array fills, ProcessedLength < ByteLength and the caller "
               "resumes at ByteOffset+ProcessedLength. (spec §7)",
     .evidence = Evidence::kDoc,
     .namespaces = Namespaces::kVirtualizationOnly,
     .needs = kDataPlane},
    {.id = "RCT-CODE-001",
     .statement = "a LimitId that is not an RCT id answers the profile's invalid-id code "
                  "(0xC03A0029)",
     .clause = "",  // [guess] get_virtual_disk_changes.code.rct_invalid_id
     .evidence = Evidence::kUnverified,
     .namespaces = Namespaces::kVirtualizationOnly,
     .needs = {.mutation = true}},
    {.id = "RCT-CODE-002",
     .statement = "the RCT id of another disk answers the profile's no-tracking-data code "
                  "(0xC03A0030), while each disk's own id answers 0",
     .clause = "",  // [guess] get_virtual_disk_changes.code.rct_no_tracking_data
     .evidence = Evidence::kUnverified,
     .namespaces = Namespaces::kVirtualizationOnly,
     .needs = {.mutation = true}},
    {.id = "RCT-CODE-003",
     .statement = "the RCT ids of a destroyed reference point answer the profile's "
                  "no-tracking-data code (0xC03A0030)",
     .clause = "",  // [guess] get_virtual_disk_changes.code.rct_no_tracking_data
     .evidence = Evidence::kUnverified,
     .namespaces = Namespaces::kVirtualizationOnly,
     .needs = {.mutation = true}},
    {.id = "RCT-CODE-004",
     .statement = "after a resize or an offline change of a disk its earlier RCT ids answer the "
                  "profile's changed-offline or no-tracking-data code, never ranges",
     .clause = "",  // the ids' invalidation is [doc] (spec §7); the codes are [guess]
     .evidence = Evidence::kUnverified,
     .namespaces = Namespaces::kVirtualizationOnly,
     .needs = kDataPlane},
};

}  // namespace

std::span<const Assertion> change_tracking_assertions() { return kChangeTrackingAssertions; }

}  // namespace conformance
