#include "wmi/wsman/soap_envelope.h"

#include <fmt/format.h>

#include "wmi/cim/scalar_text.h"
#include "wmi/cim/wsman_faults.h"

namespace wmi::wsman {

Status schema_error(std::string message) {
  return wsman_fault(WsmanFault::kSchemaValidationError, std::move(message));
}

std::string element_namespace(const xmlNode* node) {
  const std::string_view raw = namespace_uri(node);
  constexpr std::string_view kAmpersand = "&#38;";
  if (raw.find('&') == std::string_view::npos) return std::string(raw);
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size();) {
    if (raw.substr(i, kAmpersand.size()) == kAmpersand) {
      out += '&';
      i += kAmpersand.size();
    } else {
      out += raw[i++];
    }
  }
  return out;
}

std::string child_text(const xmlNode* parent, std::string_view ns, std::string_view local) {
  const xmlNode* child = parent ? find_child(parent, ns, local) : nullptr;
  return child ? std::string(trim_xml_space(text_content(child))) : std::string();
}

Result<ParsedEnvelope> parse_envelope(std::string_view bytes, std::string_view content_type,
                                      const DecodeLimits& limits) {
  if (bytes.size() > limits.max_envelope_size) {
    return wsman_fault(WsmanFault::kEncodingLimit,
                       fmt::format("the envelope of {} bytes exceeds MaxEnvelopeSize ({} bytes)",
                                   bytes.size(), limits.max_envelope_size));
  }
  auto charset = detect_charset(bytes, content_type);
  if (!charset.ok()) return wsman_fault(WsmanFault::kEncodingLimit, charset.status().message());
  auto text = to_utf8(bytes, *charset);
  if (!text.ok()) return schema_error("the body is not valid text: " + text.status().message());
  auto document = parse_safe_xml(*text, XmlLimits{.max_bytes = 2 * limits.max_envelope_size + 16,
                                                  .max_depth = limits.max_depth});
  if (!document.ok()) return schema_error(document.status().message());
  const xmlNode* root = document->root();
  if (!is_element(root, kSoapNs, "Envelope")) {
    return schema_error(fmt::format("the root element is {{{}}}{}, not a SOAP 1.2 s:Envelope",
                                    namespace_uri(root), local_name(root)));
  }
  ParsedEnvelope envelope{std::move(*document), nullptr, nullptr, *charset};
  for (const xmlNode* child : element_children(root)) {
    if (is_element(child, kSoapNs, "Header") && !envelope.header && !envelope.body) {
      envelope.header = child;
    } else if (is_element(child, kSoapNs, "Body") && !envelope.body) {
      envelope.body = child;
    } else {
      return schema_error(fmt::format("unexpected element {} in s:Envelope", local_name(child)));
    }
  }
  if (!envelope.body) return schema_error("the envelope has no s:Body");
  return envelope;
}

const std::string& envelope_start() {
  static const std::string start = fmt::format(
      "<s:Envelope xml:lang=\"en-US\" xmlns:s=\"{}\" xmlns:a=\"{}\" xmlns:w=\"{}\" xmlns:n=\"{}\" "
      "xmlns:x=\"{}\" xmlns:cim=\"{}\" xmlns:xsi=\"{}\">",
      kSoapNs, kAddressingNs, kWsmanNs, kEnumerationNs, kTransferNs, kCimNs, kXsiNs);
  return start;
}

}  // namespace wmi::wsman
