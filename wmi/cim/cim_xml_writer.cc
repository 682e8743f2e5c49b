// The emitting half of cim_xml.h: Instance -> DSP0201 CIM-XML text.
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <type_traits>

#include "wmi/cim/cim_name.h"
#include "wmi/cim/cim_xml.h"
#include "wmi/cim/cim_xml_error.h"
#include "wmi/cim/scalar_text.h"
#include "wmi/cim/wmi_path.h"

namespace wmi {
namespace {

using cim_xml_detail::error;
using cim_xml_detail::quoted;

// ---------------------------------------------------------------------------------------------
// Emit

// `s` escaped onto `out`, or the reason in CIM-XML's words.
Status append_escaped(std::string& out, std::string_view s, XmlEscaping escaping,
                      std::string_view context) {
  if (auto status = append_xml_escaped(out, s, escaping); !status.ok()) {
    return error(context, status.message());
  }
  return Status();
}

// The VALUE text of a scalar that is not a reference or an embedded instance.
Result<std::string> scalar_text(const CimElement& element, std::string_view context) {
  auto text = format_scalar_text(element);
  if (!text.ok()) return error(context, text.status().message());
  return text;
}

class Writer {
 public:
  explicit Writer(int depth) : depth_(depth) {}

  Result<std::string> instance(const Instance& instance) {
    if (depth_ > kMaxCimXmlNesting) {
      return error("INSTANCE", "embedded instances and references nested deeper than " +
                                   std::to_string(kMaxCimXmlNesting));
    }
    if (instance.class_name().empty()) return error("INSTANCE", "empty class name");
    out_ += "<INSTANCE CLASSNAME=\"";
    if (auto s = attribute(instance.class_name(), "CLASSNAME"); !s.ok()) return s;
    out_ += "\">";
    const PropertyList& properties = instance.properties();
    for (std::size_t i = 0; i < properties.size(); ++i) {
      const Property& p = properties[i];
      const std::string context = "property " + quoted(p.name);
      if (p.name.empty()) return error(context, "empty property name");
      for (std::size_t j = 0; j < i; ++j) {
        if (iequals(properties[j].name, p.name)) return error(context, "duplicate property name");
      }
      if (auto s = property(p, context); !s.ok()) return s;
    }
    out_ += "</INSTANCE>";
    return std::move(out_);
  }

 private:
  Status attribute(std::string_view value, std::string_view context) {
    return append_escaped(out_, value, XmlEscaping::kAttribute, context);
  }
  Status text(std::string_view value, std::string_view context) {
    return append_escaped(out_, value, XmlEscaping::kText, context);
  }

  Status property(const Property& p, const std::string& context) {
    const CimValue& v = p.value;
    const bool embedded = v.type() == CimType::kInstance;
    if (v.type() == CimType::kReference && !v.is_array()) {
      out_ += "<PROPERTY.REFERENCE NAME=\"";
      if (auto s = attribute(p.name, context); !s.ok()) return s;
      if (v.is_null()) {
        out_ += "\"/>";
        return Status();
      }
      out_ += "\">";
      if (auto s = reference(std::get<ObjectPath>(v.scalar()), depth_ + 1, context); !s.ok()) {
        return s;
      }
      out_ += "</PROPERTY.REFERENCE>";
      return Status();
    }
    const char* element = v.is_array() ? "PROPERTY.ARRAY" : "PROPERTY";
    out_ += "<";
    out_ += element;
    out_ += " NAME=\"";
    if (auto s = attribute(p.name, context); !s.ok()) return s;
    out_ += "\" TYPE=\"";
    out_ += embedded ? "string\" EmbeddedObject=\"instance" : cim_type_name(v.type());
    out_ += "\"";
    if (v.is_null()) {
      out_ += "/>";
      return Status();
    }
    out_ += ">";
    if (!v.is_array()) {
      if (auto s = value(v.scalar(), context); !s.ok()) return s;
    } else if (v.type() == CimType::kReference) {
      out_ += "<VALUE.REFARRAY>";
      for (const CimElement& e : v.elements()) {
        if (auto s = reference(std::get<ObjectPath>(e), depth_ + 1, context); !s.ok()) return s;
      }
      out_ += "</VALUE.REFARRAY>";
    } else if (v.elements().empty()) {
      out_ += "<VALUE.ARRAY/>";
    } else {
      out_ += "<VALUE.ARRAY>";
      for (const CimElement& e : v.elements()) {
        if (auto s = value(e, context); !s.ok()) return s;
      }
      out_ += "</VALUE.ARRAY>";
    }
    out_ += "</";
    out_ += element;
    out_ += ">";
    return Status();
  }

  // <VALUE>…</VALUE> of one element that is not a reference.
  Status value(const CimElement& element, const std::string& context) {
    out_ += "<VALUE>";
    if (const auto* embedded = std::get_if<EmbeddedInstance>(&element)) {
      if (!embedded->instance) return error(context, "embedded instance is null");
      auto inner = Writer(depth_ + 1).instance(*embedded->instance);
      if (!inner.ok()) return error(context, inner.status().message());
      if (auto s = text(*inner, context); !s.ok()) return s;
    } else {
      auto scalar = scalar_text(element, context);
      if (!scalar.ok()) return scalar.status();
      if (auto s = text(*scalar, context); !s.ok()) return s;
    }
    out_ += "</VALUE>";
    return Status();
  }

  // <VALUE.REFERENCE> in the structured form chosen by what `path` holds (see the header).
  Status reference(const ObjectPath& path, int depth, const std::string& context) {
    if (depth > kMaxCimXmlNesting) {
      return error(context, "references nested deeper than " + std::to_string(kMaxCimXmlNesting));
    }
    if (path.class_name.empty()) return error(context, "reference without a class name");
    if (path.singleton && !path.keys.empty()) {
      return error(context, "reference is a singleton and has keys");
    }
    const bool instance_path = path.singleton || !path.keys.empty();
    out_ += "<VALUE.REFERENCE>";
    const char* wrapper = nullptr;
    if (path.host) {
      wrapper = instance_path ? "INSTANCEPATH" : "CLASSPATH";
      out_ += "<";
      out_ += wrapper;
      out_ += "><NAMESPACEPATH><HOST>";
      if (auto s = text(*path.host, context); !s.ok()) return s;
      out_ += "</HOST>";
      if (auto s = local_namespace(path.namespace_name, context); !s.ok()) return s;
      out_ += "</NAMESPACEPATH>";
    } else if (!path.namespace_name.empty()) {
      wrapper = instance_path ? "LOCALINSTANCEPATH" : "LOCALCLASSPATH";
      out_ += "<";
      out_ += wrapper;
      out_ += ">";
      if (auto s = local_namespace(path.namespace_name, context); !s.ok()) return s;
    }
    if (instance_path) {
      if (auto s = instance_name(path, depth, context); !s.ok()) return s;
    } else {
      out_ += "<CLASSNAME NAME=\"";
      if (auto s = attribute(path.class_name, context); !s.ok()) return s;
      out_ += "\"/>";
    }
    if (wrapper) {
      out_ += "</";
      out_ += wrapper;
      out_ += ">";
    }
    out_ += "</VALUE.REFERENCE>";
    return Status();
  }

  Status local_namespace(std::string_view ns, const std::string& context) {
    out_ += "<LOCALNAMESPACEPATH>";
    while (!ns.empty()) {
      const std::size_t slash = ns.find('/');
      const std::string_view component = ns.substr(0, slash);
      if (component.empty() || slash == ns.size() - 1) {
        return error(context, "namespace has an empty component");
      }
      out_ += "<NAMESPACE NAME=\"";
      if (auto s = attribute(component, context); !s.ok()) return s;
      out_ += "\"/>";
      ns = slash == std::string_view::npos ? std::string_view() : ns.substr(slash + 1);
    }
    out_ += "</LOCALNAMESPACEPATH>";
    return Status();
  }

  Status instance_name(const ObjectPath& path, int depth, const std::string& context) {
    out_ += "<INSTANCENAME CLASSNAME=\"";
    if (auto s = attribute(path.class_name, context); !s.ok()) return s;
    out_ += "\">";
    if (path.keys.size() == 1 && path.keys[0].name.empty()) {
      if (auto s = key_value(path.keys[0].value, depth, context); !s.ok()) return s;
    } else {
      for (const KeyBinding& key : path.keys) {
        if (key.name.empty()) return error(context, "reference has an unnamed key beside others");
        out_ += "<KEYBINDING NAME=\"";
        if (auto s = attribute(key.name, context); !s.ok()) return s;
        out_ += "\">";
        if (auto s = key_value(key.value, depth, context); !s.ok()) return s;
        out_ += "</KEYBINDING>";
      }
    }
    out_ += "</INSTANCENAME>";
    return Status();
  }

  Status key_value(const KeyValue& value, int depth, const std::string& context) {
    if (const auto* s = std::get_if<std::string>(&value)) {
      out_ += "<KEYVALUE VALUETYPE=\"string\">";
      if (auto st = text(*s, context); !st.ok()) return st;
    } else if (const auto* u = std::get_if<std::uint64_t>(&value)) {
      out_ += "<KEYVALUE VALUETYPE=\"numeric\" TYPE=\"uint64\">" + std::to_string(*u);
    } else if (const auto* i = std::get_if<std::int64_t>(&value)) {
      out_ += "<KEYVALUE VALUETYPE=\"numeric\" TYPE=\"sint64\">" + std::to_string(*i);
    } else if (const auto* b = std::get_if<bool>(&value)) {
      out_ += std::string("<KEYVALUE VALUETYPE=\"boolean\">") + (*b ? "true" : "false");
    } else {
      const auto& ref = std::get<ReferenceKey>(value);
      if (!ref.path) return error(context, "reference key is null");
      return reference(*ref.path, depth + 1, context);
    }
    out_ += "</KEYVALUE>";
    return Status();
  }

  int depth_;
  std::string out_;
};

}  // namespace

Result<std::string> to_cim_xml(const Instance& instance) { return Writer(0).instance(instance); }

}  // namespace wmi
