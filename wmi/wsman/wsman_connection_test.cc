// WsmanConnection over a scripted channel: what goes on the wire for each operation (selectors,
// singletons, the WQL wildcard, the Pull loop), typing, retries of idempotent operations only,
// recorded faults and malformed answers. End to end against `hvsim serve`:
// sim/server/wsman_client_*_test.cc.
#include "wmi/wsman/wsman_connection.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <deque>
#include <filesystem>
#include <fstream>

#include "wmi/cim/job_wait.h"
#include "wmi/cim/wsman_faults.h"
#include "wmi/wsman/request_codec.h"

namespace wmi::wsman {
namespace {

namespace fs = std::filesystem;
constexpr std::string_view kUtf8 = "application/soap+xml;charset=UTF-8";
constexpr std::string_view kV2 = "root/virtualization/v2";
const std::string kV2Uri = "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/virtualization/v2/";

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Answers each request with the next scripted reply; records the decoded requests.
struct Script {
  using Reply = std::function<Result<SoapAnswer>(const Request&)>;
  std::deque<Reply> replies;
  std::vector<Request> requests;
};

class ScriptedChannel final : public SoapChannel {
 public:
  explicit ScriptedChannel(std::shared_ptr<Script> script) : script_(std::move(script)) {}
  Result<SoapAnswer> exchange(std::string_view envelope) override {
    auto request = decode_request(envelope, kUtf8, DecodeLimits{});
    EXPECT_TRUE(request.ok()) << request.status().to_string();
    if (!request.ok()) return request.status();
    script_->requests.push_back(*request);
    if (script_->replies.empty()) {
      ADD_FAILURE() << "unexpected request " << request->header.action;
      return Status(StatusKind::kTransport, "no reply scripted");
    }
    auto reply = std::move(script_->replies.front());
    script_->replies.pop_front();
    return reply(*request);
  }

 private:
  std::shared_ptr<Script> script_;
};

// The envelope an endpoint would send for `body`, relating to `request`.
SoapAnswer answer(const Request& request, ResponseBody body) {
  const Response response{"uuid:answer", request.header.message_id, std::move(body)};
  auto xml = encode_response(response);
  EXPECT_TRUE(xml.ok()) << xml.status().to_string();
  return SoapAnswer{http_status(response), std::string(kUtf8), xml.ok() ? *xml : ""};
}

Script::Reply reply(ResponseBody body) {
  return [body](const Request& request) -> Result<SoapAnswer> { return answer(request, body); };
}
Script::Reply fail(StatusKind kind, std::string message) {
  return [kind, message](const Request&) -> Result<SoapAnswer> { return Status(kind, message); };
}
Script::Reply raw(int status, std::string content_type, std::string body) {
  return [=](const Request&) -> Result<SoapAnswer> {
    return SoapAnswer{status, content_type, body};
  };
}

ObjectPath vm_path(std::string name) {
  return ObjectPath{
      std::nullopt,
      std::string(kV2),
      "Msvm_ComputerSystem",
      {{"CreationClassName", std::string("Msvm_ComputerSystem")}, {"Name", std::move(name)}}};
}

Instance vm(std::string name, std::uint16_t state) {
  Instance out("Msvm_ComputerSystem", std::string(kV2),
               {{"CreationClassName", "Msvm_ComputerSystem"},
                {"Name", CimValue(name)},
                {"EnabledState", CimValue(state)}});
  out.set_path(vm_path(std::move(name)));
  return out;
}

std::optional<DeclaredType> schema(std::string_view owner, std::string_view name) {
  if (name == "EnabledState" || name == "JobState") return DeclaredType{CimType::kUint16};
  if (owner == "CreateReferencePoint" && name == "Note") return DeclaredType{CimType::kUint32};
  return std::nullopt;
}

class WsmanConnectionTest : public ::testing::Test {
 protected:
  std::shared_ptr<Script> script = std::make_shared<Script>();
  std::vector<std::chrono::milliseconds> sleeps;
  std::unique_ptr<WsmanConnection> connection = make();

  std::unique_ptr<WsmanConnection> make(InstanceTyping typing = schema) {
    WsmanSettings settings;
    settings.to = "http://hv01:5985/wsman";
    settings.typing = std::move(typing);
    settings.max_elements = 2;
    settings.sleep = [this](std::chrono::milliseconds d) { sleeps.push_back(d); };
    return std::make_unique<WsmanConnection>(std::make_unique<ScriptedChannel>(script), settings);
  }
};

TEST_F(WsmanConnectionTest, IdentifySendsNoActionAndReadsTheIdentity) {
  script->replies.push_back(
      reply(IdentifyResponse{Identity{"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd",
                                      "Microsoft Corporation", "OS: 10.0.20348 SP: 0.0 Stack: 3.0"},
                             {}}));
  auto identity = connection->identify();
  ASSERT_TRUE(identity.ok()) << identity.status().to_string();
  EXPECT_EQ(identity->product_version, "OS: 10.0.20348 SP: 0.0 Stack: 3.0");
  ASSERT_EQ(script->requests.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<IdentifyRequest>(script->requests[0].body));
  EXPECT_EQ(script->requests[0].header, RequestHeader{});
}

TEST_F(WsmanConnectionTest, GetSendsTheKeysAsSelectorsAndTypesTheAnswer) {
  Instance sent = vm("VM-1", 2);
  // What the wire carries: text, typed back by the schema.
  script->replies.push_back(reply(GetResponse{sent}));
  auto got = connection->get(vm_path("VM-1"));
  ASSERT_TRUE(got.ok()) << got.status().to_string();
  EXPECT_EQ(*got->find("EnabledState"), CimValue(std::uint16_t{2}));
  EXPECT_EQ(got->namespace_name(), kV2);
  EXPECT_EQ(got->path(), vm_path("VM-1"));

  const RequestHeader& h = script->requests.at(0).header;
  EXPECT_EQ(h.to, "http://hv01:5985/wsman");
  EXPECT_EQ(h.resource_uri, kV2Uri + "Msvm_ComputerSystem");
  EXPECT_EQ(h.action, kActionGet);
  EXPECT_TRUE(h.message_id.starts_with("uuid:"));
  ASSERT_TRUE(h.selectors.has_value());
  EXPECT_EQ(*h.selectors, (std::vector<Selector>{{"CreationClassName", "Msvm_ComputerSystem"},
                                                 {"Name", "VM-1"}}));
  EXPECT_EQ(h.operation_timeout, std::chrono::milliseconds(60'000));
  EXPECT_EQ(h.max_envelope_size, kDefaultMaxEnvelopeSize);

  // Untyped, the same answer reads as text.
  auto untyped = make(nullptr);
  script->replies.push_back(reply(GetResponse{sent}));
  auto text = untyped->get(vm_path("VM-1"));
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text->find("EnabledState"), CimValue("2"));
}

TEST_F(WsmanConnectionTest, EveryMessageIdIsNew) {
  for (int i = 0; i < 3; ++i) script->replies.push_back(reply(GetResponse{vm("VM-1", 2)}));
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(connection->get(vm_path("VM-1")).ok());
  EXPECT_NE(script->requests[0].header.message_id, script->requests[1].header.message_id);
  EXPECT_NE(script->requests[1].header.message_id, script->requests[2].header.message_id);
}

TEST_F(WsmanConnectionTest, QuerySendsWqlToTheWildcardAndPullsToTheEnd) {
  script->replies.push_back(reply(EnumerateResponse{
      "ctx-1", {{vm("A", 2), vm_path("A")}, {vm("B", 3), vm_path("B")}}, true, false}));
  script->replies.push_back(reply(
      PullResponse{"ctx-2", {{vm("C", 2), vm_path("C")}, {vm("D", 2), vm_path("D")}}, false}));
  script->replies.push_back(reply(PullResponse{"", {}, false}));  // an empty batch is fine
  script->replies.push_back(reply(PullResponse{"", {{vm("E", 2), vm_path("E")}}, true}));
  auto found = connection->query("root\\virtualization\\v2", "SELECT * FROM Msvm_ComputerSystem");
  ASSERT_TRUE(found.ok()) << found.status().to_string();
  ASSERT_EQ(found->size(), 5u);
  EXPECT_EQ((*found)[4].path(), vm_path("E"));
  EXPECT_EQ(*(*found)[1].find("EnabledState"), CimValue(std::uint16_t{3}));

  ASSERT_EQ(script->requests.size(), 4u);
  const Request& enumerate = script->requests[0];
  EXPECT_EQ(enumerate.header.resource_uri, kV2Uri + "*");
  EXPECT_EQ(enumerate.header.action, kActionEnumerate);
  EXPECT_FALSE(enumerate.header.selectors.has_value());
  const auto& body = std::get<EnumerateRequest>(enumerate.body);
  EXPECT_EQ(body.filter_dialect, std::string(kWqlDialect));
  EXPECT_EQ(body.filter, "SELECT * FROM Msvm_ComputerSystem");
  EXPECT_EQ(body.mode, EnumerationMode::kObjectAndEpr);
  EXPECT_TRUE(body.optimize);
  EXPECT_EQ(body.max_elements, 2u);
  EXPECT_EQ(std::get<PullRequest>(script->requests[1].body).context, "ctx-1");
  EXPECT_EQ(std::get<PullRequest>(script->requests[2].body).context, "ctx-2");
  EXPECT_EQ(std::get<PullRequest>(script->requests[3].body).context, "ctx-2");
}

TEST_F(WsmanConnectionTest, AssociatorsOfGoesOutAsWritten) {
  const std::string wql =
      "ASSOCIATORS OF {Msvm_ComputerSystem.CreationClassName=\"Msvm_ComputerSystem\",Name=\"A\"} "
      "WHERE AssocClass=Msvm_SystemDevice ResultClass=Msvm_StorageAllocationSettingData";
  script->replies.push_back(reply(EnumerateResponse{"", {}, true, true}));
  auto found = connection->query(kV2, wql);
  ASSERT_TRUE(found.ok()) << found.status().to_string();
  EXPECT_TRUE(found->empty());
  EXPECT_EQ(std::get<EnumerateRequest>(script->requests.at(0).body).filter, wql);
}

TEST_F(WsmanConnectionTest, ASingletonServiceIsAddressedByCreationClassNameAndItsJobByItsOwnClass) {
  const ObjectPath service{std::nullopt, std::string(kV2), "Msvm_ImageManagementService", {}, true};
  const ObjectPath job{
      std::nullopt, std::string(kV2), "Msvm_StorageJob", {{"InstanceID", std::string("J-1")}}};
  script->replies.push_back(
      reply(InvokeResponse{kV2Uri + "Msvm_ImageManagementService", "GetVirtualDiskChanges",
                           MethodResult{4096, {{"Job", CimValue(job)}}}}));
  auto result = connection->invoke(service, "GetVirtualDiskChanges", {{"Path", "C:\\a.vhdx"}});
  ASSERT_TRUE(result.ok()) << result.status().to_string();
  EXPECT_EQ(result->return_value, 4096u);
  const Request& invoke = script->requests.at(0);
  EXPECT_EQ(invoke.header.resource_uri, kV2Uri + "Msvm_ImageManagementService");
  EXPECT_EQ(invoke.header.action, kV2Uri + "Msvm_ImageManagementService/GetVirtualDiskChanges");
  EXPECT_EQ(*invoke.header.selectors,
            (std::vector<Selector>{{"CreationClassName", "Msvm_ImageManagementService"}}));
  EXPECT_EQ(std::get<InvokeRequest>(invoke.body).arguments, (PropertyList{{"Path", "C:\\a.vhdx"}}));

  const ObjectPath* returned = find_property(result->out, "Job")->as_reference();
  ASSERT_NE(returned, nullptr);
  Instance running("Msvm_StorageJob", std::string(kV2), {{"JobState", CimValue(std::uint16_t{4})}});
  Instance done("Msvm_StorageJob", std::string(kV2), {{"JobState", CimValue(std::uint16_t{7})}});
  script->replies.push_back(reply(GetResponse{running}));
  script->replies.push_back(reply(GetResponse{done}));
  auto finished = wait_for_job(*connection, *returned, PollPolicy{{}, 10, [](auto) {}});
  ASSERT_TRUE(finished.ok()) << finished.status().to_string();
  for (std::size_t i = 1; i < script->requests.size(); ++i) {
    EXPECT_EQ(script->requests[i].header.resource_uri, kV2Uri + "Msvm_StorageJob");
    EXPECT_EQ(*script->requests[i].header.selectors,
              (std::vector<Selector>{{"InstanceID", "J-1"}}));
  }
}

TEST_F(WsmanConnectionTest, AServiceGotBySomeOfItsKeysCarriesAllFour) {
  Instance service("Msvm_CollectionManagementService", std::string(kV2),
                   {{"CreationClassName", "Msvm_CollectionManagementService"},
                    {"Name", "VMMS"},
                    {"SystemCreationClassName", "Msvm_ComputerSystem"},
                    {"SystemName", "HV01"},
                    {"ElementName", "Collection Management Service"}});
  script->replies.push_back(reply(GetResponse{service}));
  script->replies.push_back(reply(GetResponse{service}));
  const ObjectPath singleton{
      std::nullopt, std::string(kV2), "Msvm_CollectionManagementService", {}, true};
  auto got = connection->get(singleton);
  ASSERT_TRUE(got.ok()) << got.status().to_string();
  const ObjectPath full{std::nullopt,
                        std::string(kV2),
                        "Msvm_CollectionManagementService",
                        {{"CreationClassName", std::string("Msvm_CollectionManagementService")},
                         {"Name", std::string("VMMS")},
                         {"SystemCreationClassName", std::string("Msvm_ComputerSystem")},
                         {"SystemName", std::string("HV01")}}};
  EXPECT_EQ(got->path(), full);
  // Keys in another letter case come back as the instance spells them.
  ObjectPath partial{std::nullopt,
                     std::string(kV2),
                     "Msvm_CollectionManagementService",
                     {{"creationclassname", std::string("MSVM_COLLECTIONMANAGEMENTSERVICE")},
                      {"name", std::string("vmms")}}};
  got = connection->get(partial);
  ASSERT_TRUE(got.ok()) << got.status().to_string();
  EXPECT_EQ(got->path(), full);
  EXPECT_EQ(script->requests.at(1).header.selectors->at(1), (Selector{"name", "vmms"}))
      << "sent as given";
}

TEST_F(WsmanConnectionTest, OutParametersAreTypedByTheMethodsSchema) {
  const ObjectPath service{
      std::nullopt,
      std::string(kV2),
      "Msvm_CollectionReferencePointService",
      {{"CreationClassName", std::string("Msvm_CollectionReferencePointService")},
       {"Name", std::string("vmms")}}};
  script->replies.push_back(
      reply(InvokeResponse{kV2Uri + "Msvm_CollectionReferencePointService", "CreateReferencePoint",
                           MethodResult{0, {{"Note", CimValue(std::uint32_t{7})}}}}));
  auto result = connection->invoke(service, "CreateReferencePoint", {});
  ASSERT_TRUE(result.ok()) << result.status().to_string();
  EXPECT_EQ(result->out, (PropertyList{{"Note", CimValue(std::uint32_t{7})}}));
  EXPECT_EQ(script->requests.at(0).header.selectors->size(), 2u) << "given keys are kept";
}

TEST_F(WsmanConnectionTest, GetIsRetriedAfterATransportFailureOnly) {
  script->replies.push_back(fail(StatusKind::kTransport, "connection reset"));
  script->replies.push_back(fail(StatusKind::kTransport, "timed out"));
  script->replies.push_back(reply(GetResponse{vm("VM-1", 2)}));
  EXPECT_TRUE(connection->get(vm_path("VM-1")).ok());
  EXPECT_EQ(script->requests.size(), 3u);
  EXPECT_EQ(sleeps, (std::vector<std::chrono::milliseconds>{std::chrono::milliseconds(250),
                                                            std::chrono::milliseconds(500)}));

  script->requests.clear();
  for (int i = 0; i < 3; ++i) script->replies.push_back(fail(StatusKind::kTransport, "refused"));
  auto failed = connection->get(vm_path("VM-1"));
  EXPECT_EQ(failed.status().kind(), StatusKind::kTransport);
  EXPECT_EQ(script->requests.size(), 3u) << "1 + 2 retries";

  script->requests.clear();
  script->replies.push_back(fail(StatusKind::kAuth, "refused"));
  EXPECT_EQ(connection->get(vm_path("VM-1")).status().kind(), StatusKind::kAuth);
  EXPECT_EQ(script->requests.size(), 1u) << "only transport failures are retried";
}

TEST_F(WsmanConnectionTest, AnInvokeIsNeverSentTwice) {
  script->replies.push_back(fail(StatusKind::kTransport, "connection reset after sending"));
  auto result = connection->invoke(vm_path("VM-1"), "RequestStateChange",
                                   {{"RequestedState", CimValue(std::uint16_t{2})}});
  EXPECT_EQ(result.status().kind(), StatusKind::kTransport);
  EXPECT_EQ(script->requests.size(), 1u);
  EXPECT_TRUE(sleeps.empty());
}

TEST_F(WsmanConnectionTest, AQueryWhosePullFailsStartsAgainFromTheEnumerate) {
  script->replies.push_back(
      reply(EnumerateResponse{"ctx-1", {{vm("A", 2), vm_path("A")}}, true, false}));
  script->replies.push_back(fail(StatusKind::kTransport, "connection reset"));
  script->replies.push_back(
      reply(EnumerateResponse{"ctx-2", {{vm("A", 2), vm_path("A")}}, true, false}));
  script->replies.push_back(reply(PullResponse{"", {{vm("B", 2), vm_path("B")}}, true}));
  auto found = connection->query(kV2, "SELECT * FROM Msvm_ComputerSystem");
  ASSERT_TRUE(found.ok()) << found.status().to_string();
  EXPECT_EQ(found->size(), 2u) << "no item twice";
  EXPECT_TRUE(std::holds_alternative<EnumerateRequest>(script->requests.at(2).body));
}

TEST_F(WsmanConnectionTest, AFaultInAPullReleasesTheContext) {
  script->replies.push_back(reply(EnumerateResponse{"ctx-1", {}, true, false}));
  script->replies.push_back(
      reply(fault_response(wsman_fault(WsmanFault::kInternalError, "boom"), "HV01")));
  script->replies.push_back(reply(ReleaseResponse{}));
  auto found = connection->query(kV2, "SELECT * FROM Msvm_ComputerSystem");
  EXPECT_EQ(found.status().kind(), StatusKind::kFault);
  ASSERT_EQ(script->requests.size(), 3u);
  EXPECT_EQ(std::get<ReleaseRequest>(script->requests[2].body).context, "ctx-1");
}

TEST_F(WsmanConnectionTest, RecordedFaultsBecomeTheirStatus) {
  const fs::path wire = fs::path(HVSIM_SOURCE_DIR) / "fixtures" / "wire";
  const std::string unknown_class = read_file(wire / "winrb" / "mock_wsman_fault.xml");
  script->replies.push_back(raw(500, "application/soap+xml;charset=UTF-8", unknown_class));
  auto found = connection->query(kV2, "SELECT * FROM Win32_Nothing");
  EXPECT_EQ(found.status().kind(), StatusKind::kInvalidArgument);
  ASSERT_TRUE(found.status().fault().has_value());
  EXPECT_EQ(found.status().fault()->subcode, "n:CannotProcessFilter");
  EXPECT_EQ(found.status().fault()->wsman_code, 2150858778u);

  script->replies.push_back(reply(
      fault_response(wsman_fault(WsmanFault::kDestinationUnreachable, "no such VM"), "HV01")));
  auto missing = connection->get(vm_path("nothing"));
  EXPECT_EQ(missing.status().kind(), StatusKind::kNotFound);
  EXPECT_EQ(missing.status().fault()->subcode, "a:DestinationUnreachable");
  EXPECT_EQ(missing.status().message(), "no such VM (from HV01)");

  script->replies.push_back(
      reply(fault_response(wsman_fault(WsmanFault::kInvalidSelectors, "Name is missing"), "HV01")));
  auto bad = connection->get(vm_path("x"));
  EXPECT_EQ(bad.status().kind(), StatusKind::kFault);
  EXPECT_EQ(bad.status().fault()->subcode, "w:InvalidSelectors");
}

TEST_F(WsmanConnectionTest, AnswersThatCannotBeReadAreProtocolErrors) {
  const auto kind_of = [&](Script::Reply r) {
    script->replies.push_back(std::move(r));
    return connection->get(vm_path("VM-1")).status();
  };
  EXPECT_EQ(kind_of(raw(404, "text/html", "<html>not here</html>")).kind(), StatusKind::kProtocol);
  EXPECT_NE(kind_of(raw(404, "text/html", "<html/>")).message().find("no WS-Management endpoint"),
            std::string::npos);
  EXPECT_EQ(kind_of(raw(200, std::string(kUtf8), "not xml")).kind(), StatusKind::kProtocol);
  EXPECT_EQ(kind_of(raw(500, "", "")).kind(), StatusKind::kProtocol);
  EXPECT_EQ(kind_of(reply(ReleaseResponse{})).kind(), StatusKind::kProtocol);
  EXPECT_EQ(kind_of([](const Request&) -> Result<SoapAnswer> {
              Request other;
              other.header.message_id = "uuid:other";
              return answer(other, GetResponse{vm("VM-1", 2)});
            }).kind(),
            StatusKind::kProtocol);
  // A busy endpoint is a transport failure, so the Get is tried again.
  script->replies.push_back(raw(503, "", ""));
  script->replies.push_back(reply(GetResponse{vm("VM-1", 2)}));
  EXPECT_TRUE(connection->get(vm_path("VM-1")).ok());
}

TEST_F(WsmanConnectionTest, InputThatCannotGoOnTheWireIsRefusedBeforeSending) {
  ObjectPath relative = vm_path("VM-1");
  relative.namespace_name.clear();
  EXPECT_EQ(connection->get(relative).status().kind(), StatusKind::kInvalidArgument);
  EXPECT_EQ(connection->invoke(vm_path("VM-1"), "Not A Method", {}).status().kind(),
            StatusKind::kInvalidArgument);
  EXPECT_EQ(connection->query("root//bad", "SELECT * FROM X").status().kind(),
            StatusKind::kInvalidArgument);
  EXPECT_TRUE(script->requests.empty());
}

TEST(WsmanConnectionOpen, RefusesBasicOverPlainHttpToARemoteHost) {
  WsmanOptions options;
  options.target = "wsman+http://hv01.example.com:5985/wsman";
  options.auth = AuthMode::kBasic;
  options.user = "alice";
  options.password = "secret";
  auto refused = WsmanConnection::open(options);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().kind(), StatusKind::kInvalidArgument);
  EXPECT_NE(refused.status().message().find("clear text"), std::string::npos);
  EXPECT_NE(refused.status().message().find("wsman+https://"), std::string::npos);
  EXPECT_EQ(refused.status().message().find("secret"), std::string::npos);

  options.target = "wsman+http://127.0.0.1:5985/wsman";
  EXPECT_TRUE(WsmanConnection::open(options).ok()) << "loopback is allowed";
  options.target = "wsman+https://hv01.example.com/wsman";
  EXPECT_TRUE(WsmanConnection::open(options).ok());
  options.ca_file = "/some/ca.pem";
  options.insecure = true;
  EXPECT_EQ(WsmanConnection::open(options).status().kind(), StatusKind::kInvalidArgument);
}

TEST(WsmanConnectionOpen, NtlmNeedsAUserAndPassword) {
  WsmanOptions options;
  options.target = "wsman+http://127.0.0.1:5985/wsman";
  options.auth = AuthMode::kNtlm;
  EXPECT_EQ(WsmanConnection::open(options).status().kind(), StatusKind::kInvalidArgument);
}

TEST(WsmanConnectionOpen, ANetworkFailureIsATransportError) {
  WsmanOptions options;
  options.target = "wsman+http://127.0.0.1:1/wsman";  // nothing listens on port 1
  options.settings.retries = 0;
  auto connection = WsmanConnection::open(options);
  ASSERT_TRUE(connection.ok()) << connection.status().to_string();
  auto identity = (*connection)->identify();
  EXPECT_EQ(identity.status().kind(), StatusKind::kTransport) << identity.status().to_string();
}

TEST(WsmanConnectionOpen, AnEndpointThatNeverAnswersTimesOut) {
  // A listening socket nobody accepts on: the connection completes, the answer never comes.
  const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(::listen(listener, 4), 0);
  socklen_t length = sizeof address;
  ASSERT_EQ(::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length), 0);

  WsmanOptions options;
  options.target = "wsman+http://127.0.0.1:" + std::to_string(ntohs(address.sin_port)) + "/wsman";
  options.settings.timeout = std::chrono::milliseconds(300);
  options.settings.retries = 0;
  auto connection = WsmanConnection::open(options);
  ASSERT_TRUE(connection.ok()) << connection.status().to_string();
  const auto start = std::chrono::steady_clock::now();
  auto identity = (*connection)->identify();
  const auto took = std::chrono::steady_clock::now() - start;
  ::close(listener);
  EXPECT_EQ(identity.status().kind(), StatusKind::kTransport) << identity.status().to_string();
  EXPECT_GE(took, std::chrono::milliseconds(300));
  EXPECT_LT(took, std::chrono::seconds(5));
}

TEST(AuthModes, ParseAndPrint) {
  for (AuthMode mode : {AuthMode::kNone, AuthMode::kBasic, AuthMode::kNegotiate, AuthMode::kNtlm,
                        AuthMode::kKerberos}) {
    EXPECT_EQ(parse_auth_mode(to_string(mode)).value(), mode);
  }
  EXPECT_EQ(parse_auth_mode("Kerberos").value(), AuthMode::kKerberos);
  EXPECT_NE(parse_auth_mode("digest").status().message().find("negotiate"), std::string::npos);
}

}  // namespace
}  // namespace wmi::wsman
