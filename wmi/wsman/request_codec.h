// Requests ⇄ SOAP envelopes (spec/wsman-wire.md "Resources and operations").
//
// decode_request reads what any Windows or third-party client sends: Identify is recognised by
// its body (wsmid:Identify), never by an Action; Get, Enumerate, Pull and Release by their
// Actions; any other Action "<ResourceURI>/<Method>" whose body is <Method>_INPUT in the
// ResourceURI's namespace is an Invoke. a:To is never validated. Invoke arguments are read
// untyped (value_xml.h) unless `typing` is given.
// Failure contract (a kFault Status, ready to send): w:EncodingLimit (too large, charset),
// w:SchemaValidationError (not XML, DOCTYPE, too deep, wrong shape, an a:EndpointReference
// wrapper around a parameter), a:ActionNotSupported (an Action that is neither a known operation
// nor a method of the ResourceURI).
//
// encode_request writes the envelope a Windows client (winrm.exe) would send, UTF-8.
// Round trip: decode_request(encode_request(r)) == r for every request encode accepts (with the
// typing of its arguments; an empty array argument reads back as null). Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "wmi/wsman/message.h"
#include "wmi/wsman/soap_envelope.h"
#include "wmi/wsman/value_xml.h"

namespace wmi::wsman {

Result<Request> decode_request(std::string_view bytes, std::string_view content_type,
                               const DecodeLimits& limits, const PropertyTyping& typing = {});

// kInvalidArgument when a value cannot be carried (value_xml.h).
Result<std::string> encode_request(const Request& request);

}  // namespace wmi::wsman
