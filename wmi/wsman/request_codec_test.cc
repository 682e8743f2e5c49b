// decode_request / encode_request: the request shapes Windows and third-party clients send, what
// each decodes to, the writer's shape, and hostile input refused as the right WS-Man fault.
#include "wmi/wsman/request_codec.h"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <iterator>

#include "wmi/cim/wsman_faults.h"

namespace wmi::wsman {
namespace {

using namespace std::chrono_literals;

const std::string kV2 = "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/virtualization/v2/";
const std::string kVsms = kV2 + "Msvm_VirtualSystemManagementService";
constexpr std::string_view kUtf8 = "application/soap+xml;charset=UTF-8";

const std::string kNamespaces =
    " xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\""
    " xmlns:a=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\""
    " xmlns:n=\"http://schemas.xmlsoap.org/ws/2004/09/enumeration\""
    " xmlns:w=\"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd\"";

// An envelope in winrm.exe's style with `action`, `resource` and `body`, plus `extra_header`.
std::string envelope(std::string_view action, std::string_view resource, std::string_view body,
                     std::string_view extra_header = "") {
  std::string out = "<s:Envelope" + kNamespaces + "><s:Header>";
  out += "<a:To>http://hv-01:5985/wsman</a:To>";
  out += "<w:ResourceURI s:mustUnderstand=\"true\">" + std::string(resource) + "</w:ResourceURI>";
  out +=
      "<a:ReplyTo><a:Address s:mustUnderstand=\"true\">"
      "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo>";
  out += "<a:Action s:mustUnderstand=\"true\">" + std::string(action) + "</a:Action>";
  out += "<a:MessageID>uuid:AC1C5EDE-BC24-4F46-9A15-78AAF883F2E0</a:MessageID>";
  out += std::string(extra_header);
  out += "</s:Header><s:Body>" + std::string(body) + "</s:Body></s:Envelope>";
  return out;
}

std::string invoke_envelope(std::string_view arguments, std::string_view method = "Frob") {
  return envelope(kVsms + "/" + std::string(method), kVsms,
                  "<p:" + std::string(method) + "_INPUT xmlns:p=\"" + kVsms + "\">" +
                      std::string(arguments) + "</p:" + std::string(method) + "_INPUT>");
}

Result<Request> decode(std::string_view bytes, const PropertyTyping& typing = {}) {
  return decode_request(bytes, kUtf8, DecodeLimits{}, typing);
}

// `result` is a kFault Status carrying `fault`'s subcode and codes; returns its message.
template <typename T>
std::string expect_fault(const Result<T>& result, WsmanFault fault) {
  EXPECT_FALSE(result.ok());
  if (result.ok()) return "";
  const Status status = result.status();
  EXPECT_EQ(status.kind(), StatusKind::kFault) << status.to_string();
  if (!status.fault()) {
    ADD_FAILURE() << "no fault detail: " << status.to_string();
    return status.message();
  }
  EXPECT_EQ(status.fault()->subcode, info(fault).subcode) << status.to_string();
  EXPECT_EQ(status.fault()->code, info(fault).code);
  EXPECT_EQ(status.fault()->wsman_code, info(fault).wsman_code);
  return status.message() + " | " + status.fault()->message;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// --- the six kinds, as clients send them ------------------------------------------------------

TEST(RequestCodec, IdentifyIsRecognisedByItsBodyAlone) {
  auto r = decode(
      "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" "
      "xmlns:wsmid=\"http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd\">"
      "<s:Header/><s:Body><wsmid:Identify/></s:Body></s:Envelope>");
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_TRUE(std::holds_alternative<IdentifyRequest>(r->body));
  EXPECT_EQ(r->header, RequestHeader{});
  // Even with an Action and a ResourceURI that would mean something else, and without s:Header.
  auto with_action = decode(envelope(
      "http://schemas.xmlsoap.org/ws/2004/09/transfer/Delete", "urn:x",
      "<i:Identify xmlns:i=\"http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd\"/>"));
  ASSERT_TRUE(with_action.ok()) << with_action.status().to_string();
  EXPECT_TRUE(std::holds_alternative<IdentifyRequest>(with_action->body));
  auto bare = decode(
      "<Envelope xmlns=\"http://www.w3.org/2003/05/soap-envelope\"><Body><Identify "
      "xmlns=\"http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd\"/></Body>"
      "</Envelope>");
  ASSERT_TRUE(bare.ok()) << bare.status().to_string();
  EXPECT_TRUE(std::holds_alternative<IdentifyRequest>(bare->body));
}

TEST(RequestCodec, GetWithSelectorsAndHeaderFields) {
  auto r = decode(envelope(
      "http://schemas.xmlsoap.org/ws/2004/09/transfer/Get", kV2 + "Msvm_ComputerSystem", "",
      "<w:MaxEnvelopeSize s:mustUnderstand=\"true\">153600</w:MaxEnvelopeSize>"
      "<w:Locale xml:lang=\"de-DE\" s:mustUnderstand=\"false\"/>"
      "<w:OperationTimeout>PT20S</w:OperationTimeout>"
      "<w:SelectorSet><w:Selector Name=\"CreationClassName\">Msvm_ComputerSystem</w:Selector>"
      "<w:Selector Name=\"Name\"> D253BD21 &amp; &lt;x&gt; </w:Selector></w:SelectorSet>"));
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_TRUE(std::holds_alternative<GetRequest>(r->body));
  const RequestHeader& h = r->header;
  EXPECT_EQ(h.to, "http://hv-01:5985/wsman");
  EXPECT_EQ(h.resource_uri, kV2 + "Msvm_ComputerSystem");
  EXPECT_EQ(h.action, "http://schemas.xmlsoap.org/ws/2004/09/transfer/Get");
  EXPECT_EQ(h.message_id, "uuid:AC1C5EDE-BC24-4F46-9A15-78AAF883F2E0");
  EXPECT_EQ(h.max_envelope_size, 153600u);
  EXPECT_EQ(h.locale, "de-DE");
  EXPECT_EQ(h.operation_timeout, 20000ms);
  ASSERT_TRUE(h.selectors.has_value());
  ASSERT_EQ(h.selectors->size(), 2u);
  EXPECT_EQ((*h.selectors)[0].name, "CreationClassName");
  // Selector text is kept exactly (keys are strings; spaces may matter).
  EXPECT_EQ((*h.selectors)[1].value,
            (std::variant<std::string, SelectorReference>(std::string(" D253BD21 & <x> "))));
}

TEST(RequestCodec, NestedReferenceSelector) {
  auto r = decode(envelope(
      "http://schemas.xmlsoap.org/ws/2004/09/transfer/Get", kV2 + "Msvm_AffectedJobElement", "",
      "<w:SelectorSet><w:Selector Name=\"AffectedElement\"><a:EndpointReference>"
      "<a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address>"
      "<a:ReferenceParameters><w:ResourceURI>" +
          kV2 +
          "Msvm_ComputerSystem</w:ResourceURI><w:SelectorSet><w:Selector Name=\"Name\">vm1"
          "</w:Selector></w:SelectorSet></a:ReferenceParameters></a:EndpointReference>"
          "</w:Selector></w:SelectorSet>"));
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  ASSERT_EQ(r->header.selectors->size(), 1u);
  const auto& nested = std::get<SelectorReference>((*r->header.selectors)[0].value);
  EXPECT_EQ(nested.reference->resource_uri, kV2 + "Msvm_ComputerSystem");
  EXPECT_EQ(nested.reference->selectors.at(0).name, "Name");
}

TEST(RequestCodec, EnumerateWithWqlOptimizationAndModes) {
  auto r = decode(envelope(
      "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Enumerate", kV2 + "*",
      "<n:Enumerate><w:OptimizeEnumeration/><w:MaxElements>32000</w:MaxElements>"
      "<w:EnumerationMode>EnumerateObjectAndEPR</w:EnumerationMode>"
      "<w:Filter Dialect=\"http://schemas.microsoft.com/wbem/wsman/1/WQL\">\n  SELECT * FROM "
      "Msvm_ComputerSystem WHERE Caption = \"Virtual Machine\" &amp;&amp; 1 &lt; 2\n"
      "</w:Filter></n:Enumerate>"));
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  const auto& e = std::get<EnumerateRequest>(r->body);
  EXPECT_EQ(e.filter_dialect, std::string(kWqlDialect));
  EXPECT_EQ(e.filter,
            "SELECT * FROM Msvm_ComputerSystem WHERE Caption = \"Virtual Machine\" && 1 < 2");
  EXPECT_TRUE(e.optimize);
  EXPECT_EQ(e.max_elements, 32000u);
  EXPECT_EQ(e.mode, EnumerationMode::kObjectAndEpr);

  auto plain = decode(envelope("http://schemas.xmlsoap.org/ws/2004/09/enumeration/Enumerate",
                               kV2 + "Msvm_VirtualSystemCollection", "<n:Enumerate/>"));
  ASSERT_TRUE(plain.ok()) << plain.status().to_string();
  EXPECT_EQ(std::get<EnumerateRequest>(plain->body), EnumerateRequest{});

  auto epr =
      decode(envelope("http://schemas.xmlsoap.org/ws/2004/09/enumeration/Enumerate", kV2 + "*",
                      "<n:Enumerate><w:EnumerationMode>EnumerateEPR</w:EnumerationMode>"
                      "<w:Filter>SELECT * FROM Msvm_ComputerSystem</w:Filter>"
                      "</n:Enumerate>"));
  ASSERT_TRUE(epr.ok()) << epr.status().to_string();
  EXPECT_EQ(std::get<EnumerateRequest>(epr->body).mode, EnumerationMode::kEpr);
  // A filter without a Dialect is WQL (what WinRM assumes).
  EXPECT_EQ(std::get<EnumerateRequest>(epr->body).filter_dialect, std::string(kWqlDialect));
}

TEST(RequestCodec, PullAndRelease) {
  auto pull = decode(envelope("http://schemas.xmlsoap.org/ws/2004/09/enumeration/Pull", kV2 + "*",
                              "<n:Pull><n:EnumerationContext> uuid:12AE5286 </n:EnumerationContext>"
                              "<n:MaxElements>20</n:MaxElements></n:Pull>"));
  ASSERT_TRUE(pull.ok()) << pull.status().to_string();
  EXPECT_EQ(std::get<PullRequest>(pull->body), (PullRequest{"uuid:12AE5286", 20u}));
  auto release =
      decode(envelope("http://schemas.xmlsoap.org/ws/2004/09/enumeration/Release", kV2 + "*",
                      "<n:Release><n:EnumerationContext>uuid:12AE5286</n:EnumerationContext>"
                      "</n:Release>"));
  ASSERT_TRUE(release.ok()) << release.status().to_string();
  EXPECT_EQ(std::get<ReleaseRequest>(release->body), (ReleaseRequest{"uuid:12AE5286"}));
}

TEST(RequestCodec, InvokeArgumentsUntypedAndTyped) {
  const std::string args =
      "<p:Name>vm &amp; co</p:Name><p:Count>5</p:Count><p:Flags>1</p:Flags><p:Flags>2</p:Flags>"
      "<p:Empty xsi:nil=\"true\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"/>"
      "<p:When><cim:Datetime xmlns:cim=\"http://schemas.dmtf.org/wbem/wscim/1/common\">"
      "2013-04-29T11:43:11.203125-07:00</cim:Datetime></p:When>"
      "<p:Settings>&lt;INSTANCE CLASSNAME=\"Msvm_X\"&gt;&lt;PROPERTY NAME=\"A\" "
      "TYPE=\"uint16\"&gt;&lt;VALUE&gt;7&lt;/VALUE&gt;&lt;/PROPERTY&gt;&lt;/INSTANCE&gt;"
      "</p:Settings>";
  auto untyped = decode(invoke_envelope(args));
  ASSERT_TRUE(untyped.ok()) << untyped.status().to_string();
  const auto& u = std::get<InvokeRequest>(untyped->body);
  EXPECT_EQ(u.method, "Frob");
  ASSERT_EQ(u.arguments.size(), 6u);
  EXPECT_EQ(u.arguments[0], (Property{"Name", CimValue("vm & co")}));
  EXPECT_EQ(u.arguments[1], (Property{"Count", CimValue("5")}));
  EXPECT_EQ(u.arguments[2].value,
            CimValue::array(CimType::kString, {std::string("1"), std::string("2")}).value());
  EXPECT_EQ(u.arguments[3].value, CimValue::null(CimType::kString));
  EXPECT_EQ(u.arguments[4].value.type(), CimType::kDatetime);
  EXPECT_EQ(u.arguments[5].value.type(), CimType::kString);

  const PropertyTyping typing = [](std::string_view name) -> std::optional<DeclaredType> {
    if (name == "Count") return DeclaredType{CimType::kUint16};
    if (name == "Flags") return DeclaredType{CimType::kUint8, true};
    if (name == "Empty") return DeclaredType{CimType::kReference, true};
    if (name == "Settings") return DeclaredType{CimType::kInstance};
    return std::nullopt;
  };
  auto typed = decode(invoke_envelope(args), typing);
  ASSERT_TRUE(typed.ok()) << typed.status().to_string();
  const auto& t = std::get<InvokeRequest>(typed->body);
  EXPECT_EQ(t.arguments[1].value, CimValue(std::uint16_t{5}));
  EXPECT_EQ(t.arguments[2].value,
            CimValue::array(CimType::kUint8, {std::uint8_t{1}, std::uint8_t{2}}).value());
  EXPECT_EQ(t.arguments[3].value, CimValue::null(CimType::kReference, true));
  const Instance* settings = t.arguments[5].value.as_instance();
  ASSERT_NE(settings, nullptr);
  EXPECT_EQ(settings->class_name(), "Msvm_X");
  EXPECT_EQ(*settings->find("A"), CimValue(std::uint16_t{7}));
  // An array declaration makes one element an array.
  auto one = decode(invoke_envelope("<p:Flags>9</p:Flags>"), typing);
  ASSERT_TRUE(one.ok()) << one.status().to_string();
  EXPECT_EQ(std::get<InvokeRequest>(one->body).arguments[0].value,
            CimValue::array(CimType::kUint8, {std::uint8_t{9}}).value());
}

TEST(RequestCodec, ReferenceParameterWithoutWrapper) {
  auto r = decode(invoke_envelope(
      "<p:PlannedSystem><a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/"
      "anonymous</a:Address><a:ReferenceParameters><w:ResourceURI>" +
      kV2 +
      "Msvm_PlannedComputerSystem</w:ResourceURI><w:SelectorSet><w:Selector "
      "Name=\"Name\">8FF5E6F3</w:Selector></w:SelectorSet></a:ReferenceParameters>"
      "</p:PlannedSystem>"));
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  const ObjectPath* path = std::get<InvokeRequest>(r->body).arguments.at(0).value.as_reference();
  ASSERT_NE(path, nullptr);
  EXPECT_EQ(path->namespace_name, "root/virtualization/v2");
  EXPECT_EQ(path->class_name, "Msvm_PlannedComputerSystem");
  EXPECT_EQ(path->keys.at(0).value, KeyValue(std::string("8FF5E6F3")));
}

// --- parse by namespace URI, never by prefix --------------------------------------------------

// What npm @device-management-toolkit/wsman-messages 5.x builds (captured from the library with
// node): unprefixed SOAP namespace, numeric MessageID, a:To "/wsman", an empty w:SelectorSet, no
// MaxEnvelopeSize, the body's own default namespace.
TEST(RequestCodec, NpmWsmanMessagesDefaultNamespaces) {
  const std::string pull =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?><Envelope "
      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
      "xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" "
      "xmlns:a=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\" "
      "xmlns:w=\"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd\" "
      "xmlns=\"http://www.w3.org/2003/05/soap-envelope\"><Header><a:Action>"
      "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Pull</a:Action><a:To>/wsman</a:To>"
      "<w:ResourceURI>http://schemas.microsoft.com/wbem/wsman/1/wmi/root/virtualization/v2/"
      "Msvm_VirtualSystemCollection</w:ResourceURI><a:MessageID>0</a:MessageID><a:ReplyTo>"
      "<a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address>"
      "</a:ReplyTo><w:OperationTimeout>PT60S</w:OperationTimeout><w:SelectorSet></w:SelectorSet>"
      "</Header><Body><Pull xmlns=\"http://schemas.xmlsoap.org/ws/2004/09/enumeration\">"
      "<EnumerationContext>uuid:ABC</EnumerationContext><MaxElements>999</MaxElements>"
      "<MaxCharacters>99999</MaxCharacters></Pull></Body></Envelope>";
  auto r = decode(pull);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->header.to, "/wsman");
  EXPECT_EQ(r->header.message_id, "0");
  EXPECT_EQ(r->header.operation_timeout, 60000ms);
  EXPECT_FALSE(r->header.max_envelope_size.has_value());
  ASSERT_TRUE(r->header.selectors.has_value());
  EXPECT_TRUE(r->header.selectors->empty());
  EXPECT_EQ(std::get<PullRequest>(r->body), (PullRequest{"uuid:ABC", 999u}));

  const std::string add_member =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?><Envelope "
      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
      "xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" "
      "xmlns:a=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\" "
      "xmlns:w=\"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd\" "
      "xmlns=\"http://www.w3.org/2003/05/soap-envelope\"><Header><a:Action>" +
      kV2 + "Msvm_CollectionManagementService/AddMember</a:Action><a:To>/wsman</a:To>" +
      "<w:ResourceURI>" + kV2 +
      "Msvm_CollectionManagementService</w:ResourceURI><a:MessageID>0</a:MessageID>"
      "<a:ReplyTo><a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous"
      "</a:Address></a:ReplyTo><w:OperationTimeout>PT60S</w:OperationTimeout><w:SelectorSet>"
      "</w:SelectorSet></Header><Body><h:AddMember_INPUT xmlns:h=\"" +
      kV2 +
      "Msvm_CollectionManagementService\"><h:Member><a:Address>"
      "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address>"
      "<a:ReferenceParameters><w:ResourceURI>" +
      kV2 +
      "Msvm_ComputerSystem</w:ResourceURI><w:SelectorSet><w:Selector "
      "Name=\"CreationClassName\">Msvm_ComputerSystem</w:Selector><w:Selector Name=\"Name\">"
      "D253BD21-5401-450B-BB44-63660F5A3E14</w:Selector></w:SelectorSet></a:ReferenceParameters>"
      "</h:Member></h:AddMember_INPUT></Body></Envelope>";
  auto invoke = decode(add_member);
  ASSERT_TRUE(invoke.ok()) << invoke.status().to_string();
  const auto& body = std::get<InvokeRequest>(invoke->body);
  EXPECT_EQ(body.method, "AddMember");
  const ObjectPath* member = body.arguments.at(0).value.as_reference();
  ASSERT_NE(member, nullptr);
  EXPECT_EQ(member->class_name, "Msvm_ComputerSystem");
  EXPECT_EQ(member->keys.size(), 2u);
}

// The usual prefixes bound to each other's namespaces: a = WS-Man, w = addressing, s = the
// enumeration namespace, n = SOAP. Decoding must not notice.
TEST(RequestCodec, SwappedPrefixesReadTheSame) {
  const std::string usual = envelope(
      "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Pull", kV2 + "*",
      "<n:Pull><n:EnumerationContext>ctx</n:EnumerationContext><n:MaxElements>3</n:MaxElements>"
      "</n:Pull>",
      "<w:SelectorSet><w:Selector Name=\"K\">v</w:Selector></w:SelectorSet>");
  std::string swapped;
  for (std::size_t i = 0; i < usual.size(); ++i) {
    const char c = usual[i];
    const bool prefix =
        i + 1 < usual.size() && usual[i + 1] == ':' &&
        (i == 0 || usual[i - 1] == '<' || usual[i - 1] == '/' || usual[i - 1] == ' ') &&
        (c == 'a' || c == 'w' || c == 's' || c == 'n');
    const bool xmlns = usual.compare(i, 6, "xmlns:") == 0;
    if (xmlns) {
      const char p = usual[i + 6];
      swapped += "xmlns:";
      swapped += p == 'a' ? 'w' : p == 'w' ? 'a' : p == 's' ? 'n' : p == 'n' ? 's' : p;
      i += 6;
      continue;
    }
    swapped += prefix ? (c == 'a' ? 'w' : c == 'w' ? 'a' : c == 's' ? 'n' : 's') : c;
  }
  ASSERT_NE(swapped, usual);
  ASSERT_NE(swapped.find("<n:Envelope"), std::string::npos) << swapped;
  auto a = decode(usual);
  auto b = decode(swapped);
  ASSERT_TRUE(a.ok()) << a.status().to_string();
  ASSERT_TRUE(b.ok()) << b.status().to_string() << "\n" << swapped;
  EXPECT_EQ(*a, *b);
}

// libxml2 keeps an '&' of a namespace declaration as the text "&#38;": the body's namespace must
// still equal a ResourceURI with '&' (and a literal "&#38;" stays distinct from '&').
TEST(RequestCodec, ResourceUriWithAmpersandMatchesTheBodyNamespace) {
  for (const std::string& uri :
       std::vector<std::string>{"urn:a?b=1&c=2", "urn:&#38;&amp;", kVsms + "&"}) {
    Request request;
    request.header.resource_uri = uri;
    request.header.action = uri + "/Frob";
    request.body = InvokeRequest{"Frob", {{"A", CimValue("1")}}};
    const std::string xml = encode_request(request).value();
    auto back = decode(xml);
    ASSERT_TRUE(back.ok()) << back.status().to_string() << "\n" << xml;
    EXPECT_EQ(*back, request);
  }
  // A body namespace that differs only in how '&' was written is still the same URI.
  std::string xml = envelope("urn:a?b&amp;c/Frob", "urn:a?b&amp;c",
                             "<p:Frob_INPUT xmlns:p=\"urn:a?b&#38;c\"><p:A>1</p:A></p:Frob_INPUT>");
  EXPECT_TRUE(decode(xml).ok()) << decode(xml).status().to_string();
  xml = envelope("urn:a?b&amp;c/Frob", "urn:a?b&amp;c",
                 "<p:Frob_INPUT xmlns:p=\"urn:a?b&amp;#38;c\"><p:A>1</p:A></p:Frob_INPUT>");
  expect_fault(decode(xml), WsmanFault::kSchemaValidationError);
}

// An Identify that carried headers (a decoded one may) writes them back: the round trip holds.
TEST(RequestCodec, IdentifyWithHeadersRoundTrips) {
  Request identify{{}, IdentifyRequest{}};
  identify.header.message_id = "uuid:7";
  identify.header.to = "http://hv-01:5985/wsman";
  const std::string xml = encode_request(identify).value();
  EXPECT_NE(xml.find("<a:MessageID>uuid:7</a:MessageID>"), std::string::npos) << xml;
  EXPECT_EQ(decode(xml).value(), identify);
}

// An element in the right local name but a wrong namespace is not the element.
TEST(RequestCodec, RightLocalNameInAnotherNamespaceIsNotRead) {
  auto r = decode(envelope("http://schemas.xmlsoap.org/ws/2004/09/enumeration/Pull", kV2 + "*",
                           "<x:Pull xmlns:x=\"urn:not-enumeration\"><x:EnumerationContext>c"
                           "</x:EnumerationContext></x:Pull>"));
  expect_fault(r, WsmanFault::kSchemaValidationError);
  auto soap11 = decode(
      "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><i:Identify "
      "xmlns:i=\"http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd\"/></s:Body>"
      "</s:Envelope>");
  EXPECT_NE(expect_fault(soap11, WsmanFault::kSchemaValidationError).find("SOAP 1.2"),
            std::string::npos);
}

TEST(RequestCodec, ToIsNeverValidated) {
  const std::string with_to =
      envelope("http://schemas.xmlsoap.org/ws/2004/09/transfer/Get", kV2 + "Msvm_X", "");
  std::string without_to = with_to;
  without_to.erase(without_to.find("<a:To>"),
                   without_to.find("</a:To>") + 7 - without_to.find("<a:To>"));
  auto a = decode(without_to);
  ASSERT_TRUE(a.ok()) << a.status().to_string();
  EXPECT_EQ(a->header.to, "");
  std::string wrong = with_to;
  wrong.replace(wrong.find("http://hv-01:5985/wsman"), 23, "urn:elsewhere ?! \xC3\xA9");
  auto b = decode(wrong);
  ASSERT_TRUE(b.ok()) << b.status().to_string();
  EXPECT_EQ(b->header.to, "urn:elsewhere ?! \xC3\xA9");
}

// --- refusals --------------------------------------------------------------------------------

TEST(RequestCodec, UnknownActionIsActionNotSupported) {
  for (const std::string& action : std::vector<std::string>{
           std::string("http://schemas.xmlsoap.org/ws/2004/09/transfer/Put"),
           std::string("http://schemas.xmlsoap.org/ws/2004/09/transfer/Create"),
           std::string("http://schemas.xmlsoap.org/ws/2004/09/enumeration/Renew"),
           std::string("urn:nonsense"), kV2 + "Msvm_OtherClass/Frob", kVsms + "/Not-A-Method",
           kVsms + "/", kVsms + "/A/B", kVsms}) {
    auto r = decode(envelope(action, kVsms, "<p:Frob_INPUT xmlns:p=\"" + kVsms + "\"/>"));
    const std::string message = expect_fault(r, WsmanFault::kActionNotSupported);
    EXPECT_NE(message.find(action), std::string::npos) << message;
  }
}

TEST(RequestCodec, MalformedShapesAreSchemaValidationErrors) {
  const std::string enumerate = "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Enumerate";
  const std::string pull = "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Pull";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"<s:Envelope" + kNamespaces + "><s:Header/></s:Envelope>", "no s:Body"},
      {"<s:Envelope" + kNamespaces + "><s:Body/><s:Body/></s:Envelope>", "unexpected element"},
      {"<s:Envelope" + kNamespaces + "><s:Body/><s:Header/></s:Envelope>", "unexpected element"},
      {"<s:Envelope" + kNamespaces + "><s:Header/><s:Body/></s:Envelope>", "no a:Action"},
      {envelope(enumerate, "", "<n:Enumerate/>"), "no w:ResourceURI"},
      {envelope(enumerate, kV2 + "*", ""), "n:Enumerate"},
      {envelope(enumerate, kV2 + "*",
                "<n:Enumerate><w:MaxElements>0</w:MaxElements></n:Enumerate>"),
       "w:MaxElements \"0\""},
      {envelope(enumerate, kV2 + "*",
                "<n:Enumerate><w:MaxElements>many</w:MaxElements></n:Enumerate>"),
       "not a positive count"},
      {envelope(enumerate, kV2 + "*",
                "<n:Enumerate><w:MaxElements>4294967296</w:MaxElements></n:Enumerate>"),
       "not a positive count"},
      {envelope(enumerate, kV2 + "*",
                "<n:Enumerate><w:EnumerationMode>EnumerateAll</w:EnumerationMode></n:Enumerate>"),
       "unknown w:EnumerationMode"},
      {envelope(pull, kV2 + "*", "<n:Pull/>"), "without n:EnumerationContext"},
      {envelope(pull, kV2 + "*",
                "<n:Pull><n:EnumerationContext>c</n:EnumerationContext><n:MaxElements>-1"
                "</n:MaxElements></n:Pull>"),
       "not a positive count"},
      {envelope("http://schemas.xmlsoap.org/ws/2004/09/enumeration/Release", kV2 + "*",
                "<n:Release/>"),
       "without n:EnumerationContext"},
      {envelope("http://schemas.xmlsoap.org/ws/2004/09/transfer/Get", kV2 + "X", "",
                "<w:MaxEnvelopeSize>big</w:MaxEnvelopeSize>"),
       "w:MaxEnvelopeSize"},
      {envelope("http://schemas.xmlsoap.org/ws/2004/09/transfer/Get", kV2 + "X", "",
                "<w:OperationTimeout>60</w:OperationTimeout>"),
       "w:OperationTimeout"},
      {envelope("http://schemas.xmlsoap.org/ws/2004/09/transfer/Get", kV2 + "X", "",
                "<w:SelectorSet><w:Selector>v</w:Selector></w:SelectorSet>"),
       "without a Name"},
      {envelope("http://schemas.xmlsoap.org/ws/2004/09/transfer/Get", kV2 + "X", "",
                "<w:SelectorSet><w:Other Name=\"a\"/></w:SelectorSet>"),
       "unexpected element"},
      {envelope("http://schemas.xmlsoap.org/ws/2004/09/transfer/Get", kV2 + "X", "",
                "<w:SelectorSet><w:Selector Name=\"a\"><b/></w:Selector></w:SelectorSet>"),
       "unexpected element"},
      {envelope(kVsms + "/Frob", kVsms, ""), "one Frob_INPUT element"},
      {envelope(kVsms + "/Frob", kVsms, "<p:Other_INPUT xmlns:p=\"" + kVsms + "\"/>"),
       "one Frob_INPUT element"},
      {envelope(kVsms + "/Frob", kVsms, "<p:Frob_INPUT xmlns:p=\"urn:elsewhere\"/>"),
       "one Frob_INPUT element"},
      {envelope(
           kVsms + "/Frob", kVsms,
           "<p:Frob_INPUT xmlns:p=\"" + kVsms + "\"/><p:Frob_INPUT xmlns:p=\"" + kVsms + "\"/>"),
       "one Frob_INPUT element"},
      {invoke_envelope("<q:Arg xmlns:q=\"urn:elsewhere\">1</q:Arg>"), "not in the namespace"},
      {invoke_envelope("<p:A>1</p:A><p:B>2</p:B><p:A>3</p:A>"), "appears twice, apart"},
      {invoke_envelope("<p:a-b>1</p:a-b>"), "not a CIM identifier"},
      {invoke_envelope("<p:caf\xC3\xA9>1</p:caf\xC3\xA9>"), "not a CIM identifier"},
      {invoke_envelope("<p:A><p:B>1</p:B></p:A>"), "holds elements"},
      {invoke_envelope("<p:A>x</p:A><p:A xsi:nil=\"true\" "
                       "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"/>"),
       "a null inside an array"},
      {invoke_envelope("<p:When><cim:Datetime xmlns:cim=\"http://schemas.dmtf.org/wbem/wscim/1/"
                       "common\">yesterday</cim:Datetime></p:When>"),
       "xs:dateTime"},
      {invoke_envelope("<p:R><a:ReferenceParameters><w:SelectorSet/></a:ReferenceParameters>"
                       "</p:R>"),
       "without w:ResourceURI"},
  };
  for (const auto& [xml, message_part] : cases) {
    const std::string message = expect_fault(decode(xml), WsmanFault::kSchemaValidationError);
    EXPECT_NE(message.find(message_part), std::string::npos)
        << "expected \"" << message_part << "\" in: " << message << "\nfor: " << xml;
  }
}

TEST(RequestCodec, TypedArgumentWithABadValueIsRefused) {
  const PropertyTyping typing = [](std::string_view name) -> std::optional<DeclaredType> {
    if (name == "Count") return DeclaredType{CimType::kUint16};
    if (name == "Ref") return DeclaredType{CimType::kReference};
    if (name == "Flag") return DeclaredType{CimType::kBoolean};
    return std::nullopt;
  };
  for (const std::string& args : std::vector<std::string>{
           "<p:Count>70000</p:Count>", "<p:Count>1</p:Count><p:Count>2</p:Count>",
           "<p:Ref>not a reference</p:Ref>", "<p:Flag>yes</p:Flag>",
           "<p:Count><cim:Datetime xmlns:cim=\"http://schemas.dmtf.org/"
           "wbem/wscim/1/common\">2013-04-29T11:43:11Z</cim:Datetime>"
           "</p:Count>"}) {
    expect_fault(decode(invoke_envelope(args), typing), WsmanFault::kSchemaValidationError);
  }
}

// Real hosts reject a REF parameter wrapped in a:EndpointReference with SchemaValidationError.
TEST(RequestCodec, EndpointReferenceWrapperIsRefused) {
  auto r = decode(invoke_envelope(
      "<p:PlannedSystem><a:EndpointReference><a:Address>http://schemas.xmlsoap.org/ws/2004/08/"
      "addressing/role/anonymous</a:Address><a:ReferenceParameters><w:ResourceURI>" +
      kV2 +
      "Msvm_PlannedComputerSystem</w:ResourceURI><w:SelectorSet><w:Selector Name=\"Name\">x"
      "</w:Selector></w:SelectorSet></a:ReferenceParameters></a:EndpointReference>"
      "</p:PlannedSystem>"));
  const std::string message = expect_fault(r, WsmanFault::kSchemaValidationError);
  EXPECT_NE(message.find("EndpointReference"), std::string::npos) << message;
  EXPECT_NE(message.find("PlannedSystem"), std::string::npos) << message;
}

// --- hostile input ---------------------------------------------------------------------------

TEST(RequestCodecHostile, BillionLaughsIsRefusedBeforeAnyExpansion) {
  std::string doc = "<?xml version=\"1.0\"?><!DOCTYPE s:Envelope [<!ENTITY lol \"lol\">";
  std::string previous = "lol";
  for (int i = 1; i <= 9; ++i) {
    const std::string name = "lol" + std::to_string(i);
    doc += "<!ENTITY " + name + " \"";
    for (int j = 0; j < 10; ++j) doc += "&" + previous + ";";
    doc += "\">";
    previous = name;
  }
  doc += "]>" + invoke_envelope("<p:A>&lol9;</p:A>");
  const auto start = std::chrono::steady_clock::now();
  const std::string message = expect_fault(decode(doc), WsmanFault::kSchemaValidationError);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
  EXPECT_NE(message.find("DOCTYPE"), std::string::npos) << message;
  EXPECT_EQ(message.find("lollol"), std::string::npos);
}

TEST(RequestCodecHostile, ExternalEntityNeverReadsTheFile) {
  const std::string passwd = read_file("/etc/passwd");
  ASSERT_FALSE(passwd.empty());
  const std::string first_line = passwd.substr(0, passwd.find('\n'));
  for (const std::string& doctype : std::vector<std::string>{
           "<!DOCTYPE s:Envelope [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>",
           "<!DOCTYPE s:Envelope [<!ENTITY xxe SYSTEM \"/etc/passwd\">]>",
           "<!DOCTYPE s:Envelope [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]>",
           "<!DOCTYPE s:Envelope SYSTEM \"file:///etc/passwd\">"}) {
    const std::string doc = doctype + invoke_envelope("<p:A>&xxe;</p:A>");
    const std::string message = expect_fault(decode(doc), WsmanFault::kSchemaValidationError);
    EXPECT_EQ(message.find(first_line), std::string::npos) << message;
    EXPECT_EQ(message.find("root:"), std::string::npos) << message;
  }
  // Without a DOCTYPE the entity is undeclared: not well-formed, nothing read.
  const std::string message =
      expect_fault(decode(invoke_envelope("<p:A>&xxe;</p:A>")), WsmanFault::kSchemaValidationError);
  EXPECT_EQ(message.find("root:"), std::string::npos) << message;
  // XInclude is never processed: the include element is just an unexpected child.
  auto xinclude = decode(invoke_envelope(
      "<p:A><xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"/etc/passwd\" "
      "parse=\"text\"/></p:A>"));
  EXPECT_EQ(expect_fault(xinclude, WsmanFault::kSchemaValidationError).find("root:"),
            std::string::npos);
}

TEST(RequestCodecHostile, AnyDoctypeIsRefused) {
  const std::string body =
      envelope("http://schemas.xmlsoap.org/ws/2004/09/transfer/Get", kV2 + "Msvm_X", "");
  for (const std::string& doctype :
       std::vector<std::string>{"<!DOCTYPE s:Envelope>", "<!DOCTYPE s:Envelope []>",
                                "<!DOCTYPE s:Envelope PUBLIC \"-//W3C//DTD XHTML 1.0//EN\" "
                                "\"http://127.0.0.1:1/x.dtd\">",
                                "<!DOCTYPE s:Envelope SYSTEM \"http://127.0.0.1:1/x.dtd\">",
                                "<!DOCTYPE s:Envelope [<!ATTLIST a:To x CDATA \"1\">]>"}) {
    for (const std::string& prolog :
         std::vector<std::string>{std::string(), std::string("<?xml version=\"1.0\"?>\n")}) {
      const std::string message =
          expect_fault(decode(prolog + doctype + body), WsmanFault::kSchemaValidationError);
      EXPECT_NE(message.find("DOCTYPE"), std::string::npos) << message;
    }
  }
}

TEST(RequestCodecHostile, DeepNestingIsRefusedQuickly) {
  for (int depth : {100, 300, 100000}) {
    std::string args;
    for (int i = 0; i < depth; ++i) args += "<p:A>";
    for (int i = 0; i < depth; ++i) args += "</p:A>";
    const std::string doc = invoke_envelope(args);
    const auto start = std::chrono::steady_clock::now();
    expect_fault(decode_request(doc, kUtf8, DecodeLimits{.max_envelope_size = 4 << 20}),
                 WsmanFault::kSchemaValidationError);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 2s) << depth;
  }
  // Unclosed nesting, too.
  std::string open = invoke_envelope("");
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "<x>";
  open.insert(open.find("</p:Frob_INPUT>"), deep);
  expect_fault(decode_request(open, kUtf8, DecodeLimits{.max_envelope_size = 4 << 20}),
               WsmanFault::kSchemaValidationError);
  // The limit is configurable, and a document within it decodes.
  std::string nested = "<p:Arg>";
  for (int i = 0; i < 20; ++i) nested += "<p:X>";
  for (int i = 0; i < 20; ++i) nested += "</p:X>";
  nested += "</p:Arg>";
  const std::string doc = invoke_envelope(nested);
  expect_fault(decode_request(doc, kUtf8, DecodeLimits{.max_depth = 10}),
               WsmanFault::kSchemaValidationError);
}

TEST(RequestCodecHostile, BodyOverTheLimitIsEncodingLimit) {
  const std::string doc = invoke_envelope("<p:A>x</p:A>");
  // Exactly at the limit decodes; one byte more is refused before parsing.
  ASSERT_TRUE(decode_request(doc, kUtf8, DecodeLimits{.max_envelope_size = doc.size()}).ok());
  const std::string message =
      expect_fault(decode_request(doc, kUtf8, DecodeLimits{.max_envelope_size = doc.size() - 1}),
                   WsmanFault::kEncodingLimit);
  EXPECT_NE(message.find("MaxEnvelopeSize"), std::string::npos) << message;
  // The default is a real host's 512000 bytes; a 100 MB body is refused at once.
  std::string padded =
      invoke_envelope("<p:A>" + std::string(512001 - (doc.size() - 1), 'x') + "</p:A>");
  ASSERT_GT(padded.size(), kDefaultMaxEnvelopeSize);
  expect_fault(decode(padded), WsmanFault::kEncodingLimit);
  const std::string head = invoke_envelope("<p:A>");
  std::string huge;
  huge.reserve(head.size() + (100 << 20) + 16);
  huge.append(head, 0, head.find("<p:A>") + 5).append(100 << 20, 'x').append("</p:A>");
  const auto start = std::chrono::steady_clock::now();
  expect_fault(decode(huge), WsmanFault::kEncodingLimit);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
  // UTF-16 counts as received (two bytes per unit).
  const std::string utf16 = from_utf8(doc, Charset::kUtf16LE);
  expect_fault(decode_request(utf16, kUtf8, DecodeLimits{.max_envelope_size = doc.size() + 10}),
               WsmanFault::kEncodingLimit);
}

TEST(RequestCodecHostile, EveryTruncationIsRefused) {
  const std::string doc = invoke_envelope(
      "<p:A>text &amp; more</p:A><p:R><a:Address>x</a:Address><a:ReferenceParameters>"
      "<w:ResourceURI>" +
      kV2 + "Msvm_X</w:ResourceURI></a:ReferenceParameters></p:R>");
  ASSERT_TRUE(decode(doc).ok());
  for (std::size_t n = 0; n < doc.size(); ++n) {
    auto r = decode(std::string_view(doc).substr(0, n));
    ASSERT_FALSE(r.ok()) << n;
    ASSERT_EQ(r.status().kind(), StatusKind::kFault) << n;
    ASSERT_EQ(r.status().fault()->subcode, "w:SchemaValidationError") << n;
  }
}

TEST(RequestCodecHostile, NonUtf8AndBadUtf16AreRefused) {
  const std::string doc = invoke_envelope("<p:A>caf\xC3\xA9</p:A>");
  ASSERT_TRUE(decode(doc).ok());
  std::string bad = doc;
  bad.replace(bad.find("caf") + 3, 2, "\xE9");  // Latin-1 é
  EXPECT_NE(expect_fault(decode(bad), WsmanFault::kSchemaValidationError).find("invalid UTF-8"),
            std::string::npos);
  // Declaring the Latin-1 charset does not help: only UTF-8 and UTF-16 are spoken.
  expect_fault(decode_request(bad, "application/soap+xml;charset=ISO-8859-1", DecodeLimits{}),
               WsmanFault::kEncodingLimit);
  // An XML declaration claiming another encoding is ignored (bytes are UTF-8).
  auto declared = decode("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>" + doc);
  ASSERT_TRUE(declared.ok()) << declared.status().to_string();
  EXPECT_EQ(*std::get<InvokeRequest>(declared->body).arguments[0].value.as_string(), "caf\xC3\xA9");
  // A NUL byte is not XML.
  std::string nul = doc;
  nul[nul.find("caf")] = '\0';
  expect_fault(decode(nul), WsmanFault::kSchemaValidationError);

  const std::string le = from_utf8(doc, Charset::kUtf16LE);
  ASSERT_TRUE(decode(le).ok());
  expect_fault(decode(le.substr(0, le.size() - 1)), WsmanFault::kSchemaValidationError);
  std::string lone = le;
  const std::size_t at = lone.size() - 8;
  lone[at] = '\x00';
  lone[at + 1] = '\xD8';  // a high surrogate followed by '>'... not a low one
  EXPECT_NE(expect_fault(decode(lone), WsmanFault::kSchemaValidationError).find("surrogate"),
            std::string::npos);
}

TEST(RequestCodecHostile, GarbageIsRefused) {
  for (const std::string& text :
       std::vector<std::string>{std::string(), std::string("   "), std::string("not xml"),
                                std::string("<"), std::string("<a/>"), std::string("<s:Envelope/>"),
                                std::string("\xFF\xFE"), std::string("\xEF\xBB\xBF"),
                                std::string("<?xml version=\"1.0\"?>"), std::string(1000, '<')}) {
    auto r = decode(text);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().kind(), StatusKind::kFault);
    ASSERT_TRUE(r.status().fault().has_value());
    EXPECT_EQ(r.status().fault()->subcode, "w:SchemaValidationError") << text;
  }
}

// --- encoding --------------------------------------------------------------------------------

TEST(RequestCodec, EncodesInWinrmExeStyle) {
  Request request;
  request.header.to = "http://hv-01:5985/wsman";
  request.header.resource_uri = kVsms;
  request.header.action = kVsms + "/RealizePlannedSystem";
  request.header.message_id = "uuid:1";
  request.header.max_envelope_size = 512000;
  request.header.operation_timeout = 60000ms;
  request.header.locale = "en-US";
  request.header.selectors = std::vector<Selector>{{"CreationClassName", std::string("Msvm_X")},
                                                   {"Name", std::string("vmms")}};
  ObjectPath planned{std::nullopt,
                     "root/virtualization/v2",
                     "Msvm_PlannedComputerSystem",
                     {{"Name", std::string("8FF5E6F3")}},
                     false};
  request.body = InvokeRequest{"RealizePlannedSystem", {{"PlannedSystem", CimValue(planned)}}};
  auto xml = encode_request(request);
  ASSERT_TRUE(xml.ok()) << xml.status().to_string();
  for (const std::string& part : std::vector<std::string>{
           "<a:To>http://hv-01:5985/wsman</a:To>",
           "<w:ResourceURI s:mustUnderstand=\"true\">" + kVsms + "</w:ResourceURI>",
           "<a:Action s:mustUnderstand=\"true\">" + kVsms + "/RealizePlannedSystem</a:Action>",
           std::string("<w:MaxEnvelopeSize s:mustUnderstand=\"true\">512000</w:MaxEnvelopeSize>"),
           std::string("<w:OperationTimeout>P0DT0H1M0.000000S</w:OperationTimeout>"),
           std::string("<w:Locale xml:lang=\"en-US\""),
           std::string("<w:Selector Name=\"Name\">vmms</w:Selector>"),
           "<p:RealizePlannedSystem_INPUT xmlns:p=\"" + kVsms + "\"><p:PlannedSystem><a:Address>",
           std::string(
               "</a:ReferenceParameters></p:PlannedSystem></p:RealizePlannedSystem_INPUT>")}) {
    EXPECT_NE(xml->find(part), std::string::npos) << part << "\nin: " << *xml;
  }
  EXPECT_EQ(xml->find("EndpointReference"), std::string::npos);
  auto back = decode(*xml, [](std::string_view) -> std::optional<DeclaredType> {
    return DeclaredType{CimType::kReference};
  });
  ASSERT_TRUE(back.ok()) << back.status().to_string();
  EXPECT_EQ(*back, request);
}

TEST(RequestCodec, IdentifyEncodesAsTheBareBody) {
  auto xml = encode_request(Request{{}, IdentifyRequest{}});
  ASSERT_TRUE(xml.ok());
  EXPECT_NE(xml->find("<s:Header></s:Header><s:Body><wsmid:Identify"), std::string::npos) << *xml;
  EXPECT_EQ(decode(*xml).value(), (Request{{}, IdentifyRequest{}}));
}

TEST(RequestCodec, EncodeRefusesWhatXmlCannotCarry) {
  Request base;
  base.header.resource_uri = kVsms;
  base.header.action = kVsms + "/Frob";
  auto refused = [&](Request r, std::string_view message_part) {
    auto xml = encode_request(r);
    ASSERT_FALSE(xml.ok());
    EXPECT_EQ(xml.status().kind(), StatusKind::kInvalidArgument);
    EXPECT_NE(xml.status().message().find(message_part), std::string::npos)
        << xml.status().message();
  };
  Request r = base;
  r.body = InvokeRequest{"Frob", {{"A", CimValue("bell \x07")}}};
  refused(r, "cannot be carried by XML");
  r.body = InvokeRequest{"Frob", {{"A", CimValue("bad \xC3")}}};
  refused(r, "invalid UTF-8");
  r.body = InvokeRequest{"Frob", {{"A b", CimValue("x")}}};
  refused(r, "not an identifier");
  r.body = InvokeRequest{"Fr-ob", {}};
  refused(r, "not an identifier");
  r.body = InvokeRequest{"Frob", {{"C", CimValue(char16_t{0xD800})}}};
  refused(r, "");
  r.body = GetRequest{};
  r.header.message_id = "uuid:\x01";
  refused(r, "cannot be carried by XML");
  r = base;
  r.body = GetRequest{};
  r.header.selectors = std::vector<Selector>{{"K", std::string("\x02")}};
  refused(r, "selector K");
  r = base;
  r.body = InvokeRequest{
      "Frob", {{"When", CimValue(Datetime(Timestamp{TimePoint(std::chrono::years(-3000)), 0}))}}};
  refused(r, "year");
}

}  // namespace
}  // namespace wmi::wsman
