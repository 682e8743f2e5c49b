// Opening a SOAP 1.2 envelope from untrusted bytes: charset (body_charset.h), size limit
// (MaxEnvelopeSize), hardened XML (safe_xml.h: no DTD, no entities, no network, depth limit), and
// the s:Envelope / s:Header / s:Body skeleton. Writing one: the envelope start with the prefixes
// hvsim uses. Failure contract: a kFault Status — w:EncodingLimit for a body over the limit or in
// an unsupported charset, w:SchemaValidationError for anything else malformed. Thread-safe.
#pragma once

#include <libxml/tree.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "wmi/cim/safe_xml.h"
#include "wmi/cim/status.h"
#include "wmi/wsman/body_charset.h"
#include "wmi/wsman/wsman_names.h"

namespace wmi::wsman {

struct DecodeLimits {
  std::size_t max_envelope_size = kDefaultMaxEnvelopeSize;  // bytes, as received
  int max_depth = 64;                                       // element nesting
};

struct ParsedEnvelope {
  XmlDocument document;
  const xmlNode* header = nullptr;  // s:Header, or nullptr when absent
  const xmlNode* body = nullptr;    // s:Body
  Charset charset = Charset::kUtf8;
};

Result<ParsedEnvelope> parse_envelope(std::string_view bytes, std::string_view content_type,
                                      const DecodeLimits& limits);

// "<s:Envelope xmlns:s=… xmlns:a=… xmlns:w=… xmlns:n=… xmlns:x=… xmlns:p=… …>".
const std::string& envelope_start();
inline constexpr std::string_view kEnvelopeEnd = "</s:Envelope>";

// The namespace URI of element `node` as sent. libxml2 keeps each '&' of a namespace declaration
// as the text "&#38;" (and any other text as is), which namespace_uri() returns raw; this undoes
// it, so that a URI with '&' compares equal to the same URI read from text.
std::string element_namespace(const xmlNode* node);

// The text of the first child (ns, local) of `parent`, trimmed of XML space; "" when `parent` is
// null or has no such child.
std::string child_text(const xmlNode* parent, std::string_view ns, std::string_view local);

// A w:SchemaValidationError fault with `message`.
Status schema_error(std::string message);

}  // namespace wmi::wsman
