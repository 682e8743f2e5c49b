// WsmanService: answers WS-Management requests (spec/wsman-wire.md) from any wmi::Connection, as
// a Windows WinRM listener serving WMI does: Identify, Get, Enumerate/Pull/Release (WQL to the
// ".../<namespace>/*" ResourceURI, or a class ResourceURI without a filter) and Invoke. It knows
// nothing of HTTP beyond http_exchange.h and nothing of the simulator beyond the Connection it is
// given, so it serves sim::Host, a decorated host (control_namespace.h) or anything else.
//
// Every request gets an answer: a bad request is a SOAP fault (HTTP 500) and changes nothing; an
// empty body (the end of an authentication handshake) is a bare 200.
// Mapping of Connection errors: kNotFound → a:DestinationUnreachable (or, for Get, what the
// profile's wsman.missing_instance_fault says); kInvalidArgument → w:InvalidParameter (for a
// query: n:CannotProcessFilter); a kFault Status is sent as it is.
//
// Thread-safety: handle() may be called concurrently; the Connection must be thread-safe (sim::Host
// is; it locks itself).
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "sim/control/profile.h"
#include "sim/server/enumeration_contexts.h"
#include "sim/server/http_exchange.h"
#include "wmi/cim/connection.h"
#include "wmi/wsman/body_charset.h"
#include "wmi/wsman/message.h"

namespace sim::server {

struct WsmanServiceOptions {
  // Largest request accepted, and the default limit for answers (MaxEnvelopeSizekb 500).
  std::size_t max_envelope_size = 512000;
  // An enumeration idle for longer expires (EnumerationTimeoutms 60000).
  std::chrono::milliseconds enumeration_timeout{60000};
  std::size_t max_enumerations = 1024;
  // Elements per Pull (and inline with OptimizeEnumeration) when the client names none.
  std::size_t default_max_elements = 20;
  // A client's MaxElements above this is lowered to it (MaxBatchItems 32000).
  std::size_t max_batch_items = 32000;
  control::MissingInstanceFault missing_instance_fault =
      control::MissingInstanceFault::kResourceNotFound;
  std::string machine = "localhost";  // f:WSManFault Machine
  // wsmid:SecurityProfiles for an authenticated Identify.
  std::vector<std::string> security_profiles;
};

class WsmanService {
 public:
  WsmanService(std::shared_ptr<wmi::Connection> connection, WsmanServiceOptions options);

  HttpResponse handle(const HttpRequest& request);
  // The w:EncodingLimit fault for a body over `limit` bytes.
  HttpResponse oversize(std::size_t limit);

  // The answer to an already-decoded request (what handle() does after decoding), to be sent in
  // `charset` (enumeration answers are sized so that they fit MaxEnvelopeSize in it).
  wmi::wsman::Response answer(const wmi::wsman::Request& request, bool authenticated,
                              wmi::wsman::Charset charset = wmi::wsman::Charset::kUtf8);

  const WsmanServiceOptions& options() const { return options_; }

 private:
  wmi::wsman::ResponseBody identify(bool authenticated);
  wmi::wsman::ResponseBody get(const wmi::wsman::RequestHeader& header);
  wmi::wsman::ResponseBody enumerate(const wmi::wsman::RequestHeader& header,
                                     const wmi::wsman::EnumerateRequest& body,
                                     wmi::wsman::Charset charset);
  wmi::wsman::ResponseBody pull(const wmi::wsman::RequestHeader& header,
                                const wmi::wsman::PullRequest& body, wmi::wsman::Charset charset);
  wmi::wsman::ResponseBody release(const wmi::wsman::ReleaseRequest& body);
  wmi::wsman::ResponseBody invoke(const wmi::wsman::RequestHeader& header,
                                  const wmi::wsman::InvokeRequest& body);
  wmi::wsman::ResponseBody fault(const wmi::Status& status);
  // The UTF-8 bytes an answer may take so that, sent in `charset`, it fits the client's
  // MaxEnvelopeSize (or the configured default).
  std::size_t envelope_limit(const wmi::wsman::RequestHeader& header,
                             wmi::wsman::Charset charset) const;
  std::string next_message_id();

  std::shared_ptr<wmi::Connection> connection_;
  WsmanServiceOptions options_;
  EnumerationContexts enumerations_;
  std::mutex ids_mutex_;
  std::mt19937_64 ids_;
};

}  // namespace sim::server
