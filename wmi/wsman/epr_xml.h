// WS-Man references in XML (spec/wsman-wire.md "REF parameter"): a reference value is an element
// whose children are a:Address (the anonymous role) and a:ReferenceParameters { w:ResourceURI,
// w:SelectorSet { w:Selector Name="Key">text</w:Selector> ... } }, with no a:EndpointReference
// wrapper; a selector whose value is itself a reference holds an a:EndpointReference. The
// request header's w:SelectorSet has the same selector form.
//
// Failure contract: kInvalidArgument naming what is wrong (missing ResourceURI, a selector without
// Name, text beside a nested reference, nesting deeper than kMaxReferenceDepth). Pure functions.
#pragma once

#include <libxml/tree.h>

#include <string>
#include <vector>

#include "wmi/cim/status.h"
#include "wmi/cim/wsman_reference.h"

namespace wmi::wsman {

// Appends a:Address + a:ReferenceParameters for `reference` (the children of a reference value).
Status append_epr_children(std::string& out, const WsmanReference& reference);
// Appends <w:SelectorSet>…</w:SelectorSet>.
Status append_selector_set(std::string& out, const std::vector<Selector>& selectors);

// The reference whose a:Address / a:ReferenceParameters are children of `element`.
Result<WsmanReference> read_epr_children(const xmlNode* element);
// The selectors of a w:SelectorSet element.
Result<std::vector<Selector>> read_selector_set(const xmlNode* selector_set);

// Whether `element` has the children of a reference value (an a:ReferenceParameters child).
bool looks_like_epr(const xmlNode* element);

}  // namespace wmi::wsman
