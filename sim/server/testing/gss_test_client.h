// Test-only: the client side of HTTP Negotiate through GSS-API, to drive the acceptor in-process.
// NTLM logs in with a user name and password (gss-ntlmssp's "ntlmssp_password" credential store);
// Kerberos uses the default credential cache (KRB5CCNAME, e.g. from throwaway_kdc.sh). Either
// runs raw or inside SPNEGO. wrap()/unwrap() seal as a WinRM client does (NTLM: gss_wrap split
// after the 16-byte signature; Kerberos: gss_wrap_iov's header is the signature).
// One context; not thread-safe.
#pragma once

#include <gssapi/gssapi.h>

#include <string>
#include <string_view>

#include "sim/server/message_encryption.h"
#include "wmi/cim/status.h"

namespace sim::server::testing {

class GssTestClient {
 public:
  enum class Mechanism { kNtlm, kKerberos };
  struct Options {
    Mechanism mechanism = Mechanism::kNtlm;
    bool spnego = false;
    std::string user;      // NTLM: "DOMAIN\\user" or "user"; Kerberos: empty (the ccache's)
    std::string password;  // NTLM only
    std::string target = "HTTP@localhost";
    bool confidentiality = true;  // ask for sealing (GSS_C_CONF_FLAG)
  };

  explicit GssTestClient(Options options);
  GssTestClient(const GssTestClient&) = delete;
  GssTestClient& operator=(const GssTestClient&) = delete;
  ~GssTestClient();

  // The next token for the server, given the server's last token ("" to start). kAuth with the
  // GSS-API text when the client side fails.
  wmi::Result<std::string> step(std::string_view server_token);
  bool established() const { return established_; }

  wmi::Result<SealedMessage> wrap(std::string_view plain);
  wmi::Result<std::string> unwrap(std::string_view signature, std::string_view sealed);

 private:
  Options options_;
  gss_cred_id_t credential_ = GSS_C_NO_CREDENTIAL;
  gss_name_t target_ = GSS_C_NO_NAME;
  gss_ctx_id_t context_ = GSS_C_NO_CONTEXT;
  bool started_ = false;
  bool established_ = false;
  std::string setup_error_;
};

}  // namespace sim::server::testing
