// Fuzz target: decode_response on arbitrary bytes (what a client reads from any host; the charset
// comes from a byte-order mark, else UTF-8), untyped and with a typing derived from the owner and
// property names. Oracles: a refusal is kProtocol; whatever decodes re-encodes, and the re-encoded
// envelope decodes (same typing) to the same response, except the one documented case of
// codec_oracle.h (an instance outside the WMI ResourceURIs).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "wmi/cim/fuzz/fuzz_check.h"
#include "wmi/wsman/fuzz/codec_oracle.h"

namespace {

// A declared type for every (owner, name), chosen by their characters (references left out, as in
// wsman_request_fuzz.cc).
std::optional<wmi::wsman::DeclaredType> derived_type(std::string_view owner,
                                                     std::string_view name) {
  std::size_t h = 7;
  for (char c : owner) h = h * 31 + static_cast<unsigned char>(c);
  for (char c : name) h = h * 31 + static_cast<unsigned char>(c);
  auto type = static_cast<wmi::CimType>(h % wmi::kCimTypeCount);
  if (type == wmi::CimType::kReference) type = wmi::CimType::kString;
  return wmi::wsman::DeclaredType{type, (h / wmi::kCimTypeCount) % 2 == 1};
}

void check(const wmi::Result<wmi::wsman::Response>& decoded,
           const wmi::wsman::InstanceTyping& typing) {
  if (!decoded.ok()) {
    wmi::fuzz::require(decoded.status().kind() == wmi::StatusKind::kProtocol,
                       "a refused response must be a protocol error");
    return;
  }
  const std::string broken = wmi::wsman::oracle::response_round_trip(*decoded, typing);
  if (!broken.empty()) std::fprintf(stderr, "%s\n", broken.c_str());
  wmi::fuzz::require(broken.empty(), "a decoded response must round-trip");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const wmi::wsman::DecodeLimits limits;
  check(wmi::wsman::decode_response(bytes, "application/soap+xml", limits), {});
  const wmi::wsman::InstanceTyping typing = derived_type;
  check(wmi::wsman::decode_response(bytes, "application/soap+xml", limits, typing), typing);
  return 0;
}
