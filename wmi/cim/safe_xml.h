// Hardened XML parsing for untrusted text (CIM-XML parameters, SOAP envelopes), through libxml2:
// no network, no DTD of any kind (a DOCTYPE stops the parser before its internal subset is read,
// so no entity is ever declared or expanded: no XXE, no billion laughs), a size limit checked
// before parsing and an element-depth limit. Input must be UTF-8 (callers transcode UTF-16 first);
// an encoding declaration is ignored. Thread-safe: no shared mutable state (libxml2 is
// initialised once).
#pragma once

#include <libxml/tree.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wmi/cim/status.h"

namespace wmi {

struct XmlLimits {
  std::size_t max_bytes = 16 * 1024 * 1024;
  int max_depth = 64;  // elements nested deeper than this are refused
};

// Why a document was refused, for callers that answer each reason differently (WS-Man faults).
enum class XmlRefusal { kNone, kTooLarge, kDoctype, kTooDeep, kMalformed };

struct XmlDocFree {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};

// A parsed document; owns the libxml2 tree. Move-only.
class XmlDocument {
 public:
  explicit XmlDocument(std::unique_ptr<xmlDoc, XmlDocFree> doc) : doc_(std::move(doc)) {}
  const xmlNode* root() const { return xmlDocGetRootElement(doc_.get()); }

 private:
  std::unique_ptr<xmlDoc, XmlDocFree> doc_;
};

// The document `text` holds. On failure the Status is kInvalidArgument with a message that names
// the line, and `refusal` (when given) says why.
Result<XmlDocument> parse_safe_xml(std::string_view text, const XmlLimits& limits,
                                   XmlRefusal* refusal = nullptr);

// --- Reading a tree by namespace URI and local name (never by prefix).

std::string_view local_name(const xmlNode* node);
// The namespace URI of `node`, "" when it has none.
std::string_view namespace_uri(const xmlNode* node);
bool is_element(const xmlNode* node, std::string_view ns, std::string_view local);
// The element children of `node`, in order (text, comments and PIs skipped).
std::vector<const xmlNode*> element_children(const xmlNode* node);
// The first element child named (ns, local), or nullptr.
const xmlNode* find_child(const xmlNode* node, std::string_view ns, std::string_view local);
// The text and CDATA content directly inside `node` (child elements ignored).
std::string text_content(const xmlNode* node);
// Whether `node` has child elements.
bool has_element_children(const xmlNode* node);
// The attribute (ns, local) of `node` (ns "" for an unqualified attribute), or nullopt.
std::optional<std::string> attribute(const xmlNode* node, std::string_view ns,
                                     std::string_view local);

}  // namespace wmi
