#include "wmi/wsman/soap_channel.h"

#include <fmt/format.h>

#include <array>

#include "wmi/wsman/auth_header.h"
#include "wmi/wsman/encrypted_body.h"

namespace wmi::wsman {
namespace {

constexpr std::string_view kSoapType = "application/soap+xml;charset=UTF-8";
// Handshake legs before giving up (NTLM takes two, Kerberos one; SPNEGO may add one).
constexpr int kMaxHandshakeLegs = 6;
// The largest server token accepted (Kerberos tokens with a PAC run to a few KiB).
constexpr std::size_t kMaxTokenBytes = 64 * 1024;

constexpr std::array<std::pair<AuthMode, std::string_view>, 5> kModes{{
    {AuthMode::kNone, "none"},
    {AuthMode::kBasic, "basic"},
    {AuthMode::kNegotiate, "negotiate"},
    {AuthMode::kNtlm, "ntlm"},
    {AuthMode::kKerberos, "kerberos"},
}};

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

bool is_negotiate(AuthMode mode) {
  return mode == AuthMode::kNegotiate || mode == AuthMode::kNtlm || mode == AuthMode::kKerberos;
}

// The server's Negotiate token in WWW-Authenticate values ("Negotiate <base64>"; the scheme names
// Kerberos and NTLM are read the same way): nullopt when there is none, kProtocol when it is not
// Base64.
Result<std::optional<std::string>> server_token(const std::vector<std::string>& challenges) {
  for (const std::string& value : challenges) {
    auto header = split_authorization(value);
    if (!header) continue;
    if (!iequals(header->scheme, "Negotiate") && !iequals(header->scheme, "Kerberos") &&
        !iequals(header->scheme, "NTLM")) {
      continue;
    }
    auto token = base64_decode(header->credentials, kMaxTokenBytes);
    if (!token) {
      return Status(StatusKind::kProtocol,
                    "the server's Negotiate token in WWW-Authenticate is not Base64");
    }
    return std::optional<std::string>(std::move(*token));
  }
  return std::optional<std::string>();
}

Status refused(std::string_view why) {
  return Status(StatusKind::kAuth, fmt::format("the server refused the credentials: {}", why));
}

}  // namespace

const char* to_string(AuthMode mode) {
  for (const auto& [m, name] : kModes) {
    if (m == mode) return name.data();
  }
  return "unknown";
}

Result<AuthMode> parse_auth_mode(std::string_view text) {
  for (const auto& [mode, name] : kModes) {
    if (iequals(text, name)) return mode;
  }
  return invalid_argument(fmt::format(
      "unknown authentication \"{}\" (choose none, basic, negotiate, ntlm or kerberos)", text));
}

Result<std::unique_ptr<HttpSoapChannel>> HttpSoapChannel::open(ChannelOptions options) {
  const WsmanEndpoint& endpoint = options.transport.endpoint;
  std::unique_ptr<HttpSoapChannel> out(new HttpSoapChannel());
  out->auth_ = options.auth;
  options.transport.basic.reset();
  if (options.auth == AuthMode::kBasic) {
    if (!endpoint.tls && !is_loopback_host(endpoint.host)) {
      return invalid_argument(fmt::format(
          "refusing Basic authentication over plain http to {}: the password would cross the "
          "network in clear text. Use wsman+https:// (a WinRM HTTPS listener, port 5986), or "
          "--auth negotiate, ntlm or kerberos, which seal every message over http",
          endpoint.host));
    }
    if (options.user.empty()) return invalid_argument("Basic authentication needs a user");
    options.transport.basic = BasicCredentials{options.user, options.password};
  }
  if (is_negotiate(options.auth)) {
    GssInitiatorOptions gss;
    gss.mechanism = options.auth == AuthMode::kNtlm       ? GssMechanism::kNtlm
                    : options.auth == AuthMode::kKerberos ? GssMechanism::kKerberos
                                                          : GssMechanism::kNegotiate;
    gss.user = options.user;
    gss.password = options.password;
    gss.service_host = options.service_host.empty() ? endpoint.host : options.service_host;
    auto initiator = GssInitiator::create(std::move(gss));
    if (!initiator.ok()) return initiator.status();
    out->gss_ = std::move(*initiator);
    out->seal_ = !endpoint.tls;
  }
  auto transport = CurlTransport::create(std::move(options.transport));
  if (!transport.ok()) return transport.status();
  out->transport_ = std::move(*transport);
  return out;
}

GssMechanism HttpSoapChannel::mechanism() const {
  return gss_ ? gss_->mechanism() : GssMechanism::kNegotiate;
}

Status HttpSoapChannel::handshake() {
  gss_->reset();
  auto token = gss_->step("");
  if (!token.ok()) return token.status();
  for (int leg = 0; leg < kMaxHandshakeLegs; ++leg) {
    // An empty body, as pywinrm sends to set up its context before it seals anything; with the
    // SOAP Content-Type all the same.
    auto answer = transport_->post(
        HttpPost{std::string(kSoapType), "", "Negotiate " + base64_encode(*token)});
    if (!answer.ok()) return answer.status();
    if (leg > 0 && answer->new_connection) {
      gss_->reset();
      return Status(StatusKind::kAuth,
                    "the server closed the connection in the middle of the Negotiate handshake");
    }
    auto received = server_token(answer->www_authenticate);
    if (!received.ok()) return received.status();
    if (answer->status == 401) {
      if (!received->has_value()) {
        gss_->reset();
        return refused(fmt::format("{} login failed (HTTP 401 with no token to continue)",
                                   to_string(gss_->mechanism())));
      }
      token = gss_->step(**received);
      if (!token.ok()) return token.status();
      continue;
    }
    if (answer->status >= 200 && answer->status < 300) {
      if (received->has_value()) {
        auto last = gss_->step(**received);
        if (!last.ok()) return last.status();
      }
      if (!gss_->established()) {
        gss_->reset();
        return Status(StatusKind::kAuth,
                      "the server accepted the connection without completing the Negotiate "
                      "handshake (no final token: mutual authentication failed)");
      }
      if (seal_ && !gss_->can_seal()) {
        gss_->reset();
        return Status(StatusKind::kAuth,
                      "the Negotiate context cannot seal messages, which plain http needs");
      }
      return {};
    }
    gss_->reset();
    return Status(answer->status >= 500 ? StatusKind::kTransport : StatusKind::kProtocol,
                  fmt::format("HTTP {} during the Negotiate handshake", answer->status));
  }
  gss_->reset();
  return Status(StatusKind::kAuth, "the Negotiate handshake did not finish");
}

Result<SoapAnswer> HttpSoapChannel::send(std::string_view envelope, bool& lost_authentication) {
  lost_authentication = false;
  HttpPost post;
  if (seal_) {
    auto sealed =
        seal_body(kSpnegoEncryptedProtocol, WireBody{std::string(kSoapType), std::string(envelope)},
                  [this](std::string_view plain) { return gss_->wrap(plain); });
    if (!sealed.ok()) return sealed.status();
    post.content_type = std::move(sealed->content_type);
    post.body = std::move(sealed->body);
  } else {
    post.content_type = std::string(kSoapType);
    post.body = std::string(envelope);
  }
  auto answer = transport_->post(post);
  if (!answer.ok()) return answer.status();
  if (answer->status == 401) {
    if (gss_) {
      lost_authentication = true;
      gss_->reset();
      return refused("HTTP 401 on an authenticated connection");
    }
    return refused(auth_ == AuthMode::kBasic ? "HTTP 401 (wrong user or password?)"
                                             : "HTTP 401 (the endpoint wants authentication)");
  }
  SoapAnswer out{answer->status, std::move(answer->content_type), std::move(answer->body)};
  if (is_encrypted_content_type(out.content_type)) {
    if (!gss_ || !gss_->established()) {
      return Status(StatusKind::kProtocol, "a sealed answer on a connection without a context");
    }
    auto opened = open_encrypted_body(WireBody{out.content_type, std::move(out.body)},
                                      [this](std::string_view signature, std::string_view sealed) {
                                        return gss_->unwrap(signature, sealed);
                                      });
    if (!opened.ok()) return opened.status();
    out.content_type = std::move(opened->envelope.content_type);
    out.body = std::move(opened->envelope.body);
  } else if (seal_ && !out.body.empty()) {
    return Status(StatusKind::kProtocol,
                  fmt::format("HTTP {}: the server answered a sealed request in plain text",
                              out.http_status));
  }
  return out;
}

Result<SoapAnswer> HttpSoapChannel::exchange(std::string_view envelope) {
  for (int attempt = 0;; ++attempt) {
    if (gss_ && !gss_->established()) {
      if (Status s = handshake(); !s.ok()) return s;
    }
    bool lost = false;
    auto answer = send(envelope, lost);
    if (answer.ok() || !lost || attempt > 0) return answer;
  }
}

}  // namespace wmi::wsman
