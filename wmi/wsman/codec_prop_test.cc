// Properties of the WS-Man codec over generated values (cim_gen.h): every instance survives
// encode → decode in each message that carries one (Get, Enumerate/Pull items in the three
// EnumerationModes, Invoke output and input), typed by the original, up to the documented
// normalisations; what the encoder refuses is refused with kInvalidArgument; requests of all six
// kinds and faults round-trip; UTF-16 bodies read like UTF-8; mutated documents never crash.
//
// Normalisations (documented in the headers named):
//   value_xml.h         an empty array reads back as a null array of its type
//   wsman_reference.h   a reference (at every depth) loses its host, number and boolean keys read
//                       back as their text, singleton = no keys
//   response_codec.h    a decoded Get / item instance has no path (the request names it)
// Header and body text that hvsim reads trimmed (a:To, a:MessageID, a:Action, w:ResourceURI,
// contexts, the WQL filter, fault text) is generated without surrounding XML space.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>

#include "wmi/cim/cim_gen.h"
#include "wmi/cim/cim_name.h"
#include "wmi/cim/scalar_text.h"
#include "wmi/cim/utf8.h"
#include "wmi/cim/wsman_faults.h"
#include "wmi/wsman/fuzz/codec_oracle.h"
#include "wmi/wsman/request_codec.h"
#include "wmi/wsman/response_codec.h"

namespace wmi::wsman {
namespace {

constexpr std::string_view kUtf8 = "application/soap+xml;charset=UTF-8";
// Generated instances can be megabytes (64 KiB strings in arrays); the size limit has its own
// tests (request_codec_test.cc).
const DecodeLimits kRoomy{.max_envelope_size = std::size_t{1} << 30};

// --- what XML can carry ------------------------------------------------------------------------

// UTF-8 made only of XML 1.0 characters.
bool xml_text(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto d = utf8::decode(s, i);
    if (!d || !utf8::is_xml_char(d->code_point)) return false;
    i += d->length;
  }
  return true;
}

// A path as CIM-XML carries it (inside an embedded instance): every text field.
bool cim_xml_carriable(const ObjectPath& path) {
  if (path.host && !xml_text(*path.host)) return false;
  for (const KeyBinding& key : path.keys) {
    if (const auto* s = std::get_if<std::string>(&key.value); s && !xml_text(*s)) return false;
    if (const auto* r = std::get_if<ReferenceKey>(&key.value); r && !cim_xml_carriable(*r->path)) {
      return false;
    }
  }
  return true;
}

bool cim_xml_carriable(const Instance& instance);

bool cim_xml_carriable(const CimElement& e) {
  if (const auto* s = std::get_if<std::string>(&e)) return xml_text(*s);
  if (const auto* c = std::get_if<char16_t>(&e)) return utf8::is_xml_char(*c);
  if (const auto* p = std::get_if<ObjectPath>(&e)) return cim_xml_carriable(*p);
  if (const auto* i = std::get_if<EmbeddedInstance>(&e)) return cim_xml_carriable(*i->instance);
  return true;
}

bool all_elements(const CimValue& v, bool (*carriable)(const CimElement&)) {
  if (v.is_null()) return true;
  if (!v.is_array()) return carriable(v.scalar());
  return std::all_of(v.elements().begin(), v.elements().end(), carriable);
}

bool cim_xml_carriable(const Instance& instance) {
  return std::all_of(instance.properties().begin(), instance.properties().end(),
                     [](const Property& p) { return all_elements(p.value, cim_xml_carriable); });
}

// A path as a WS-Man reference carries it: selector text at every depth (the host is dropped).
bool reference_carriable(const ObjectPath& path) {
  for (const KeyBinding& key : path.keys) {
    if (const auto* s = std::get_if<std::string>(&key.value); s && !xml_text(*s)) return false;
    if (const auto* r = std::get_if<ReferenceKey>(&key.value);
        r && !reference_carriable(*r->path)) {
      return false;
    }
  }
  return true;
}

bool wsman_carriable(const CimElement& e) {
  if (const auto* p = std::get_if<ObjectPath>(&e)) return reference_carriable(*p);
  return cim_xml_carriable(e);  // embedded instances are CIM-XML text; the rest is text
}

bool properties_carriable(const PropertyList& properties) {
  return std::all_of(properties.begin(), properties.end(),
                     [](const Property& p) { return all_elements(p.value, wsman_carriable); });
}

bool selectors_carriable(const std::vector<Selector>& selectors) {
  for (const Selector& s : selectors) {
    if (!xml_text(s.name)) return false;
    if (const auto* text = std::get_if<std::string>(&s.value); text && !xml_text(*text)) {
      return false;
    }
    if (const auto* r = std::get_if<SelectorReference>(&s.value)) {
      if (!xml_text(r->reference->resource_uri) || !selectors_carriable(r->reference->selectors)) {
        return false;
      }
    }
  }
  return true;
}

// --- the documented normalisations ------------------------------------------------------------

// wsman_reference.h "Round trip".
ObjectPath as_carried(const ObjectPath& p) {
  ObjectPath out = p;
  out.host.reset();
  for (auto& key : out.keys) {
    if (const auto* u = std::get_if<std::uint64_t>(&key.value)) {
      key.value = std::to_string(*u);
    } else if (const auto* n = std::get_if<std::int64_t>(&key.value)) {
      key.value = std::to_string(*n);
    } else if (const auto* b = std::get_if<bool>(&key.value)) {
      key.value = std::string(*b ? "true" : "false");
    } else if (const auto* r = std::get_if<ReferenceKey>(&key.value)) {
      key.value = ReferenceKey{std::make_shared<const ObjectPath>(as_carried(*r->path))};
    }
  }
  out.singleton = out.keys.empty();
  return out;
}

CimValue as_carried(const CimValue& v) {
  if (v.is_null()) return v;
  if (v.is_array() && v.elements().empty()) return CimValue::null(v.type(), true);
  if (v.type() != CimType::kReference) return v;
  if (!v.is_array()) return CimValue(as_carried(std::get<ObjectPath>(v.scalar())));
  std::vector<CimElement> elements;
  for (const CimElement& e : v.elements())
    elements.emplace_back(as_carried(std::get<ObjectPath>(e)));
  return CimValue::array(CimType::kReference, std::move(elements)).value();
}

PropertyList as_carried(const PropertyList& properties) {
  PropertyList out;
  for (const Property& p : properties) out.push_back(Property{p.name, as_carried(p.value)});
  return out;
}

// A decoded instance: same class, namespace and (normalised) properties, no path.
Instance as_carried(const Instance& i) {
  return Instance(i.class_name(), i.namespace_name(), as_carried(i.properties()));
}

// --- typing taken from the original ------------------------------------------------------------

PropertyTyping property_typing(PropertyList properties) {
  return
      [properties = std::move(properties)](std::string_view name) -> std::optional<DeclaredType> {
        const CimValue* v = find_property(properties, name);
        if (!v) return std::nullopt;
        return DeclaredType{v->type(), v->is_array()};
      };
}

// Owners are class names (instances) or method names (Invoke output).
InstanceTyping instance_typing(std::vector<std::pair<std::string, PropertyList>> owners) {
  return [owners = std::move(owners)](std::string_view owner,
                                      std::string_view name) -> std::optional<DeclaredType> {
    for (const auto& [o, properties] : owners) {
      if (o != owner) continue;
      const CimValue* v = find_property(properties, name);
      if (!v) return std::nullopt;
      return DeclaredType{v->type(), v->is_array()};
    }
    return std::nullopt;
  };
}

// --- choices that do not shrink with RapidCheck's size (inRange and element scale with it) -----

// Uniform in [low, high).
template <typename T>
T uniform(T low, T high) {
  return *rc::gen::resize(100, rc::gen::inRange<T>(low, high));
}
bool coin() { return uniform(0, 2) == 1; }
template <typename T>
T one_of(std::initializer_list<T> choices) {
  return choices.begin()[uniform<std::size_t>(0, choices.size())];
}

// --- scrubbing: carriable values half of the time ---------------------------------------------
// Hostile strings often hold characters XML 1.0 cannot carry (most C0 controls), which the encoder
// must refuse; scrubbed copies (those characters replaced by '?') exercise the round trip itself
// as often.

std::string scrubbed_text(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    const auto d = utf8::decode(s, i);
    const std::size_t length = d ? d->length : 1;
    if (d && utf8::is_xml_char(d->code_point)) {
      out.append(s.substr(i, length));
    } else {
      out += '?';
    }
    i += length;
  }
  return out;
}

std::string scrubbed(const std::string& s) { return scrubbed_text(s); }

Instance scrubbed(const Instance& instance);

ObjectPath scrubbed(const ObjectPath& path) {
  ObjectPath out = path;
  if (out.host) out.host = scrubbed(*out.host);
  for (KeyBinding& key : out.keys) {
    if (auto* s = std::get_if<std::string>(&key.value)) *s = scrubbed(*s);
    if (auto* r = std::get_if<ReferenceKey>(&key.value)) {
      r->path = std::make_shared<const ObjectPath>(scrubbed(*r->path));
    }
  }
  return out;
}

CimElement scrubbed(const CimElement& e) {
  if (const auto* s = std::get_if<std::string>(&e)) return scrubbed_text(*s);
  if (const auto* c = std::get_if<char16_t>(&e)) return utf8::is_xml_char(*c) ? *c : u'?';
  if (const auto* p = std::get_if<ObjectPath>(&e)) return scrubbed(*p);
  if (const auto* i = std::get_if<EmbeddedInstance>(&e)) {
    return EmbeddedInstance{std::make_shared<const Instance>(scrubbed(*i->instance))};
  }
  return e;
}

CimValue scrubbed(const CimValue& v) {
  if (v.is_null()) return v;
  if (!v.is_array()) return CimValue(scrubbed(v.scalar()));
  std::vector<CimElement> elements;
  for (const CimElement& e : v.elements()) elements.push_back(scrubbed(e));
  return CimValue::array(v.type(), std::move(elements)).value();
}

PropertyList scrubbed(const PropertyList& properties) {
  PropertyList out;
  for (const Property& p : properties) out.push_back(Property{p.name, scrubbed(p.value)});
  return out;
}

Instance scrubbed(const Instance& instance) {
  Instance out(instance.class_name(), instance.namespace_name(), scrubbed(instance.properties()));
  if (instance.path()) out.set_path(*instance.path());
  return out;
}

// Each property draws `clean` once: when set, every generated value is scrubbed (the round trip
// is exercised); otherwise each value is scrubbed half of the time (refusals are exercised too).
template <typename T>
T maybe_scrubbed(const T& value, bool clean) {
  return clean || coin() ? scrubbed(value) : value;
}

// --- generators --------------------------------------------------------------------------------

// Hostile text (sometimes scrubbed) without surrounding XML space, for fields hvsim reads trimmed.
rc::Gen<std::string> trimmed_text(bool clean) {
  return rc::gen::exec([clean] {
    return std::string(trim_xml_space(maybe_scrubbed(*gen::hostile_string(), clean)));
  });
}

// Hostile text, sometimes scrubbed.
rc::Gen<std::string> any_text(bool clean) {
  return rc::gen::exec([clean] { return maybe_scrubbed(*gen::hostile_string(), clean); });
}

PropertyList any_properties(bool clean) {
  return maybe_scrubbed((*gen::instance()).properties(), clean);
}

ObjectPath any_path(bool clean) { return maybe_scrubbed(*gen::object_path(1), clean); }

rc::Gen<std::string> namespace_name() {
  return rc::gen::exec([] {
    return one_of<std::string>(
        {"root/virtualization/v2", "root/HyperVCluster/v2", "root/cimv2", "root/hvsim", "root"});
  });
}

// A top-level instance: cim_gen's (arrays, nulls, references, embedded instances, datetimes,
// hostile text) in a WMI namespace, sometimes with a path.
rc::Gen<Instance> top_instance(bool clean) {
  return rc::gen::exec([clean] {
    const Instance embedded = *gen::instance();
    Instance out(embedded.class_name(), *namespace_name(),
                 maybe_scrubbed(embedded.properties(), clean));
    if (coin()) {
      ObjectPath path = *gen::object_path(0);
      path.namespace_name = out.namespace_name();
      path.class_name = out.class_name();
      out.set_path(path);
    }
    return out;
  });
}

std::string class_uri(const std::string& ns, const std::string& class_name) {
  return format_wmi_resource_uri(WmiResource{ns, class_name}).value();
}

rc::Gen<std::string> resource_uri(bool clean) {
  return rc::gen::exec([clean] {
    switch (uniform(0, 4)) {
      case 0:
        return class_uri(*namespace_name(), *gen::identifier());
      case 1:
        return class_uri(*namespace_name(), "");  // the WQL wildcard
      case 2:
        return std::string("http://schemas.microsoft.com/wbem/wsman/1/config");
      default:
        return *rc::gen::suchThat(trimmed_text(clean),
                                  [](const std::string& s) { return !s.empty(); });
    }
  });
}

// A request of one of the six kinds with every header field exercised, and whether XML can
// carry it.
struct GeneratedRequest {
  Request request;
  PropertyTyping typing;
  bool carriable = true;
};

rc::Gen<GeneratedRequest> any_request(bool clean) {
  return rc::gen::exec([clean] {
    GeneratedRequest g;
    RequestHeader& h = g.request.header;
    h.to = *trimmed_text(clean);
    h.message_id = *trimmed_text(clean);
    h.resource_uri = *resource_uri(clean);
    if (coin()) {
      const auto reference = to_wsman_reference(any_path(clean));
      h.selectors = reference.value().selectors;
    }
    if (coin()) h.max_envelope_size = *rc::gen::arbitrary<std::size_t>();
    if (coin()) {
      h.operation_timeout =
          std::chrono::milliseconds(*rc::gen::inRange<std::int64_t>(0, 8'640'000'000'000'000LL));
    }
    if (coin()) h.locale = *any_text(clean);
    g.carriable = xml_text(h.to) && xml_text(h.message_id) && xml_text(h.resource_uri) &&
                  xml_text(h.locale) && (!h.selectors || selectors_carriable(*h.selectors));
    switch (uniform(0, 6)) {
      case 0:
        g.request.body = IdentifyRequest{};
        if (coin()) {  // as clients send it: no header at all
          h = RequestHeader{};
          g.carriable = true;
        }
        break;
      case 1:
        h.action = kActionGet;
        g.request.body = GetRequest{};
        break;
      case 2: {
        h.action = kActionEnumerate;
        EnumerateRequest e;
        if (coin()) {
          e.filter_dialect =
              *rc::gen::oneOf(rc::gen::just(std::string(kWqlDialect)), any_text(clean));
          e.filter = *trimmed_text(clean);
          g.carriable = g.carriable && xml_text(*e.filter_dialect) && xml_text(e.filter);
        }
        e.optimize = coin();
        if (coin()) {
          e.max_elements = *rc::gen::inRange<std::uint32_t>(1, 0xFFFFFFFFu);
        }
        e.mode = one_of(
            {EnumerationMode::kObject, EnumerationMode::kEpr, EnumerationMode::kObjectAndEpr});
        g.request.body = e;
        break;
      }
      case 3: {
        h.action = kActionPull;
        PullRequest p{*trimmed_text(clean), std::nullopt};
        if (coin()) {
          p.max_elements = *rc::gen::inRange<std::uint32_t>(1, 0xFFFFFFFFu);
        }
        g.carriable = g.carriable && xml_text(p.context);
        g.request.body = p;
        break;
      }
      case 4: {
        h.action = kActionRelease;
        ReleaseRequest r{*trimmed_text(clean)};
        g.carriable = g.carriable && xml_text(r.context);
        g.request.body = r;
        break;
      }
      default: {
        InvokeRequest invoke{*gen::identifier(), any_properties(clean)};
        h.action = h.resource_uri + "/" + invoke.method;
        g.carriable = g.carriable && properties_carriable(invoke.arguments);
        g.typing = property_typing(invoke.arguments);
        g.request.body = std::move(invoke);
        break;
      }
    }
    return g;
  });
}

// The request `g` should decode to.
Request as_carried(const Request& request) {
  Request out = request;
  if (auto* invoke = std::get_if<InvokeRequest>(&out.body)) {
    invoke->arguments = as_carried(invoke->arguments);
  }
  return out;
}

// Encodes `response`; when encode accepts it, decodes with `typing` and compares with `expected`.
// Asserts encode accepts exactly when `carriable`, and refuses with kInvalidArgument.
void check_response(const Response& response, bool carriable, const Response& expected,
                    const InstanceTyping& typing) {
  RC_CLASSIFY(carriable, "carriable");
  auto xml = encode_response(response);
  RC_ASSERT(xml.ok() == carriable);
  if (!xml.ok()) {
    RC_ASSERT(xml.status().kind() == StatusKind::kInvalidArgument);
    return;
  }
  auto back = decode_response(*xml, kUtf8, kRoomy, typing);
  if (!back.ok()) RC_FAIL("decode failed: " + back.status().to_string());
  RC_ASSERT(*back == expected);
}

// --- properties ------------------------------------------------------------------------------

RC_GTEST_PROP(CodecProp, GetResponseCarriesEveryInstance, ()) {
  const bool clean = coin();
  const Instance original = *top_instance(clean);
  const Response response{*trimmed_text(clean), *trimmed_text(clean), GetResponse{original}};
  const bool carriable = properties_carriable(original.properties()) &&
                         xml_text(response.message_id) && xml_text(response.relates_to);
  const Response expected{response.message_id, response.relates_to,
                          GetResponse{as_carried(original)}};
  check_response(response, carriable, expected,
                 instance_typing({{original.class_name(), original.properties()}}));
}

RC_GTEST_PROP(CodecProp, EnumerationItemsCarryEveryInstanceInEachMode, ()) {
  const bool clean = coin();
  const auto mode =
      one_of({EnumerationMode::kObject, EnumerationMode::kEpr, EnumerationMode::kObjectAndEpr});
  RC_CLASSIFY(mode == EnumerationMode::kObject, "EnumerateObject");
  RC_CLASSIFY(mode == EnumerationMode::kEpr, "EnumerateEPR");
  RC_CLASSIFY(mode == EnumerationMode::kObjectAndEpr, "EnumerateObjectAndEPR");
  const auto classes = *rc::gen::resize(
      4, rc::gen::uniqueBy<std::vector<Instance>>(
             top_instance(clean), [](const Instance& i) { return i.class_name(); }));
  std::vector<EnumerationItem> items, expected_items;
  std::vector<std::pair<std::string, PropertyList>> owners;
  bool carriable = true;
  for (const Instance& instance : classes) {
    EnumerationItem item, expected;
    if (mode != EnumerationMode::kEpr) {
      item.object = instance;
      expected.object = as_carried(instance);
      carriable = carriable && properties_carriable(instance.properties());
      owners.emplace_back(instance.class_name(), instance.properties());
    }
    if (mode != EnumerationMode::kObject) {
      const ObjectPath path = any_path(clean);
      item.reference = path;
      expected.reference = as_carried(path);
      carriable = carriable && reference_carriable(path);
    }
    items.push_back(item);
    expected_items.push_back(expected);
  }
  const std::string context = *trimmed_text(clean);
  const bool end = coin();
  carriable = carriable && xml_text(context);
  if (coin()) {
    const EnumerateResponse e{context, items, true, end};
    const EnumerateResponse expected{context, expected_items, true, end};
    check_response(Response{"uuid:2", "uuid:1", e}, carriable,
                   Response{"uuid:2", "uuid:1", expected}, instance_typing(owners));
  } else {
    const PullResponse p{context, items, end};
    const PullResponse expected{context, expected_items, end};
    check_response(Response{"uuid:2", "uuid:1", p}, carriable,
                   Response{"uuid:2", "uuid:1", expected}, instance_typing(owners));
  }
}

RC_GTEST_PROP(CodecProp, InvokeOutputCarriesEveryParameterList, ()) {
  const bool clean = coin();
  const PropertyList out = any_properties(clean);
  const std::string method = *gen::identifier();
  const std::string uri = class_uri(*namespace_name(), *gen::identifier());
  const auto return_value = *rc::gen::arbitrary<std::uint32_t>();
  const bool named_return_value = std::any_of(
      out.begin(), out.end(), [](const Property& p) { return iequals(p.name, "ReturnValue"); });
  const Response response{"uuid:2", "uuid:1", InvokeResponse{uri, method, {return_value, out}}};
  const Response expected{"uuid:2", "uuid:1",
                          InvokeResponse{uri, method, {return_value, as_carried(out)}}};
  check_response(response, properties_carriable(out) && !named_return_value, expected,
                 instance_typing({{method, out}}));
}

// Invoke input (InvokeRequest arguments) and every other request kind; header fields included.
RC_GTEST_PROP(CodecProp, RequestsOfAllSixKindsRoundTrip, ()) {
  const bool clean = coin();
  const GeneratedRequest g = *any_request(clean);
  RC_TAG(g.request.body.index());
  RC_CLASSIFY(g.carriable, "carriable");
  auto xml = encode_request(g.request);
  RC_ASSERT(xml.ok() == g.carriable);
  if (!xml.ok()) {
    RC_ASSERT(xml.status().kind() == StatusKind::kInvalidArgument);
    return;
  }
  auto back = decode_request(*xml, kUtf8, kRoomy, g.typing);
  if (!back.ok()) RC_FAIL("decode failed: " + back.status().to_string());
  RC_ASSERT(*back == as_carried(g.request));
}

RC_GTEST_PROP(CodecProp, FaultsRoundTrip, ()) {
  const bool clean = coin();
  static const WsmanFault kFaults[] = {WsmanFault::kDestinationUnreachable,
                                       WsmanFault::kInvalidSelectors,
                                       WsmanFault::kActionNotSupported,
                                       WsmanFault::kCannotProcessFilter,
                                       WsmanFault::kInvalidEnumerationContext,
                                       WsmanFault::kEncodingLimit,
                                       WsmanFault::kSchemaValidationError,
                                       WsmanFault::kInvalidParameter,
                                       WsmanFault::kTimedOut,
                                       WsmanFault::kAccessDenied,
                                       WsmanFault::kInternalError};
  FaultResponse fault;
  if (coin()) {
    const auto which = kFaults[uniform<std::size_t>(0, std::size(kFaults))];
    fault = fault_response(wsman_fault(which, *trimmed_text(clean)), *any_text(clean));
    RC_ASSERT(wsman_fault_of(fault.detail) == which);
  } else {
    fault.detail = FaultDetail{*trimmed_text(clean), *trimmed_text(clean),
                               *rc::gen::arbitrary<std::uint32_t>(), *trimmed_text(clean)};
    fault.machine = *any_text(clean);
  }
  const Response response{*trimmed_text(clean), *trimmed_text(clean), fault};
  const bool carriable = xml_text(fault.detail.code) && xml_text(fault.detail.subcode) &&
                         xml_text(fault.detail.message) && xml_text(fault.machine) &&
                         xml_text(response.message_id) && xml_text(response.relates_to);
  check_response(response, carriable, response, {});
  RC_ASSERT(http_status(response) == 500);
}

RC_GTEST_PROP(CodecProp, IdentifyResponsesRoundTrip, ()) {
  const bool clean = coin();
  IdentifyResponse id{
      {*trimmed_text(clean), *trimmed_text(clean), *trimmed_text(clean)},
      *rc::gen::resize(3, rc::gen::container<std::vector<std::string>>(rc::gen::suchThat(
                              trimmed_text(clean), [](const auto& s) { return !s.empty(); })))};
  Response response{"", "", id};
  if (coin()) response = Response{*trimmed_text(clean), *trimmed_text(clean), id};
  bool carriable = xml_text(id.identity.protocol_version) && xml_text(id.identity.product_vendor) &&
                   xml_text(id.identity.product_version) && xml_text(response.message_id) &&
                   xml_text(response.relates_to);
  for (const auto& p : id.security_profiles) carriable = carriable && xml_text(p);
  check_response(response, carriable, response, {});
}

// UTF-16 (either order, with its BOM or with the charset in the Content-Type) decodes to the same
// request as UTF-8.
RC_GTEST_PROP(CodecProp, Utf16BodiesDecodeLikeUtf8, ()) {
  const bool clean = true;
  const GeneratedRequest g = *any_request(clean);
  RC_PRE(g.carriable);
  const std::string xml = encode_request(g.request).value();
  const auto utf8 = decode_request(xml, kUtf8, kRoomy, g.typing);
  if (!utf8.ok()) RC_FAIL("UTF-8 decode failed: " + utf8.status().to_string() + "\n" + xml);
  const Charset charset = one_of({Charset::kUtf16LE, Charset::kUtf16BE});
  std::string body = from_utf8(xml, charset);
  std::string content_type = "application/soap+xml";
  if (coin()) {
    body.erase(0, 2);  // no BOM: the Content-Type names the charset
    content_type = soap_content_type(charset);
    if (charset == Charset::kUtf16LE && coin()) {
      content_type = "application/soap+xml; charset=\"utf-16le\"";
    }
  }
  DecodeLimits limits = kRoomy;
  const auto wide = decode_request(body, content_type, limits, g.typing);
  if (!wide.ok()) RC_FAIL("UTF-16 decode failed: " + wide.status().to_string());
  RC_ASSERT(*wide == *utf8);
}

// Mutated or truncated requests never crash: a refusal is a kFault Status with a WS-Man subcode;
// whatever decodes re-encodes to a document that decodes to the same request.
RC_GTEST_PROP(CodecProp, MutatedRequestsAreRefusedOrRoundTrip, ()) {
  const bool clean = true;
  const GeneratedRequest g = *any_request(clean);
  RC_PRE(g.carriable);
  const std::string mutated = *gen::mutation_of(encode_request(g.request).value());
  const auto r = decode_request(mutated, kUtf8, kRoomy);
  RC_CLASSIFY(r.ok(), "still decodes");
  if (!r.ok()) {
    RC_ASSERT(r.status().kind() == StatusKind::kFault);
    RC_ASSERT(r.status().fault().has_value());
    RC_ASSERT(wsman_fault_of(*r.status().fault()).has_value());
    return;
  }
  const std::string broken = oracle::request_round_trip(*r);
  if (!broken.empty()) RC_FAIL(broken);
}

RC_GTEST_PROP(CodecProp, MutatedResponsesAreRefusedOrRoundTrip, ()) {
  const bool clean = true;
  const Instance instance = *top_instance(clean);
  Response response{"uuid:2", "uuid:1", GetResponse{instance}};
  switch (uniform(0, 3)) {
    case 0:
      response.body = PullResponse{"ctx", {{instance, *gen::object_path(1)}}, false};
      break;
    case 1:
      response.body = InvokeResponse{class_uri(instance.namespace_name(), instance.class_name()),
                                     "Frob",
                                     {7, instance.properties()}};
      break;
    default:
      break;
  }
  const auto xml = encode_response(response);
  RC_PRE(xml.ok());
  const std::string mutated = *gen::mutation_of(*xml);
  const auto r = decode_response(mutated, kUtf8, kRoomy);
  RC_CLASSIFY(r.ok(), "still decodes");
  if (!r.ok()) {
    RC_ASSERT(r.status().kind() == StatusKind::kProtocol);
    return;
  }
  const std::string broken = oracle::response_round_trip(*r);
  if (!broken.empty()) RC_FAIL(broken);
}

}  // namespace
}  // namespace wmi::wsman
