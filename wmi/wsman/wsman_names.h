// The XML namespaces, actions, dialects and fixed URIs of WS-Management for WMI
// (spec/wsman-wire.md "Namespaces"). Documents are read by namespace URI, never by prefix; the
// prefixes here are only what hvsim writes.
#pragma once

#include <string_view>

namespace wmi::wsman {

inline constexpr std::string_view kSoapNs = "http://www.w3.org/2003/05/soap-envelope";
inline constexpr std::string_view kAddressingNs =
    "http://schemas.xmlsoap.org/ws/2004/08/addressing";
inline constexpr std::string_view kWsmanNs = "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd";
inline constexpr std::string_view kEnumerationNs =
    "http://schemas.xmlsoap.org/ws/2004/09/enumeration";
inline constexpr std::string_view kTransferNs = "http://schemas.xmlsoap.org/ws/2004/09/transfer";
inline constexpr std::string_view kMicrosoftNs =
    "http://schemas.microsoft.com/wbem/wsman/1/wsman.xsd";
inline constexpr std::string_view kFaultNs = "http://schemas.microsoft.com/wbem/wsman/1/wsmanfault";
inline constexpr std::string_view kIdentityNs =
    "http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd";
inline constexpr std::string_view kCimNs = "http://schemas.dmtf.org/wbem/wscim/1/common";
inline constexpr std::string_view kXsiNs = "http://www.w3.org/2001/XMLSchema-instance";
inline constexpr std::string_view kXmlNs = "http://www.w3.org/XML/1998/namespace";

inline constexpr std::string_view kAnonymous =
    "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous";
inline constexpr std::string_view kWqlDialect = "http://schemas.microsoft.com/wbem/wsman/1/WQL";

inline constexpr std::string_view kActionGet = "http://schemas.xmlsoap.org/ws/2004/09/transfer/Get";
inline constexpr std::string_view kActionGetResponse =
    "http://schemas.xmlsoap.org/ws/2004/09/transfer/GetResponse";
inline constexpr std::string_view kActionEnumerate =
    "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Enumerate";
inline constexpr std::string_view kActionEnumerateResponse =
    "http://schemas.xmlsoap.org/ws/2004/09/enumeration/EnumerateResponse";
inline constexpr std::string_view kActionPull =
    "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Pull";
inline constexpr std::string_view kActionPullResponse =
    "http://schemas.xmlsoap.org/ws/2004/09/enumeration/PullResponse";
inline constexpr std::string_view kActionRelease =
    "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Release";
inline constexpr std::string_view kActionReleaseResponse =
    "http://schemas.xmlsoap.org/ws/2004/09/enumeration/ReleaseResponse";
inline constexpr std::string_view kActionAddressingFault =
    "http://schemas.xmlsoap.org/ws/2004/08/addressing/fault";
inline constexpr std::string_view kActionEnumerationFault =
    "http://schemas.xmlsoap.org/ws/2004/09/enumeration/fault";
inline constexpr std::string_view kActionWsmanFault =
    "http://schemas.dmtf.org/wbem/wsman/1/wsman/fault";

// What real hosts configure by default (spec/wsman-wire.md "Facts from real captures").
inline constexpr std::size_t kDefaultMaxEnvelopeSize = 512000;
inline constexpr std::size_t kDefaultMaxElements = 32000;

}  // namespace wmi::wsman
