#include "sim/storage/rct_id.h"

#include <fmt/format.h>

namespace sim::storage {
namespace {

constexpr std::string_view kPrefix = "rctX:";
constexpr std::size_t kGuidLength = 36;
constexpr std::size_t kSequenceDigits = 8;
constexpr std::size_t kIdLength = kPrefix.size() + kGuidLength + 1 + kSequenceDigits;

Error malformed(std::string_view text) {
  return Error{ErrorCode::kInvalidTrackingId,
               fmt::format("'{}' is not a change tracking id (expected rctX:<guid>:<8 hex>)",
                           text.substr(0, 80))};
}

}  // namespace

std::string RctId::to_string() const {
  return fmt::format("{}{}:{:08x}", kPrefix, session.to_string(':'), sequence);
}

Result<RctId> parse_rct_id(std::string_view text) {
  if (text.size() != kIdLength || !text.starts_with(kPrefix) ||
      text[kPrefix.size() + kGuidLength] != ':') {
    return malformed(text);
  }
  std::string guid_text(text.substr(kPrefix.size(), kGuidLength));
  for (std::size_t at : {8u, 13u, 18u, 23u}) {
    if (guid_text[at] != ':') return malformed(text);
    guid_text[at] = '-';
  }
  const auto session = Guid::parse(guid_text);
  const auto sequence = parse_hex(text.substr(kIdLength - kSequenceDigits), kSequenceDigits);
  if (!session || !sequence) return malformed(text);
  return RctId{*session, static_cast<std::uint32_t>(*sequence)};
}

}  // namespace sim::storage
