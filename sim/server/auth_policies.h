// The authentication policies of `hvsim serve --auth none|basic|negotiate` (connection_auth.h),
// behaving as a Windows WinRM listener does:
//
//  none       every request is served as user ""; bodies travel plain (a sealed body is refused:
//             kProtocol, there is no context to open it with).
//  basic      Basic on every request (basic_auth.h) against the users file; bodies travel plain,
//             over http too (as a host with AllowUnencrypted=true, which a real host needs for
//             Basic over http).
//  negotiate  HTTP Negotiate through GSS-API (gss_acceptor.h): NTLM against the users file
//             (gss-ntlmssp), Kerberos against a keytab, SPNEGO or raw tokens, under the scheme
//             names "Negotiate", "NTLM" or "Kerberos" (a 401 offers "Negotiate", as a host
//             does). The handshake's 401s carry the server's token under the scheme the client
//             used; the server's final token, if any, goes on the 200 (Kerberos' AP-REP, which
//             pywinrm's Kerberos transport insists on). A context authenticates the connection:
//             later requests without an Authorization header are that user; a request that starts
//             a new handshake drops the old context. A failed step is a bare 401 offering
//             "Negotiate" again.
//             Bodies: over TLS plain (or sealed, if a client seals anyway: the answer is then
//             sealed too). Over plain http the body must be sealed (multipart/encrypted,
//             message_encryption.h) as on a host with AllowUnencrypted=false: a plain non-empty
//             body is refused with kAuth. What a real host answers then is reported as HTTP 500
//             (pywinrm issue #129, winrm4j issue #151: Kerberos over http without sealing, "the
//             server received an unencrypted message"). The empty body pywinrm posts to set up
//             its context before it seals anything is let through (nothing to protect; pywinrm
//             needs a status below 400 for it). `allow_unencrypted` lets plain bodies through over
//             http, as a host with AllowUnencrypted=true (curl, which cannot seal).
//             Channel-binding tokens are not checked. The users file is read once here (NTLM
//             names are reported as it spells them) and again by gss-ntlmssp at each NTLM login:
//             change it only while the server is stopped.
//
// close() seals an answer exactly when the same request's body was sealed; authenticate() starts
// each request afresh, so call open() for every accepted request whose answer goes through
// close().
#pragma once

#include <memory>
#include <string>

#include "sim/server/connection_auth.h"
#include "sim/server/users_file.h"
#include "wmi/cim/status.h"

namespace sim::server {

std::unique_ptr<AuthPolicy> no_auth_policy();

// kInvalidArgument when `users` is null.
wmi::Result<std::unique_ptr<AuthPolicy>> basic_auth_policy(std::shared_ptr<const UsersFile> users);

struct NegotiateOptions {
  std::string users_file;  // NTLM's users (parsed strictly here, then read by gss-ntlmssp)
  std::string keytab;      // Kerberos; empty: NTLM only
  std::string service_host = "localhost";  // the acceptor name is HTTP@<service_host>
  bool allow_unencrypted = false;          // plain bodies over http too
};
// kInvalidArgument when neither users file nor keytab is given, the users file does not parse, or
// no GSS-API credential can be had (gss_acceptor.h).
wmi::Result<std::unique_ptr<AuthPolicy>> negotiate_auth_policy(const NegotiateOptions& options);

// `--auth MODE --users FILE --keytab FILE`, in one place: "none", "basic" (needs users_file),
// "negotiate" (needs users_file or keytab). kInvalidArgument names what is missing or unknown.
struct AuthSettings {
  std::string mode;  // none | basic | negotiate
  std::string users_file;
  std::string keytab;
  std::string service_host = "localhost";
  bool allow_unencrypted = false;
};
wmi::Result<std::unique_ptr<AuthPolicy>> make_auth_policy(const AuthSettings& settings);

}  // namespace sim::server
