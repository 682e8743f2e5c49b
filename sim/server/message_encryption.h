// Negotiate's message encryption over plain http (MS-WSMV 2.2.9.1, multipart/encrypted) as the
// server uses it. The framing is shared with the WS-Man client and lives in
// wmi/wsman/encrypted_body.h (its contract is there); this header gives the server its names. The
// security context that seals and unseals is the connection's GssAcceptor (gss_acceptor.h).
#pragma once

#include "sim/server/connection_auth.h"
#include "wmi/wsman/encrypted_body.h"

namespace sim::server {

using wmi::wsman::is_encrypted_content_type;
using wmi::wsman::kEncryptedBoundary;
using wmi::wsman::kKerberosEncryptedProtocol;
using wmi::wsman::kSpnegoEncryptedProtocol;
using wmi::wsman::open_encrypted_body;
using wmi::wsman::OpenedBody;
using wmi::wsman::seal_body;
using wmi::wsman::SealedMessage;
using wmi::wsman::UnwrapFunction;
using wmi::wsman::WrapFunction;

}  // namespace sim::server
