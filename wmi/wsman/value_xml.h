// CIM values as WS-Management elements (spec/wsman-wire.md "Get", "Invoke"): a property or
// parameter is one element per value in the instance's (or method's) namespace, prefix "p".
//   null                one element with xsi:nil="true" (also a null or empty array: WS-Man has
//                       no form for an empty array, so it reads back as null)
//   array               the element repeated, once per element
//   string, numbers,    text (scalar_text.h)
//   booleans, char16
//   datetime            <cim:Datetime> / <cim:Interval> (xs_datetime.h)
//   reference           a:Address + a:ReferenceParameters children (epr_xml.h), never wrapped in
//                       a:EndpointReference
//   embedded instance   CIM-XML text (cim_xml.h)
//
// Reading: the wire does not carry types, so a reader may be given the declared type of each
// name (PropertyTyping). Without one: nil → null string, cim:Datetime/cim:Interval → datetime,
// reference children → reference, text → string; a name repeated → array, once → scalar. With one,
// text is parsed strictly as the declared type, and an array declaration makes one element an
// array. Failure contract: kInvalidArgument naming the element (SchemaValidationError on the
// wire). Pure functions.
#pragma once

#include <libxml/tree.h>

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "wmi/cim/instance.h"
#include "wmi/cim/status.h"

namespace wmi::wsman {

struct DeclaredType {
  CimType type;
  bool is_array = false;
};

// The declared type of a property or parameter, or nullopt when unknown.
using PropertyTyping = std::function<std::optional<DeclaredType>(std::string_view name)>;

// Appends the element(s) for `property` with prefix `p` (declared by an enclosing element).
Status append_property(std::string& out, const Property& property);

// Reads the properties whose elements are `elements` (consecutive same-name elements form one
// array), in first-appearance order. `typing` may be empty.
Result<PropertyList> read_properties(std::span<const xmlNode* const> elements,
                                     const PropertyTyping& typing);

}  // namespace wmi::wsman
