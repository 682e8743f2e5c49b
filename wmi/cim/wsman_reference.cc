#include "wmi/cim/wsman_reference.h"

#include <fmt/format.h>

#include <unordered_set>

#include "wmi/cim/cim_name.h"

namespace wmi {

bool operator==(const SelectorReference& a, const SelectorReference& b) {
  if (a.reference == b.reference) return true;
  if (!a.reference || !b.reference) return false;
  return *a.reference == *b.reference;
}

namespace {

constexpr std::string_view kWildcard = "*";

std::string selector_text(const KeyValue& value) {
  if (const auto* s = std::get_if<std::string>(&value)) return *s;
  if (const auto* u = std::get_if<std::uint64_t>(&value)) return std::to_string(*u);
  if (const auto* n = std::get_if<std::int64_t>(&value)) return std::to_string(*n);
  return std::get<bool>(value) ? "true" : "false";
}

Result<WsmanReference> reference_of(const ObjectPath& path) {
  if (path.namespace_name.empty()) {
    return invalid_argument(fmt::format(
        "WS-Man reference: path to class '{}' has no namespace; a ResourceURI needs one",
        path.class_name));
  }
  auto uri = format_wmi_resource_uri(WmiResource{path.namespace_name, path.class_name});
  if (!uri.ok()) return uri.status();
  WsmanReference reference{std::move(*uri), {}};
  std::unordered_set<std::string> lowered_names;
  for (const KeyBinding& key : path.keys) {
    if (!is_cim_identifier(key.name)) {
      return invalid_argument(
          fmt::format("WS-Man reference: key name \"{}\" is not an identifier", key.name));
    }
    if (!lowered_names.insert(ascii_lowered(key.name)).second) {
      return invalid_argument(fmt::format("WS-Man reference: duplicate key '{}'", key.name));
    }
    const auto* target = std::get_if<ReferenceKey>(&key.value);
    if (target == nullptr) {
      reference.selectors.push_back(Selector{key.name, selector_text(key.value)});
      continue;
    }
    if (!target->path) {
      return invalid_argument(
          fmt::format("WS-Man reference: reference key '{}' is null", key.name));
    }
    auto nested = reference_of(*target->path);
    if (!nested.ok()) return nested.status();
    reference.selectors.push_back(Selector{
        key.name, SelectorReference{std::make_shared<const WsmanReference>(std::move(*nested))}});
  }
  return reference;
}

Result<ObjectPath> path_of(const WsmanReference& reference, int depth) {
  if (depth > kMaxReferenceDepth) {
    return invalid_argument(
        fmt::format("WS-Man reference: references nest deeper than {} levels", kMaxReferenceDepth));
  }
  auto resource = parse_wmi_resource_uri(reference.resource_uri);
  if (!resource.ok()) return resource.status();
  if (resource->class_name.empty()) {
    return invalid_argument(fmt::format(
        "WS-Man reference: ResourceURI \"{}\" is the namespace wildcard; a reference names a class",
        reference.resource_uri));
  }
  ObjectPath path;
  std::unordered_set<std::string> lowered_names;
  path.namespace_name = std::move(resource->namespace_name);
  path.class_name = std::move(resource->class_name);
  for (std::size_t i = 0; i < reference.selectors.size(); ++i) {
    const Selector& selector = reference.selectors[i];
    if (!is_cim_identifier(selector.name)) {
      return invalid_argument(fmt::format(
          "WS-Man reference: selector {} name \"{}\" is not an identifier", i, selector.name));
    }
    if (!lowered_names.insert(ascii_lowered(selector.name)).second) {
      return invalid_argument(
          fmt::format("WS-Man reference: duplicate selector '{}' (selector {})", selector.name, i));
    }
    if (const auto* text = std::get_if<std::string>(&selector.value)) {
      path.keys.push_back(KeyBinding{selector.name, *text});
      continue;
    }
    const auto& nested = std::get<SelectorReference>(selector.value).reference;
    if (!nested) {
      return invalid_argument(
          fmt::format("WS-Man reference: selector '{}' holds a null reference", selector.name));
    }
    auto target = path_of(*nested, depth + 1);
    if (!target.ok()) return target.status();
    path.keys.push_back(KeyBinding{
        selector.name, ReferenceKey{std::make_shared<const ObjectPath>(std::move(*target))}});
  }
  path.singleton = path.keys.empty();
  return path;
}

}  // namespace

Result<WmiResource> parse_wmi_resource_uri(std::string_view uri) {
  if (!uri.starts_with(kWmiResourceUriPrefix)) {
    return invalid_argument(
        fmt::format("ResourceURI \"{}\" does not start with \"{}\"", uri, kWmiResourceUriPrefix));
  }
  const std::string_view rest = uri.substr(kWmiResourceUriPrefix.size());
  const std::size_t slash = rest.rfind('/');
  if (slash == std::string_view::npos) {
    return invalid_argument(
        fmt::format("ResourceURI \"{}\" has no namespace before the class", uri));
  }
  const std::string_view ns = rest.substr(0, slash);
  const std::string_view class_name = rest.substr(slash + 1);
  if (!is_namespace_name(ns)) {
    return invalid_argument(fmt::format(
        "ResourceURI \"{}\": namespace \"{}\" is not '/'-separated segments of [A-Za-z0-9_]", uri,
        ns));
  }
  if (class_name.empty())
    return invalid_argument(fmt::format("ResourceURI \"{}\" has no class", uri));
  if (class_name == kWildcard) return WmiResource{std::string(ns), ""};
  if (!is_cim_identifier(class_name)) {
    return invalid_argument(fmt::format(
        "ResourceURI \"{}\": class \"{}\" is not an identifier or '*'", uri, class_name));
  }
  return WmiResource{std::string(ns), std::string(class_name)};
}

Result<std::string> format_wmi_resource_uri(const WmiResource& resource) {
  if (!is_namespace_name(resource.namespace_name)) {
    return invalid_argument(fmt::format(
        "namespace \"{}\" is not '/'-separated segments of [A-Za-z0-9_]", resource.namespace_name));
  }
  if (!resource.class_name.empty() && !is_cim_identifier(resource.class_name)) {
    return invalid_argument(
        fmt::format("class name \"{}\" is not an identifier", resource.class_name));
  }
  return fmt::format("{}{}/{}", kWmiResourceUriPrefix, resource.namespace_name,
                     resource.class_name.empty() ? kWildcard : resource.class_name);
}

Result<WsmanReference> to_wsman_reference(const ObjectPath& path) { return reference_of(path); }

Result<ObjectPath> from_wsman_reference(const WsmanReference& reference) {
  return path_of(reference, 0);
}

}  // namespace wmi
