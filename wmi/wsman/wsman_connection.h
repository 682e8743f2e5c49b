// wmi::WsmanConnection: wmi::Connection over WS-Management, to a Windows host's WinRM listener or
// `hvsim serve` (spec/wsman-wire.md). It speaks through a SoapChannel (soap_channel.h: libcurl,
// Basic / NTLM / Kerberos, Microsoft's message encryption over http) and the shared codec
// (request_codec.h, response_codec.h).
//
// The four operations on the wire:
//   identify()  wsmid:Identify (no Action), authenticated like every other request.
//   get(p)      transfer Get on p's class ResourceURI with p's keys as the w:SelectorSet.
//   query(n,q)  enumeration Enumerate with the WQL filter (dialect .../WQL) sent to the wildcard
//               ResourceURI .../wmi/<n>/*, EnumerateObjectAndEPR (so every instance comes with its
//               path), OptimizeEnumeration, then Pull until EndOfSequence. SELECT, ASSOCIATORS OF
//               and REFERENCES OF alike.
//   invoke(p,m) Action "<class ResourceURI>/<m>", <m>_INPUT body, p's keys as selectors.
// A path without keys (a singleton service, "Msvm_X=@") is sent with the one selector real hosts
// require for their singleton services, CreationClassName=<class> (spec/wsman-wire.md "Invoke").
// A job reference returned by a method keeps its own class, so wait_for_job (job_wait.h) polls it
// at its own ResourceURI (Msvm_ConcreteJob, Msvm_StorageJob, ...).
//
// The wire carries no types: a value reads back as text, a datetime or a reference unless
// `typing` declares the type of (class, property) and (method, out-parameter); give it whenever
// the schema is known (the same typing the response decoder takes). Paths: an instance from get()
// carries the path it was asked for (host dropped, number and boolean keys as text), with string
// keys named and valued as the instance spells them, and a service asked for by some of its
// CIM_Service keys (a singleton) named by all four; from query(), the path its EPR names.
//
// Errors (a Status, never an exception): a SOAP fault as fault_status.h maps it, detail kept;
// kAuth, kTransport and kProtocol from the channel; kProtocol for an answer that is not the
// expected response; kInvalidArgument for a path, WQL or value that cannot be put on the wire.
// Timeouts: the server is given `timeout` as w:OperationTimeout, and the HTTP request is abandoned
// a tenth later (100 ms to 5 s), connecting within `connect_timeout`.
// Retries: Get, and a query's Enumerate and Pulls (restarting the whole enumeration), are tried
// again after a kTransport failure, up to `retries` more times; an Invoke is never sent twice.
//
// Thread-safety: every operation takes the connection's lock, so one WsmanConnection may be
// shared by threads; their calls are serialised over its one HTTP connection.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <string_view>

#include "wmi/cim/connection.h"
#include "wmi/wsman/message.h"
#include "wmi/wsman/response_codec.h"
#include "wmi/wsman/soap_channel.h"

namespace wmi::wsman {

struct WsmanSettings {
  std::string to = "http://localhost:5985/wsman";  // a:To (the endpoint's URL)
  std::chrono::milliseconds timeout{60'000};
  int retries = 2;
  std::chrono::milliseconds retry_delay{250};  // before retry n: n × retry_delay
  std::uint32_t max_elements = 100;            // per Enumerate and Pull
  // The MaxEnvelopeSize asked of the server; answers up to max_answer_bytes are read.
  std::size_t max_envelope_size = kDefaultMaxEnvelopeSize;
  std::size_t max_answer_bytes = 16 * 1024 * 1024;
  std::string locale = "en-US";
  InstanceTyping typing;  // may be empty
  // How to wait before a retry; empty: sleep.
  std::function<void(std::chrono::milliseconds)> sleep;
};

struct WsmanOptions {
  std::string target;  // wsman+http(s)://HOST[:PORT][/PATH] (wsman_target.h)
  AuthMode auth = AuthMode::kNone;
  std::string user;
  std::string password;  // a secret
  std::string ca_file;
  bool insecure = false;
  std::string service_host;  // Negotiate's HTTP@<host>; "": the target's host
  std::chrono::milliseconds connect_timeout{10'000};
  WsmanSettings settings;  // `to` is set from the target
};

class WsmanConnection final : public Connection {
 public:
  // Parses the target and opens the channel (soap_channel.h: refuses Basic over plain http to a
  // remote host, acquires a GSS-API credential); nothing is sent until the first operation.
  static Result<std::unique_ptr<WsmanConnection>> open(WsmanOptions options);

  // Over any channel (tests give a scripted one).
  WsmanConnection(std::unique_ptr<SoapChannel> channel, WsmanSettings settings);
  ~WsmanConnection() override;

  Result<Instance> get(const ObjectPath& path) override;
  Result<std::vector<Instance>> query(std::string_view namespace_name,
                                      std::string_view wql) override;
  Result<MethodResult> invoke(const ObjectPath& target, std::string_view method,
                              const PropertyList& in) override;
  Result<Identity> identify() override;

 private:
  RequestHeader header(std::string resource_uri, std::string action,
                       std::optional<std::vector<Selector>> selectors);
  // Sends one request and reads the answer (a fault becomes its Status), retrying a kTransport
  // failure when `idempotent`.
  Result<Response> call(const Request& request, bool idempotent);
  Result<Response> call_once(const Request& request);
  Result<std::vector<Instance>> enumerate_once(const std::string& resource_uri,
                                               std::string_view wql);
  void release(const std::string& resource_uri, const std::string& context);
  void pause(int attempt);

  std::mutex mutex_;
  std::unique_ptr<SoapChannel> channel_;
  WsmanSettings settings_;
  std::mt19937_64 ids_;
};

}  // namespace wmi::wsman
