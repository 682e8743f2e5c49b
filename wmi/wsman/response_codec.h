// Responses ⇄ SOAP envelopes, in the shapes real Windows hosts send (fixtures/wire/):
//   Identify   wsmid:IdentifyResponse { ProtocolVersion, ProductVendor, ProductVersion,
//              [SecurityProfiles] }
//   Get        <p:Class xmlns:p="<class ResourceURI>" xsi:type="p:Class_Type"> one element per
//              property (value_xml.h) </p:Class>
//   Enumerate  n:EnumerateResponse { n:EnumerationContext, [w:Items], [w:EndOfSequence] }
//   Pull       n:PullResponse { [n:EnumerationContext], n:Items, [n:EndOfSequence] }
//              items: the instance element (EnumerateObject), a:EndpointReference (EnumerateEPR)
//              or w:Item { instance, a:EndpointReference } (EnumerateObjectAndEPR)
//   Release    an empty body
//   Invoke     <p:Method_OUTPUT xmlns:p="<class ResourceURI>"> out-parameters, then ReturnValue
//   Fault      s:Fault { s:Code { s:Value, s:Subcode { s:Value } }, s:Reason { s:Text },
//              s:Detail { f:WSManFault Code= Machine= { f:Message } } }
// A fault travels with HTTP 500, everything else with 200 (http_status).
//
// decode_response reads those shapes by namespace URI (QName values such as the fault subcode are
// resolved through their in-scope namespace, then written with the usual prefixes a, w, n, s),
// including the nested f:ProviderFault and MSFT_WmiError details real hosts send (the innermost
// f:Message or Message becomes the detail's message). Values are typed by `typing` when given.
// Failure contract: kProtocol naming what could not be read. Round trip: decode(encode(r)) == r
// for every response encode accepts, with the typing of its values (empty arrays read back as
// null). Thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "wmi/wsman/message.h"
#include "wmi/wsman/soap_envelope.h"
#include "wmi/wsman/value_xml.h"

namespace wmi::wsman {

// The declared type of property `name` of class `owner` (for Invoke output, owner is the
// method's name), or nullopt when unknown.
using InstanceTyping =
    std::function<std::optional<DeclaredType>(std::string_view owner, std::string_view name)>;

// The response action of `response` (e.g. ".../transfer/GetResponse", "<uri>/<Method>Response").
std::string response_action(const Response& response);

// 500 for a fault, else 200.
int http_status(const Response& response);

// kInvalidArgument when a value cannot be carried (value_xml.h); UTF-8.
Result<std::string> encode_response(const Response& response);

// How many leading `items` fit, encoded, in `budget` bytes (each measured once; the count stops at
// the first that does not fit). kInvalidArgument as encode_response.
Result<std::size_t> items_fitting(std::span<const EnumerationItem> items, std::size_t budget);

Result<Response> decode_response(std::string_view bytes, std::string_view content_type,
                                 const DecodeLimits& limits, const InstanceTyping& typing = {});

// The response a fault Status becomes (a non-fault Status becomes w:InternalError).
FaultResponse fault_response(const Status& status, std::string machine);

}  // namespace wmi::wsman
