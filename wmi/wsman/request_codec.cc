#include "wmi/wsman/request_codec.h"

#include <fmt/format.h>

#include "wmi/cim/cim_name.h"
#include "wmi/cim/scalar_text.h"
#include "wmi/cim/wsman_faults.h"
#include "wmi/wsman/epr_xml.h"
#include "wmi/wsman/xs_datetime.h"

namespace wmi::wsman {
namespace {

Result<std::uint32_t> count_of(const xmlNode* element, std::string_view what) {
  auto value = parse_uint64_text(text_content(element));
  if (!value.ok() || *value == 0 || *value > 0xFFFFFFFFu) {
    return schema_error(fmt::format("{} \"{}\" is not a positive count", what,
                                    trim_xml_space(text_content(element))));
  }
  return static_cast<std::uint32_t>(*value);
}

Result<RequestHeader> read_header(const xmlNode* header) {
  RequestHeader out;
  if (!header) return out;
  out.to = child_text(header, kAddressingNs, "To");
  out.resource_uri = child_text(header, kWsmanNs, "ResourceURI");
  out.action = child_text(header, kAddressingNs, "Action");
  out.message_id = child_text(header, kAddressingNs, "MessageID");
  if (const xmlNode* set = find_child(header, kWsmanNs, "SelectorSet")) {
    auto selectors = read_selector_set(set);
    if (!selectors.ok()) return schema_error(selectors.status().message());
    out.selectors = std::move(*selectors);
  }
  if (const xmlNode* size = find_child(header, kWsmanNs, "MaxEnvelopeSize")) {
    auto value = parse_uint64_text(text_content(size));
    if (!value.ok()) return schema_error("w:MaxEnvelopeSize: " + value.status().message());
    out.max_envelope_size = *value;
  }
  if (const xmlNode* timeout = find_child(header, kWsmanNs, "OperationTimeout")) {
    auto duration = parse_xs_duration(text_content(timeout));
    if (!duration.ok()) return schema_error("w:OperationTimeout: " + duration.status().message());
    out.operation_timeout =
        std::chrono::duration_cast<std::chrono::milliseconds>(duration->duration);
  }
  if (const xmlNode* locale = find_child(header, kWsmanNs, "Locale")) {
    out.locale = attribute(locale, kXmlNs, "lang").value_or("");
  }
  return out;
}

Result<EnumerateRequest> read_enumerate(const xmlNode* body) {
  const xmlNode* enumerate = find_child(body, kEnumerationNs, "Enumerate");
  if (!enumerate) return schema_error("Enumerate without an n:Enumerate body");
  EnumerateRequest out;
  for (const xmlNode* child : element_children(enumerate)) {
    if (is_element(child, kWsmanNs, "OptimizeEnumeration")) {
      out.optimize = true;
    } else if (is_element(child, kWsmanNs, "MaxElements")) {
      auto count = count_of(child, "w:MaxElements");
      if (!count.ok()) return count.status();
      out.max_elements = *count;
    } else if (is_element(child, kWsmanNs, "Filter")) {
      out.filter_dialect = attribute(child, "", "Dialect").value_or(std::string(kWqlDialect));
      out.filter = std::string(trim_xml_space(text_content(child)));
    } else if (is_element(child, kWsmanNs, "EnumerationMode")) {
      const std::string mode(trim_xml_space(text_content(child)));
      if (mode == "EnumerateEPR") {
        out.mode = EnumerationMode::kEpr;
      } else if (mode == "EnumerateObjectAndEPR") {
        out.mode = EnumerationMode::kObjectAndEpr;
      } else {
        return schema_error("unknown w:EnumerationMode \"" + mode + "\"");
      }
    }
  }
  return out;
}

Result<std::string> context_of(const xmlNode* operation, std::string_view what) {
  const xmlNode* context = find_child(operation, kEnumerationNs, "EnumerationContext");
  if (!context) return schema_error(std::string(what) + " without n:EnumerationContext");
  return std::string(trim_xml_space(text_content(context)));
}

Result<RequestBody> read_pull(const xmlNode* body) {
  const xmlNode* pull = find_child(body, kEnumerationNs, "Pull");
  if (!pull) return schema_error("Pull without an n:Pull body");
  auto context = context_of(pull, "n:Pull");
  if (!context.ok()) return context.status();
  PullRequest out{std::move(*context), std::nullopt};
  if (const xmlNode* max = find_child(pull, kEnumerationNs, "MaxElements")) {
    auto count = count_of(max, "n:MaxElements");
    if (!count.ok()) return count.status();
    out.max_elements = *count;
  }
  return RequestBody(std::move(out));
}

Result<RequestBody> read_release(const xmlNode* body) {
  const xmlNode* release = find_child(body, kEnumerationNs, "Release");
  if (!release) return schema_error("Release without an n:Release body");
  auto context = context_of(release, "n:Release");
  if (!context.ok()) return context.status();
  return RequestBody(ReleaseRequest{std::move(*context)});
}

Result<RequestBody> read_invoke(const RequestHeader& header, const xmlNode* body,
                                const PropertyTyping& typing) {
  const std::string prefix = header.resource_uri + "/";
  if (header.resource_uri.empty() || !header.action.starts_with(prefix) ||
      !is_cim_identifier(std::string_view(header.action).substr(prefix.size()))) {
    return wsman_fault(WsmanFault::kActionNotSupported,
                       fmt::format("the action \"{}\" is not supported for the resource \"{}\"",
                                   header.action, header.resource_uri));
  }
  InvokeRequest out{header.action.substr(prefix.size()), {}};
  const auto children = element_children(body);
  if (children.size() != 1 || local_name(children.front()) != out.method + "_INPUT" ||
      trim_xml_space(element_namespace(children.front())) != header.resource_uri) {
    return schema_error(
        fmt::format("the body of {} must be one {}_INPUT element in the "
                    "namespace {}",
                    out.method, out.method, header.resource_uri));
  }
  const auto arguments = element_children(children.front());
  for (const xmlNode* argument : arguments) {
    if (trim_xml_space(element_namespace(argument)) != header.resource_uri) {
      return schema_error(fmt::format("argument {} is not in the namespace {}",
                                      local_name(argument), header.resource_uri));
    }
  }
  auto properties = read_properties(arguments, typing);
  if (!properties.ok()) return schema_error(properties.status().message());
  out.arguments = std::move(*properties);
  return RequestBody(std::move(out));
}

Status append_text(std::string& out, std::string_view text) {
  return append_xml_escaped(out, text, XmlEscaping::kText);
}

}  // namespace

Result<Request> decode_request(std::string_view bytes, std::string_view content_type,
                               const DecodeLimits& limits, const PropertyTyping& typing) {
  auto envelope = parse_envelope(bytes, content_type, limits);
  if (!envelope.ok()) return envelope.status();
  auto header = read_header(envelope->header);
  if (!header.ok()) return header.status();
  Request request{std::move(*header), IdentifyRequest{}};
  if (find_child(envelope->body, kIdentityNs, "Identify")) return request;
  const std::string& action = request.header.action;
  if (action.empty()) return schema_error("the request has no a:Action");
  if (request.header.resource_uri.empty()) return schema_error("the request has no w:ResourceURI");
  Result<RequestBody> body = RequestBody(GetRequest{});
  if (action == kActionGet) {
    body = RequestBody(GetRequest{});
  } else if (action == kActionEnumerate) {
    auto enumerate = read_enumerate(envelope->body);
    if (!enumerate.ok()) return enumerate.status();
    body = RequestBody(std::move(*enumerate));
  } else if (action == kActionPull) {
    body = read_pull(envelope->body);
  } else if (action == kActionRelease) {
    body = read_release(envelope->body);
  } else {
    body = read_invoke(request.header, envelope->body, typing);
  }
  if (!body.ok()) return body.status();
  request.body = std::move(*body);
  return request;
}

Result<std::string> encode_request(const Request& request) {
  const RequestHeader& h = request.header;
  std::string out = envelope_start();
  const bool identify = std::holds_alternative<IdentifyRequest>(request.body);
  out += "<s:Header>";
  // Identify goes without headers (DSP0226 §11), unless the request has some (a decoded one may):
  // they are written so that the round trip holds.
  if (!identify || h != RequestHeader{}) {
    out += "<a:To>";
    if (auto s = append_text(out, h.to); !s.ok()) return s;
    out += "</a:To><w:ResourceURI s:mustUnderstand=\"true\">";
    if (auto s = append_text(out, h.resource_uri); !s.ok()) return s;
    out += "</w:ResourceURI><a:ReplyTo><a:Address s:mustUnderstand=\"true\">";
    out += kAnonymous;
    out += "</a:Address></a:ReplyTo><a:Action s:mustUnderstand=\"true\">";
    if (auto s = append_text(out, h.action); !s.ok()) return s;
    out += "</a:Action>";
    if (h.max_envelope_size) {
      out += fmt::format("<w:MaxEnvelopeSize s:mustUnderstand=\"true\">{}</w:MaxEnvelopeSize>",
                         *h.max_envelope_size);
    }
    out += "<a:MessageID>";
    if (auto s = append_text(out, h.message_id); !s.ok()) return s;
    out += "</a:MessageID>";
    if (!h.locale.empty()) {
      out += "<w:Locale xml:lang=\"";
      if (auto s = append_xml_escaped(out, h.locale, XmlEscaping::kAttribute); !s.ok()) return s;
      out += "\" s:mustUnderstand=\"false\"/>";
    }
    if (h.selectors) {
      if (auto s = append_selector_set(out, *h.selectors); !s.ok()) return s;
    }
    if (h.operation_timeout) {
      out += "<w:OperationTimeout>" +
             format_xs_duration(
                 Interval{std::chrono::duration_cast<Microseconds>(*h.operation_timeout)}) +
             "</w:OperationTimeout>";
    }
  }
  out += "</s:Header><s:Body>";
  Status status = std::visit(
      [&](const auto& body) -> Status {
        using T = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<T, IdentifyRequest>) {
          out += fmt::format("<wsmid:Identify xmlns:wsmid=\"{}\"/>", kIdentityNs);
        } else if constexpr (std::is_same_v<T, EnumerateRequest>) {
          out += "<n:Enumerate>";
          if (body.optimize) out += "<w:OptimizeEnumeration/>";
          if (body.max_elements) {
            out += fmt::format("<w:MaxElements>{}</w:MaxElements>", *body.max_elements);
          }
          if (body.mode == EnumerationMode::kEpr) {
            out += "<w:EnumerationMode>EnumerateEPR</w:EnumerationMode>";
          } else if (body.mode == EnumerationMode::kObjectAndEpr) {
            out += "<w:EnumerationMode>EnumerateObjectAndEPR</w:EnumerationMode>";
          }
          if (body.filter_dialect) {
            out += "<w:Filter Dialect=\"";
            if (auto s = append_xml_escaped(out, *body.filter_dialect, XmlEscaping::kAttribute);
                !s.ok()) {
              return s;
            }
            out += "\">";
            if (auto s = append_text(out, body.filter); !s.ok()) return s;
            out += "</w:Filter>";
          }
          out += "</n:Enumerate>";
        } else if constexpr (std::is_same_v<T, PullRequest>) {
          out += "<n:Pull><n:EnumerationContext>";
          if (auto s = append_text(out, body.context); !s.ok()) return s;
          out += "</n:EnumerationContext>";
          if (body.max_elements) {
            out += fmt::format("<n:MaxElements>{}</n:MaxElements>", *body.max_elements);
          }
          out += "</n:Pull>";
        } else if constexpr (std::is_same_v<T, ReleaseRequest>) {
          out += "<n:Release><n:EnumerationContext>";
          if (auto s = append_text(out, body.context); !s.ok()) return s;
          out += "</n:EnumerationContext></n:Release>";
        } else if constexpr (std::is_same_v<T, InvokeRequest>) {
          if (!is_cim_identifier(body.method)) {
            return invalid_argument("method \"" + body.method + "\" is not an identifier");
          }
          out += "<p:" + body.method + "_INPUT xmlns:p=\"";
          if (auto s = append_xml_escaped(out, h.resource_uri, XmlEscaping::kAttribute); !s.ok()) {
            return s;
          }
          out += "\">";
          for (const Property& argument : body.arguments) {
            if (auto s = append_property(out, argument); !s.ok()) return s;
          }
          out += "</p:" + body.method + "_INPUT>";
        }
        return Status();
      },
      request.body);
  if (!status.ok()) return status;
  out += "</s:Body>";
  out += kEnvelopeEnd;
  return out;
}

}  // namespace wmi::wsman
