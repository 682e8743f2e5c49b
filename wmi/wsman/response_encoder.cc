// The encoding half of response_codec.h.
#include <fmt/format.h>

#include "wmi/cim/cim_name.h"
#include "wmi/cim/scalar_text.h"
#include "wmi/cim/wsman_faults.h"
#include "wmi/wsman/epr_xml.h"
#include "wmi/wsman/response_codec.h"

namespace wmi::wsman {
namespace {

Status append_text(std::string& out, std::string_view text) {
  return append_xml_escaped(out, text, XmlEscaping::kText);
}

// The resource URI of the last class encoded: the items of one answer are mostly of one class.
class ResourceUriCache {
 public:
  Result<std::string_view> uri_of(const Instance& instance) {
    if (uri_.empty() || instance.class_name() != class_name_ ||
        instance.namespace_name() != namespace_name_) {
      auto uri =
          format_wmi_resource_uri(WmiResource{instance.namespace_name(), instance.class_name()});
      if (!uri.ok()) return uri.status();
      uri_ = std::move(*uri);
      class_name_ = instance.class_name();
      namespace_name_ = instance.namespace_name();
    }
    return std::string_view(uri_);
  }

 private:
  std::string class_name_, namespace_name_, uri_;
};

Status append_instance(std::string& out, const Instance& instance, ResourceUriCache& uris) {
  const std::string& class_name = instance.class_name();
  if (!is_cim_identifier(class_name)) {
    return invalid_argument("class name \"" + class_name + "\" is not an identifier");
  }
  auto uri = uris.uri_of(instance);
  if (!uri.ok()) return uri.status();
  out.append("<p:").append(class_name).append(" xmlns:p=\"").append(*uri);
  out.append("\" xsi:type=\"p:").append(class_name).append("_Type\">");
  for (const Property& property : instance.properties()) {
    if (auto s = append_property(out, property); !s.ok()) return s;
  }
  out.append("</p:").append(class_name).append(">");
  return Status();
}

Status append_reference(std::string& out, const ObjectPath& path) {
  auto reference = to_wsman_reference(path);
  if (!reference.ok()) return reference.status();
  out += "<a:EndpointReference>";
  if (auto s = append_epr_children(out, *reference); !s.ok()) return s;
  out += "</a:EndpointReference>";
  return Status();
}

Status append_item(std::string& out, const EnumerationItem& item, ResourceUriCache& uris) {
  if (item.object && item.reference) {
    out += "<w:Item>";
    if (auto s = append_instance(out, *item.object, uris); !s.ok()) return s;
    if (auto s = append_reference(out, *item.reference); !s.ok()) return s;
    out += "</w:Item>";
    return Status();
  }
  if (item.object) return append_instance(out, *item.object, uris);
  if (item.reference) return append_reference(out, *item.reference);
  return invalid_argument("an enumeration item with neither object nor reference");
}

Status append_items(std::string& out, const std::vector<EnumerationItem>& items) {
  ResourceUriCache uris;
  for (const EnumerationItem& item : items) {
    if (auto s = append_item(out, item, uris); !s.ok()) return s;
  }
  return Status();
}

Status append_context(std::string& out, const std::string& context) {
  if (context.empty()) return Status();
  out += "<n:EnumerationContext>";
  if (auto s = append_text(out, context); !s.ok()) return s;
  out += "</n:EnumerationContext>";
  return Status();
}

Status append_body(std::string& out, const ResponseBody& body) {
  return std::visit(
      [&](const auto& b) -> Status {
        using T = std::decay_t<decltype(b)>;
        if constexpr (std::is_same_v<T, IdentifyResponse>) {
          out += fmt::format("<wsmid:IdentifyResponse xmlns:wsmid=\"{}\">", kIdentityNs);
          const Identity& id = b.identity;
          for (const auto& [name, value] : {std::pair<std::string_view, const std::string*>{
                                                "ProtocolVersion", &id.protocol_version},
                                            {"ProductVendor", &id.product_vendor},
                                            {"ProductVersion", &id.product_version}}) {
            out += fmt::format("<wsmid:{}>", name);
            if (auto s = append_text(out, *value); !s.ok()) return s;
            out += fmt::format("</wsmid:{}>", name);
          }
          if (!b.security_profiles.empty()) {
            out += "<wsmid:SecurityProfiles>";
            for (const std::string& profile : b.security_profiles) {
              out += "<wsmid:SecurityProfileName>";
              if (auto s = append_text(out, profile); !s.ok()) return s;
              out += "</wsmid:SecurityProfileName>";
            }
            out += "</wsmid:SecurityProfiles>";
          }
          out += "</wsmid:IdentifyResponse>";
        } else if constexpr (std::is_same_v<T, GetResponse>) {
          ResourceUriCache uris;
          return append_instance(out, b.instance, uris);
        } else if constexpr (std::is_same_v<T, EnumerateResponse>) {
          out += "<n:EnumerateResponse>";
          if (auto s = append_context(out, b.context); !s.ok()) return s;
          if (b.optimized) {
            out += "<w:Items>";
            if (auto s = append_items(out, b.items); !s.ok()) return s;
            out += "</w:Items>";
          }
          if (b.end_of_sequence) out += "<w:EndOfSequence/>";
          out += "</n:EnumerateResponse>";
        } else if constexpr (std::is_same_v<T, PullResponse>) {
          out += "<n:PullResponse>";
          if (auto s = append_context(out, b.context); !s.ok()) return s;
          out += "<n:Items>";
          if (auto s = append_items(out, b.items); !s.ok()) return s;
          out += "</n:Items>";
          if (b.end_of_sequence) out += "<n:EndOfSequence/>";
          out += "</n:PullResponse>";
        } else if constexpr (std::is_same_v<T, ReleaseResponse>) {
          // An empty body.
        } else if constexpr (std::is_same_v<T, InvokeResponse>) {
          if (!is_cim_identifier(b.method)) {
            return invalid_argument("method \"" + b.method + "\" is not an identifier");
          }
          out += fmt::format("<p:{}_OUTPUT xmlns:p=\"", b.method);
          if (auto s = append_xml_escaped(out, b.resource_uri, XmlEscaping::kAttribute); !s.ok()) {
            return s;
          }
          out += "\">";
          for (const Property& parameter : b.result.out) {
            if (iequals(parameter.name, "ReturnValue")) {
              return invalid_argument("an out-parameter named ReturnValue");
            }
            if (auto s = append_property(out, parameter); !s.ok()) return s;
          }
          out += fmt::format("<p:ReturnValue>{}</p:ReturnValue></p:{}_OUTPUT>",
                             b.result.return_value, b.method);
        } else if constexpr (std::is_same_v<T, FaultResponse>) {
          const FaultDetail& d = b.detail;
          out += "<s:Fault><s:Code><s:Value>";
          if (auto s = append_text(out, d.code); !s.ok()) return s;
          out += "</s:Value><s:Subcode><s:Value>";
          if (auto s = append_text(out, d.subcode); !s.ok()) return s;
          out += "</s:Value></s:Subcode></s:Code><s:Reason><s:Text xml:lang=\"en-US\">";
          if (auto s = append_text(out, d.message); !s.ok()) return s;
          out += fmt::format(
              "</s:Text></s:Reason><s:Detail><f:WSManFault xmlns:f=\"{}\" Code=\"{}\" "
              "Machine=\"",
              kFaultNs, d.wsman_code);
          if (auto s = append_xml_escaped(out, b.machine, XmlEscaping::kAttribute); !s.ok()) {
            return s;
          }
          out += "\"><f:Message>";
          if (auto s = append_text(out, d.message); !s.ok()) return s;
          out += "</f:Message></f:WSManFault></s:Detail></s:Fault>";
        }
        return Status();
      },
      body);
}

}  // namespace

std::string response_action(const Response& response) {
  return std::visit(
      [](const auto& b) -> std::string {
        using T = std::decay_t<decltype(b)>;
        if constexpr (std::is_same_v<T, IdentifyResponse>) {
          return "";
        } else if constexpr (std::is_same_v<T, GetResponse>) {
          return std::string(kActionGetResponse);
        } else if constexpr (std::is_same_v<T, EnumerateResponse>) {
          return std::string(kActionEnumerateResponse);
        } else if constexpr (std::is_same_v<T, PullResponse>) {
          return std::string(kActionPullResponse);
        } else if constexpr (std::is_same_v<T, ReleaseResponse>) {
          return std::string(kActionReleaseResponse);
        } else if constexpr (std::is_same_v<T, InvokeResponse>) {
          return b.resource_uri + "/" + b.method + "Response";
        } else {
          if (b.detail.subcode.starts_with("a:")) return std::string(kActionAddressingFault);
          if (b.detail.subcode.starts_with("n:")) return std::string(kActionEnumerationFault);
          return std::string(kActionWsmanFault);
        }
      },
      response.body);
}

int http_status(const Response& response) {
  return std::holds_alternative<FaultResponse>(response.body) ? 500 : 200;
}

Result<std::string> encode_response(const Response& response) {
  std::string out;
  out.reserve(4096);  // most answers fit: one allocation
  out += envelope_start();
  out += "<s:Header>";
  // An Identify answer has no headers unless the response names message ids (round trip).
  if (!std::holds_alternative<IdentifyResponse>(response.body) || !response.message_id.empty() ||
      !response.relates_to.empty()) {
    out += "<a:Action>";
    if (auto s = append_text(out, response_action(response)); !s.ok()) return s;
    out += "</a:Action><a:MessageID>";
    if (auto s = append_text(out, response.message_id); !s.ok()) return s;
    out += "</a:MessageID><a:To>";
    out += kAnonymous;
    out += "</a:To><a:RelatesTo>";
    if (auto s = append_text(out, response.relates_to); !s.ok()) return s;
    out += "</a:RelatesTo>";
  }
  out += "</s:Header><s:Body>";
  if (auto s = append_body(out, response.body); !s.ok()) return s;
  out += "</s:Body>";
  out += kEnvelopeEnd;
  return out;
}

Result<std::size_t> items_fitting(std::span<const EnumerationItem> items, std::size_t budget) {
  ResourceUriCache uris;
  std::string scratch;
  std::size_t used = 0;
  for (std::size_t i = 0; i < items.size(); ++i) {
    scratch.clear();
    if (auto s = append_item(scratch, items[i], uris); !s.ok()) return s;
    used += scratch.size();
    if (used > budget) return i;
  }
  return items.size();
}

FaultResponse fault_response(const Status& status, std::string machine) {
  if (status.fault()) return FaultResponse{*status.fault(), std::move(machine)};
  const Status internal = wsman_fault(WsmanFault::kInternalError, status.message());
  return FaultResponse{*internal.fault(), std::move(machine)};
}

}  // namespace wmi::wsman
