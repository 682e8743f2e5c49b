// The parsing half of cim_xml.h: DSP0201 CIM-XML text -> Instance, through libxml2 with network
// access, DTDs and entity expansion off.
#include <libxml/tree.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <memory>
#include <type_traits>

#include "wmi/cim/cim_name.h"
#include "wmi/cim/cim_xml.h"
#include "wmi/cim/cim_xml_error.h"
#include "wmi/cim/safe_xml.h"
#include "wmi/cim/scalar_text.h"

namespace wmi {
namespace {

using cim_xml_detail::error;
using cim_xml_detail::quoted;

// ---------------------------------------------------------------------------------------------
// Parse

std::string_view name_of(const xmlNode* node) { return reinterpret_cast<const char*>(node->name); }

bool is_element(const xmlNode* node, std::string_view name) {
  return node->type == XML_ELEMENT_NODE && node->ns == nullptr && name_of(node) == name;
}

// The value of the un-namespaced attribute `name` (compared exactly, or ignoring ASCII case).
std::optional<std::string> attribute(const xmlNode* node, std::string_view name,
                                     bool ignore_case = false) {
  for (const xmlAttr* a = node->properties; a; a = a->next) {
    const std::string_view attr_name = reinterpret_cast<const char*>(a->name);
    if (a->ns != nullptr || !(ignore_case ? iequals(attr_name, name) : attr_name == name)) {
      continue;
    }
    std::string value;
    for (const xmlNode* t = a->children; t; t = t->next) {
      if (t->content) value += reinterpret_cast<const char*>(t->content);
    }
    return value;
  }
  return std::nullopt;
}

// The element children of `node`, skipping comments, processing instructions and whitespace.
Result<std::vector<const xmlNode*>> element_children(const xmlNode* node,
                                                     std::string_view context) {
  std::vector<const xmlNode*> out;
  for (const xmlNode* c = node->children; c; c = c->next) {
    if (c->type == XML_ELEMENT_NODE) {
      out.push_back(c);
    } else if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      const std::string_view content = c->content ? reinterpret_cast<const char*>(c->content) : "";
      if (!trim_xml_space(content).empty()) {
        return error(context,
                     "unexpected text " + quoted(content) + " in " + std::string(name_of(node)));
      }
    }
  }
  return out;
}

// The character content of a leaf element (text and CDATA; comments skipped).
Result<std::string> leaf_text(const xmlNode* node, std::string_view context) {
  std::string out;
  for (const xmlNode* c = node->children; c; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      if (c->content) out += reinterpret_cast<const char*>(c->content);
    } else if (c->type == XML_ELEMENT_NODE) {
      return error(context, "unexpected element " + std::string(name_of(c)) + " in " +
                                std::string(name_of(node)));
    }
  }
  return out;
}

Status expect_element(const xmlNode* node, std::string_view name, std::string_view context) {
  if (is_element(node, name)) return Status();
  return error(context, "expected " + std::string(name) + ", found " + std::string(name_of(node)));
}

Result<std::string> required_name(const xmlNode* node, const char* attr, std::string_view context) {
  auto value = attribute(node, attr);
  if (!value) {
    return error(context, std::string(name_of(node)) + " without " + attr + " attribute");
  }
  if (value->empty()) return error(context, std::string(name_of(node)) + " has an empty " + attr);
  return std::move(*value);
}

class Reader {
 public:
  explicit Reader(int depth) : depth_(depth) {}

  Result<Instance> instance(const xmlNode* root) {
    if (auto s = expect_element(root, "INSTANCE", "document"); !s.ok()) return s;
    auto class_name = required_name(root, "CLASSNAME", "INSTANCE");
    if (!class_name.ok()) return class_name.status();
    auto children = element_children(root, "INSTANCE");
    if (!children.ok()) return children.status();
    PropertyList properties;
    for (const xmlNode* child : *children) {
      if (is_element(child, "QUALIFIER")) continue;
      auto property = this->property(child);
      if (!property.ok()) return property.status();
      if (find_property(properties, property->name)) {
        return error("property " + quoted(property->name), "duplicate property");
      }
      properties.push_back(std::move(property).value());
    }
    return Instance(std::move(class_name).value(), "", std::move(properties));
  }

 private:
  Result<Property> property(const xmlNode* node) {
    const bool scalar = is_element(node, "PROPERTY");
    const bool array = is_element(node, "PROPERTY.ARRAY");
    const bool reference = is_element(node, "PROPERTY.REFERENCE");
    if (!scalar && !array && !reference) {
      return error("INSTANCE", "unexpected element " + std::string(name_of(node)));
    }
    auto name = required_name(node, "NAME", name_of(node));
    if (!name.ok()) return name.status();
    const std::string context = "property " + quoted(*name);
    auto children = element_children(node, context);
    if (!children.ok()) return children.status();
    const xmlNode* content = nullptr;
    for (const xmlNode* child : *children) {
      if (is_element(child, "QUALIFIER")) continue;
      if (content) return error(context, "more than one value");
      content = child;
    }
    auto value = reference ? reference_property(content, context)
                           : typed_property(node, content, array, context);
    if (!value.ok()) return value.status();
    return Property{std::move(name).value(), std::move(value).value()};
  }

  Result<CimValue> reference_property(const xmlNode* content, const std::string& context) {
    if (!content) return CimValue::null(CimType::kReference);
    if (auto s = expect_element(content, "VALUE.REFERENCE", context); !s.ok()) return s;
    auto path = value_reference(content, depth_ + 1, context);
    if (!path.ok()) return path.status();
    return CimValue(std::move(path).value());
  }

  Result<CimType> declared_type(const xmlNode* node, const std::string& context) {
    auto type_name = attribute(node, "TYPE");
    if (!type_name) return error(context, std::string(name_of(node)) + " without TYPE attribute");
    const auto type = parse_cim_type_name(*type_name);
    if (!type || *type == CimType::kInstance)
      return error(context, "unknown TYPE " + quoted(*type_name));
    const auto embedded = attribute(node, "EmbeddedObject", /*ignore_case=*/true);
    if (!embedded) return *type;
    if (!iequals(*embedded, "instance") && !iequals(*embedded, "object")) {
      return error(context, "unknown EmbeddedObject " + quoted(*embedded));
    }
    if (*type != CimType::kString) {
      return error(context, "EmbeddedObject on TYPE " + quoted(*type_name) + ", not string");
    }
    return CimType::kInstance;
  }

  Result<CimValue> typed_property(const xmlNode* node, const xmlNode* content, bool array,
                                  const std::string& context) {
    auto type = declared_type(node, context);
    if (!type.ok()) return type.status();
    if (!content) return CimValue::null(*type, array);
    if (!array) {
      if (auto s = expect_element(content, "VALUE", context); !s.ok()) return s;
      auto element = value(*type, content, context);
      if (!element.ok()) return element.status();
      return CimValue(std::move(element).value());
    }
    const bool refarray = is_element(content, "VALUE.REFARRAY");
    if (refarray && *type != CimType::kReference) {
      return error(context,
                   "VALUE.REFARRAY in a property of TYPE " + std::string(cim_type_name(*type)));
    }
    if (!refarray) {
      if (auto s = expect_element(content, "VALUE.ARRAY", context); !s.ok()) return s;
    }
    auto items = element_children(content, context);
    if (!items.ok()) return items.status();
    std::vector<CimElement> elements;
    for (const xmlNode* item : *items) {
      if (is_element(item, "VALUE.NULL")) {
        return error(context, "VALUE.NULL inside an array is not supported");
      }
      Result<CimElement> element =
          refarray ? reference_element(item, context) : array_item(*type, item, context);
      if (!element.ok()) return element.status();
      elements.push_back(std::move(element).value());
    }
    return CimValue::array(*type, std::move(elements));
  }

  Result<CimElement> reference_element(const xmlNode* item, const std::string& context) {
    if (auto s = expect_element(item, "VALUE.REFERENCE", context); !s.ok()) return s;
    auto path = value_reference(item, depth_ + 1, context);
    if (!path.ok()) return path.status();
    return CimElement(std::move(path).value());
  }

  Result<CimElement> array_item(CimType type, const xmlNode* item, const std::string& context) {
    if (auto s = expect_element(item, "VALUE", context); !s.ok()) return s;
    return value(type, item, context);
  }

  // The element a VALUE holds for `type`.
  Result<CimElement> value(CimType type, const xmlNode* node, const std::string& context) {
    auto text = leaf_text(node, context);
    if (!text.ok()) return text.status();
    if (type == CimType::kInstance) return embedded_instance(*text, context);
    auto element = parse_scalar_text(type, *text);
    if (!element.ok()) return error(context, element.status().message());
    return element;
  }

  Result<CimElement> embedded_instance(std::string_view text, const std::string& context);

  Result<ObjectPath> value_reference(const xmlNode* node, int depth, const std::string& context) {
    if (depth > kMaxCimXmlNesting) {
      return error(context, "references nested deeper than " + std::to_string(kMaxCimXmlNesting));
    }
    auto children = element_children(node, context);
    if (!children.ok()) return children.status();
    if (children->size() != 1) return error(context, "VALUE.REFERENCE needs exactly one path");
    const xmlNode* form = children->front();
    ObjectPath path;
    std::vector<const xmlNode*> parts;
    if (is_element(form, "INSTANCEPATH") || is_element(form, "CLASSPATH") ||
        is_element(form, "LOCALINSTANCEPATH") || is_element(form, "LOCALCLASSPATH")) {
      auto inner = element_children(form, context);
      if (!inner.ok()) return inner.status();
      if (inner->size() != 2) {
        return error(context, std::string(name_of(form)) + " needs a namespace and a name");
      }
      const bool local = name_of(form).starts_with("LOCAL");
      if (auto s = local ? local_namespace((*inner)[0], path, context)
                         : namespace_path((*inner)[0], path, context);
          !s.ok()) {
        return s;
      }
      form = (*inner)[1];
    }
    if (is_element(form, "CLASSNAME")) {
      auto name = required_name(form, "NAME", context);
      if (!name.ok()) return name.status();
      path.class_name = std::move(name).value();
      return path;
    }
    if (auto s = expect_element(form, "INSTANCENAME", context); !s.ok()) return s;
    if (auto s = instance_name(form, depth, path, context); !s.ok()) return s;
    return path;
  }

  Status namespace_path(const xmlNode* node, ObjectPath& path, const std::string& context) {
    if (auto s = expect_element(node, "NAMESPACEPATH", context); !s.ok()) return s;
    auto children = element_children(node, context);
    if (!children.ok()) return children.status();
    if (children->size() != 2) return error(context, "NAMESPACEPATH needs HOST and a namespace");
    if (auto s = expect_element((*children)[0], "HOST", context); !s.ok()) return s;
    auto host = leaf_text((*children)[0], context);
    if (!host.ok()) return host.status();
    path.host = std::move(host).value();
    return local_namespace((*children)[1], path, context);
  }

  Status local_namespace(const xmlNode* node, ObjectPath& path, const std::string& context) {
    if (auto s = expect_element(node, "LOCALNAMESPACEPATH", context); !s.ok()) return s;
    auto children = element_children(node, context);
    if (!children.ok()) return children.status();
    for (const xmlNode* component : *children) {
      if (auto s = expect_element(component, "NAMESPACE", context); !s.ok()) return s;
      auto name = required_name(component, "NAME", context);
      if (!name.ok()) return name.status();
      if (name->find('/') != std::string::npos) {
        return error(context, "NAMESPACE NAME " + quoted(*name) + " contains '/'");
      }
      if (component != children->front()) path.namespace_name += '/';
      path.namespace_name += *name;
    }
    return Status();
  }

  Status instance_name(const xmlNode* node, int depth, ObjectPath& path,
                       const std::string& context) {
    auto class_name = required_name(node, "CLASSNAME", context);
    if (!class_name.ok()) return class_name.status();
    path.class_name = std::move(class_name).value();
    auto children = element_children(node, context);
    if (!children.ok()) return children.status();
    if (children->empty()) {
      path.singleton = true;
      return Status();
    }
    if (children->size() == 1 && !is_element(children->front(), "KEYBINDING")) {
      auto value = key_value(children->front(), depth, context);
      if (!value.ok()) return value.status();
      path.keys.push_back(KeyBinding{"", std::move(value).value()});
      return Status();
    }
    for (const xmlNode* binding : *children) {
      if (auto s = expect_element(binding, "KEYBINDING", context); !s.ok()) return s;
      auto name = required_name(binding, "NAME", context);
      if (!name.ok()) return name.status();
      for (const KeyBinding& key : path.keys) {
        if (iequals(key.name, *name)) return error(context, "duplicate key " + quoted(*name));
      }
      auto inner = element_children(binding, context);
      if (!inner.ok()) return inner.status();
      if (inner->size() != 1) return error(context, "KEYBINDING needs exactly one value");
      auto value = key_value(inner->front(), depth, context);
      if (!value.ok()) return value.status();
      path.keys.push_back(KeyBinding{std::move(name).value(), std::move(value).value()});
    }
    return Status();
  }

  Result<KeyValue> key_value(const xmlNode* node, int depth, const std::string& context) {
    if (is_element(node, "VALUE.REFERENCE")) {
      auto inner = value_reference(node, depth + 1, context);
      if (!inner.ok()) return inner.status();
      return KeyValue(ReferenceKey{std::make_shared<const ObjectPath>(std::move(inner).value())});
    }
    if (auto s = expect_element(node, "KEYVALUE", context); !s.ok()) return s;
    auto text = leaf_text(node, context);
    if (!text.ok()) return text.status();
    const std::string value_type = attribute(node, "VALUETYPE").value_or("string");
    if (value_type == "string") return KeyValue(std::move(text).value());
    const std::string_view t = trim_xml_space(*text);
    if (value_type == "boolean") {
      if (iequals(t, "true")) return KeyValue(true);
      if (iequals(t, "false")) return KeyValue(false);
      return error(context, "key " + quoted(*text) + " is not a boolean");
    }
    if (value_type != "numeric") return error(context, "unknown VALUETYPE " + quoted(value_type));
    const std::string type = attribute(node, "TYPE").value_or("");
    const bool is_signed = type.empty() ? t.starts_with('-') : type.starts_with("sint");
    if (!type.empty() && !type.starts_with("sint") && !type.starts_with("uint")) {
      return error(context, "numeric key of TYPE " + quoted(type));
    }
    if (is_signed) {
      auto number = parse_sint64_text(t);
      if (!number.ok()) return error(context, number.status().message());
      return KeyValue(*number);
    }
    auto number = parse_uint64_text(t);
    if (!number.ok()) return error(context, number.status().message());
    return KeyValue(*number);
  }

  int depth_;
};

// Removes a CDATA wrapper (one or more consecutive sections, as a writer splits "]]>"), if any.
Result<std::string> unwrapped_cdata(std::string_view text) {
  constexpr std::string_view kOpen = "<![CDATA[";
  constexpr std::string_view kClose = "]]>";
  std::string out;
  while (!text.empty()) {
    if (!text.starts_with(kOpen)) return error("document", "text after a CDATA section");
    const std::size_t close = text.find(kClose, kOpen.size());
    if (close == std::string_view::npos) return error("document", "unterminated CDATA section");
    out.append(text.substr(kOpen.size(), close - kOpen.size()));
    text = trim_xml_space(text.substr(close + kClose.size()));
  }
  return out;
}

Result<std::optional<Instance>> parse_at_depth(std::string_view text, int depth) {
  if (depth > kMaxCimXmlNesting) {
    return error("INSTANCE",
                 "embedded instances nested deeper than " + std::to_string(kMaxCimXmlNesting));
  }
  text = trim_xml_space(text);
  std::string unwrapped;
  if (text.starts_with("<![CDATA[")) {
    auto inner = unwrapped_cdata(text);
    if (!inner.ok()) return inner.status();
    unwrapped = std::move(inner).value();
    text = trim_xml_space(unwrapped);
  }
  if (text.empty()) return std::optional<Instance>();
  XmlRefusal refusal;
  auto doc =
      parse_safe_xml(text, XmlLimits{.max_bytes = kMaxCimXmlBytes, .max_depth = 256}, &refusal);
  if (!doc.ok()) {
    if (refusal == XmlRefusal::kMalformed || refusal == XmlRefusal::kTooDeep) {
      return error("not well-formed XML", doc.status().message());
    }
    return error("document", doc.status().message());
  }
  const xmlNode* root = doc->root();
  auto instance = Reader(depth).instance(root);
  if (!instance.ok()) return instance.status();
  return std::optional<Instance>(std::move(instance).value());
}

Result<CimElement> Reader::embedded_instance(std::string_view text, const std::string& context) {
  auto inner = parse_at_depth(text, depth_ + 1);
  if (!inner.ok()) return error(context, "embedded instance: " + inner.status().message());
  if (!inner->has_value()) return error(context, "embedded instance value is empty");
  return CimElement(EmbeddedInstance{std::make_shared<const Instance>(std::move(**inner))});
}

}  // namespace

Result<std::optional<Instance>> parse_cim_xml(std::string_view text) {
  return parse_at_depth(text, 0);
}

}  // namespace wmi
