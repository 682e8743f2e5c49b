// HTTP Basic as a WinRM listener does it (`winrm/config/service/auth Basic=true`): credentials on
// every request, "USER" or "DOMAIN\USER" checked against the users file (users_file.h for which
// entry a login designates), passwords compared in constant time, and a failed or missing login
// answered with a bare 401 carrying `WWW-Authenticate: Basic realm="WSMAN"`.
//
// Basic authenticates requests, not connections: each request must carry the header (a real host
// behaves so, and every Basic client sends it every time).
// Immutable after construction; judge() is thread-safe.
#pragma once

#include <memory>
#include <string_view>

#include "sim/server/connection_auth.h"
#include "sim/server/users_file.h"

namespace sim::server {

inline constexpr std::string_view kBasicChallenge = "Basic realm=\"WSMAN\"";

class BasicAuth {
 public:
  explicit BasicAuth(std::shared_ptr<const UsersFile> users);

  // The verdict on one request's Authorization header ("" when absent):
  //  * kAccepted, user = display_name() of the entry, when it is "Basic <base64(login:password)>"
  //    with a known login and its password;
  //  * kChallenge when the header is absent;
  //  * kRejected when it is malformed, of another scheme, or the login or password is wrong.
  // The 401s carry kBasicChallenge; `reason` says why, without the login's password.
  AuthVerdict judge(std::string_view authorization) const;

 private:
  std::shared_ptr<const UsersFile> users_;
};

}  // namespace sim::server
