// The round-trip oracle of the WS-Man codec, shared by its fuzz targets and its mutation
// properties (codec_prop_test.cc): whatever decodes re-encodes, and the re-encoded document
// decodes (with the same typing) to the same value. Returns "" when that holds, else what broke.
//
// One documented exception (response_codec.h reads leniently): an instance element whose namespace
// is not a WMI class ResourceURI decodes with an empty namespace_name, which encode_response
// cannot write back (kInvalidArgument).
#pragma once

#include <string>

#include "wmi/wsman/request_codec.h"
#include "wmi/wsman/response_codec.h"

namespace wmi::wsman::oracle {

// Re-encoded text may be longer than what was read (escaping), never deeper.
inline DecodeLimits reread_limits() {
  return DecodeLimits{.max_envelope_size = std::size_t{1} << 30};
}

inline std::string request_round_trip(const Request& request, const PropertyTyping& typing = {}) {
  auto xml = encode_request(request);
  if (!xml.ok()) return "a decoded request must encode: " + xml.status().to_string();
  auto back = decode_request(*xml, "application/soap+xml;charset=UTF-8", reread_limits(), typing);
  if (!back.ok())
    return "an encoded request must decode: " + back.status().to_string() + "\n" + *xml;
  if (!(*back == request)) return "the re-encoded request decodes to another value:\n" + *xml;
  return "";
}

// Whether `response` holds an instance read from an element outside the WMI ResourceURIs.
inline bool has_instance_outside_wmi(const Response& response) {
  auto outside = [](const std::vector<EnumerationItem>& items) {
    for (const EnumerationItem& item : items) {
      if (item.object && item.object->namespace_name().empty()) return true;
    }
    return false;
  };
  if (const auto* get = std::get_if<GetResponse>(&response.body)) {
    return get->instance.namespace_name().empty();
  }
  if (const auto* e = std::get_if<EnumerateResponse>(&response.body)) return outside(e->items);
  if (const auto* p = std::get_if<PullResponse>(&response.body)) return outside(p->items);
  return false;
}

inline std::string response_round_trip(const Response& response,
                                       const InstanceTyping& typing = {}) {
  auto xml = encode_response(response);
  if (!xml.ok()) {
    if (xml.status().kind() == StatusKind::kInvalidArgument && has_instance_outside_wmi(response)) {
      return "";
    }
    return "a decoded response must encode: " + xml.status().to_string();
  }
  auto back = decode_response(*xml, "application/soap+xml;charset=UTF-8", reread_limits(), typing);
  if (!back.ok()) {
    return "an encoded response must decode: " + back.status().to_string() + "\n" + *xml;
  }
  if (!(*back == response)) return "the re-encoded response decodes to another value:\n" + *xml;
  return "";
}

}  // namespace wmi::wsman::oracle
