#include "wmi/wsman/epr_xml.h"

#include "wmi/cim/safe_xml.h"
#include "wmi/cim/scalar_text.h"
#include "wmi/wsman/wsman_names.h"

namespace wmi::wsman {
namespace {

Status append_text(std::string& out, std::string_view text, std::string_view what) {
  if (auto s = append_xml_escaped(out, text, XmlEscaping::kText); !s.ok()) {
    return invalid_argument(std::string(what) + ": " + s.message());
  }
  return Status();
}

Status append_reference(std::string& out, const WsmanReference& reference, int depth);

Status append_selectors(std::string& out, const std::vector<Selector>& selectors, int depth) {
  out += "<w:SelectorSet>";
  for (const Selector& selector : selectors) {
    out += "<w:Selector Name=\"";
    if (auto s = append_xml_escaped(out, selector.name, XmlEscaping::kAttribute); !s.ok()) {
      return invalid_argument("selector name: " + s.message());
    }
    out += "\">";
    if (const auto* text = std::get_if<std::string>(&selector.value)) {
      if (auto s = append_text(out, *text, "selector " + selector.name); !s.ok()) return s;
    } else {
      const auto& nested = std::get<SelectorReference>(selector.value);
      if (!nested.reference) return invalid_argument("selector " + selector.name + " is null");
      out += "<a:EndpointReference>";
      if (auto s = append_reference(out, *nested.reference, depth + 1); !s.ok()) return s;
      out += "</a:EndpointReference>";
    }
    out += "</w:Selector>";
  }
  out += "</w:SelectorSet>";
  return Status();
}

Status append_reference(std::string& out, const WsmanReference& reference, int depth) {
  if (depth > kMaxReferenceDepth) return invalid_argument("references nested too deep");
  out += "<a:Address>";
  out += kAnonymous;
  out += "</a:Address><a:ReferenceParameters><w:ResourceURI>";
  if (auto s = append_text(out, reference.resource_uri, "ResourceURI"); !s.ok()) return s;
  out += "</w:ResourceURI>";
  if (auto s = append_selectors(out, reference.selectors, depth); !s.ok()) return s;
  out += "</a:ReferenceParameters>";
  return Status();
}

Result<WsmanReference> read_reference(const xmlNode* element, int depth);

Result<std::vector<Selector>> read_selectors(const xmlNode* set, int depth) {
  std::vector<Selector> selectors;
  for (const xmlNode* child : element_children(set)) {
    if (!is_element(child, kWsmanNs, "Selector")) {
      return invalid_argument("unexpected element " + std::string(local_name(child)) +
                              " in w:SelectorSet");
    }
    auto name = attribute(child, "", "Name");
    if (!name || name->empty()) return invalid_argument("w:Selector without a Name");
    const xmlNode* nested = find_child(child, kAddressingNs, "EndpointReference");
    if (nested == nullptr) {
      if (has_element_children(child)) {
        return invalid_argument("w:Selector " + *name + " holds an unexpected element");
      }
      selectors.push_back(Selector{std::move(*name), text_content(child)});
      continue;
    }
    if (!trim_xml_space(text_content(child)).empty()) {
      return invalid_argument("w:Selector " + *name + " holds text beside a reference");
    }
    auto reference = read_reference(nested, depth + 1);
    if (!reference.ok()) return reference.status();
    selectors.push_back(
        Selector{std::move(*name),
                 SelectorReference{std::make_shared<const WsmanReference>(std::move(*reference))}});
  }
  return selectors;
}

Result<WsmanReference> read_reference(const xmlNode* element, int depth) {
  if (depth > kMaxReferenceDepth) return invalid_argument("references nested too deep");
  const xmlNode* parameters = find_child(element, kAddressingNs, "ReferenceParameters");
  if (parameters == nullptr) return invalid_argument("reference without a:ReferenceParameters");
  const xmlNode* uri = find_child(parameters, kWsmanNs, "ResourceURI");
  if (uri == nullptr) return invalid_argument("reference without w:ResourceURI");
  WsmanReference reference{std::string(trim_xml_space(text_content(uri))), {}};
  if (const xmlNode* set = find_child(parameters, kWsmanNs, "SelectorSet")) {
    auto selectors = read_selectors(set, depth);
    if (!selectors.ok()) return selectors.status();
    reference.selectors = std::move(*selectors);
  }
  return reference;
}

}  // namespace

Status append_epr_children(std::string& out, const WsmanReference& reference) {
  return append_reference(out, reference, 0);
}

Status append_selector_set(std::string& out, const std::vector<Selector>& selectors) {
  return append_selectors(out, selectors, 0);
}

Result<WsmanReference> read_epr_children(const xmlNode* element) {
  return read_reference(element, 0);
}

Result<std::vector<Selector>> read_selector_set(const xmlNode* selector_set) {
  return read_selectors(selector_set, 0);
}

bool looks_like_epr(const xmlNode* element) {
  return find_child(element, kAddressingNs, "ReferenceParameters") != nullptr;
}

}  // namespace wmi::wsman
