// The client side of HTTP Negotiate through GSS-API (MIT krb5's libgssapi_krb5): SPNEGO carrying
// NTLM (Debian's gss-ntlmssp) or Kerberos (MIT), and the wrap/unwrap of Microsoft's message
// encryption (encrypted_body.h) once the context is established.
//
// Mechanisms (GssInitiatorOptions::mechanism):
//  * kNtlm      SPNEGO offering NTLM only. Needs `user` ("DOMAIN\user" or "user") and `password`;
//               the password goes in gss-ntlmssp's own credential-store key, so no other mechanism
//               (MIT Kerberos would ask the system's KDC over the network) ever sees it.
//  * kKerberos  SPNEGO offering Kerberos only. Without a password: the ticket in the default
//               credential cache (KRB5CCNAME), whose principal must be `user` when one is given;
//               with `user` ("alice@REALM") and `password`: a fresh ticket from the KDC of the
//               krb5.conf in force (gss_acquire_cred_with_password).
//  * kNegotiate Kerberos when a Kerberos credential can be had as above, else NTLM (needs user
//               and password), decided when the credential is acquired; which one was chosen is
//               mechanism().
// The target is the host-based service HTTP@<service_host> (Kerberos: HTTP/<host>@REALM), as a
// Windows client names a WinRM listener. With NTLM it matters only against a gss-ntlmssp server
// (hvsim serve), which announces its own name and is refused when the names differ. Mutual
// authentication, integrity, replay and sequence protection and confidentiality are requested.
//
// wrap()/unwrap() lay the sealed message out as Windows does: NTLM through gss_wrap, split after
// the 16-byte signature; Kerberos through gss_wrap_iov, whose RFC 4121 token header is the
// signature.
//
// Thread-safety: one context; use from one thread at a time. Errors carry GSS-API status texts and
// principal names, never a token or a password.
#pragma once

#include <gssapi/gssapi.h>

#include <memory>
#include <string>
#include <string_view>

#include "wmi/cim/status.h"
#include "wmi/wsman/encrypted_body.h"
#include "wmi/wsman/gss_message.h"

namespace wmi::wsman {

enum class GssMechanism { kNegotiate, kNtlm, kKerberos };
const char* to_string(GssMechanism mechanism);

struct GssInitiatorOptions {
  GssMechanism mechanism = GssMechanism::kNegotiate;
  std::string user;
  std::string password;  // a secret: never logged or formatted
  std::string service_host = "localhost";
};

class GssInitiator {
 public:
  // Acquires the credential. kInvalidArgument for options that cannot work (NTLM without a user or
  // password, a service host with '@', '/' or spaces); kAuth with GSS-API's reason when no
  // credential can be had (no ticket, a password refused by the KDC, gss-ntlmssp missing).
  static Result<std::unique_ptr<GssInitiator>> create(GssInitiatorOptions options);
  GssInitiator(const GssInitiator&) = delete;
  GssInitiator& operator=(const GssInitiator&) = delete;
  ~GssInitiator();

  // kNtlm or kKerberos: the mechanism the credential is for.
  GssMechanism mechanism() const { return mechanism_; }

  // The next token for the server given the server's last one ("" to start a handshake). An empty
  // result with established() true means nothing more is to be sent. kAuth with GSS-API's reason
  // when the context fails (e.g. the server's final Kerberos token does not verify); the context
  // is then dropped.
  Result<std::string> step(std::string_view server_token);
  bool established() const { return established_; }
  // Whether the established context can seal (confidentiality was granted).
  bool can_seal() const { return can_seal_; }

  // Drops the context; the credential stays (a new handshake starts with step("")).
  void reset();

  // Seals `plain` for the server. kProtocol when not established or GSS-API fails.
  Result<SealedMessage> wrap(std::string_view plain);
  // Verifies and unseals the server's message. kProtocol when not established, the signature does
  // not verify, or the message was not sealed.
  Result<std::string> unwrap(std::string_view signature, std::string_view sealed);

 private:
  GssInitiator() = default;
  SealLayout layout() const {
    return mechanism_ == GssMechanism::kKerberos ? SealLayout::kKerberos : SealLayout::kNtlm;
  }

  GssMechanism mechanism_ = GssMechanism::kNtlm;
  std::string service_host_;
  gss_cred_id_t credential_ = GSS_C_NO_CREDENTIAL;
  gss_name_t target_ = GSS_C_NO_NAME;
  gss_ctx_id_t context_ = GSS_C_NO_CONTEXT;
  bool started_ = false;
  bool established_ = false;
  bool can_seal_ = false;
};

}  // namespace wmi::wsman
