// Negotiate's message encryption over plain http (MS-WSMV 2.2.9.1): a SOAP body sealed with the
// connection's security context travels as
//
//   Content-Type: multipart/encrypted;protocol="application/HTTP-SPNEGO-session-encrypted";
//                 boundary="Encrypted Boundary"
//
//   --Encrypted Boundary\r\n
//   \tContent-Type: application/HTTP-SPNEGO-session-encrypted\r\n
//   \tOriginalContent: type=application/soap+xml;charset=UTF-8;Length=<plain length>\r\n
//   --Encrypted Boundary\r\n
//   \tContent-Type: application/octet-stream\r\n
//   <signature length: 4 bytes little-endian><signature><sealed SOAP>--Encrypted Boundary--\r\n
//
// (no blank line after the part headers and no CRLF before the closing delimiter: what Windows,
// pywinrm 0.3.0's winrm/encryption.py and pypsrp send and parse). With NTLM the signature is the
// 16-byte NTLM message signature; with Kerberos it is the RFC 4121 wrap token header (gss_wrap_iov
// HEADER), as SSPI's EncryptMessage lays it out. Kerberos' own scheme name uses the protocol
// "application/HTTP-Kerberos-session-encrypted"; both are accepted and an answer uses its
// request's. CredSSP's chunked multipart/x-multi-encrypted is not supported.
//
// Both ends use it: the server (sim/server) opens requests and seals answers, the client
// (wsman_connection.h) seals requests and opens answers; the security context's wrap and unwrap
// are passed in, so this file knows nothing of GSS-API.
//
// Parsing treats the body as untrusted: every length is checked against what is left, the sealed
// data must be exactly <plain length> bytes (true of every mechanism SPNEGO offers here: NTLM's
// RC4 and Kerberos' AES/RC4 are stream ciphers or add no padding), the unsealed data must be that
// long too (pywinrm's tamper check), and errors say what is wrong without quoting the body.
// Several header-part/data-part pairs are accepted and their plain texts concatenated, as pywinrm
// parses them. Pure functions; thread-safe as long as `wrap`/`unwrap` are.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "wmi/cim/status.h"

namespace wmi::wsman {

inline constexpr std::string_view kSpnegoEncryptedProtocol =
    "application/HTTP-SPNEGO-session-encrypted";
inline constexpr std::string_view kKerberosEncryptedProtocol =
    "application/HTTP-Kerberos-session-encrypted";
// A SOAP body as it travels: its Content-Type and bytes (sealed or plain).
struct WireBody {
  std::string content_type;
  std::string body;
};

// The boundary every sealed body hvsim writes uses (pywinrm splits on it without reading the
// header).
inline constexpr std::string_view kEncryptedBoundary = "Encrypted Boundary";

// What a security context's wrap produces: the signature (NTLM) or token header (Kerberos) and the
// sealed data.
struct SealedMessage {
  std::string signature;
  std::string sealed;
};
using WrapFunction = std::function<Result<SealedMessage>(std::string_view plain)>;
using UnwrapFunction =
    std::function<Result<std::string>(std::string_view signature, std::string_view sealed)>;

// Whether a Content-Type names a multipart/encrypted body (type compared ignoring case).
bool is_encrypted_content_type(std::string_view content_type);

struct OpenedBody {
  std::string protocol;  // the Content-Type's protocol parameter, as sent
  WireBody envelope;     // the SOAP envelope and its original Content-Type (OriginalContent type=)
};

// Opens a multipart/encrypted body. kProtocol (with what is wrong) when the Content-Type or the
// body is malformed, the protocol is not one of the two above, a length does not add up, or
// `unwrap` fails (its status is passed on with context added).
Result<OpenedBody> open_encrypted_body(const WireBody& body, const UnwrapFunction& unwrap);

// Seals `plain` (a SOAP body and its Content-Type) as a multipart/encrypted body for `protocol`.
// kInvalidArgument when the Content-Type has a control character; `wrap`'s failure passed on.
Result<WireBody> seal_body(std::string_view protocol, const WireBody& plain,
                           const WrapFunction& wrap);

}  // namespace wmi::wsman
