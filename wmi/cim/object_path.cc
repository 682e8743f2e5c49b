#include "wmi/cim/object_path.h"

#include <algorithm>

#include "wmi/cim/cim_name.h"

namespace wmi {

bool operator==(const ReferenceKey& a, const ReferenceKey& b) {
  if (a.path == b.path) return true;
  if (!a.path || !b.path) return false;
  return *a.path == *b.path;
}

const KeyValue* ObjectPath::key(std::string_view name) const {
  for (const auto& k : keys) {
    if (iequals(k.name, name)) return &k.value;
  }
  return nullptr;
}

namespace {

bool same_key_value(const KeyValue& a, const KeyValue& b) {
  const auto* ra = std::get_if<ReferenceKey>(&a);
  const auto* rb = std::get_if<ReferenceKey>(&b);
  if (ra && rb) return same_instance(*ra->path, *rb->path);
  return a == b;
}

}  // namespace

bool same_instance(const ObjectPath& a, const ObjectPath& b) {
  if (!iequals(a.namespace_name, b.namespace_name) || !iequals(a.class_name, b.class_name) ||
      a.singleton != b.singleton || a.keys.size() != b.keys.size()) {
    return false;
  }
  return std::all_of(a.keys.begin(), a.keys.end(), [&](const KeyBinding& k) {
    const KeyValue* other = b.key(k.name);
    return other != nullptr && same_key_value(k.value, *other);
  });
}

std::string normalize_namespace(std::string_view ns) {
  std::string out(ns);
  std::replace(out.begin(), out.end(), '\\', '/');
  return out;
}

}  // namespace wmi
