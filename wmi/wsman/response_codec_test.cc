// encode_response / decode_response: the shapes real hosts send (one per operation), actions and
// HTTP statuses, typed reading, fault details (nested ProviderFault, MSFT_WmiError), and hostile
// responses refused as kProtocol.
#include "wmi/wsman/response_codec.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "wmi/cim/wsman_faults.h"

namespace wmi::wsman {
namespace {

const std::string kV2 = "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/virtualization/v2/";
constexpr std::string_view kUtf8 = "application/soap+xml;charset=UTF-8";

const std::string kNamespaces =
    " xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\""
    " xmlns:a=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\""
    " xmlns:n=\"http://schemas.xmlsoap.org/ws/2004/09/enumeration\""
    " xmlns:w=\"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd\"";

std::string response_envelope(std::string_view action, std::string_view body) {
  return "<s:Envelope xml:lang=\"en-US\"" + kNamespaces + "><s:Header><a:Action>" +
         std::string(action) +
         "</a:Action><a:MessageID>uuid:1</a:MessageID><a:To>http://schemas.xmlsoap.org/ws/2004/"
         "08/addressing/role/anonymous</a:To><a:RelatesTo>uuid:0</a:RelatesTo></s:Header><s:Body>" +
         std::string(body) + "</s:Body></s:Envelope>";
}

Result<Response> decode(std::string_view bytes, const InstanceTyping& typing = {}) {
  return decode_response(bytes, kUtf8, DecodeLimits{}, typing);
}

std::string expect_protocol(const Result<Response>& r) {
  EXPECT_FALSE(r.ok());
  if (r.ok()) return "";
  EXPECT_EQ(r.status().kind(), StatusKind::kProtocol) << r.status().to_string();
  return r.status().message();
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Encodes, checks that `parts` appear in order, decodes with `typing`, returns the decoded value.
Response encode_decode(const Response& response, const std::vector<std::string>& parts,
                       const InstanceTyping& typing = {}) {
  auto xml = encode_response(response);
  EXPECT_TRUE(xml.ok()) << xml.status().to_string();
  if (!xml.ok()) return {};
  std::size_t at = 0;
  for (const std::string& part : parts) {
    const std::size_t found = xml->find(part, at);
    EXPECT_NE(found, std::string::npos) << "missing (in order) " << part << "\nin: " << *xml;
    if (found != std::string::npos) at = found + part.size();
  }
  auto back = decode(*xml, typing);
  EXPECT_TRUE(back.ok()) << back.status().to_string() << "\n" << *xml;
  return back.ok() ? *back : Response{};
}

ObjectPath vm_path(std::string name) {
  return ObjectPath{
      std::nullopt,
      "root/virtualization/v2",
      "Msvm_ComputerSystem",
      {{"CreationClassName", std::string("Msvm_ComputerSystem")}, {"Name", std::move(name)}},
      false};
}

Instance vm(std::string name) {
  return Instance(
      "Msvm_ComputerSystem", "root/virtualization/v2",
      {{"Name", CimValue(name)},
       {"EnabledState", CimValue(std::uint16_t{2})},
       {"Notes", CimValue::array(CimType::kString, {std::string("a"), std::string("")}).value()},
       {"OnTimeInMilliseconds", CimValue::null(CimType::kUint64)}});
}

const InstanceTyping kVmTyping = [](std::string_view owner,
                                    std::string_view name) -> std::optional<DeclaredType> {
  if (owner != "Msvm_ComputerSystem") return std::nullopt;
  if (name == "EnabledState") return DeclaredType{CimType::kUint16};
  if (name == "Notes") return DeclaredType{CimType::kString, true};
  if (name == "OnTimeInMilliseconds") return DeclaredType{CimType::kUint64};
  return std::nullopt;
};

// --- each operation's shape -------------------------------------------------------------------

// The shape Windows answers an Identify with (DSP0226 §11; constructed, no public capture).
TEST(ResponseCodec, IdentifyReadsWindowsShape) {
  auto r = decode(
      "<s:Envelope xml:lang=\"en-US\" xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\">"
      "<s:Header/><s:Body><wsmid:IdentifyResponse "
      "xmlns:wsmid=\"http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd\">"
      "<wsmid:ProtocolVersion>http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"
      "</wsmid:ProtocolVersion><wsmid:ProductVendor>Microsoft Corporation</wsmid:ProductVendor>"
      "<wsmid:ProductVersion>OS: 10.0.17763 SP: 0.0 Stack: 3.0</wsmid:ProductVersion>"
      "<wsmid:SecurityProfiles><wsmid:SecurityProfileName>http://schemas.dmtf.org/wbem/wsman/1/"
      "wsman/secprofile/http/spnego-kerberos</wsmid:SecurityProfileName></wsmid:SecurityProfiles>"
      "</wsmid:IdentifyResponse></s:Body></s:Envelope>");
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  const auto& id = std::get<IdentifyResponse>(r->body);
  EXPECT_EQ(id.identity.protocol_version, "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd");
  EXPECT_EQ(id.identity.product_vendor, "Microsoft Corporation");
  EXPECT_EQ(id.identity.product_version, "OS: 10.0.17763 SP: 0.0 Stack: 3.0");
  ASSERT_EQ(id.security_profiles.size(), 1u);
  EXPECT_EQ(r->message_id, "");
  const Response again =
      encode_decode(*r, {"<s:Header></s:Header>", "<wsmid:IdentifyResponse",
                         "<wsmid:ProtocolVersion>", "<wsmid:SecurityProfileName>"});
  EXPECT_EQ(again, *r);
  EXPECT_EQ(response_action(*r), "");
  EXPECT_EQ(http_status(*r), 200);
}

// An Identify answer with message ids (a decoded one may have them) writes them back.
TEST(ResponseCodec, IdentifyWithMessageIdsRoundTrips) {
  const Response identify{"uuid:2", "uuid:1", IdentifyResponse{{"p", "v", "1"}, {}}};
  const Response back = encode_decode(
      identify, {"<a:MessageID>uuid:2</a:MessageID>", "<a:RelatesTo>uuid:1</a:RelatesTo>"});
  EXPECT_EQ(back, identify);
}

// A lower-case returnvalue is the ReturnValue (CIM names ignore case), and names that are not CIM
// identifiers are refused: nothing is read that could not be written back.
TEST(ResponseCodec, OutputNamesFollowCimRules) {
  const std::string uri = kV2 + "Msvm_X";
  auto lower = decode(response_envelope(
      uri + "/FrobResponse",
      "<p:Frob_OUTPUT xmlns:p=\"" + uri + "\"><p:returnvalue>5</p:returnvalue></p:Frob_OUTPUT>"));
  ASSERT_TRUE(lower.ok()) << lower.status().to_string();
  EXPECT_EQ(std::get<InvokeResponse>(lower->body).result, (MethodResult{5, {}}));
  expect_protocol(decode(response_envelope(
      uri + "/Fr-obResponse", "<p:Fr-ob_OUTPUT xmlns:p=\"" + uri +
                                  "\"><p:ReturnValue>0</p:ReturnValue></p:Fr-ob_OUTPUT>")));
  expect_protocol(decode(response_envelope(uri + "/FrobResponse",
                                           "<p:Frob_OUTPUT xmlns:p=\"" + uri +
                                               "\"><p:a-b>1</p:a-b><p:ReturnValue>0</p:ReturnValue>"
                                               "</p:Frob_OUTPUT>")));
  expect_protocol(decode(response_envelope(
      kActionGetResponse, "<p:C-1 xmlns:p=\"" + kV2 + "C-1\"><p:A>1</p:A></p:C-1>")));
}

TEST(ResponseCodec, GetIsOneInstanceElementInTheClassNamespace) {
  const Response get{"uuid:2", "uuid:1", GetResponse{vm("sql-01")}};
  const Response back = encode_decode(
      get,
      {"<a:Action>http://schemas.xmlsoap.org/ws/2004/09/transfer/GetResponse</a:Action>",
       "<a:RelatesTo>uuid:1</a:RelatesTo>",
       "<p:Msvm_ComputerSystem xmlns:p=\"" + kV2 +
           "Msvm_ComputerSystem\" xsi:type=\"p:Msvm_ComputerSystem_Type\">",
       "<p:Name>sql-01</p:Name>", "<p:EnabledState>2</p:EnabledState>", "<p:Notes>a</p:Notes>",
       "<p:Notes></p:Notes>", "<p:OnTimeInMilliseconds xsi:nil=\"true\"/>"},
      kVmTyping);
  EXPECT_EQ(back, get);
  EXPECT_EQ(http_status(get), 200);
  // Untyped, everything reads back as text; one element as a scalar.
  auto untyped = decode(encode_response(get).value());
  const Instance& i = std::get<GetResponse>(untyped->body).instance;
  EXPECT_EQ(*i.find("EnabledState"), CimValue("2"));
  EXPECT_EQ(*i.find("OnTimeInMilliseconds"), CimValue::null(CimType::kString));
  // The instance's path is not carried (the request's selectors name it).
  Response with_path = get;
  Instance pathed = vm("sql-01");
  pathed.set_path(vm_path("sql-01"));
  with_path.body = GetResponse{pathed};
  EXPECT_EQ(encode_decode(with_path, {}, kVmTyping), get);
}

// A class whose name ends in _OUTPUT is still a Get answer when the action says so.
TEST(ResponseCodec, GetOfAClassNamedLikeAnOutput) {
  const Response get{"uuid:2", "uuid:1",
                     GetResponse{Instance("Legacy_OUTPUT", "root/cimv2", {{"A", "x"}})}};
  EXPECT_EQ(encode_decode(get, {"<p:Legacy_OUTPUT"}), get);
}

TEST(ResponseCodec, EnumerateWithInlineItemsInEachMode) {
  EnumerateResponse objects{
      "uuid:ctx", {{vm("a"), std::nullopt}, {vm("b"), std::nullopt}}, true, false};
  const Response r1{"uuid:2", "uuid:1", objects};
  EXPECT_EQ(encode_decode(r1,
                          {"<n:EnumerateResponse><n:EnumerationContext>uuid:ctx",
                           "<w:Items><p:Msvm_ComputerSystem", "<p:Name>a</p:Name>",
                           "<p:Name>b</p:Name>", "</w:Items></n:EnumerateResponse>"},
                          kVmTyping),
            r1);
  EnumerateResponse eprs{"", {{std::nullopt, vm_path("a")}}, true, true};
  const Response r2{"uuid:2", "uuid:1", eprs};
  EXPECT_EQ(encode_decode(r2, {"<w:Items><a:EndpointReference><a:Address>",
                               "<w:Selector Name=\"Name\">a</w:Selector>",
                               "</a:EndpointReference></w:Items><w:EndOfSequence/>"}),
            r2);
  EnumerateResponse both{"c", {{vm("a"), vm_path("a")}}, true, false};
  const Response r3{"uuid:2", "uuid:1", both};
  EXPECT_EQ(encode_decode(r3,
                          {"<w:Items><w:Item><p:Msvm_ComputerSystem",
                           "</p:Msvm_ComputerSystem><a:EndpointReference>",
                           "</a:EndpointReference></w:Item></w:Items>"},
                          kVmTyping),
            r3);
  // Without OptimizeEnumeration: only the context.
  const Response r4{"uuid:2", "uuid:1", EnumerateResponse{"c", {}, false, false}};
  const Response back = encode_decode(r4, {"<n:EnumerationContext>c</n:EnumerationContext>"});
  EXPECT_EQ(back, r4);
  EXPECT_EQ(encode_response(r4)->find("Items"), std::string::npos);
  EXPECT_EQ(response_action(r4), std::string(kActionEnumerateResponse));
}

TEST(ResponseCodec, PullAndRelease) {
  const Response pull{"uuid:2", "uuid:1", PullResponse{"", {{vm("a"), std::nullopt}}, true}};
  EXPECT_EQ(encode_decode(pull,
                          {"<n:PullResponse><n:Items><p:Msvm_ComputerSystem",
                           "</n:Items><n:EndOfSequence/></n:PullResponse>"},
                          kVmTyping),
            pull);
  EXPECT_EQ(encode_response(pull)->find("EnumerationContext"), std::string::npos);
  const Response more{"uuid:2", "uuid:1", PullResponse{"uuid:ctx", {}, false}};
  EXPECT_EQ(encode_decode(more, {"<n:EnumerationContext>uuid:ctx</n:EnumerationContext>",
                                 "<n:Items></n:Items></n:PullResponse>"}),
            more);
  const Response release{"uuid:2", "uuid:1", ReleaseResponse{}};
  EXPECT_EQ(encode_decode(release, {"ReleaseResponse</a:Action>", "<s:Body></s:Body>"}), release);
  // An empty body means Release only when the action says so.
  expect_protocol(decode(response_envelope(kActionGetResponse, "")));
}

TEST(ResponseCodec, InvokeOutputListsOutParametersThenReturnValue) {
  const std::string uri = kV2 + "Msvm_CollectionReferencePointService";
  const Response invoke{
      "uuid:2", "uuid:1",
      InvokeResponse{uri,
                     "CreateReferencePoint",
                     {4096,
                      {{"Job", CimValue(ObjectPath{std::nullopt,
                                                   "root/virtualization/v2",
                                                   "Msvm_ConcreteJob",
                                                   {{"InstanceID", std::string("J1")}},
                                                   false})},
                       {"ResultingReferencePoint", CimValue::null(CimType::kReference)}}}}};
  const InstanceTyping typing = [](std::string_view owner,
                                   std::string_view) -> std::optional<DeclaredType> {
    if (owner == "CreateReferencePoint") return DeclaredType{CimType::kReference};
    return std::nullopt;
  };
  EXPECT_EQ(encode_decode(invoke,
                          {"<a:Action>" + uri + "/CreateReferencePointResponse</a:Action>",
                           "<p:CreateReferencePoint_OUTPUT xmlns:p=\"" + uri + "\">",
                           "<p:Job><a:Address>", "<p:ResultingReferencePoint xsi:nil=\"true\"/>",
                           "<p:ReturnValue>4096</p:ReturnValue></p:CreateReferencePoint_OUTPUT>"},
                          typing),
            invoke);
  // ReturnValue may come first on the wire; it is still the return value.
  auto early = decode(response_envelope(uri + "/FrobResponse",
                                        "<p:Frob_OUTPUT xmlns:p=\"" + uri +
                                            "\"><p:ReturnValue>32775</p:ReturnValue><p:X>1</p:X>"
                                            "</p:Frob_OUTPUT>"));
  ASSERT_TRUE(early.ok()) << early.status().to_string();
  EXPECT_EQ(std::get<InvokeResponse>(early->body).result.return_value, 32775u);
  EXPECT_EQ(std::get<InvokeResponse>(early->body).result.out, (PropertyList{{"X", CimValue("1")}}));
}

TEST(ResponseCodec, InvokeOutputRefusals) {
  const std::string uri = kV2 + "Msvm_X";
  auto output = [&](std::string_view action, std::string_view inner) {
    return decode(response_envelope(action, "<p:Frob_OUTPUT xmlns:p=\"" + uri + "\">" +
                                                std::string(inner) + "</p:Frob_OUTPUT>"));
  };
  EXPECT_NE(expect_protocol(output(uri + "/FrobResponse", "<p:X>1</p:X>")).find("ReturnValue"),
            std::string::npos);
  expect_protocol(output(uri + "/FrobResponse", "<p:ReturnValue>-1</p:ReturnValue>"));
  expect_protocol(output(uri + "/FrobResponse", "<p:ReturnValue>4294967296</p:ReturnValue>"));
  expect_protocol(output(uri + "/FrobResponse",
                         "<p:ReturnValue xsi:nil=\"true\" xmlns:xsi=\"http://www.w3.org/2001/"
                         "XMLSchema-instance\"/>"));
  expect_protocol(output(uri + "/OtherResponse", "<p:ReturnValue>0</p:ReturnValue>"));
  expect_protocol(output(uri + "/FrobResponse",
                         "<p:ReturnValue>0</p:ReturnValue><p:ReturnValue>1</p:ReturnValue>"));
  // Encoding refuses an out-parameter named ReturnValue (any case).
  for (const char* name : {"ReturnValue", "returnvalue"}) {
    auto xml = encode_response(
        Response{"", "", InvokeResponse{uri, "Frob", {0, {{name, CimValue("x")}}}}});
    ASSERT_FALSE(xml.ok());
    EXPECT_EQ(xml.status().kind(), StatusKind::kInvalidArgument);
  }
}

// --- faults ----------------------------------------------------------------------------------

TEST(ResponseCodec, FaultShapeActionAndStatus) {
  const Status status = wsman_fault(WsmanFault::kInvalidSelectors, "no such key \"Nam\"");
  const Response fault{"uuid:2", "uuid:1", fault_response(status, "hv-01")};
  EXPECT_EQ(http_status(fault), 500);
  EXPECT_EQ(response_action(fault), std::string(kActionWsmanFault));
  const Response back = encode_decode(
      fault, {"<a:Action>http://schemas.dmtf.org/wbem/wsman/1/wsman/fault</a:Action>",
              "<s:Fault><s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value>w:InvalidSelectors"
              "</s:Value></s:Subcode></s:Code><s:Reason><s:Text xml:lang=\"en-US\">"
              "no such key \"Nam\"</s:Text></s:Reason><s:Detail>",
              "Code=\"2150858813\" Machine=\"hv-01\"><f:Message>no such key \"Nam\"</f:Message>"
              "</f:WSManFault></s:Detail></s:Fault>"});
  EXPECT_EQ(back, fault);
  EXPECT_EQ(std::get<FaultResponse>(back.body).detail, *status.fault());
  // The action follows the subcode's namespace.
  auto action_of = [](WsmanFault f) {
    return response_action(Response{"", "", fault_response(wsman_fault(f, "m"), "")});
  };
  EXPECT_EQ(action_of(WsmanFault::kDestinationUnreachable), std::string(kActionAddressingFault));
  EXPECT_EQ(action_of(WsmanFault::kActionNotSupported), std::string(kActionAddressingFault));
  EXPECT_EQ(action_of(WsmanFault::kCannotProcessFilter), std::string(kActionEnumerationFault));
  EXPECT_EQ(action_of(WsmanFault::kInvalidEnumerationContext),
            std::string(kActionEnumerationFault));
  EXPECT_EQ(action_of(WsmanFault::kEncodingLimit), std::string(kActionWsmanFault));
}

TEST(ResponseCodec, FaultResponseOfANonFaultStatusIsInternalError) {
  const FaultResponse f = fault_response(not_found("gone"), "m");
  EXPECT_EQ(f.detail, *wsman_fault(WsmanFault::kInternalError, "gone").fault());
  EXPECT_EQ(f.machine, "m");
  EXPECT_EQ(f.detail.message, "gone");
}

// The subcode is a QName: read through its in-scope namespace, written with the usual prefix.
TEST(ResponseCodec, FaultSubcodeIsResolvedByNamespace) {
  const std::string body =
      "<env:Fault xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\" "
      "xmlns:wsman=\"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd\" "
      "xmlns:en=\"http://schemas.xmlsoap.org/ws/2004/09/enumeration\"><env:Code><env:Value>"
      "env:Receiver</env:Value><env:Subcode><env:Value> en:InvalidEnumerationContext "
      "</env:Value></env:Subcode></env:Code><env:Reason><env:Text>expired</env:Text>"
      "</env:Reason></env:Fault>";
  auto r = decode(response_envelope(kActionEnumerationFault, body));
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  const auto& f = std::get<FaultResponse>(r->body);
  EXPECT_EQ(f.detail.code, "s:Receiver");
  EXPECT_EQ(f.detail.subcode, "n:InvalidEnumerationContext");
  EXPECT_EQ(f.detail.message, "expired");
  EXPECT_EQ(f.detail.wsman_code, 0u);
  EXPECT_EQ(wsman_fault_of(f.detail), WsmanFault::kInvalidEnumerationContext);
  // "w" bound to the enumeration namespace here: the subcode is n:…, not w:….
  auto tricky = decode(response_envelope(
      kActionEnumerationFault,
      "<s:Fault xmlns:w=\"http://schemas.xmlsoap.org/ws/2004/09/enumeration\"><s:Code><s:Value>"
      "s:Sender</s:Value><s:Subcode><s:Value>w:CannotProcessFilter</s:Value></s:Subcode>"
      "</s:Code></s:Fault>"));
  ASSERT_TRUE(tricky.ok()) << tricky.status().to_string();
  EXPECT_EQ(std::get<FaultResponse>(tricky->body).detail.subcode, "n:CannotProcessFilter");
  expect_protocol(decode(response_envelope(kActionWsmanFault, "<s:Fault/>")));
}

// Newer hosts put an MSFT_WmiError instance in the detail instead of f:WSManFault: its Message is
// the message and its error_Code the WS-Man code.
TEST(ResponseCodec, MsftWmiErrorDetail) {
  auto r = decode(response_envelope(
      kActionWsmanFault,
      "<s:Fault><s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value>w:InvalidParameter"
      "</s:Value></s:Subcode></s:Code><s:Reason><s:Text>generic</s:Text></s:Reason><s:Detail>"
      "<p:MSFT_WmiError xmlns:p=\"http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/"
      "MSFT_WmiError\"><p:CIMStatusCode>4</p:CIMStatusCode><p:Message> The value is out of "
      "range. </p:Message><p:error_Code>2150858810</p:error_Code></p:MSFT_WmiError>"
      "</s:Detail></s:Fault>"));
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  const auto& f = std::get<FaultResponse>(r->body);
  EXPECT_EQ(f.detail.subcode, "w:InvalidParameter");
  EXPECT_EQ(f.detail.message, "The value is out of range.");
  EXPECT_EQ(f.detail.wsman_code, 2150858810u);
  EXPECT_EQ(encode_decode(*r, {}), *r);
}

// --- reading by namespace; refusals -----------------------------------------------------------

TEST(ResponseCodec, ItemsInAnotherPrefixAndDefaultNamespaces) {
  const std::string doc =
      "<Envelope xmlns=\"http://www.w3.org/2003/05/soap-envelope\"><Header><Action "
      "xmlns=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\">" +
      std::string(kActionPullResponse) +
      "</Action></Header><Body><PullResponse "
      "xmlns=\"http://schemas.xmlsoap.org/ws/2004/09/enumeration\"><Items><Msvm_ComputerSystem "
      "xmlns=\"" +
      kV2 +
      "Msvm_ComputerSystem\"><Name>a</Name><EnabledState>3</EnabledState></Msvm_ComputerSystem>"
      "</Items><EndOfSequence/></PullResponse></Body></Envelope>";
  auto r = decode(doc, kVmTyping);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  const auto& pull = std::get<PullResponse>(r->body);
  EXPECT_TRUE(pull.end_of_sequence);
  ASSERT_EQ(pull.items.size(), 1u);
  EXPECT_EQ(pull.items[0].object->namespace_name(), "root/virtualization/v2");
  EXPECT_EQ(*pull.items[0].object->find("EnabledState"), CimValue(std::uint16_t{3}));
}

TEST(ResponseCodec, MalformedResponsesAreProtocolErrors) {
  const std::string uri = kV2 + "Msvm_ComputerSystem";
  for (const std::string& doc : std::vector<std::string>{
           std::string(),
           std::string("<html><body>502 Bad Gateway</body></html>"),
           "<s:Envelope" + kNamespaces + "><s:Header/></s:Envelope>",
           response_envelope(kActionGetResponse, ""),
           response_envelope("urn:other", "<p:Msvm_ComputerSystem xmlns:p=\"" + uri + "\"/>"),
           response_envelope(kActionGetResponse,
                             "<p:Msvm_ComputerSystem xmlns:p=\"" + uri +
                                 "\"><p:A><p:B/></p:A></p:Msvm_ComputerSystem>"),
           response_envelope(kActionPullResponse,
                             "<n:PullResponse><n:Items><a:EndpointReference><a:Address>x"
                             "</a:Address></a:EndpointReference></n:Items></n:PullResponse>"),
           response_envelope(kActionPullResponse,
                             "<n:PullResponse><n:Items><a:EndpointReference><a:Address>x"
                             "</a:Address><a:ReferenceParameters><w:ResourceURI>urn:not-wmi"
                             "</w:ResourceURI></a:ReferenceParameters></a:EndpointReference>"
                             "</n:Items></n:PullResponse>"),
       }) {
    expect_protocol(decode(doc));
  }
}

TEST(ResponseCodecHostile, DoctypeEntitiesDepthSizeAndTruncation) {
  const std::string passwd = read_file("/etc/passwd");
  const std::string get =
      response_envelope(kActionGetResponse, "<p:C xmlns:p=\"" + kV2 + "C\"><p:A>&xxe;</p:A></p:C>");
  for (const std::string& doctype : std::vector<std::string>{
           "<!DOCTYPE s:Envelope [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>",
           "<!DOCTYPE s:Envelope [<!ENTITY lol \"lol\"><!ENTITY xxe \"&lol;&lol;&lol;\">]>",
           "<!DOCTYPE s:Envelope>"}) {
    const std::string message = expect_protocol(decode(doctype + get));
    EXPECT_NE(message.find("DOCTYPE"), std::string::npos) << message;
    EXPECT_EQ(message.find(passwd.substr(0, passwd.find('\n'))), std::string::npos);
  }
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "<p:A>";
  expect_protocol(decode_response(response_envelope(kActionGetResponse, deep), kUtf8,
                                  DecodeLimits{.max_envelope_size = 4 << 20}));
  const std::string ok =
      response_envelope(kActionGetResponse, "<p:C xmlns:p=\"" + kV2 + "C\"><p:A>1</p:A></p:C>");
  ASSERT_TRUE(decode(ok).ok());
  expect_protocol(decode_response(ok, kUtf8, DecodeLimits{.max_envelope_size = ok.size() - 1}));
  for (std::size_t n = 0; n < ok.size(); ++n) {
    ASSERT_FALSE(decode(std::string_view(ok).substr(0, n)).ok()) << n;
  }
  std::string latin1 = ok;
  latin1.replace(latin1.find(">1<") + 1, 1, "\xE9");
  expect_protocol(decode(latin1));
}

// UTF-16 responses (either order) read the same as UTF-8.
TEST(ResponseCodec, Utf16ResponsesReadTheSame) {
  const Response get{"uuid:2", "uuid:1", GetResponse{vm("s\xC3\xA9rvice \xF0\x9F\x98\x80")}};
  const std::string xml = encode_response(get).value();
  for (Charset c : {Charset::kUtf16LE, Charset::kUtf16BE}) {
    auto back = decode_response(from_utf8(xml, c), soap_content_type(c), DecodeLimits{}, kVmTyping);
    ASSERT_TRUE(back.ok()) << back.status().to_string();
    EXPECT_EQ(*back, get);
  }
}

TEST(ResponseCodec, EncodeRefusesWhatXmlCannotCarry) {
  auto refused = [](const Response& r) {
    auto xml = encode_response(r);
    EXPECT_FALSE(xml.ok());
    if (!xml.ok()) {
      EXPECT_EQ(xml.status().kind(), StatusKind::kInvalidArgument);
    }
  };
  refused(Response{"", "", GetResponse{Instance("Bad-Name", "root/cimv2", {})}});
  refused(Response{"", "", GetResponse{Instance("C", "", {})}});
  refused(Response{"", "", GetResponse{Instance("C", "root//x", {})}});
  refused(Response{"", "", GetResponse{Instance("C", "root/cimv2", {{"A", "\x01"}})}});
  refused(Response{"\x02", "", ReleaseResponse{}});
  refused(Response{"", "", PullResponse{"", {EnumerationItem{}}, true}});
  refused(Response{"", "", InvokeResponse{"urn:x", "not valid", {}}});
  FaultResponse f = fault_response(wsman_fault(WsmanFault::kTimedOut, "late \x03"), "m");
  refused(Response{"", "", f});
}

}  // namespace
}  // namespace wmi::wsman
