// GSS-API pieces both ends of Negotiate share (the client's GssInitiator, the server's
// GssAcceptor): status text, buffer ownership, and sealing a WS-Man message with an established
// security context in the layout SSPI's EncryptMessage gives Windows (encrypted_body.h):
//   NTLM:     gss_wrap's token split into the 16-byte message signature and the sealed data;
//   Kerberos: gss_wrap_iov's RFC 4121 token header as the signature, then the sealed data.
// Failure contract: kProtocol naming what failed, in GSS-API's own words. Thread-safety: as the
// context (one call at a time per context).
#pragma once

#include <gssapi/gssapi.h>

#include <string>
#include <string_view>

#include "wmi/cim/status.h"
#include "wmi/wsman/encrypted_body.h"

namespace wmi::wsman {

// Which layout a sealed message has.
enum class SealLayout { kNtlm, kKerberos };

// "<major text>; <minor text>" as GSS-API words them.
std::string gss_status_text(OM_uint32 major, OM_uint32 minor);

// The bytes of `buffer`, which is released.
std::string take_gss_buffer(gss_buffer_desc& buffer);

// `plain` sealed (confidentiality required) with `context`.
Result<SealedMessage> seal_message(gss_ctx_id_t context, SealLayout layout, std::string_view plain);

// The plain text of a sealed message; refused when it was only signed, not sealed.
Result<std::string> unseal_message(gss_ctx_id_t context, SealLayout layout,
                                   std::string_view signature, std::string_view sealed);

}  // namespace wmi::wsman
