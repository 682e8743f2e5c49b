// `hvsim serve` end to end (sim::server::Server over loopback, port 0): hostile input of every
// kind gets the right fault or a closed connection within a bounded time, the server stays up,
// and the host's state is unchanged; the profile's wsman.* keys; the trace; root/hvsim only with
// --enable-control.
#include "sim/server/server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "sim/host/host_test_support.h"
#include "sim/server/auth_policies.h"
#include "sim/server/testing/raw_http_client.h"
#include "wmi/wsman/request_codec.h"
#include "wmi/wsman/response_codec.h"

namespace sim::server {
namespace {

namespace ws = wmi::wsman;
using testing::RawClient;
using testing::RawResponse;

constexpr std::string_view kV2Uri =
    "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/virtualization/v2/";
constexpr std::chrono::seconds kBound(10);

ServerConfig config(host::test::HostSetup setup = {}) {
  ServerConfig c;
  c.host.profile = setup.profile;
  c.host.inventory = setup.inventory;
  c.host.seed = setup.seed;
  c.listener.address = ListenAddress{"127.0.0.1", 0, false};
  c.listener.io_threads = 2;
  c.listener.request_deadline = std::chrono::milliseconds(2000);
  c.listener.idle_timeout = std::chrono::milliseconds(3000);
  c.listener.max_connections = 64;
  c.auth = no_auth_policy();
  return c;
}

std::unique_ptr<Server> must_start(ServerConfig c) {
  auto server = Server::start(std::move(c));
  EXPECT_TRUE(server.ok()) << server.status().to_string();
  return server.ok() ? std::move(*server) : nullptr;
}

std::string post(std::string_view body,
                 std::string_view content_type = "application/soap+xml;charset=UTF-8") {
  return "POST /wsman HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + std::string(content_type) +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
}

std::string get_vm_request(std::string_view name) {
  ws::RequestHeader h;
  h.to = "http://127.0.0.1/wsman";
  h.resource_uri = std::string(kV2Uri) + "Msvm_ComputerSystem";
  h.action = std::string(ws::kActionGet);
  h.message_id = "uuid:00000000-0000-4000-8000-000000000001";
  h.selectors = std::vector<wmi::Selector>{{"CreationClassName", "Msvm_ComputerSystem"},
                                           {"Name", std::string(name)}};
  return ws::encode_request(ws::Request{h, ws::GetRequest{}}).value();
}

std::string subcode_of(const RawResponse& response) {
  auto decoded = ws::decode_response(response.body, response.header("content-type"), {});
  if (!decoded.ok()) return "(undecodable: " + decoded.status().message() + ")";
  const auto* fault = std::get_if<ws::FaultResponse>(&decoded->body);
  return fault ? fault->detail.subcode : "(no fault)";
}

// One request on a fresh connection.
std::optional<RawResponse> exchange(std::uint16_t port, const std::string& bytes) {
  RawClient client(port);
  if (!client.connected() || !client.send(bytes)) return std::nullopt;
  return client.read_response();
}

// What the host shows, to compare before and after hostile input.
std::vector<wmi::Instance> snapshot(Server& server) {
  std::vector<wmi::Instance> all;
  for (const char* cls : {"Msvm_VirtualSystemCollection", "Msvm_VirtualSystemReferencePoint",
                          "Msvm_ComputerSystem"}) {
    auto part = server.host().query("root/virtualization/v2", std::string("SELECT * FROM ") + cls);
    EXPECT_TRUE(part.ok());
    if (part.ok()) all.insert(all.end(), part->begin(), part->end());
  }
  return all;
}

// The server still answers a normal Get.
void expect_serving(Server& server) {
  auto response = exchange(server.port(), post(get_vm_request(host::test::kSql01)));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
}

TEST(ServeHostileInput, EachMalformedBodyGetsItsFaultAndChangesNothing) {
  auto server = must_start(config());
  ASSERT_TRUE(server);
  const auto before = snapshot(*server);
  const std::string good = get_vm_request(host::test::kSql01);
  std::string laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">";
  for (int i = 1; i <= 9; ++i) {
    laughs += "<!ENTITY lol" + std::to_string(i) + " \"";
    for (int j = 0; j < 10; ++j)
      laughs += "&lol" + (i == 1 ? std::string() : std::to_string(i - 1)) + ";";
    laughs += "\">";
  }
  laughs +=
      "]><s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body>&lol9;"
      "</s:Body></s:Envelope>";
  const std::string xxe =
      "<!DOCTYPE s:Envelope [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
      "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body>&x;</s:Body>"
      "</s:Envelope>";
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "<a>";
  struct Case {
    const char* what;
    std::string body;
    std::string content_type;
    int status;
    std::string subcode;
  };
  const std::vector<Case> cases = {
      {"billion laughs", laughs, "application/soap+xml;charset=UTF-8", 500,
       "w:SchemaValidationError"},
      {"external entity", xxe, "application/soap+xml;charset=UTF-8", 500,
       "w:SchemaValidationError"},
      {"DOCTYPE", "<!DOCTYPE s:Envelope>" + good, "application/soap+xml;charset=UTF-8", 500,
       "w:SchemaValidationError"},
      {"100,000-deep nesting", deep, "application/soap+xml;charset=UTF-8", 500,
       "w:SchemaValidationError"},
      {"truncated", good.substr(0, good.size() - 40), "application/soap+xml;charset=UTF-8", 500,
       "w:SchemaValidationError"},
      {"not UTF-8", std::string("<s:Envelope \xFF\xFE\xFD>"), "application/soap+xml;charset=UTF-8",
       500, "w:SchemaValidationError"},
      {"wrong Content-Type", good, "text/plain", 415, "w:SchemaValidationError"},
  };
  for (const Case& c : cases) {
    const auto start = std::chrono::steady_clock::now();
    auto response = exchange(server->port(), post(c.body, c.content_type));
    ASSERT_TRUE(response) << c.what;
    EXPECT_EQ(response->status, c.status) << c.what;
    EXPECT_EQ(subcode_of(*response), c.subcode) << c.what;
    EXPECT_EQ(response->body.find("root:"), std::string::npos) << c.what << ": /etc/passwd leaked";
    EXPECT_LT(std::chrono::steady_clock::now() - start, kBound) << c.what;
  }
  EXPECT_EQ(snapshot(*server), before);
  expect_serving(*server);
}

TEST(ServeHostileInput, AHundredMegabyteBodyIsRefusedUnreadWithEncodingLimit) {
  auto server = must_start(config());
  ASSERT_TRUE(server);
  RawClient client(server->port());
  ASSERT_TRUE(client.connected());
  const std::string head =
      "POST /wsman HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
      "application/soap+xml;charset=UTF-8\r\nContent-Length: 104857600\r\n\r\n";
  ASSERT_TRUE(client.send(head));
  client.send(std::string(64 * 1024, '<'));  // the server may already have answered
  auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 500);
  EXPECT_EQ(subcode_of(*response), "w:EncodingLimit");
  EXPECT_TRUE(client.closed_within(std::chrono::seconds(5)));
  expect_serving(*server);
}

TEST(ServeHostileInput, ASlowClientIsCutOffAndIdleConnectionsDoNotBlockOthers) {
  auto server = must_start(config());
  ASSERT_TRUE(server);
  // One byte a second: the request deadline (2 s here) ends it, whatever it sends.
  RawClient slow(server->port());
  ASSERT_TRUE(slow.connected());
  const std::string request = post(get_vm_request(host::test::kSql01));
  const auto start = std::chrono::steady_clock::now();
  bool closed = false;
  for (std::size_t i = 0; i < 10 && !closed; ++i) {
    if (!slow.send(request.substr(i, 1))) break;
    closed = slow.closed_within(std::chrono::seconds(1));
  }
  EXPECT_TRUE(closed || slow.closed_within(std::chrono::seconds(3)));
  EXPECT_LT(std::chrono::steady_clock::now() - start, kBound);
  // 1,000 idle connections: a new client is still served at once.
  std::vector<RawClient> idle;
  for (int i = 0; i < 1000; ++i) idle.emplace_back(server->port());
  const auto before_request = std::chrono::steady_clock::now();
  expect_serving(*server);
  EXPECT_LT(std::chrono::steady_clock::now() - before_request, std::chrono::seconds(5));
}

// Concurrent clients: the host's lock is the one serialisation point, so every create and destroy
// of a reference point lands exactly once, and the host ends as it began.
TEST(ServeConcurrency, ConcurrentClientsCreateAndDestroyReferencePointsWithoutLoss) {
  auto server = must_start(config());
  ASSERT_TRUE(server);
  const std::string service = "Msvm_CollectionReferencePointService";
  const std::string uri = std::string(kV2Uri) + service;
  const wmi::ObjectPath finance{std::nullopt,
                                "root/virtualization/v2",
                                "Msvm_VirtualSystemCollection",
                                {{"CollectionID", std::string(host::test::kFinance)}}};
  auto invoke = [&](RawClient& client, const std::string& method, wmi::PropertyList in) {
    ws::RequestHeader h;
    h.resource_uri = uri;
    h.action = uri + "/" + method;
    h.message_id = "uuid:00000000-0000-4000-8000-000000000004";
    h.selectors = std::vector<wmi::Selector>{{"CreationClassName", service}};
    const std::string body =
        ws::encode_request(ws::Request{h, ws::InvokeRequest{method, std::move(in)}}).value();
    std::optional<ws::InvokeResponse> out;
    if (!client.send(post(body))) return out;
    auto response = client.read_response();
    if (!response) return out;
    auto decoded = ws::decode_response(response->body, response->header("content-type"), {});
    if (decoded.ok()) {
      if (auto* answer = std::get_if<ws::InvokeResponse>(&decoded->body)) out = *answer;
    }
    return out;
  };
  constexpr int kClients = 8;
  constexpr int kRounds = 25;
  std::atomic<int> created{0}, destroyed{0}, failed{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&] {
      RawClient client(server->port());
      for (int round = 0; round < kRounds; ++round) {
        auto made = invoke(client, "CreateReferencePoint",
                           {{"Collection", finance}, {"ReferencePointType", "2"}});
        const wmi::CimValue* point =
            made ? wmi::find_property(made->result.out, "ResultingReferencePointCollection")
                 : nullptr;
        if (!made || made->result.return_value != 0 || !point || !point->as_reference()) {
          ++failed;
          continue;
        }
        ++created;
        auto gone = invoke(client, "DestroyReferencePoint",
                           {{"AffectedReferencePointCollection", *point->as_reference()}});
        if (gone && gone->result.return_value == 0) {
          ++destroyed;
        } else {
          ++failed;
        }
      }
    });
  }
  for (std::thread& t : clients) t.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(created.load(), kClients * kRounds);
  EXPECT_EQ(destroyed.load(), created.load());
  auto left =
      server->host().query("root/virtualization/v2", "SELECT * FROM Msvm_ReferencePointCollection");
  ASSERT_TRUE(left.ok());
  EXPECT_TRUE(left->empty()) << left->size() << " reference point collections left";
}

// The profile's wsman.* keys are the endpoint's to honour (sim/host/profile_keys_test.cc covers
// the rest of the profile in process).
TEST(ProfileKeys, WsmanMissingInstanceFault) {
  for (auto [setting, subcode] :
       {std::pair{control::MissingInstanceFault::kResourceNotFound, "a:DestinationUnreachable"},
        std::pair{control::MissingInstanceFault::kInvalidSelectors, "w:InvalidSelectors"}}) {
    host::test::HostSetup setup;
    setup.profile.missing_instance_fault = setting;
    auto server = must_start(config(setup));
    ASSERT_TRUE(server);
    auto response = exchange(server->port(), post(get_vm_request("no-such-vm")));
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 500);
    EXPECT_EQ(subcode_of(*response), subcode);
  }
}

TEST(ProfileKeys, WsmanSingletonServiceSelectorsOverTheWire) {
  const std::string service = "Msvm_CollectionReferencePointService";
  auto get_service = [&](std::vector<wmi::Selector> selectors) {
    ws::RequestHeader h;
    h.resource_uri = std::string(kV2Uri) + service;
    h.action = std::string(ws::kActionGet);
    h.message_id = "uuid:00000000-0000-4000-8000-000000000003";
    h.selectors = std::move(selectors);
    return post(ws::encode_request(ws::Request{h, ws::GetRequest{}}).value());
  };
  const std::vector<wmi::Selector> minimal{{"CreationClassName", service}};
  const std::vector<wmi::Selector> with_name{{"CreationClassName", service}, {"Name", "vmms"}};
  for (bool only_class_name : {false, true}) {
    host::test::HostSetup setup;
    if (only_class_name) setup.profile.singleton_selectors.accepted = {"CreationClassName"};
    auto server = must_start(config(setup));
    ASSERT_TRUE(server);
    auto minimal_answer = exchange(server->port(), get_service(minimal));
    ASSERT_TRUE(minimal_answer);
    EXPECT_EQ(minimal_answer->status, 200);
    auto named_answer = exchange(server->port(), get_service(with_name));
    ASSERT_TRUE(named_answer);
    EXPECT_EQ(subcode_of(*named_answer), only_class_name ? "w:InvalidSelectors" : "(no fault)");
    auto bare = exchange(server->port(), get_service({}));
    ASSERT_TRUE(bare);
    EXPECT_EQ(subcode_of(*bare), "w:InvalidSelectors");
  }
}

TEST(ServeTrace, EveryExchangeIsOneJsonLineWithoutCredentials) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("hvsim-trace-" + std::to_string(::getpid()) + ".jsonl");
  std::filesystem::remove(path);
  ServerConfig c = config();
  c.trace_file = path.string();
  auto server = must_start(std::move(c));
  ASSERT_TRUE(server);
  RawClient client(server->port());
  ASSERT_TRUE(
      client.send("POST /wsman HTTP/1.1\r\nHost: x\r\nAuthorization: Basic c2VjcmV0OnNlY3JldA==\r\n"
                  "Content-Type: application/soap+xml;charset=UTF-8\r\nContent-Length: " +
                  std::to_string(get_vm_request(host::test::kSql01).size()) + "\r\n\r\n" +
                  get_vm_request(host::test::kSql01)));
  ASSERT_TRUE(client.read_response());
  server->stop();
  std::ifstream in(path);
  std::string line;
  int lines = 0;
  while (std::getline(in, line)) {
    ++lines;
    EXPECT_NE(line.find("\"request\":\"<s:Envelope"), std::string::npos);
    EXPECT_NE(line.find("\"status\":200"), std::string::npos);
    EXPECT_EQ(line.find("c2VjcmV0"), std::string::npos);
  }
  EXPECT_EQ(lines, 1);
  std::filesystem::remove(path);
}

TEST(ServeControl, RootHvsimExistsOnlyWithEnableControl) {
  for (bool enabled : {false, true}) {
    ServerConfig c = config();
    c.enable_control = enabled;
    auto server = must_start(std::move(c));
    ASSERT_TRUE(server);
    ws::RequestHeader h;
    h.resource_uri = "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/hvsim/HvSim_Clock";
    h.action = std::string(ws::kActionGet);
    h.message_id = "uuid:00000000-0000-4000-8000-000000000002";
    auto response = exchange(server->port(),
                             post(ws::encode_request(ws::Request{h, ws::GetRequest{}}).value()));
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, enabled ? 200 : 500) << "enabled=" << enabled;
  }
}

}  // namespace
}  // namespace sim::server
