#include "wmi/wsman/wsman_connection.h"

#include <fmt/format.h>

#include <algorithm>
#include <thread>
#include <utility>

#include "wmi/cim/cim_name.h"
#include "wmi/cim/wsman_reference.h"
#include "wmi/wsman/fault_status.h"
#include "wmi/wsman/request_codec.h"
#include "wmi/wsman/wsman_target.h"

namespace wmi::wsman {
namespace {

// The HTTP request may take a tenth longer than the OperationTimeout the server is given (at
// least 100 ms, at most 5 s), so that the server's w:TimedOut fault arrives before the client
// gives up.
std::chrono::milliseconds http_timeout(std::chrono::milliseconds operation_timeout) {
  using std::chrono::milliseconds;
  return operation_timeout +
         std::clamp(operation_timeout / 10, milliseconds(100), milliseconds(5'000));
}
// Pulls in a row that bring nothing before a query gives up (a server that never ends a sequence).
constexpr int kMaxEmptyPulls = 100;

Status protocol(std::string message) { return Status(StatusKind::kProtocol, std::move(message)); }

std::string random_uuid(std::mt19937_64& rng) {
  const std::uint64_t hi = rng();
  const std::uint64_t lo = rng();
  const std::uint64_t version = (hi & 0xFFFFFFFFFFFF0FFFull) | 0x0000000000004000ull;
  const std::uint64_t variant = (lo & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;
  return fmt::format("uuid:{:08X}-{:04X}-{:04X}-{:04X}-{:012X}", version >> 32,
                     (version >> 16) & 0xFFFF, version & 0xFFFF, variant >> 48,
                     variant & 0xFFFFFFFFFFFFull);
}

// The reference a path is sent as; a keyless path (a singleton service) gets the selector real
// hosts require, CreationClassName=<class>.
Result<WsmanReference> reference_of(const ObjectPath& path) {
  auto reference = to_wsman_reference(path);
  if (!reference.ok()) return reference.status();
  if (reference->selectors.empty()) {
    reference->selectors.push_back(Selector{"CreationClassName", path.class_name});
  }
  return reference;
}

// What `path` reads back as from the wire (wsman_reference.h's round trip).
ObjectPath wire_form(const ObjectPath& path) {
  auto reference = to_wsman_reference(path);
  if (!reference.ok()) return path;
  auto back = from_wsman_reference(*reference);
  return back.ok() ? std::move(*back) : path;
}

// The keys of CIM_Service, which name every singleton service of a Hyper-V host.
constexpr std::string_view kServiceKeys[] = {"CreationClassName", "Name", "SystemCreationClassName",
                                             "SystemName"};

// The path of the instance a Get of `requested` returned: the requested keys, named and valued as
// the instance spells them (string keys), so that "name=\"vm-1\"" reads back as the instance's
// own Name; a service asked for by some of its CIM_Service keys (a singleton, keyless or partial)
// gets all four from the instance.
ObjectPath path_of(const Instance& instance, const ObjectPath& requested) {
  ObjectPath path = wire_form(requested);
  path.class_name = instance.class_name();
  const auto string_key = [&](std::string_view name) -> const Property* {
    for (const Property& p : instance.properties()) {
      if (iequals(p.name, name) && !p.value.is_null() && !p.value.is_array() &&
          p.value.as_string() != nullptr) {
        return &p;
      }
    }
    return nullptr;
  };
  bool service = true;
  for (std::string_view key : kServiceKeys) service = service && string_key(key) != nullptr;
  for (const KeyBinding& key : path.keys) {
    service = service && std::any_of(std::begin(kServiceKeys), std::end(kServiceKeys),
                                     [&](std::string_view k) { return iequals(k, key.name); });
  }
  if (service) {
    path.keys.clear();
    for (std::string_view key : kServiceKeys) {
      const Property* p = string_key(key);
      path.keys.push_back(KeyBinding{p->name, *p->value.as_string()});
    }
    path.singleton = false;
    return path;
  }
  for (KeyBinding& key : path.keys) {
    if (!std::holds_alternative<std::string>(key.value)) continue;
    if (const Property* p = string_key(key.name)) key = KeyBinding{p->name, *p->value.as_string()};
  }
  return path;
}

template <typename T>
Result<T> expect_body(Response& response, std::string_view what) {
  if (auto* body = std::get_if<T>(&response.body)) return std::move(*body);
  return protocol(fmt::format("the answer to {} is not a {} response", what, what));
}

}  // namespace

Result<std::unique_ptr<WsmanConnection>> WsmanConnection::open(WsmanOptions options) {
  auto endpoint = parse_wsman_target(options.target);
  if (!endpoint.ok()) return endpoint.status();
  if (!options.ca_file.empty() && options.insecure) {
    return invalid_argument("give either a CA file or insecure, not both");
  }
  if (options.settings.timeout <= std::chrono::milliseconds(0) ||
      options.connect_timeout <= std::chrono::milliseconds(0)) {
    return invalid_argument("timeouts must be positive");
  }
  if (options.settings.retries < 0) return invalid_argument("retries must not be negative");
  if (options.settings.max_elements == 0) return invalid_argument("max elements must be positive");
  ChannelOptions channel;
  channel.transport.endpoint = *endpoint;
  channel.transport.ca_file = options.ca_file;
  channel.transport.insecure = options.insecure;
  channel.transport.connect_timeout = options.connect_timeout;
  channel.transport.request_timeout = http_timeout(options.settings.timeout);
  channel.transport.max_answer_bytes = options.settings.max_answer_bytes;
  channel.auth = options.auth;
  channel.user = std::move(options.user);
  channel.password = std::move(options.password);
  channel.service_host = std::move(options.service_host);
  auto opened = HttpSoapChannel::open(std::move(channel));
  if (!opened.ok()) return opened.status();
  options.settings.to = endpoint->url();
  return std::make_unique<WsmanConnection>(std::move(*opened), std::move(options.settings));
}

WsmanConnection::WsmanConnection(std::unique_ptr<SoapChannel> channel, WsmanSettings settings)
    : channel_(std::move(channel)), settings_(std::move(settings)), ids_(std::random_device{}()) {}

WsmanConnection::~WsmanConnection() = default;

RequestHeader WsmanConnection::header(std::string resource_uri, std::string action,
                                      std::optional<std::vector<Selector>> selectors) {
  RequestHeader h;
  h.to = settings_.to;
  h.resource_uri = std::move(resource_uri);
  h.action = std::move(action);
  h.message_id = random_uuid(ids_);
  h.selectors = std::move(selectors);
  h.max_envelope_size = settings_.max_envelope_size;
  h.operation_timeout = settings_.timeout;
  h.locale = settings_.locale;
  return h;
}

void WsmanConnection::pause(int attempt) {
  const auto delay = settings_.retry_delay * attempt;
  if (settings_.sleep) {
    settings_.sleep(delay);
  } else {
    std::this_thread::sleep_for(delay);
  }
}

Result<Response> WsmanConnection::call_once(const Request& request) {
  auto envelope = encode_request(request);
  if (!envelope.ok()) return envelope.status();
  auto answer = channel_->exchange(*envelope);
  if (!answer.ok()) return answer.status();
  const int http = answer->http_status;
  if (answer->body.empty()) {
    if (http == 502 || http == 503 || http == 504) {
      return Status(StatusKind::kTransport,
                    fmt::format("HTTP {}: the endpoint is unavailable", http));
    }
    return protocol(fmt::format("HTTP {} with no SOAP envelope", http));
  }
  const DecodeLimits limits{.max_envelope_size = settings_.max_answer_bytes};
  auto response = decode_response(answer->body, answer->content_type, limits, settings_.typing);
  if (!response.ok()) {
    if (http == 404) return protocol("HTTP 404: no WS-Management endpoint at " + settings_.to);
    return protocol(fmt::format("HTTP {}: {}", http, response.status().message()));
  }
  if (const auto* fault = std::get_if<FaultResponse>(&response->body)) {
    return status_of_fault(*fault);
  }
  if (http < 200 || http >= 300) {
    return protocol(fmt::format("HTTP {} with an answer that is not a fault", http));
  }
  if (!response->relates_to.empty() && !request.header.message_id.empty() &&
      response->relates_to != request.header.message_id) {
    return protocol("the answer relates to another request (a:RelatesTo differs)");
  }
  return response;
}

Result<Response> WsmanConnection::call(const Request& request, bool idempotent) {
  for (int attempt = 0;; ++attempt) {
    auto response = call_once(request);
    if (response.ok() || !idempotent || attempt >= settings_.retries ||
        response.status().kind() != StatusKind::kTransport) {
      return response;
    }
    pause(attempt + 1);
  }
}

Result<Identity> WsmanConnection::identify() {
  std::lock_guard lock(mutex_);
  auto response = call(Request{RequestHeader{}, IdentifyRequest{}}, true);
  if (!response.ok()) return response.status();
  auto body = expect_body<IdentifyResponse>(*response, "Identify");
  if (!body.ok()) return body.status();
  return body->identity;
}

Result<Instance> WsmanConnection::get(const ObjectPath& path) {
  auto reference = reference_of(path);
  if (!reference.ok()) return reference.status();
  std::lock_guard lock(mutex_);
  const Request request{
      header(reference->resource_uri, std::string(kActionGet), std::move(reference->selectors)),
      GetRequest{}};
  auto response = call(request, true);
  if (!response.ok()) return response.status();
  auto body = expect_body<GetResponse>(*response, "Get");
  if (!body.ok()) return body.status();
  Instance& instance = body->instance;
  if (instance.namespace_name().empty()) {
    instance = Instance(instance.class_name(), normalize_namespace(path.namespace_name),
                        instance.properties());
  }
  instance.set_path(path_of(instance, path));
  return std::move(instance);
}

void WsmanConnection::release(const std::string& resource_uri, const std::string& context) {
  // Best effort: a context left behind expires on the server by itself.
  (void)call_once(Request{header(resource_uri, std::string(kActionRelease), std::nullopt),
                          ReleaseRequest{context}});
}

Result<std::vector<Instance>> WsmanConnection::enumerate_once(const std::string& resource_uri,
                                                              std::string_view wql) {
  EnumerateRequest enumerate;
  enumerate.filter_dialect = std::string(kWqlDialect);
  enumerate.filter = std::string(wql);
  enumerate.optimize = true;
  enumerate.max_elements = settings_.max_elements;
  enumerate.mode = EnumerationMode::kObjectAndEpr;
  auto first = call_once(
      Request{header(resource_uri, std::string(kActionEnumerate), std::nullopt), enumerate});
  if (!first.ok()) return first.status();
  auto started = expect_body<EnumerateResponse>(*first, "Enumerate");
  if (!started.ok()) return started.status();

  std::vector<EnumerationItem> items = std::move(started->items);
  std::string context = std::move(started->context);
  bool end = started->end_of_sequence;
  int empty_pulls = 0;
  while (!end) {
    if (context.empty()) return protocol("an enumeration without a context or EndOfSequence");
    auto pulled = call_once(Request{header(resource_uri, std::string(kActionPull), std::nullopt),
                                    PullRequest{context, settings_.max_elements}});
    if (!pulled.ok()) {
      if (pulled.status().kind() != StatusKind::kTransport) release(resource_uri, context);
      return pulled.status();
    }
    auto batch = expect_body<PullResponse>(*pulled, "Pull");
    if (!batch.ok()) {
      release(resource_uri, context);
      return batch.status();
    }
    if (batch->items.empty() && !batch->end_of_sequence && ++empty_pulls > kMaxEmptyPulls) {
      release(resource_uri, context);
      return protocol(fmt::format("{} Pulls in a row brought nothing", kMaxEmptyPulls));
    }
    if (!batch->items.empty()) empty_pulls = 0;
    for (EnumerationItem& item : batch->items) items.push_back(std::move(item));
    end = batch->end_of_sequence;
    if (!batch->context.empty()) context = std::move(batch->context);
  }

  std::vector<Instance> out;
  out.reserve(items.size());
  for (EnumerationItem& item : items) {
    if (!item.object) return protocol("an enumerated item without its object");
    Instance instance = std::move(*item.object);
    if (item.reference) instance.set_path(std::move(*item.reference));
    out.push_back(std::move(instance));
  }
  return out;
}

Result<std::vector<Instance>> WsmanConnection::query(std::string_view namespace_name,
                                                     std::string_view wql) {
  auto resource_uri = format_wmi_resource_uri(WmiResource{normalize_namespace(namespace_name), ""});
  if (!resource_uri.ok()) return resource_uri.status();
  std::lock_guard lock(mutex_);
  for (int attempt = 0;; ++attempt) {
    auto instances = enumerate_once(*resource_uri, wql);
    if (instances.ok() || attempt >= settings_.retries ||
        instances.status().kind() != StatusKind::kTransport) {
      return instances;
    }
    pause(attempt + 1);
  }
}

Result<MethodResult> WsmanConnection::invoke(const ObjectPath& target, std::string_view method,
                                             const PropertyList& in) {
  if (!is_cim_identifier(method)) {
    return invalid_argument(fmt::format("method \"{}\" is not a CIM identifier", method));
  }
  auto reference = reference_of(target);
  if (!reference.ok()) return reference.status();
  std::lock_guard lock(mutex_);
  std::string action = reference->resource_uri + "/" + std::string(method);
  const Request request{
      header(reference->resource_uri, std::move(action), std::move(reference->selectors)),
      InvokeRequest{std::string(method), in}};
  auto response = call(request, false);
  if (!response.ok()) return response.status();
  auto body = expect_body<InvokeResponse>(*response, "Invoke");
  if (!body.ok()) return body.status();
  if (!iequals(body->method, method)) {
    return protocol(fmt::format("the answer to {} is the output of {}", method, body->method));
  }
  return std::move(body->result);
}

}  // namespace wmi::wsman
