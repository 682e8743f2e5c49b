// ObjectPath ⇄ the fields of a WS-Management reference (spec/wsman-wire.md): a ResourceURI and an
// ordered selector set whose values are text or nested references. Plain data, no XML: the SOAP
// codec maps these fields to a:ReferenceParameters { w:ResourceURI, w:SelectorSet }.
//
// ResourceURI = "http://schemas.microsoft.com/wbem/wsman/1/wmi/" + namespace ('/'-separated) + "/"
// + class, for any namespace (root/virtualization/v2, root/HyperVCluster/v2, root/cimv2, ...).
// The enumeration wildcard ".../wmi/<namespace>/*" names a namespace and no class.
//
// Selector text rules (the wire carries only text):
//   string key   → its text, unchanged; reads back as a string
//   uint64/int64 → decimal ("42", "-7");  reads back as the string "42", "-7"
//   bool         → "true" / "false";      reads back as the string "true", "false"
//   ReferenceKey → a nested reference;    reads back as a ReferenceKey
// Text is never guessed into a number or a boolean: the schema that resolves the path types it.
// A reference carries no host (the EPR address does) and no "=@": a reference with no selectors
// names the class's singleton instance.
//
// Round trip: from_wsman_reference(to_wsman_reference(p)) == p' where p' is p with the host
// dropped, every number and boolean key replaced by its text above, and singleton = keys.empty(),
// at every depth; for every p that to_wsman_reference accepts. to_wsman_reference of a converted
// reference gives back the same fields. Pure functions; thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "wmi/cim/object_path.h"
#include "wmi/cim/status.h"

namespace wmi {

inline constexpr std::string_view kWmiResourceUriPrefix =
    "http://schemas.microsoft.com/wbem/wsman/1/wmi/";

// Nested references deeper than this are rejected (the SOAP codec feeds untrusted trees here).
inline constexpr int kMaxReferenceDepth = 32;

struct WsmanReference;

// A selector whose value is itself a reference (w:Selector holding an a:EndpointReference).
struct SelectorReference {
  std::shared_ptr<const WsmanReference> reference;  // never null
  friend bool operator==(const SelectorReference& a, const SelectorReference& b);
};

struct Selector {
  std::string name;
  std::variant<std::string, SelectorReference> value;
  friend bool operator==(const Selector&, const Selector&) = default;
};

struct WsmanReference {
  std::string resource_uri;
  std::vector<Selector> selectors;  // in wire order
  friend bool operator==(const WsmanReference&, const WsmanReference&) = default;
};

// What a WMI ResourceURI names: a namespace and a class, or the namespace wildcard.
struct WmiResource {
  std::string namespace_name;  // '/'-separated
  std::string class_name;      // "" for the wildcard ".../*"
  friend bool operator==(const WmiResource&, const WmiResource&) = default;
};

// The resource of `uri`. kInvalidArgument for a URI outside kWmiResourceUriPrefix, an empty or
// malformed namespace, an empty class, or a class name that is not an identifier (or "*").
Result<WmiResource> parse_wmi_resource_uri(std::string_view uri);

// The ResourceURI of `resource` (".../*" when class_name is empty). kInvalidArgument for a
// malformed namespace or class name. parse_wmi_resource_uri inverts it exactly.
Result<std::string> format_wmi_resource_uri(const WmiResource& resource);

// The reference fields of `path`. kInvalidArgument when a path (at any depth) has no namespace, a
// malformed namespace or class, key names that are not identifiers or repeat (ignoring case), or a
// null ReferenceKey.
Result<WsmanReference> to_wsman_reference(const ObjectPath& path);

// The ObjectPath named by `reference`. kInvalidArgument for a bad or wildcard ResourceURI, a
// selector name that is not an identifier, duplicate selector names (ignoring case), a null
// nested reference, or nesting deeper than kMaxReferenceDepth.
Result<ObjectPath> from_wsman_reference(const WsmanReference& reference);

}  // namespace wmi
