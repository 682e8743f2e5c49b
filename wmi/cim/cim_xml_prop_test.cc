// Properties of the CIM-XML codec over generated instances (cim_gen.h).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "wmi/cim/cim_gen.h"
#include "wmi/cim/cim_xml.h"
#include "wmi/cim/utf8.h"

namespace wmi {
namespace {

// True when `s` is UTF-8 made only of XML 1.0 characters.
bool xml_text(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto d = utf8::decode(s, i);
    if (!d || !utf8::is_xml_char(d->code_point)) return false;
    i += d->length;
  }
  return true;
}

bool xml_carriable(const Instance& instance);

bool xml_carriable(const ObjectPath& path) {
  if (path.host && !xml_text(*path.host)) return false;
  if (!xml_text(path.namespace_name) || !xml_text(path.class_name)) return false;
  for (const KeyBinding& key : path.keys) {
    if (!xml_text(key.name)) return false;
    if (const auto* s = std::get_if<std::string>(&key.value); s && !xml_text(*s)) return false;
    if (const auto* r = std::get_if<ReferenceKey>(&key.value); r && !xml_carriable(*r->path)) {
      return false;
    }
  }
  return true;
}

bool xml_carriable(const CimElement& e) {
  if (const auto* s = std::get_if<std::string>(&e)) return xml_text(*s);
  if (const auto* c = std::get_if<char16_t>(&e)) return utf8::is_xml_char(*c);
  if (const auto* p = std::get_if<ObjectPath>(&e)) return xml_carriable(*p);
  if (const auto* i = std::get_if<EmbeddedInstance>(&e)) return xml_carriable(*i->instance);
  return true;
}

bool xml_carriable(const Instance& instance) {
  if (!xml_text(instance.class_name())) return false;
  for (const Property& p : instance.properties()) {
    if (!xml_text(p.name)) return false;
    if (p.value.is_null()) continue;
    if (!p.value.is_array()) {
      if (!xml_carriable(p.value.scalar())) return false;
      continue;
    }
    for (const CimElement& e : p.value.elements()) {
      if (!xml_carriable(e)) return false;
    }
  }
  return true;
}

// For every generated instance I (embedded style: no namespace, no path; non-empty, unique
// names; paths that are not singletons with keys; datetimes DMTF can write):
//   to_cim_xml(I) fails  <=>  some string, name, host or key in I (at any depth) is not UTF-8 made
//                             of XML 1.0 characters, or some char16 is not an XML 1.0 character
//                             (surrogates included); the error is kInvalidArgument;
//   otherwise parse_cim_xml(to_cim_xml(I)) == I, or the text is over kMaxCimXmlBytes and parse
//   says so.
RC_GTEST_PROP(CimXmlProp, EmitThenParseIsIdentityUnlessXmlCannotCarryIt, ()) {
  const Instance instance = *gen::instance();
  const bool carriable = xml_carriable(instance);
  RC_CLASSIFY(carriable);
  auto text = to_cim_xml(instance);
  RC_ASSERT(text.ok() == carriable);
  if (!text.ok()) {
    RC_ASSERT(text.status().kind() == StatusKind::kInvalidArgument);
    return;
  }
  auto back = parse_cim_xml(*text);
  if (text->size() > kMaxCimXmlBytes) {
    RC_ASSERT(!back.ok());
    return;
  }
  RC_ASSERT(back.ok());
  RC_ASSERT(back->has_value());
  RC_ASSERT(**back == instance);
}

// Wrapping the text in CDATA (split around "]]>" as writers do) reads the same instance.
RC_GTEST_PROP(CimXmlProp, CdataWrappedTextReadsTheSame, ()) {
  const Instance instance = *gen::instance();
  auto text = to_cim_xml(instance);
  RC_PRE(text.ok());
  std::string wrapped = "<![CDATA[";
  for (char c : *text) {
    wrapped += c;
    if (wrapped.ends_with("]]")) wrapped += "]]><![CDATA[";
  }
  wrapped += "]]>";
  auto back = parse_cim_xml(wrapped);
  RC_ASSERT(back.ok());
  RC_ASSERT(**back == instance);
}

// Truncated and mutated documents never crash; they read as an error (kInvalidArgument) or as an
// instance that itself survives another emit/parse round trip.
RC_GTEST_PROP(CimXmlProp, MutatedTextNeverCrashes, ()) {
  auto text = to_cim_xml(*gen::instance());
  RC_PRE(text.ok());
  const std::string mutated = *gen::mutation_of(*text);
  auto back = parse_cim_xml(mutated);
  if (!back.ok()) {
    RC_ASSERT(back.status().kind() == StatusKind::kInvalidArgument);
    return;
  }
  if (!back->has_value()) return;
  auto again = to_cim_xml(**back);
  RC_ASSERT(again.ok());
  RC_ASSERT(parse_cim_xml(*again).value() == *back);
}

}  // namespace
}  // namespace wmi
