// The decoding half of response_codec.h.
#include <fmt/format.h>

#include "wmi/cim/cim_name.h"
#include "wmi/cim/scalar_text.h"
#include "wmi/wsman/epr_xml.h"
#include "wmi/wsman/response_codec.h"

namespace wmi::wsman {
namespace {

Status protocol(std::string message) {
  return Status(StatusKind::kProtocol, "WS-Man response: " + std::move(message));
}

PropertyTyping bound(const InstanceTyping& typing, std::string owner) {
  if (!typing) return {};
  return [typing, owner = std::move(owner)](std::string_view name) { return typing(owner, name); };
}

Result<Instance> read_instance(const xmlNode* element, const InstanceTyping& typing) {
  const std::string class_name(local_name(element));
  if (!is_cim_identifier(class_name)) {
    return protocol("instance element " + class_name + ": the name is not a CIM identifier");
  }
  std::string namespace_name;
  if (auto resource = parse_wmi_resource_uri(element_namespace(element)); resource.ok()) {
    namespace_name = resource->namespace_name;
  }
  const auto children = element_children(element);
  auto properties = read_properties(children, bound(typing, class_name));
  if (!properties.ok()) return protocol(properties.status().message());
  return Instance(class_name, std::move(namespace_name), std::move(*properties));
}

Result<ObjectPath> read_reference(const xmlNode* epr) {
  auto reference = read_epr_children(epr);
  if (!reference.ok()) return protocol(reference.status().message());
  auto path = from_wsman_reference(*reference);
  if (!path.ok()) return protocol(path.status().message());
  return path;
}

Result<EnumerationItem> read_item(const xmlNode* node, const InstanceTyping& typing) {
  EnumerationItem item;
  if (is_element(node, kAddressingNs, "EndpointReference")) {
    auto path = read_reference(node);
    if (!path.ok()) return path.status();
    item.reference = std::move(*path);
    return item;
  }
  if (is_element(node, kWsmanNs, "Item")) {
    for (const xmlNode* part : element_children(node)) {
      if (is_element(part, kAddressingNs, "EndpointReference")) {
        auto path = read_reference(part);
        if (!path.ok()) return path.status();
        item.reference = std::move(*path);
      } else {
        auto instance = read_instance(part, typing);
        if (!instance.ok()) return instance.status();
        item.object = std::move(*instance);
      }
    }
    return item;
  }
  auto instance = read_instance(node, typing);
  if (!instance.ok()) return instance.status();
  item.object = std::move(*instance);
  return item;
}

Result<std::vector<EnumerationItem>> read_items(const xmlNode* items,
                                                const InstanceTyping& typing) {
  std::vector<EnumerationItem> out;
  if (!items) return out;
  for (const xmlNode* node : element_children(items)) {
    auto item = read_item(node, typing);
    if (!item.ok()) return item.status();
    out.push_back(std::move(*item));
  }
  return out;
}

// A QName value "x:Local" written with the usual prefix of x's namespace.
std::string canonical_qname(const xmlNode* element, std::string_view value) {
  value = trim_xml_space(value);
  const std::size_t colon = value.find(':');
  if (colon == std::string_view::npos) return std::string(value);
  const std::string prefix(value.substr(0, colon));
  const xmlNs* ns = xmlSearchNs(element->doc, const_cast<xmlNode*>(element),
                                reinterpret_cast<const xmlChar*>(prefix.c_str()));
  const std::string_view uri = ns && ns->href ? reinterpret_cast<const char*>(ns->href) : "";
  std::string_view canonical = prefix;
  if (uri == kSoapNs) canonical = "s";
  if (uri == kAddressingNs) canonical = "a";
  if (uri == kWsmanNs) canonical = "w";
  if (uri == kEnumerationNs) canonical = "n";
  if (uri == kTransferNs) canonical = "x";
  return std::string(canonical) + ":" + std::string(value.substr(colon + 1));
}

// The innermost f:Message text (or an MSFT_WmiError Message) under `node`.
std::string innermost_message(const xmlNode* node) {
  std::string found;
  for (const xmlNode* child : element_children(node)) {
    std::string inner = innermost_message(child);
    if (!inner.empty()) return inner;
    if (local_name(child) == "Message" && !has_element_children(child)) {
      const std::string text(trim_xml_space(text_content(child)));
      if (!text.empty()) found = text;
    }
  }
  return found;
}

// The error_Code of an MSFT_WmiError instance in a fault's s:Detail (what newer hosts send in
// place of f:WSManFault), or nullopt.
std::optional<std::uint32_t> wmi_error_code(const xmlNode* detail) {
  for (const xmlNode* error : element_children(detail)) {
    if (local_name(error) != "MSFT_WmiError") continue;
    for (const xmlNode* property : element_children(error)) {
      if (local_name(property) != "error_Code") continue;
      auto number = parse_uint64_text(text_content(property));
      if (number.ok() && *number <= 0xFFFFFFFFu) return static_cast<std::uint32_t>(*number);
    }
  }
  return std::nullopt;
}

Result<FaultResponse> read_fault(const xmlNode* fault) {
  FaultResponse out;
  const xmlNode* code = find_child(fault, kSoapNs, "Code");
  if (!code) return protocol("s:Fault without s:Code");
  if (const xmlNode* value = find_child(code, kSoapNs, "Value")) {
    out.detail.code = canonical_qname(value, text_content(value));
  }
  if (const xmlNode* subcode = find_child(code, kSoapNs, "Subcode")) {
    if (const xmlNode* value = find_child(subcode, kSoapNs, "Value")) {
      out.detail.subcode = canonical_qname(value, text_content(value));
    }
  }
  if (const xmlNode* reason = find_child(fault, kSoapNs, "Reason")) {
    out.detail.message = child_text(reason, kSoapNs, "Text");
  }
  if (const xmlNode* detail = find_child(fault, kSoapNs, "Detail")) {
    if (const xmlNode* wsman = find_child(detail, kFaultNs, "WSManFault")) {
      if (auto number = parse_uint64_text(attribute(wsman, "", "Code").value_or(""));
          number.ok() && *number <= 0xFFFFFFFFu) {
        out.detail.wsman_code = static_cast<std::uint32_t>(*number);
      }
      out.machine = attribute(wsman, "", "Machine").value_or("");
    } else if (auto code = wmi_error_code(detail)) {
      out.detail.wsman_code = *code;
    }
    if (std::string message = innermost_message(detail); !message.empty()) {
      out.detail.message = std::move(message);
    }
  }
  return out;
}

Result<InvokeResponse> read_output(const xmlNode* output, std::string_view action,
                                   const InstanceTyping& typing) {
  const std::string_view name = local_name(output);
  InvokeResponse out;
  out.method = std::string(name.substr(0, name.size() - std::string_view("_OUTPUT").size()));
  if (!is_cim_identifier(out.method)) {
    return protocol(std::string(name) + ": the method name is not a CIM identifier");
  }
  out.resource_uri = element_namespace(output);
  const std::string expected_action = out.resource_uri + "/" + out.method + "Response";
  if (!action.empty() && action != expected_action) {
    return protocol(fmt::format("action \"{}\" with a {} body", action, name));
  }
  std::vector<const xmlNode*> parameters;
  const xmlNode* return_value = nullptr;
  for (const xmlNode* child : element_children(output)) {
    if (iequals(local_name(child), "ReturnValue")) {  // CIM names ignore case
      if (return_value) return protocol(std::string(name) + " with ReturnValue twice");
      return_value = child;
    } else {
      parameters.push_back(child);
    }
  }
  if (!return_value) return protocol(std::string(name) + " without ReturnValue");
  auto code = parse_uint64_text(text_content(return_value));
  if (!code.ok() || *code > 0xFFFFFFFFu) return protocol("ReturnValue is not a uint32");
  out.result.return_value = static_cast<std::uint32_t>(*code);
  auto properties = read_properties(parameters, bound(typing, out.method));
  if (!properties.ok()) return protocol(properties.status().message());
  out.result.out = std::move(*properties);
  return out;
}

Result<ResponseBody> read_body(const xmlNode* body, std::string_view action,
                               const InstanceTyping& typing) {
  const auto children = element_children(body);
  if (children.empty()) {
    if (action == kActionReleaseResponse) return ResponseBody(ReleaseResponse{});
    return protocol("empty s:Body");
  }
  const xmlNode* root = children.front();
  if (is_element(root, kSoapNs, "Fault")) {
    auto fault = read_fault(root);
    if (!fault.ok()) return fault.status();
    return ResponseBody(std::move(*fault));
  }
  if (is_element(root, kIdentityNs, "IdentifyResponse")) {
    IdentifyResponse out;
    out.identity.protocol_version = child_text(root, kIdentityNs, "ProtocolVersion");
    out.identity.product_vendor = child_text(root, kIdentityNs, "ProductVendor");
    out.identity.product_version = child_text(root, kIdentityNs, "ProductVersion");
    if (const xmlNode* profiles = find_child(root, kIdentityNs, "SecurityProfiles")) {
      for (const xmlNode* profile : element_children(profiles)) {
        out.security_profiles.emplace_back(trim_xml_space(text_content(profile)));
      }
    }
    return ResponseBody(std::move(out));
  }
  if (is_element(root, kEnumerationNs, "EnumerateResponse")) {
    EnumerateResponse out;
    out.context = child_text(root, kEnumerationNs, "EnumerationContext");
    const xmlNode* items = find_child(root, kWsmanNs, "Items");
    out.optimized = items != nullptr;
    auto read = read_items(items, typing);
    if (!read.ok()) return read.status();
    out.items = std::move(*read);
    out.end_of_sequence = find_child(root, kWsmanNs, "EndOfSequence") != nullptr;
    return ResponseBody(std::move(out));
  }
  if (is_element(root, kEnumerationNs, "PullResponse")) {
    PullResponse out;
    out.context = child_text(root, kEnumerationNs, "EnumerationContext");
    auto read = read_items(find_child(root, kEnumerationNs, "Items"), typing);
    if (!read.ok()) return read.status();
    out.items = std::move(*read);
    out.end_of_sequence = find_child(root, kEnumerationNs, "EndOfSequence") != nullptr;
    return ResponseBody(std::move(out));
  }
  if (local_name(root).ends_with("_OUTPUT") && local_name(root).size() > 7 &&
      action != kActionGetResponse) {  // a class may be named X_OUTPUT
    auto output = read_output(root, action, typing);
    if (!output.ok()) return output.status();
    return ResponseBody(std::move(*output));
  }
  if (!action.empty() && action != kActionGetResponse) {
    return protocol(fmt::format("unexpected body {} for action \"{}\"", local_name(root), action));
  }
  auto instance = read_instance(root, typing);
  if (!instance.ok()) return instance.status();
  return ResponseBody(GetResponse{std::move(*instance)});
}

}  // namespace

Result<Response> decode_response(std::string_view bytes, std::string_view content_type,
                                 const DecodeLimits& limits, const InstanceTyping& typing) {
  auto envelope = parse_envelope(bytes, content_type, limits);
  if (!envelope.ok()) return protocol(envelope.status().message());
  Response response;
  const std::string action = child_text(envelope->header, kAddressingNs, "Action");
  response.message_id = child_text(envelope->header, kAddressingNs, "MessageID");
  response.relates_to = child_text(envelope->header, kAddressingNs, "RelatesTo");
  auto body = read_body(envelope->body, action, typing);
  if (!body.ok()) return body.status();
  response.body = std::move(*body);
  return response;
}

}  // namespace wmi::wsman
