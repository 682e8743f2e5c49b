#include "sim/server/wsman_service.h"

#include <fmt/format.h>

#include "wmi/cim/utf8.h"
#include "wmi/cim/wsman_faults.h"
#include "wmi/wsman/request_codec.h"
#include "wmi/wsman/response_codec.h"

namespace sim::server {
namespace {

using wmi::wsman_fault;
using wmi::WsmanFault;
namespace ws = wmi::wsman;

constexpr std::string_view kSoapMediaType = "application/soap+xml";

bool is_soap_content_type(std::string_view content_type) {
  std::string lowered;
  for (char c : content_type.substr(0, content_type.find(';'))) {
    if (c != ' ' && c != '\t') lowered += static_cast<char>(std::tolower(c));
  }
  return lowered == kSoapMediaType;
}

// The path a request's ResourceURI and selectors name.
wmi::Result<wmi::ObjectPath> target_of(const ws::RequestHeader& header) {
  const wmi::WsmanReference reference{header.resource_uri,
                                      header.selectors.value_or(std::vector<wmi::Selector>{})};
  auto path = wmi::from_wsman_reference(reference);
  if (!path.ok()) {
    auto resource = wmi::parse_wmi_resource_uri(header.resource_uri);
    if (!resource.ok()) {
      return wsman_fault(WsmanFault::kDestinationUnreachable,
                         "the resource URI \"" + header.resource_uri +
                             "\" is not valid: " + resource.status().message());
    }
    return wsman_fault(WsmanFault::kInvalidSelectors, path.status().message());
  }
  return path;
}

std::vector<ws::EnumerationItem> items_of(std::vector<wmi::Instance> instances,
                                          ws::EnumerationMode mode) {
  std::vector<ws::EnumerationItem> items;
  items.reserve(instances.size());
  for (wmi::Instance& instance : instances) {
    ws::EnumerationItem item;
    if (mode != ws::EnumerationMode::kObject) item.reference = instance.path();
    if (mode != ws::EnumerationMode::kEpr) item.object = std::move(instance);
    items.push_back(std::move(item));
  }
  return items;
}

// `text` with every byte sequence XML cannot carry (invalid UTF-8, control characters) replaced
// by '?', so that a message quoting hostile input can always be sent back.
std::string xml_safe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    const auto decoded = wmi::utf8::decode(text, pos);
    if (!decoded || !wmi::utf8::is_xml_char(decoded->code_point)) {
      out += '?';
      pos += decoded ? decoded->length : 1;
      continue;
    }
    out.append(text.substr(pos, decoded->length));
    pos += decoded->length;
  }
  return out;
}

// Keeps as many of out.items as fit, with the envelope around them, in `limit` bytes, so the
// answer honours the client's MaxEnvelopeSize; the others go back to `context` for the next Pull.
// One item always goes. Each item is encoded once to measure it.
template <typename Answer>
void fit_to_envelope(EnumerationContexts& enumerations, const std::string& context,
                     std::size_t limit, const std::string& relates_to, Answer& out) {
  if (out.items.size() <= 1) return;
  // The envelope alone, in its longest form: a continuing sequence, a full-length MessageID.
  std::vector<ws::EnumerationItem> items = std::move(out.items);
  const bool end_of_sequence = std::exchange(out.end_of_sequence, false);
  std::string answer_context = std::exchange(out.context, context);
  out.items.clear();
  auto envelope = ws::encode_response(
      ws::Response{"uuid:00000000-0000-0000-0000-000000000000", relates_to, out});
  out.items = std::move(items);
  out.end_of_sequence = end_of_sequence;
  out.context = std::move(answer_context);
  if (!envelope.ok()) return;  // the final encoding reports it
  const std::size_t budget = limit > envelope->size() ? limit - envelope->size() : 0;
  auto fitting = ws::items_fitting(out.items, budget);
  if (!fitting.ok()) return;
  const std::size_t keep = std::max<std::size_t>(1, *fitting);
  if (keep >= out.items.size()) return;
  std::vector<ws::EnumerationItem> rest(std::make_move_iterator(out.items.begin() + keep),
                                        std::make_move_iterator(out.items.end()));
  out.items.resize(keep);
  enumerations.unpull(context, std::move(rest));
  out.end_of_sequence = false;
  out.context = context;
}

}  // namespace

WsmanService::WsmanService(std::shared_ptr<wmi::Connection> connection, WsmanServiceOptions options)
    : connection_(std::move(connection)),
      options_(std::move(options)),
      enumerations_(options_.enumeration_timeout, options_.max_enumerations),
      ids_(std::random_device{}()) {}

std::string WsmanService::next_message_id() {
  std::lock_guard lock(ids_mutex_);
  return random_uuid(ids_);
}

std::size_t WsmanService::envelope_limit(const ws::RequestHeader& header,
                                         ws::Charset charset) const {
  const std::size_t limit = header.max_envelope_size.value_or(options_.max_envelope_size);
  // UTF-16 takes at most two bytes for each UTF-8 byte (and its BOM two more).
  return charset == ws::Charset::kUtf8 ? limit : (limit > 2 ? (limit - 2) / 2 : 0);
}

ws::ResponseBody WsmanService::fault(const wmi::Status& status) {
  ws::FaultResponse out;
  switch (status.kind()) {
    case wmi::StatusKind::kNotFound:
      out = ws::fault_response(wsman_fault(WsmanFault::kDestinationUnreachable, status.message()),
                               options_.machine);
      break;
    case wmi::StatusKind::kInvalidArgument:
      out = ws::fault_response(wsman_fault(WsmanFault::kInvalidParameter, status.message()),
                               options_.machine);
      break;
    default:
      out = ws::fault_response(status, options_.machine);
      break;
  }
  out.detail.message = xml_safe(out.detail.message);
  return out;
}

HttpResponse WsmanService::oversize(std::size_t limit) {
  ws::Response response{next_message_id(), "",
                        fault(wsman_fault(WsmanFault::kEncodingLimit,
                                          fmt::format("the request exceeds the maximum envelope "
                                                      "size of {} bytes",
                                                      limit)))};
  return HttpResponse{500, std::string(ws::soap_content_type(ws::Charset::kUtf8)),
                      ws::encode_response(response).value()};
}

HttpResponse WsmanService::handle(const HttpRequest& request) {
  // An empty POST carries no request: clients send one to finish an authentication handshake
  // before they seal anything (python3-winrm's NTLM with message encryption), and a host answers
  // it with a success.
  if (request.body.empty()) return HttpResponse{200, "", ""};
  if (!is_soap_content_type(request.content_type)) {
    ws::Response response{next_message_id(), "",
                          fault(wsman_fault(WsmanFault::kSchemaValidationError,
                                            "the Content-Type \"" + request.content_type +
                                                "\" is not application/soap+xml"))};
    return HttpResponse{415, ws::soap_content_type(ws::Charset::kUtf8),
                        ws::encode_response(response).value()};
  }
  const ws::DecodeLimits limits{.max_envelope_size = options_.max_envelope_size};
  auto decoded = ws::decode_request(request.body, request.content_type, limits);
  ws::Charset charset = ws::Charset::kUtf8;
  if (auto detected = ws::detect_charset(request.body, request.content_type); detected.ok()) {
    charset = *detected;
  }
  ws::Response response;
  if (!decoded.ok()) {
    response = ws::Response{next_message_id(), "", fault(decoded.status())};
  } else {
    const bool identify = std::holds_alternative<ws::IdentifyRequest>(decoded->body);
    if (request.unauthenticated_identify && !identify) {
      return HttpResponse{401, "", ""};
    }
    response = answer(*decoded, !request.unauthenticated_identify, charset);
  }
  auto encoded = ws::encode_response(response);
  if (!encoded.ok()) {
    response.body = fault(wsman_fault(
        WsmanFault::kInternalError, "the answer cannot be encoded: " + encoded.status().message()));
    encoded = ws::encode_response(response);
  }
  return HttpResponse{ws::http_status(response), ws::soap_content_type(charset),
                      ws::from_utf8(*encoded, charset)};
}

ws::Response WsmanService::answer(const ws::Request& request, bool authenticated,
                                  ws::Charset charset) {
  ws::Response response{next_message_id(), request.header.message_id, ws::ReleaseResponse{}};
  response.body = std::visit(
      [&](const auto& body) -> ws::ResponseBody {
        using T = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<T, ws::IdentifyRequest>) {
          return identify(authenticated);
        } else if constexpr (std::is_same_v<T, ws::GetRequest>) {
          return get(request.header);
        } else if constexpr (std::is_same_v<T, ws::EnumerateRequest>) {
          return enumerate(request.header, body, charset);
        } else if constexpr (std::is_same_v<T, ws::PullRequest>) {
          return pull(request.header, body, charset);
        } else if constexpr (std::is_same_v<T, ws::ReleaseRequest>) {
          return release(body);
        } else {
          return invoke(request.header, body);
        }
      },
      request.body);
  if (std::holds_alternative<ws::IdentifyResponse>(response.body)) {
    response.message_id.clear();
    response.relates_to.clear();
  }
  return response;
}

ws::ResponseBody WsmanService::identify(bool authenticated) {
  auto identity = connection_->identify();
  if (!identity.ok()) return fault(identity.status());
  ws::IdentifyResponse out{*identity, {}};
  if (authenticated) out.security_profiles = options_.security_profiles;
  return out;
}

ws::ResponseBody WsmanService::get(const ws::RequestHeader& header) {
  auto path = target_of(header);
  if (!path.ok()) return fault(path.status());
  if (path->class_name.empty()) {
    return fault(wsman_fault(WsmanFault::kDestinationUnreachable,
                             "Get needs a class ResourceURI, not \"" + header.resource_uri + "\""));
  }
  auto instance = connection_->get(*path);
  if (instance.ok()) return ws::GetResponse{std::move(*instance)};
  if (instance.status().kind() == wmi::StatusKind::kNotFound &&
      options_.missing_instance_fault == control::MissingInstanceFault::kInvalidSelectors) {
    return fault(wsman_fault(WsmanFault::kInvalidSelectors, instance.status().message()));
  }
  return fault(instance.status());
}

ws::ResponseBody WsmanService::enumerate(const ws::RequestHeader& header,
                                         const ws::EnumerateRequest& body, ws::Charset charset) {
  auto resource = wmi::parse_wmi_resource_uri(header.resource_uri);
  if (!resource.ok()) {
    return fault(wsman_fault(WsmanFault::kDestinationUnreachable,
                             "the resource URI \"" + header.resource_uri +
                                 "\" is not valid: " + resource.status().message()));
  }
  std::string wql;
  if (body.filter_dialect) {
    if (*body.filter_dialect != ws::kWqlDialect) {
      return fault(wsman_fault(WsmanFault::kCannotProcessFilter,
                               "the filter dialect \"" + *body.filter_dialect +
                                   "\" is not supported; use " + std::string(ws::kWqlDialect)));
    }
    if (!resource->class_name.empty()) {
      return fault(wsman_fault(WsmanFault::kCannotProcessFilter,
                               "the resource URI cannot contain keys; the class name must be '*' "
                               "when a WQL filter is given"));
    }
    wql = body.filter;
  } else {
    if (resource->class_name.empty()) {
      return fault(wsman_fault(WsmanFault::kCannotProcessFilter,
                               "enumerating \"" + header.resource_uri + "\" needs a WQL filter"));
    }
    wql = "SELECT * FROM " + resource->class_name;
  }
  auto instances = connection_->query(resource->namespace_name, wql);
  if (!instances.ok()) {
    if (instances.status().kind() == wmi::StatusKind::kInvalidArgument ||
        instances.status().kind() == wmi::StatusKind::kNotFound) {
      return fault(wsman_fault(WsmanFault::kCannotProcessFilter, instances.status().message()));
    }
    return fault(instances.status());
  }
  const std::string context = enumerations_.open(items_of(std::move(*instances), body.mode));
  ws::EnumerateResponse out{context, {}, false, false};
  if (!body.optimize) return out;
  out.optimized = true;
  const std::size_t max = std::min<std::size_t>(
      body.max_elements.value_or(options_.default_max_elements), options_.max_batch_items);
  auto batch = enumerations_.pull(context, max);
  if (!batch) return out;
  out.items = std::move(batch->items);
  out.end_of_sequence = batch->end_of_sequence;
  if (out.end_of_sequence) out.context.clear();
  fit_to_envelope(enumerations_, context, envelope_limit(header, charset), header.message_id, out);
  return out;
}

ws::ResponseBody WsmanService::pull(const ws::RequestHeader& header, const ws::PullRequest& body,
                                    ws::Charset charset) {
  const std::size_t max = std::min<std::size_t>(
      body.max_elements.value_or(options_.default_max_elements), options_.max_batch_items);
  auto batch = enumerations_.pull(body.context, max);
  if (!batch) {
    return fault(wsman_fault(WsmanFault::kInvalidEnumerationContext,
                             "the enumeration context \"" + body.context +
                                 "\" is not valid: it expired, ended or was released"));
  }
  ws::PullResponse out{body.context, std::move(batch->items), batch->end_of_sequence};
  if (out.end_of_sequence) out.context.clear();
  fit_to_envelope(enumerations_, body.context, envelope_limit(header, charset), header.message_id,
                  out);
  return out;
}

ws::ResponseBody WsmanService::release(const ws::ReleaseRequest& body) {
  if (!enumerations_.release(body.context)) {
    return fault(wsman_fault(WsmanFault::kInvalidEnumerationContext,
                             "the enumeration context \"" + body.context + "\" is not valid"));
  }
  return ws::ReleaseResponse{};
}

ws::ResponseBody WsmanService::invoke(const ws::RequestHeader& header,
                                      const ws::InvokeRequest& body) {
  auto path = target_of(header);
  if (!path.ok()) return fault(path.status());
  if (path->class_name.empty()) {
    return fault(
        wsman_fault(WsmanFault::kDestinationUnreachable,
                    "a method needs a class ResourceURI, not \"" + header.resource_uri + "\""));
  }
  auto result = connection_->invoke(*path, body.method, body.arguments);
  if (!result.ok()) return fault(result.status());
  return ws::InvokeResponse{header.resource_uri, body.method, std::move(*result)};
}

}  // namespace sim::server
