// SoapChannel: carries one SOAP envelope to a WS-Management endpoint and brings its answer back,
// authenticated. HttpSoapChannel does it over one keep-alive HTTP(S) connection (curl_transport.h)
// the way a Windows WinRM client does:
//
//  none       plain POSTs (hvsim serve --auth none).
//  basic      Basic on every request, by libcurl. Over plain http only to a loopback host: to any
//             other host it is refused before anything is sent, because the password would cross
//             the network in clear text.
//  negotiate, ntlm, kerberos
//             HTTP Negotiate through GSS-API (gss_initiator.h). A handshake of empty POSTs
//             ("Authorization: Negotiate <token>", 401 with the server's token, …) authenticates
//             the connection once; the final 200 must complete the context (Kerberos' mutual
//             authentication). Later requests carry no Authorization header. Over plain http every
//             request is sealed with the context and every answer must come back sealed
//             (Microsoft's message encryption, encrypted_body.h); over https bodies travel plain
//             inside TLS.
//             A 401 to a request means the connection lost its authentication (the server closed
//             the keep-alive connection and libcurl opened a new one): the handshake is redone and
//             the request sent once more. That resends only what the server refused before
//             reading it, so it holds for every operation, Invoke included.
//
// Failure contract of exchange(): kAuth when the credentials are refused (a 401 that ends a
// handshake or answers Basic, a GSS-API failure, a missing final Kerberos token); kTransport when
// no HTTP answer came (curl_transport.h); kProtocol when an answer cannot be unsealed or arrives
// plain where it must be sealed. Any other HTTP status comes back as a SoapAnswer.
//
// Thread-safety: one exchange at a time; not synchronised.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "wmi/cim/status.h"
#include "wmi/wsman/curl_transport.h"
#include "wmi/wsman/gss_initiator.h"

namespace wmi::wsman {

enum class AuthMode { kNone, kBasic, kNegotiate, kNtlm, kKerberos };

// "none", "basic", "negotiate", "ntlm", "kerberos".
const char* to_string(AuthMode mode);
// Inverse of to_string (ASCII case ignored); kInvalidArgument naming the choices.
Result<AuthMode> parse_auth_mode(std::string_view text);

struct SoapAnswer {
  int http_status = 0;
  std::string content_type;
  std::string body;  // the SOAP envelope (unsealed), or "" for a bare answer
};

class SoapChannel {
 public:
  virtual ~SoapChannel() = default;
  // Sends `envelope` (UTF-8 SOAP 1.2) and returns the answer.
  virtual Result<SoapAnswer> exchange(std::string_view envelope) = 0;
};

struct ChannelOptions {
  TransportOptions transport;  // endpoint, TLS and timeouts (its `basic` is set from below)
  AuthMode auth = AuthMode::kNone;
  std::string user;
  std::string password;  // a secret
  // Negotiate's target is HTTP@<service_host>; "": the endpoint's host.
  std::string service_host;
};

class HttpSoapChannel final : public SoapChannel {
 public:
  // Checks the options and acquires the GSS-API credential; sends nothing. kInvalidArgument for
  // Basic over http to a non-loopback host, Basic without a user, or unusable options; kAuth when
  // no GSS-API credential can be had (gss_initiator.h).
  static Result<std::unique_ptr<HttpSoapChannel>> open(ChannelOptions options);

  Result<SoapAnswer> exchange(std::string_view envelope) override;

  // Whether bodies are sealed (Negotiate over plain http).
  bool sealing() const { return seal_; }
  // The mechanism Negotiate uses (kNtlm or kKerberos); kNegotiate when the mode is not Negotiate.
  GssMechanism mechanism() const;

 private:
  HttpSoapChannel() = default;
  Status handshake();
  Result<SoapAnswer> send(std::string_view envelope, bool& lost_authentication);

  AuthMode auth_ = AuthMode::kNone;
  bool seal_ = false;
  std::unique_ptr<CurlTransport> transport_;
  std::unique_ptr<GssInitiator> gss_;
};

}  // namespace wmi::wsman
