#include "wmi/cim/safe_xml.h"

#include <libxml/parser.h>

#include "wmi/cim/scalar_text.h"

namespace wmi {
namespace {

struct ParseState {
  bool doctype_seen = false;
};

void reject_doctype(void* user_data, const xmlChar*, const xmlChar*, const xmlChar*) {
  auto* context = static_cast<xmlParserCtxtPtr>(user_data);
  static_cast<ParseState*>(context->_private)->doctype_seen = true;
  xmlStopParser(context);
}

struct ContextFree {
  void operator()(xmlParserCtxt* context) const { xmlFreeParserCtxt(context); }
};

// The depth of the deepest element under (and including) `node`, stopping past `limit`.
int depth_of(const xmlNode* node, int limit) {
  int deepest = 1;
  for (const xmlNode* child = node->children; child; child = child->next) {
    if (child->type != XML_ELEMENT_NODE) continue;
    deepest = std::max(deepest, 1 + depth_of(child, limit - 1));
    if (deepest > limit) break;
  }
  return deepest;
}

Status refuse(XmlRefusal why, XmlRefusal* refusal, std::string message) {
  if (refusal) *refusal = why;
  return invalid_argument(std::move(message));
}

}  // namespace

Result<XmlDocument> parse_safe_xml(std::string_view text, const XmlLimits& limits,
                                   XmlRefusal* refusal) {
  static const bool initialised = [] {
    xmlInitParser();
    return true;
  }();
  (void)initialised;
  if (refusal) *refusal = XmlRefusal::kNone;
  if (text.size() > limits.max_bytes) {
    return refuse(XmlRefusal::kTooLarge, refusal,
                  std::to_string(text.size()) + " bytes exceeds the limit of " +
                      std::to_string(limits.max_bytes));
  }
  std::unique_ptr<xmlParserCtxt, ContextFree> context(xmlNewParserCtxt());
  if (!context) return invalid_argument("out of memory creating the XML parser");
  ParseState state;
  context->_private = &state;
  context->sax->internalSubset = &reject_doctype;
  constexpr int kOptions = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                           XML_PARSE_IGNORE_ENC | XML_PARSE_COMPACT;
  std::unique_ptr<xmlDoc, XmlDocFree> doc(xmlCtxtReadMemory(
      context.get(), text.data(), static_cast<int>(text.size()), nullptr, "UTF-8", kOptions));
  if (state.doctype_seen) {
    return refuse(XmlRefusal::kDoctype, refusal,
                  "DOCTYPE is not allowed (no DTDs, no entity declarations)");
  }
  if (!doc || !context->wellFormed) {
    const xmlError* e = xmlCtxtGetLastError(context.get());
    const bool too_deep = e && e->code == XML_ERR_INTERNAL_ERROR && e->message &&
                          std::string_view(e->message).find("depth") != std::string_view::npos;
    std::string message(e && e->message ? trim_xml_space(e->message) : "not well-formed");
    if (e) message = "line " + std::to_string(e->line) + ": " + message;
    return refuse(too_deep ? XmlRefusal::kTooDeep : XmlRefusal::kMalformed, refusal,
                  "not well-formed XML: " + message);
  }
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (!root) return refuse(XmlRefusal::kMalformed, refusal, "no root element");
  if (depth_of(root, limits.max_depth) > limits.max_depth) {
    return refuse(XmlRefusal::kTooDeep, refusal,
                  "elements nested deeper than " + std::to_string(limits.max_depth));
  }
  return XmlDocument(std::move(doc));
}

std::string_view local_name(const xmlNode* node) {
  return reinterpret_cast<const char*>(node->name);
}

std::string_view namespace_uri(const xmlNode* node) {
  return node->ns && node->ns->href ? reinterpret_cast<const char*>(node->ns->href) : "";
}

bool is_element(const xmlNode* node, std::string_view ns, std::string_view local) {
  return node->type == XML_ELEMENT_NODE && local_name(node) == local && namespace_uri(node) == ns;
}

std::vector<const xmlNode*> element_children(const xmlNode* node) {
  std::vector<const xmlNode*> out;
  for (const xmlNode* c = node->children; c; c = c->next) {
    if (c->type == XML_ELEMENT_NODE) out.push_back(c);
  }
  return out;
}

const xmlNode* find_child(const xmlNode* node, std::string_view ns, std::string_view local) {
  for (const xmlNode* c = node->children; c; c = c->next) {
    if (is_element(c, ns, local)) return c;
  }
  return nullptr;
}

std::string text_content(const xmlNode* node) {
  std::string out;
  for (const xmlNode* c = node->children; c; c = c->next) {
    if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content) {
      out += reinterpret_cast<const char*>(c->content);
    }
  }
  return out;
}

bool has_element_children(const xmlNode* node) {
  for (const xmlNode* c = node->children; c; c = c->next) {
    if (c->type == XML_ELEMENT_NODE) return true;
  }
  return false;
}

std::optional<std::string> attribute(const xmlNode* node, std::string_view ns,
                                     std::string_view local) {
  for (const xmlAttr* a = node->properties; a; a = a->next) {
    const std::string_view name = reinterpret_cast<const char*>(a->name);
    const std::string_view attr_ns =
        a->ns && a->ns->href ? reinterpret_cast<const char*>(a->ns->href) : "";
    if (name != local || attr_ns != ns) continue;
    std::string value;
    for (const xmlNode* t = a->children; t; t = t->next) {
      if (t->content) value += reinterpret_cast<const char*>(t->content);
    }
    return value;
  }
  return std::nullopt;
}

}  // namespace wmi
