// The WS-Management messages hvsim speaks, as plain data: what a client asks (Request) and what
// an endpoint answers (Response). The codec (request_codec.h, response_codec.h) maps them to and
// from SOAP 1.2 envelopes; the server and the client both use it. Value types; not synchronised.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "wmi/cim/connection.h"
#include "wmi/cim/instance.h"
#include "wmi/cim/status.h"
#include "wmi/cim/wsman_reference.h"

namespace wmi::wsman {

struct RequestHeader {
  std::string to;                                              // a:To, never validated
  std::string resource_uri;                                    // w:ResourceURI ("" for Identify)
  std::string action;                                          // a:Action ("" for Identify)
  std::string message_id;                                      // a:MessageID
  std::optional<std::vector<Selector>> selectors;              // w:SelectorSet, when present
  std::optional<std::size_t> max_envelope_size;                // w:MaxEnvelopeSize
  std::optional<std::chrono::milliseconds> operation_timeout;  // w:OperationTimeout
  std::string locale;                                          // w:Locale xml:lang
  friend bool operator==(const RequestHeader&, const RequestHeader&) = default;
};

enum class EnumerationMode { kObject, kEpr, kObjectAndEpr };

struct IdentifyRequest {
  friend bool operator==(const IdentifyRequest&, const IdentifyRequest&) = default;
};
struct GetRequest {
  friend bool operator==(const GetRequest&, const GetRequest&) = default;
};
struct EnumerateRequest {
  std::optional<std::string> filter_dialect;  // set when a w:Filter was sent
  std::string filter;                         // its text (WQL)
  bool optimize = false;                      // w:OptimizeEnumeration
  std::optional<std::uint32_t> max_elements;  // w:MaxElements
  EnumerationMode mode = EnumerationMode::kObject;
  friend bool operator==(const EnumerateRequest&, const EnumerateRequest&) = default;
};
struct PullRequest {
  std::string context;
  std::optional<std::uint32_t> max_elements;  // n:MaxElements
  friend bool operator==(const PullRequest&, const PullRequest&) = default;
};
struct ReleaseRequest {
  std::string context;
  friend bool operator==(const ReleaseRequest&, const ReleaseRequest&) = default;
};
struct InvokeRequest {
  std::string method;      // from the Action's last segment and the body's <Method>_INPUT
  PropertyList arguments;  // in wire order
  friend bool operator==(const InvokeRequest&, const InvokeRequest&) = default;
};

using RequestBody = std::variant<IdentifyRequest, GetRequest, EnumerateRequest, PullRequest,
                                 ReleaseRequest, InvokeRequest>;

struct Request {
  RequestHeader header;
  RequestBody body;
  friend bool operator==(const Request&, const Request&) = default;
};

// One enumerated item: the object, its reference, or both (EnumerationMode).
struct EnumerationItem {
  std::optional<Instance> object;
  std::optional<ObjectPath> reference;
  friend bool operator==(const EnumerationItem&, const EnumerationItem&) = default;
};

struct IdentifyResponse {
  Identity identity;
  std::vector<std::string> security_profiles;  // omitted for an unauthenticated Identify
  friend bool operator==(const IdentifyResponse&, const IdentifyResponse&) = default;
};
struct GetResponse {
  Instance instance;  // its namespace and class give the element's namespace
  friend bool operator==(const GetResponse&, const GetResponse&) = default;
};
struct EnumerateResponse {
  std::string context;                 // "" once the sequence has ended
  std::vector<EnumerationItem> items;  // inline items (w:Items), with OptimizeEnumeration
  bool optimized = false;              // w:Items present
  bool end_of_sequence = false;        // w:EndOfSequence
  friend bool operator==(const EnumerateResponse&, const EnumerateResponse&) = default;
};
struct PullResponse {
  std::string context;  // "" with end_of_sequence
  std::vector<EnumerationItem> items;
  bool end_of_sequence = false;
  friend bool operator==(const PullResponse&, const PullResponse&) = default;
};
struct ReleaseResponse {
  friend bool operator==(const ReleaseResponse&, const ReleaseResponse&) = default;
};
struct InvokeResponse {
  std::string resource_uri;  // the class the method was called on
  std::string method;
  MethodResult result;  // out-parameters in order, then ReturnValue
  friend bool operator==(const InvokeResponse&, const InvokeResponse&) = default;
};
struct FaultResponse {
  FaultDetail detail;   // code, subcode, f:WSManFault Code, message
  std::string machine;  // f:WSManFault Machine
  friend bool operator==(const FaultResponse&, const FaultResponse&) = default;
};

using ResponseBody = std::variant<IdentifyResponse, GetResponse, EnumerateResponse, PullResponse,
                                  ReleaseResponse, InvokeResponse, FaultResponse>;

struct Response {
  std::string message_id;  // a:MessageID of the response
  std::string relates_to;  // a:RelatesTo = the request's MessageID
  ResponseBody body;
  friend bool operator==(const Response&, const Response&) = default;
};

}  // namespace wmi::wsman
