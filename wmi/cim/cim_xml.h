// Embedded instances as DSP0201 CIM-XML text — the form Hyper-V takes and returns in string
// parameters with the EmbeddedInstance qualifier (ReferencePointSettings, GetErrorEx's Errors[]).
//
// Encoding (emit; parse accepts it and the other forms listed):
//   <INSTANCE CLASSNAME="C">                                   class name; namespace and __PATH
//                                                              are not carried (embedded instances
//                                                              have none)
//   <PROPERTY NAME="P" TYPE="uint16"><VALUE>5</VALUE></PROPERTY>          scalar
//   <PROPERTY NAME="P" TYPE="uint16"/>                                    null (no VALUE)
//   <PROPERTY.ARRAY NAME="A" TYPE="string"><VALUE.ARRAY><VALUE>x</VALUE>…  array ("<VALUE.ARRAY/>"
//                                                                          is empty, no VALUE.ARRAY
//                                                                          is null)
//   <PROPERTY NAME="E" TYPE="string" EmbeddedObject="instance"><VALUE>&lt;INSTANCE …</VALUE>
//                                                              embedded instance, escaped text
//   <PROPERTY.REFERENCE NAME="R"><VALUE.REFERENCE>…</VALUE.REFERENCE></PROPERTY.REFERENCE>
//     The reference is written in DSP0201's structured forms, chosen by what the path holds:
//     INSTANCEPATH (host) / LOCALINSTANCEPATH (namespace) / INSTANCENAME, or CLASSPATH /
//     LOCALCLASSPATH / CLASSNAME for a path without keys that is not a singleton. Keys are
//     KEYBINDING + KEYVALUE VALUETYPE="string|boolean|numeric" with TYPE="uint64|sint64" on
//     numbers (so 0 keeps its signedness), or a nested VALUE.REFERENCE; a singleton is an
//     INSTANCENAME without keys; a sole unnamed key (WMI `Class="v"`) is a bare KEYVALUE.
//     Namespaces are one NAMESPACE per '/'-separated component.
//   Reference arrays (DSP0201 has no such property) use PROPERTY.ARRAY TYPE="reference" with
//   VALUE.REFARRAY of VALUE.REFERENCE — an hvsim extension.
// Parse also accepts: a WMI object-path string as reference text (PROPERTY TYPE="reference" with
// VALUE, or PROPERTY.ARRAY TYPE="reference" with VALUE.ARRAY), EmbeddedObject="object",
// QUALIFIER elements (ignored), unknown attributes (ignored), surrounding whitespace around
// non-string values, an XML declaration, and the whole text wrapped in one or more CDATA sections.
//
// Value text: integers in decimal; booleans "true"/"false" (parse: any case); reals as the
// shortest text that reads back to the same bits, NaN/INF/-INF for the specials (every NaN is
// written "NaN" and reads back as the canonical quiet NaN); char16 as its one character; datetimes
// as DMTF strings (dmtf_datetime.h); strings verbatim with &amp; &lt; &gt; escaped and CR written
// &#13; (attributes also escape " TAB LF CR) so that XML end-of-line and attribute normalisation
// leave the text intact.
//
// Failure contract (never truncation, never a silent change):
//  - to_cim_xml: kInvalidArgument when the instance holds text XML 1.0 cannot carry (invalid
//    UTF-8, a character outside the XML Char production such as most C0 controls or U+FFFE, a
//    char16 that is a surrogate or not an XML Char), an empty class or property name, duplicate
//    property names (case-insensitive), or an ObjectPath that is a singleton with keys, has an
//    unnamed key beside others, an empty class name or a namespace with an empty component.
//  - parse_cim_xml: kInvalidArgument naming the element/property for: not well-formed XML, any
//    DOCTYPE (rejected before its internal subset is read: no entities, no XXE, no billion laughs),
//    a document over kMaxCimXmlBytes, elements nested deeper than libxml2's limit (256), embedded
//    instances or references nested deeper than kMaxCimXmlNesting, a root other than INSTANCE,
//    missing/empty CLASSNAME or NAME, a NAMESPACE NAME containing '/', unknown TYPE, duplicate
//    property, a value not valid for its type (uint16 "70000", "abc", real32 "1e39"), VALUE.NULL
//    inside an array (CimValue arrays have no null elements).
// The network is never used. Thread-safe: no shared mutable state (libxml2 is initialised once).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "wmi/cim/instance.h"
#include "wmi/cim/status.h"

namespace wmi {

inline constexpr std::size_t kMaxCimXmlBytes = 16 * 1024 * 1024;
inline constexpr int kMaxCimXmlNesting = 32;

// The INSTANCE element for `instance`, without XML declaration.
Result<std::string> to_cim_xml(const Instance& instance);

// nullopt for "" or whitespace only (whether that means "use defaults" is the caller's decision);
// otherwise the instance, or an error as above.
Result<std::optional<Instance>> parse_cim_xml(std::string_view text);

}  // namespace wmi
