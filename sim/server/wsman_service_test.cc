// WsmanService against a simulated host, through the real codec: each operation's answer shape,
// each documented fault, and that a refused request changes nothing.
#include "sim/server/wsman_service.h"

#include <gtest/gtest.h>

#include "sim/host/host_test_support.h"
#include "wmi/cim/wsman_faults.h"
#include "wmi/wsman/request_codec.h"
#include "wmi/wsman/response_codec.h"

namespace sim::server {
namespace {

namespace ws = wmi::wsman;
using host::test::kSql01;

constexpr std::string_view kV2Uri =
    "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/virtualization/v2/";
const std::string kSoap = "application/soap+xml;charset=UTF-8";

struct Fixture {
  explicit Fixture(WsmanServiceOptions options = {}, host::test::HostSetup setup = {})
      : host(host::test::make_host(std::move(setup))),
        service(std::shared_ptr<wmi::Connection>(host.get(), [](wmi::Connection*) {}),
                std::move(options)) {}

  // Sends `request` and decodes the answer; the HTTP status lands in `status`.
  ws::Response send(const ws::Request& request, int* status = nullptr) {
    auto body = ws::encode_request(request);
    EXPECT_TRUE(body.ok()) << body.status().to_string();
    return send_raw(*body, kSoap, status);
  }
  ws::Response send_raw(const std::string& body, const std::string& content_type,
                        int* status = nullptr) {
    HttpResponse http = service.handle(HttpRequest{"/wsman", content_type, body, "tester", false});
    if (status) *status = http.status;
    auto response = ws::decode_response(http.body, http.content_type, ws::DecodeLimits{});
    EXPECT_TRUE(response.ok()) << response.status().to_string() << "\n" << http.body;
    return response.ok() ? *response : ws::Response{};
  }

  std::unique_ptr<host::Host> host;
  WsmanService service;
};

ws::Request request(std::string resource, std::string action, ws::RequestBody body,
                    std::optional<std::vector<wmi::Selector>> selectors = std::nullopt) {
  ws::RequestHeader header;
  header.to = "http://127.0.0.1:5985/wsman";
  header.resource_uri = std::move(resource);
  header.action = std::move(action);
  header.message_id = "uuid:11111111-2222-4333-8444-555555555555";
  header.selectors = std::move(selectors);
  header.max_envelope_size = 512000;
  return ws::Request{std::move(header), std::move(body)};
}

std::string uri(std::string_view class_name) {
  return std::string(kV2Uri) + std::string(class_name);
}

ws::Request enumerate(std::string wql, bool optimize = false,
                      std::optional<std::uint32_t> max = {}) {
  ws::EnumerateRequest body;
  body.filter_dialect = std::string(ws::kWqlDialect);
  body.filter = std::move(wql);
  body.optimize = optimize;
  body.max_elements = max;
  return request(uri("*"), std::string(ws::kActionEnumerate), body);
}

std::string subcode(const ws::Response& response) {
  const auto* fault = std::get_if<ws::FaultResponse>(&response.body);
  return fault ? fault->detail.subcode : "(no fault)";
}

// Every item of an enumeration, pulling `max` at a time.
std::vector<ws::EnumerationItem> enumerate_all(Fixture& f, const std::string& wql,
                                               std::uint32_t max, int* pulls = nullptr) {
  ws::Response first = f.send(enumerate(wql, true, max));
  auto* start = std::get_if<ws::EnumerateResponse>(&first.body);
  EXPECT_NE(start, nullptr) << subcode(first);
  if (!start) return {};
  std::vector<ws::EnumerationItem> items = start->items;
  std::string context = start->context;
  bool done = start->end_of_sequence;
  for (int i = 0; !done && i < 1000; ++i) {
    ws::Response next =
        f.send(request(uri("*"), std::string(ws::kActionPull), ws::PullRequest{context, max}));
    auto* pull = std::get_if<ws::PullResponse>(&next.body);
    EXPECT_NE(pull, nullptr) << subcode(next);
    if (!pull) break;
    EXPECT_LE(pull->items.size(), max);
    items.insert(items.end(), pull->items.begin(), pull->items.end());
    context = pull->context;
    done = pull->end_of_sequence;
    if (pulls) ++*pulls;
  }
  EXPECT_TRUE(done);
  return items;
}

TEST(WsmanService, IdentifyNamesTheProductAndSecurityProfilesOnlyWhenAuthenticated) {
  WsmanServiceOptions options;
  options.security_profiles = {"http://schemas.dmtf.org/wbem/wsman/1/wsman/secprofile/http/basic"};
  Fixture f(options);
  ws::Request identify{ws::RequestHeader{}, ws::IdentifyRequest{}};
  auto body = ws::encode_request(identify).value();
  const ws::Response answer = f.send_raw(body, kSoap);
  const auto& id = std::get<ws::IdentifyResponse>(answer.body);
  EXPECT_EQ(id.identity.product_vendor, "hvsim");
  EXPECT_EQ(id.security_profiles, options.security_profiles);
  HttpResponse anonymous = f.service.handle(HttpRequest{"/wsman", kSoap, body, "", true});
  auto decoded = ws::decode_response(anonymous.body, anonymous.content_type, {}).value();
  EXPECT_TRUE(std::get<ws::IdentifyResponse>(decoded.body).security_profiles.empty());
  // Only Identify is served without authentication.
  auto get = ws::encode_request(
                 request(uri("Msvm_ComputerSystem"), std::string(ws::kActionGet), ws::GetRequest{}))
                 .value();
  EXPECT_EQ(f.service.handle(HttpRequest{"/wsman", kSoap, get, "", true}).status, 401);
}

TEST(WsmanService, GetReturnsTheInstanceTheSelectorsName) {
  Fixture f;
  int status = 0;
  const ws::Response answer =
      f.send(request(uri("Msvm_ComputerSystem"), std::string(ws::kActionGet), ws::GetRequest{},
                     std::vector<wmi::Selector>{{"CreationClassName", "Msvm_ComputerSystem"},
                                                {"Name", std::string(kSql01)}}),
             &status);
  EXPECT_EQ(status, 200);
  const auto& get = std::get<ws::GetResponse>(answer.body);
  EXPECT_EQ(get.instance.class_name(), "Msvm_ComputerSystem");
  ASSERT_NE(get.instance.find("Name"), nullptr);
  EXPECT_EQ(*get.instance.find("Name")->as_string(), kSql01);
  EXPECT_EQ(answer.relates_to, "uuid:11111111-2222-4333-8444-555555555555");
}

TEST(WsmanService, GetOfAMissingInstanceFaultsAsTheProfileSays) {
  const auto missing =
      request(uri("Msvm_ComputerSystem"), std::string(ws::kActionGet), ws::GetRequest{},
              std::vector<wmi::Selector>{{"CreationClassName", "Msvm_ComputerSystem"},
                                         {"Name", "no-such-vm"}});
  Fixture resource_not_found;
  int status = 0;
  EXPECT_EQ(subcode(resource_not_found.send(missing, &status)), "a:DestinationUnreachable");
  EXPECT_EQ(status, 500);
  WsmanServiceOptions options;
  options.missing_instance_fault = control::MissingInstanceFault::kInvalidSelectors;
  Fixture invalid_selectors(options);
  EXPECT_EQ(subcode(invalid_selectors.send(missing)), "w:InvalidSelectors");
}

TEST(WsmanService, FaultsForBadSelectorsUnknownClassesAndBadWql) {
  Fixture f;
  EXPECT_EQ(subcode(f.send(request(uri("Msvm_ComputerSystem"), std::string(ws::kActionGet),
                                   ws::GetRequest{}, std::vector<wmi::Selector>{{"Bogus", "1"}}))),
            "w:InvalidSelectors");
  EXPECT_EQ(subcode(f.send(request(uri("Msvm_NoSuchClass"), std::string(ws::kActionGet),
                                   ws::GetRequest{}, std::vector<wmi::Selector>{{"Name", "x"}}))),
            "a:DestinationUnreachable");
  EXPECT_EQ(subcode(f.send(enumerate("SELEC * FROM"))), "n:CannotProcessFilter");
  EXPECT_EQ(subcode(f.send(enumerate("SELECT * FROM Msvm_NoSuchClass"))), "n:CannotProcessFilter");
  ws::EnumerateRequest filtered;
  filtered.filter_dialect = std::string(ws::kWqlDialect);
  filtered.filter = "SELECT * FROM Msvm_ComputerSystem";
  EXPECT_EQ(subcode(f.send(
                request(uri("Msvm_ComputerSystem"), std::string(ws::kActionEnumerate), filtered))),
            "n:CannotProcessFilter");
  EXPECT_EQ(subcode(f.send(request(uri("Msvm_ComputerSystem"),
                                   std::string(ws::kActionEnumerate).replace(0, 4, "urn:"),
                                   ws::GetRequest{}))),
            "a:ActionNotSupported");
}

TEST(WsmanService, EnumerateAndPullReturnEveryInstanceOfTheQueryInBatches) {
  Fixture f;
  const std::string wql = "SELECT * FROM Msvm_ComputerSystem";
  const auto expected = f.host->query("root/virtualization/v2", wql).value();
  ASSERT_GE(expected.size(), 3u);
  int pulls = 0;
  const auto items = enumerate_all(f, wql, 1, &pulls);
  ASSERT_EQ(items.size(), expected.size());
  EXPECT_EQ(pulls, static_cast<int>(expected.size()) - 1);
  for (std::size_t i = 0; i < items.size(); ++i) {
    ASSERT_TRUE(items[i].object);
    EXPECT_EQ(*items[i].object->find("Name")->as_string(), *expected[i].find("Name")->as_string());
  }
  // A class ResourceURI without a filter enumerates that class.
  const ws::Response whole =
      f.send(request(uri("Msvm_ComputerSystem"), std::string(ws::kActionEnumerate),
                     ws::EnumerateRequest{{}, "", true, 1000, ws::EnumerationMode::kObjectAndEpr}));
  const auto& all = std::get<ws::EnumerateResponse>(whole.body);
  EXPECT_TRUE(all.end_of_sequence);
  ASSERT_EQ(all.items.size(), expected.size());
  ASSERT_TRUE(all.items[0].reference);
  EXPECT_TRUE(wmi::same_instance(*all.items[0].reference, *expected[0].path()));
}

TEST(WsmanService, ReleasedOrUnknownContextsFaultAndPullSplitsToFitMaxEnvelopeSize) {
  Fixture f;
  const ws::Response started = f.send(enumerate("SELECT * FROM Msvm_ComputerSystem"));
  const std::string context = std::get<ws::EnumerateResponse>(started.body).context;
  ASSERT_FALSE(context.empty());
  ws::Response released =
      f.send(request(uri("*"), std::string(ws::kActionRelease), ws::ReleaseRequest{context}));
  EXPECT_TRUE(std::holds_alternative<ws::ReleaseResponse>(released.body)) << subcode(released);
  EXPECT_EQ(
      subcode(f.send(request(uri("*"), std::string(ws::kActionPull), ws::PullRequest{context, 5}))),
      "n:InvalidEnumerationContext");
  // A small MaxEnvelopeSize: the answer carries fewer items, and nothing is lost.
  const ws::Response again = f.send(enumerate("SELECT * FROM Msvm_ComputerSystem"));
  ws::Request pull =
      request(uri("*"), std::string(ws::kActionPull),
              ws::PullRequest{std::get<ws::EnumerateResponse>(again.body).context, 1000});
  pull.header.max_envelope_size = 3000;
  const auto total =
      f.host->query("root/virtualization/v2", "SELECT * FROM Msvm_ComputerSystem").value().size();
  std::size_t seen = 0;
  for (int i = 0; i < 100; ++i) {
    int status = 0;
    const ws::Response answer = f.send(pull, &status);
    const auto* batch = std::get_if<ws::PullResponse>(&answer.body);
    ASSERT_NE(batch, nullptr) << subcode(answer);
    EXPECT_LT(batch->items.size(), total);
    seen += batch->items.size();
    if (batch->end_of_sequence) break;
    std::get<ws::PullRequest>(pull.body).context = batch->context;
  }
  EXPECT_EQ(seen, total);
}

TEST(WsmanService, AnOptimizedEnumerateHonoursMaxEnvelopeSizeAndLosesNothing) {
  Fixture f;
  const std::string wql = "SELECT * FROM Msvm_ComputerSystem";
  const auto total = f.host->query("root/virtualization/v2", wql).value().size();
  ws::Request start = enumerate(wql, true, 32000);
  start.header.max_envelope_size = 3000;
  int status = 0;
  const ws::Response first = f.send(start, &status);
  const auto& answer = std::get<ws::EnumerateResponse>(first.body);
  EXPECT_LE(ws::encode_response(first).value().size(), 3000u);
  EXPECT_LT(answer.items.size(), total);
  EXPECT_FALSE(answer.end_of_sequence);
  std::size_t seen = answer.items.size();
  std::string context = answer.context;
  for (int i = 0; i < 100 && !context.empty(); ++i) {
    const ws::Response next =
        f.send(request(uri("*"), std::string(ws::kActionPull), ws::PullRequest{context, 32000}));
    const auto& pull = std::get<ws::PullResponse>(next.body);
    seen += pull.items.size();
    context = pull.context;
  }
  EXPECT_EQ(seen, total);
}

TEST(WsmanService, InvokeDefinesACollectionWithASingletonSelector) {
  Fixture f;
  ws::InvokeRequest define{
      "DefineCollection",
      {{"Name", "Nightly"}, {"Id", "6A1E5E0C-3C1B-4B8A-9F3E-2D7C4B1A9E01"}, {"Type", "0"}}};
  const std::string service = "Msvm_CollectionManagementService";
  const ws::Response answer =
      f.send(request(uri(service), uri(service) + "/DefineCollection", define,
                     std::vector<wmi::Selector>{{"CreationClassName", service}}));
  const auto* invoke = std::get_if<ws::InvokeResponse>(&answer.body);
  ASSERT_NE(invoke, nullptr) << subcode(answer);
  EXPECT_EQ(invoke->method, "DefineCollection");
  EXPECT_EQ(invoke->result.return_value, 0u);
  const wmi::CimValue* result = wmi::find_property(invoke->result.out, "DefinedCollection");
  ASSERT_NE(result, nullptr);
  ASSERT_NE(result->as_reference(), nullptr);
  EXPECT_TRUE(f.host->get(*result->as_reference()).ok());
}

TEST(WsmanService, MalformedRequestsFaultAndChangeNothing) {
  Fixture f;
  const std::string wql = "SELECT * FROM Msvm_VirtualSystemCollection";
  const auto before = f.host->query("root/virtualization/v2", wql).value();
  const std::string service = "Msvm_CollectionManagementService";
  std::string good =
      ws::encode_request(
          request(uri(service), uri(service) + "/DefineCollection",
                  ws::InvokeRequest{"DefineCollection", {{"Name", "X"}, {"Type", "0"}}},
                  std::vector<wmi::Selector>{{"CreationClassName", service}}))
          .value();
  struct Case {
    std::string body;
    std::string content_type;
    int status;
    std::string subcode;
  };
  const std::vector<Case> cases = {
      {good.substr(0, good.size() / 2), kSoap, 500, "w:SchemaValidationError"},
      {"<!DOCTYPE x [<!ENTITY a \"b\">]>" + good, kSoap, 500, "w:SchemaValidationError"},
      {std::string("\xC3\x28", 2) + good, kSoap, 500, "w:SchemaValidationError"},
      {good, "text/plain", 415, "w:SchemaValidationError"},
      {good, "text/\xFF\x01plain", 415, "w:SchemaValidationError"},
      {good, "application/soap+xml;charset=ISO-2022-JP", 500, "w:EncodingLimit"},
      {std::string(600000, ' ') + good, kSoap, 500, "w:EncodingLimit"},
  };
  for (const Case& c : cases) {
    int status = 0;
    EXPECT_EQ(subcode(f.send_raw(c.body, c.content_type, &status)), c.subcode)
        << c.body.substr(0, 80);
    EXPECT_EQ(status, c.status);
  }
  EXPECT_EQ(f.host->query("root/virtualization/v2", wql).value(), before);
  int status = 0;
  EXPECT_EQ(subcode(f.send_raw(good, kSoap, &status)), "(no fault)");
}

TEST(WsmanService, AUtf16RequestGetsAUtf16Answer) {
  Fixture f;
  const std::string body =
      ws::encode_request(enumerate("SELECT * FROM Msvm_ComputerSystem", true, 2)).value();
  HttpResponse http =
      f.service.handle(HttpRequest{"/wsman", "application/soap+xml;charset=UTF-16",
                                   ws::from_utf8(body, ws::Charset::kUtf16LE), "", false});
  EXPECT_EQ(http.status, 200);
  EXPECT_TRUE(http.body.starts_with("\xFF\xFE"));
  auto answer = ws::decode_response(http.body, http.content_type, {});
  ASSERT_TRUE(answer.ok()) << answer.status().to_string();
  EXPECT_EQ(std::get<ws::EnumerateResponse>(answer->body).items.size(), 2u);
}

TEST(WsmanService, AUtf16AnswerFitsMaxEnvelopeSizeInUtf16) {
  Fixture f;
  ws::Request start = enumerate("SELECT * FROM Msvm_ComputerSystem", true, 32000);
  start.header.max_envelope_size = 3000;
  const std::string body = ws::encode_request(start).value();
  HttpResponse http =
      f.service.handle(HttpRequest{"/wsman", "application/soap+xml;charset=UTF-16",
                                   ws::from_utf8(body, ws::Charset::kUtf16LE), "", false});
  EXPECT_EQ(http.status, 200);
  EXPECT_LE(http.body.size(), 3000u);
  auto answer = ws::decode_response(http.body, http.content_type, {});
  ASSERT_TRUE(answer.ok()) << answer.status().to_string();
  const auto& first = std::get<ws::EnumerateResponse>(answer->body);
  EXPECT_GE(first.items.size(), 1u);
  EXPECT_FALSE(first.end_of_sequence);
}

TEST(WsmanService, OversizeIsAnEncodingLimitFault) {
  Fixture f;
  HttpResponse http = f.service.oversize(512000);
  EXPECT_EQ(http.status, 500);
  auto answer = ws::decode_response(http.body, http.content_type, {}).value();
  EXPECT_EQ(subcode(answer), "w:EncodingLimit");
}

}  // namespace
}  // namespace sim::server
