// Fuzz target: decode_request on arbitrary bytes (what an endpoint reads from any client; the
// charset comes from a byte-order mark, else UTF-8), untyped and with a typing derived from the
// argument names. Oracles: a refusal is a kFault Status naming a WS-Man fault of hvsim's table;
// whatever decodes re-encodes, and the re-encoded envelope decodes (same typing) to the same
// request (codec_oracle.h).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "wmi/cim/fuzz/fuzz_check.h"
#include "wmi/cim/wsman_faults.h"
#include "wmi/wsman/fuzz/codec_oracle.h"

namespace {

// A declared type for every name, chosen by its characters: exercises strict typed reading
// (numbers, booleans, char16, reals, datetimes, embedded CIM-XML, arrays) of fuzzed text.
// References are left out: a reference given as WMI object-path text reads with the host and key
// types that the WS-Man form then drops (wsman_reference.h), so it is not an identity.
std::optional<wmi::wsman::DeclaredType> derived_type(std::string_view name) {
  std::size_t h = 0;
  for (char c : name) h = h * 31 + static_cast<unsigned char>(c);
  auto type = static_cast<wmi::CimType>(h % wmi::kCimTypeCount);
  if (type == wmi::CimType::kReference) type = wmi::CimType::kString;
  return wmi::wsman::DeclaredType{type, (h / wmi::kCimTypeCount) % 2 == 1};
}

void check(const wmi::Result<wmi::wsman::Request>& decoded,
           const wmi::wsman::PropertyTyping& typing) {
  if (!decoded.ok()) {
    const wmi::Status status = decoded.status();
    wmi::fuzz::require(status.kind() == wmi::StatusKind::kFault && status.fault().has_value(),
                       "a refused request must be a WS-Man fault");
    wmi::fuzz::require(wmi::wsman_fault_of(*status.fault()).has_value(),
                       "a refused request must name a fault of hvsim's table");
    return;
  }
  const std::string broken = wmi::wsman::oracle::request_round_trip(*decoded, typing);
  if (!broken.empty()) std::fprintf(stderr, "%s\n", broken.c_str());
  wmi::fuzz::require(broken.empty(), "a decoded request must round-trip");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const wmi::wsman::DecodeLimits limits;
  check(wmi::wsman::decode_request(bytes, "application/soap+xml", limits), {});
  const wmi::wsman::PropertyTyping typing = derived_type;
  check(wmi::wsman::decode_request(bytes, "application/soap+xml", limits, typing), typing);
  return 0;
}
