// The server side of HTTP Negotiate through GSS-API (MIT krb5's libgssapi_krb5): NTLM through
// Debian's gss-ntlmssp mechanism, Kerberos through MIT's, with SPNEGO on top, as a Windows WinRM
// listener accepts them.
//
// What a client may send (all accepted by one credential, whatever the Authorization scheme name):
//  * a SPNEGO token offering Kerberos or NTLM (curl --negotiate, Windows, pypsrp);
//  * a raw NTLMSSP message (pywinrm 0.3.0's ntlm transport: requests_ntlm 1.1.0 sends the NTLM
//    messages bare under the scheme name the server offered, "Negotiate" here; it would use "NTLM"
//    if that were offered);
//  * a raw Kerberos AP-REQ.
// MIT's mechanism glue tells them apart by the token's own header.
//
// The credential (GssCredential) is acquired once with gss_acquire_cred_from and shared by every
// connection:
//  * NTLM: gss-ntlmssp 1.2's acceptor reads its users from the credential store element
//    "ntlmssp_keyfile" (the users file, users_file.h) rather than the NTLM_USER_FILE environment
//    variable, so nothing process-wide is changed. Its acceptor needs a host-based name with a
//    host ("HTTP@<service_host>"; the host's first label becomes the NetBIOS computer name in the
//    CHALLENGE message).
//  * Kerberos: MIT's from the credential store element "keytab"; the acceptor name is the same
//    HTTP@<service_host>, so the keytab must hold HTTP/<service_host>@<any realm> (a client
//    targets HTTP@<the host in its URL>).
//  * SPNEGO offers exactly the mechanisms configured (gss_set_neg_mechs): no system keytab and no
//    NTLM_USER_FILE sneak in.
// MD4 (NTLM's password hash) lives in OpenSSL 3's legacy provider; gss-ntlmssp 1.2 loads that
// provider itself when it needs it, so this process needs no OpenSSL configuration (pywinrm's
// ntlm_auth, on the client side, does: OPENSSL_CONF activating "default" and "legacy").
// gss-ntlmssp 1.2 reads the users file afresh at each NTLM login, and leaks a few KiB per login
// (it never frees the digests it fetches from OpenSSL); testing/lsan_suppressions.cc.
//
// A GssAcceptor is one connection's security context: accept() steps through the handshake,
// wrap()/unwrap() seal and unseal message bodies once it is established (message_encryption.h):
// NTLM through gss_wrap (a 16-byte signature, then the sealed data), Kerberos through
// gss_wrap_iov (the RFC 4121 token header is the signature, as SSPI's EncryptMessage lays it out).
//
// Thread-safety: GssCredential is immutable and shared (MIT's credentials may be used by several
// contexts at once); a GssAcceptor belongs to one connection and is used from one thread at a time.
// Errors and results carry GSS-API status texts and principal names, never a token or password.
#pragma once

#include <gssapi/gssapi.h>

#include <memory>
#include <string>
#include <string_view>

#include "sim/server/message_encryption.h"
#include "wmi/cim/status.h"
#include "wmi/wsman/gss_message.h"

namespace sim::server {

struct GssAcceptorOptions {
  std::string users_file;  // NTLM's users (users_file.h); empty: no NTLM
  std::string keytab;      // Kerberos' keys; empty: no Kerberos
  // The host part of the acceptor name HTTP@<service_host> (see above).
  std::string service_host = "localhost";
};

enum class GssMechanism { kNone, kNtlm, kKerberos };
const char* to_string(GssMechanism mechanism);

class GssCredential {
 public:
  // kInvalidArgument when neither users file nor keytab is given, or a credential cannot be had
  // for one that is (e.g. the keytab has no key for HTTP/<service_host>).
  static wmi::Result<std::shared_ptr<const GssCredential>> acquire(
      const GssAcceptorOptions& options);

  GssCredential(const GssCredential&) = delete;
  GssCredential& operator=(const GssCredential&) = delete;
  ~GssCredential();

  bool offers_ntlm() const { return ntlm_; }
  bool offers_kerberos() const { return kerberos_; }
  gss_cred_id_t handle() const { return handle_; }

 private:
  GssCredential() = default;
  gss_cred_id_t handle_ = GSS_C_NO_CREDENTIAL;
  bool ntlm_ = false;
  bool kerberos_ = false;
};

// Whether `token` starts a handshake (an RFC 2743 initial-context token, i.e. SPNEGO's
// NegTokenInit or a raw Kerberos AP-REQ, or an NTLM NEGOTIATE message) rather than continuing one.
bool is_initial_token(std::string_view token);

class GssAcceptor {
 public:
  explicit GssAcceptor(std::shared_ptr<const GssCredential> credential);
  GssAcceptor(const GssAcceptor&) = delete;
  GssAcceptor& operator=(const GssAcceptor&) = delete;
  ~GssAcceptor();

  struct Step {
    enum class Kind { kContinue, kComplete, kFailed };
    Kind kind = Kind::kFailed;
    std::string output_token;  // raw bytes for the client (may be empty on kComplete)
    std::string error;         // kFailed: the GSS-API status text
  };
  // Feeds the client's next token. After kFailed the context is gone (as after reset()).
  Step accept(std::string_view input_token);

  bool established() const { return established_; }
  // The authenticated initiator as GSS-API displays it: "DOMAIN\user" or "user" (NTLM, as the
  // client typed it), "user@REALM" (Kerberos). Empty until established.
  const std::string& peer_name() const { return peer_name_; }
  GssMechanism mechanism() const { return mechanism_; }
  // Whether the context can seal (the client asked for confidentiality).
  bool can_seal() const { return can_seal_; }

  // Drops the context (a new handshake starts with the next accept()).
  void reset();

  // Seals and signs `plain` for the client. kProtocol when not established or GSS-API fails.
  wmi::Result<SealedMessage> wrap(std::string_view plain);
  // Verifies and unseals a client's message. kProtocol when not established, the signature does
  // not verify, or the message was not sealed.
  wmi::Result<std::string> unwrap(std::string_view signature, std::string_view sealed);

 private:
  wmi::wsman::SealLayout layout() const {
    return mechanism_ == GssMechanism::kKerberos ? wmi::wsman::SealLayout::kKerberos
                                                 : wmi::wsman::SealLayout::kNtlm;
  }

  std::shared_ptr<const GssCredential> credential_;
  gss_ctx_id_t context_ = GSS_C_NO_CONTEXT;
  bool established_ = false;
  bool can_seal_ = false;
  GssMechanism mechanism_ = GssMechanism::kNone;
  std::string peer_name_;
};

}  // namespace sim::server
