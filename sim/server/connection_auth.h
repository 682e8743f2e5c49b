// How the listener authenticates, as a real WinRM listener does (spec/wsman-wire.md
// "Transport"): an AuthPolicy (none, Basic, Negotiate) makes one ConnectionAuth per TCP
// connection, because NTLM and Kerberos contexts belong to a connection. The ConnectionAuth also
// unseals and seals bodies when Negotiate's message encryption (MS-WSMV 2.2.9.1,
// multipart/encrypted) is in use.
//
// Thread-safety: an AuthPolicy is shared by every connection (new_connection is thread-safe); a
// ConnectionAuth belongs to one connection and is used from one thread at a time.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "wmi/cim/status.h"
#include "wmi/wsman/encrypted_body.h"

namespace sim::server {

// A SOAP body as it travels: its Content-Type and bytes (sealed or plain).
using WireBody = wmi::wsman::WireBody;

struct AuthVerdict {
  enum class Kind {
    kAccepted,   // serve the request as `user`
    kChallenge,  // answer a bare 401 with `www_authenticate` (a handshake step or no credentials)
    kRejected,   // answer a bare 401 with `www_authenticate` (wrong credentials)
  };
  Kind kind = Kind::kChallenge;
  std::string user;
  // WWW-Authenticate header values: the challenges on a 401; on kAccepted, the server's final
  // token ("Negotiate <base64>") to send on the 200, or empty.
  std::vector<std::string> www_authenticate;
  // Why a request was challenged or rejected, for the server's log (e.g. "no credentials",
  // "wrong password for HVSIM\\alice", a GSS-API status text). Never a password or a token.
  std::string reason;
};

class ConnectionAuth {
 public:
  virtual ~ConnectionAuth() = default;

  // Judges one request by its Authorization header ("" when absent), and starts the request:
  // called first, once per request. Under Negotiate, once a connection has authenticated, later
  // requests without the header are accepted as the same user (NTLM and Kerberos authenticate the
  // connection, not each request); Basic wants the header on every request, as a real host does.
  virtual AuthVerdict authenticate(std::string_view authorization) = 0;

  // The SOAP envelope inside `body`: unchanged when the body is plain and plain bodies are allowed
  // on this connection; unsealed when it is multipart/encrypted (its original Content-Type is the
  // OriginalContent type= of the body's first part). kAuth when a plain body arrives where sealing
  // is required (Negotiate over http; an empty body always passes: pywinrm posts one to set up
  // its context), which a real host answers with a bare 500; kProtocol when a sealed body cannot
  // be opened (malformed, or its signature does not verify).
  virtual wmi::Result<std::string> open(const WireBody& body) = 0;

  // The answer as it must travel: sealed when this request's body was sealed (open() succeeded on
  // a multipart/encrypted body since the last authenticate()), else unchanged.
  virtual wmi::Result<WireBody> close(WireBody answer) = 0;
};

class AuthPolicy {
 public:
  virtual ~AuthPolicy() = default;
  virtual std::unique_ptr<ConnectionAuth> new_connection(bool over_tls) = 0;
  // The scheme names this policy offers ("Basic", "Negotiate"); empty for none.
  virtual std::vector<std::string> schemes() const = 0;
};

}  // namespace sim::server
