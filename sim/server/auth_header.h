// The pieces of Authorization and WWW-Authenticate headers the authentication policies use (the
// split of "Scheme credentials", strict Base64). They are shared with the WS-Man client and live
// in wmi/wsman/auth_header.h (their contract is there); this header gives the server their names.
#pragma once

#include "wmi/wsman/auth_header.h"

namespace sim::server {

using wmi::wsman::AuthorizationHeader;
using wmi::wsman::base64_decode;
using wmi::wsman::base64_encode;
using wmi::wsman::split_authorization;
using wmi::wsman::trim_ows;

}  // namespace sim::server
