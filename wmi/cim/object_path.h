// ObjectPath: the address of one CIM instance or class — optional host, namespace, class and the
// key bindings that identify the instance (DSP0004 object names; WMI object paths). Value type.
// Codecs live elsewhere: WMI path strings in wmi_path.h, WS-Man references in wsman_reference.h.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace wmi {

struct ObjectPath;

// A key that is itself a reference to another instance (keys of association classes).
struct ReferenceKey {
  std::shared_ptr<const ObjectPath> path;  // never null
  friend bool operator==(const ReferenceKey& a, const ReferenceKey& b);
};

// Key values as object paths carry them: WMI path syntax does not declare the CIM type, so numbers
// are kept as signed or unsigned 64-bit and typed by the schema that resolves the path. Canonical
// form (what parse_wmi_path yields): uint64 for a number >= 0, int64 only for a negative one.
using KeyValue = std::variant<std::string, std::uint64_t, std::int64_t, bool, ReferenceKey>;

struct KeyBinding {
  std::string name;
  KeyValue value;
  friend bool operator==(const KeyBinding&, const KeyBinding&) = default;
};

struct ObjectPath {
  std::optional<std::string> host;  // "HOST" of \\HOST\…; nullopt for a local or relative path
  std::string namespace_name;    // "root/virtualization/v2" (always '/'-separated); "" if relative
  std::string class_name;        // "Msvm_ComputerSystem"
  std::vector<KeyBinding> keys;  // in the order given; empty for a class path or a singleton
  bool singleton = false;        // "Class=@"

  // The key named `name` (case-insensitive), or nullptr.
  const KeyValue* key(std::string_view name) const;

  // Exact equality (names compared as spelled). Use same_instance() for CIM identity.
  friend bool operator==(const ObjectPath&, const ObjectPath&) = default;
};

// CIM identity: namespace, class and key names compare case-insensitively, keys in any order, host
// ignored. String key values compare exactly.
bool same_instance(const ObjectPath& a, const ObjectPath& b);

// "root\virtualization\v2" and "root/virtualization/v2" → "root/virtualization/v2".
std::string normalize_namespace(std::string_view ns);

}  // namespace wmi
