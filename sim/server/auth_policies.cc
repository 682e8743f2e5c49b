#include "sim/server/auth_policies.h"

#include <fmt/format.h>

#include <utility>

#include "sim/server/auth_header.h"
#include "sim/server/basic_auth.h"
#include "sim/server/gss_acceptor.h"
#include "sim/server/message_encryption.h"

namespace sim::server {
namespace {

// Largest Negotiate token accepted (a Kerberos ticket with a big PAC is a few KiB).
constexpr std::size_t kMaxTokenBytes = std::size_t{64} * 1024;
constexpr std::string_view kNegotiate = "Negotiate";

// Bodies pass unchanged; a sealed one cannot be opened without a security context.
wmi::Result<std::string> open_plain_only(const WireBody& body) {
  if (is_encrypted_content_type(body.content_type)) {
    return wmi::Status(wmi::StatusKind::kProtocol,
                       "a sealed (multipart/encrypted) body needs Negotiate authentication");
  }
  return body.body;
}

// ---- none ------------------------------------------------------------------------------------

class NoAuthConnection final : public ConnectionAuth {
 public:
  AuthVerdict authenticate(std::string_view) override {
    AuthVerdict verdict;
    verdict.kind = AuthVerdict::Kind::kAccepted;
    return verdict;
  }
  wmi::Result<std::string> open(const WireBody& body) override { return open_plain_only(body); }
  wmi::Result<WireBody> close(WireBody answer) override { return answer; }
};

class NoAuthPolicy final : public AuthPolicy {
 public:
  std::unique_ptr<ConnectionAuth> new_connection(bool) override {
    return std::make_unique<NoAuthConnection>();
  }
  std::vector<std::string> schemes() const override { return {}; }
};

// ---- basic -----------------------------------------------------------------------------------

class BasicConnection final : public ConnectionAuth {
 public:
  explicit BasicConnection(std::shared_ptr<const BasicAuth> basic) : basic_(std::move(basic)) {}
  AuthVerdict authenticate(std::string_view authorization) override {
    return basic_->judge(authorization);
  }
  wmi::Result<std::string> open(const WireBody& body) override { return open_plain_only(body); }
  wmi::Result<WireBody> close(WireBody answer) override { return answer; }

 private:
  std::shared_ptr<const BasicAuth> basic_;
};

class BasicPolicy final : public AuthPolicy {
 public:
  explicit BasicPolicy(std::shared_ptr<const UsersFile> users)
      : basic_(std::make_shared<const BasicAuth>(std::move(users))) {}
  std::unique_ptr<ConnectionAuth> new_connection(bool) override {
    return std::make_unique<BasicConnection>(basic_);
  }
  std::vector<std::string> schemes() const override { return {"Basic"}; }

 private:
  std::shared_ptr<const BasicAuth> basic_;
};

// ---- negotiate -------------------------------------------------------------------------------

struct NegotiateShared {
  std::shared_ptr<const GssCredential> credential;
  std::shared_ptr<const UsersFile> users;  // null without a users file
  bool allow_unencrypted = false;
};

// The scheme names a client may use, spelled as the answers spell them.
std::optional<std::string_view> known_scheme(std::string_view scheme) {
  for (std::string_view known :
       {kNegotiate, std::string_view("NTLM"), std::string_view("Kerberos")}) {
    if (iequals_ascii(scheme, known)) return known;
  }
  return std::nullopt;
}

class NegotiateConnection final : public ConnectionAuth {
 public:
  NegotiateConnection(std::shared_ptr<const NegotiateShared> shared, bool over_tls)
      : shared_(std::move(shared)), over_tls_(over_tls), acceptor_(shared_->credential) {}

  AuthVerdict authenticate(std::string_view authorization) override {
    sealed_protocol_.clear();
    if (trim_ows(authorization).empty()) {
      if (acceptor_.established()) return accepted({});
      acceptor_.reset();
      return refuse(AuthVerdict::Kind::kChallenge, "no credentials");
    }
    const auto header = split_authorization(authorization);
    if (!header) return refuse(AuthVerdict::Kind::kRejected, "malformed Authorization header");
    const auto scheme = known_scheme(header->scheme);
    if (!scheme) {
      return refuse(AuthVerdict::Kind::kRejected,
                    "Authorization scheme is not Negotiate, NTLM or Kerberos");
    }
    const auto token = base64_decode(header->credentials, kMaxTokenBytes);
    if (!token || token->empty()) {
      return refuse(
          AuthVerdict::Kind::kRejected,
          fmt::format("{} token is not valid Base64 (or is empty or longer than {} bytes)", *scheme,
                      kMaxTokenBytes));
    }
    if (is_initial_token(*token)) acceptor_.reset();
    auto step = acceptor_.accept(*token);
    switch (step.kind) {
      case GssAcceptor::Step::Kind::kContinue: {
        AuthVerdict verdict;
        verdict.kind = AuthVerdict::Kind::kChallenge;
        verdict.www_authenticate = {with_token(*scheme, step.output_token)};
        verdict.reason = fmt::format("{} handshake continues", *scheme);
        return verdict;
      }
      case GssAcceptor::Step::Kind::kComplete: {
        std::vector<std::string> final_token;
        if (!step.output_token.empty()) {
          final_token.push_back(with_token(*scheme, step.output_token));
        }
        user_ = user_of_context();
        return accepted(std::move(final_token));
      }
      case GssAcceptor::Step::Kind::kFailed:
        break;
    }
    user_.clear();
    return refuse(AuthVerdict::Kind::kRejected, fmt::format("{}: {}", *scheme, step.error));
  }

  wmi::Result<std::string> open(const WireBody& body) override {
    sealed_protocol_.clear();
    if (is_encrypted_content_type(body.content_type)) {
      if (!acceptor_.established()) {
        return wmi::Status(
            wmi::StatusKind::kProtocol,
            "a sealed body on a connection without an established Negotiate context");
      }
      if (!acceptor_.can_seal()) {
        return wmi::Status(wmi::StatusKind::kProtocol,
                           "a sealed body, but the client negotiated no confidentiality");
      }
      auto opened =
          open_encrypted_body(body, [this](std::string_view signature, std::string_view sealed) {
            return acceptor_.unwrap(signature, sealed);
          });
      if (!opened.ok()) return opened.status();
      sealed_protocol_ = std::move(opened->protocol);
      return std::move(opened->envelope.body);
    }
    if (body.body.empty() || over_tls_ || shared_->allow_unencrypted) return body.body;
    return wmi::Status(wmi::StatusKind::kAuth,
                       "an unencrypted body over http: Negotiate requires message encryption here "
                       "(as a host with AllowUnencrypted=false)");
  }

  wmi::Result<WireBody> close(WireBody answer) override {
    if (sealed_protocol_.empty()) return answer;
    const std::string protocol = std::move(sealed_protocol_);
    sealed_protocol_.clear();
    return seal_body(protocol, answer,
                     [this](std::string_view plain) { return acceptor_.wrap(plain); });
  }

 private:
  static std::string with_token(std::string_view scheme, std::string_view token) {
    if (token.empty()) return std::string(scheme);
    return fmt::format("{} {}", scheme, base64_encode(token));
  }

  AuthVerdict accepted(std::vector<std::string> final_token) const {
    AuthVerdict verdict;
    verdict.kind = AuthVerdict::Kind::kAccepted;
    verdict.user = user_;
    verdict.www_authenticate = std::move(final_token);
    return verdict;
  }

  AuthVerdict refuse(AuthVerdict::Kind kind, std::string reason) {
    acceptor_.reset();
    user_.clear();
    AuthVerdict verdict;
    verdict.kind = kind;
    verdict.www_authenticate = {std::string(kNegotiate)};
    verdict.reason = std::move(reason);
    return verdict;
  }

  // NTLM names a user as the client typed it; the users file's spelling is the one the SOAP layer
  // sees, the same as under Basic. Kerberos' principal name stays as it is.
  std::string user_of_context() const {
    const std::string& peer = acceptor_.peer_name();
    if (acceptor_.mechanism() == GssMechanism::kNtlm && shared_->users) {
      if (const UserEntry* entry = shared_->users->find(peer)) return display_name(*entry);
    }
    return peer;
  }

  std::shared_ptr<const NegotiateShared> shared_;
  bool over_tls_;
  GssAcceptor acceptor_;
  std::string user_;
  std::string sealed_protocol_;  // the request's protocol when its body was sealed
};

class NegotiatePolicy final : public AuthPolicy {
 public:
  explicit NegotiatePolicy(std::shared_ptr<const NegotiateShared> shared)
      : shared_(std::move(shared)) {}
  std::unique_ptr<ConnectionAuth> new_connection(bool over_tls) override {
    return std::make_unique<NegotiateConnection>(shared_, over_tls);
  }
  std::vector<std::string> schemes() const override { return {std::string(kNegotiate)}; }

 private:
  std::shared_ptr<const NegotiateShared> shared_;
};

}  // namespace

std::unique_ptr<AuthPolicy> no_auth_policy() { return std::make_unique<NoAuthPolicy>(); }

wmi::Result<std::unique_ptr<AuthPolicy>> basic_auth_policy(std::shared_ptr<const UsersFile> users) {
  if (!users) return wmi::invalid_argument("--auth basic needs a users file (--users FILE)");
  return std::unique_ptr<AuthPolicy>(std::make_unique<BasicPolicy>(std::move(users)));
}

wmi::Result<std::unique_ptr<AuthPolicy>> negotiate_auth_policy(const NegotiateOptions& options) {
  if (options.users_file.empty() && options.keytab.empty()) {
    return wmi::invalid_argument(
        "--auth negotiate needs a users file (--users FILE, for NTLM) or a keytab (--keytab FILE, "
        "for Kerberos)");
  }
  auto shared = std::make_shared<NegotiateShared>();
  shared->allow_unencrypted = options.allow_unencrypted;
  if (!options.users_file.empty()) {
    auto users = UsersFile::load(options.users_file);
    if (!users.ok()) return users.status();
    shared->users = std::make_shared<const UsersFile>(std::move(users).value());
  }
  GssAcceptorOptions gss;
  gss.users_file = options.users_file;
  gss.keytab = options.keytab;
  gss.service_host = options.service_host;
  auto credential = GssCredential::acquire(gss);
  if (!credential.ok()) return credential.status();
  shared->credential = std::move(credential).value();
  return std::unique_ptr<AuthPolicy>(std::make_unique<NegotiatePolicy>(std::move(shared)));
}

wmi::Result<std::unique_ptr<AuthPolicy>> make_auth_policy(const AuthSettings& settings) {
  if (iequals_ascii(settings.mode, "none")) {
    if (!settings.users_file.empty() || !settings.keytab.empty()) {
      return wmi::invalid_argument("--auth none takes no --users or --keytab");
    }
    return no_auth_policy();
  }
  if (iequals_ascii(settings.mode, "basic")) {
    if (!settings.keytab.empty()) {
      return wmi::invalid_argument("--keytab applies to --auth negotiate, not basic");
    }
    if (settings.users_file.empty()) {
      return wmi::invalid_argument("--auth basic needs a users file (--users FILE)");
    }
    auto users = UsersFile::load(settings.users_file);
    if (!users.ok()) return users.status();
    return basic_auth_policy(std::make_shared<const UsersFile>(std::move(users).value()));
  }
  if (iequals_ascii(settings.mode, "negotiate")) {
    NegotiateOptions options;
    options.users_file = settings.users_file;
    options.keytab = settings.keytab;
    options.service_host = settings.service_host;
    options.allow_unencrypted = settings.allow_unencrypted;
    return negotiate_auth_policy(options);
  }
  return wmi::invalid_argument(fmt::format("--auth must be none, basic or negotiate{}",
                                           settings.mode.empty() ? "" : " (unknown mode given)"));
}

}  // namespace sim::server
