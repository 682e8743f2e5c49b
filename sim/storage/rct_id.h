// sim::storage::RctId: a Resilient Change Tracking id in the real-host shape
//   rctX:<disk-session GUID, lowercase, ':' for '-'>:<8 hex digits, the sequence>
// e.g. "rctX:5bfde23b:ce75:4303:b54f:6c18394f105c:00000001" (spec §7). The session GUID is drawn
// each time tracking is switched on, so ids from an earlier session or another disk never match.
// Clients treat the text as opaque; only the tracker reads it back. Value type; not synchronised.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/storage/guid.h"
#include "sim/storage/storage_error.h"

namespace sim::storage {

struct RctId {
  Guid session;
  std::uint32_t sequence = 0;

  // The id text (52 characters).
  std::string to_string() const;

  friend bool operator==(const RctId&, const RctId&) = default;
};

// Parses an id text. Fails with kInvalidTrackingId (0xC03A0029) when `text` is not exactly the
// shape above (prefix "rctX:" case-sensitive, hex digits in either case, nothing trailing).
Result<RctId> parse_rct_id(std::string_view text);

}  // namespace sim::storage
