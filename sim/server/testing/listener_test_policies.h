// Test-only AuthPolicies for the HTTP listener's tests, small enough to read at a glance:
//   OpenPolicy       --auth none: everyone is accepted, bodies pass unchanged;
//   HandshakePolicy  a two-leg handshake in the manner of Negotiate, per connection, with a
//                    final token, a rejection, and a toy "sealing" of bodies (multipart/encrypted
//                    whose sealed part is the text after "SEALED:").
// Thread-safe as AuthPolicy requires (counters are atomic; each ConnectionAuth is one
// connection's).
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sim/server/connection_auth.h"

namespace sim::server::testing {

class OpenPolicy final : public AuthPolicy {
 public:
  std::unique_ptr<ConnectionAuth> new_connection(bool over_tls) override {
    ++connections;
    if (over_tls) ++tls_connections;
    return std::make_unique<Auth>();
  }
  std::vector<std::string> schemes() const override { return {}; }

  std::atomic<int> connections{0};
  std::atomic<int> tls_connections{0};

 private:
  struct Auth final : ConnectionAuth {
    AuthVerdict authenticate(std::string_view) override {
      return {AuthVerdict::Kind::kAccepted, "", {}, ""};
    }
    wmi::Result<std::string> open(const WireBody& body) override { return body.body; }
    wmi::Result<WireBody> close(WireBody answer) override { return answer; }
  };
};

inline constexpr std::string_view kSealedType =
    "multipart/encrypted;protocol=\"application/HTTP-SPNEGO-session-encrypted\";"
    "boundary=\"Encrypted Boundary\"";

// A sealed body as the toy sealing writes it (the OriginalContent line as MS-WSMV has it).
inline std::string toy_seal(std::string_view soap_type, std::string_view soap) {
  return "--Encrypted Boundary\r\nContent-Type: application/HTTP-SPNEGO-session-encrypted\r\n"
         "OriginalContent: type=" +
         std::string(soap_type) + ";Length=" + std::to_string(soap.size()) +
         "\r\n--Encrypted Boundary\r\nContent-Type: application/octet-stream\r\nSEALED:" +
         std::string(soap) + "--Encrypted Boundary--\r\n";
}

inline std::string toy_unseal(std::string_view body) {
  const auto at = body.find("SEALED:");
  const auto end = body.rfind("--Encrypted Boundary--");
  if (at == std::string_view::npos || end == std::string_view::npos || end < at + 7) return {};
  return std::string(body.substr(at + 7, end - at - 7));
}

class HandshakePolicy final : public AuthPolicy {
 public:
  // Authorization "Test step1" -> 401 "Test token1"; then "Test step2" -> accepted as alice with
  // the final token "Test final"; "Test wrong" -> rejected; no header before the handshake ->
  // two challenges ("Test", "Basic realm=\"WSMAN\""); no header after it -> alice again.
  // With `require_sealing`, non-empty plain bodies are refused (kAuth).
  explicit HandshakePolicy(bool require_sealing = false) : require_sealing_(require_sealing) {}

  std::unique_ptr<ConnectionAuth> new_connection(bool over_tls) override {
    ++connections;
    if (over_tls) ++tls_connections;
    return std::make_unique<Auth>(require_sealing_);
  }
  std::vector<std::string> schemes() const override { return {"Test"}; }

  std::atomic<int> connections{0};
  std::atomic<int> tls_connections{0};

 private:
  struct Auth final : ConnectionAuth {
    explicit Auth(bool require_sealing) : require_sealing(require_sealing) {}

    AuthVerdict authenticate(std::string_view authorization) override {
      if (authorization.empty()) {
        if (authenticated) return {AuthVerdict::Kind::kAccepted, "alice", {}, ""};
        return {
            AuthVerdict::Kind::kChallenge, "", {"Test", "Basic realm=\"WSMAN\""}, "no credentials"};
      }
      if (authorization == "Test step1") {
        stepped = true;
        return {AuthVerdict::Kind::kChallenge, "", {"Test token1"}, "handshake"};
      }
      if (authorization == "Test step2" && stepped) {
        authenticated = true;
        return {AuthVerdict::Kind::kAccepted, "alice", {"Test final"}, ""};
      }
      authenticated = false;
      return {AuthVerdict::Kind::kRejected, "", {"Test"}, "wrong token"};
    }

    wmi::Result<std::string> open(const WireBody& body) override {
      sealed = body.content_type.rfind("multipart/encrypted", 0) == 0;
      if (!sealed) {
        if (require_sealing && !body.body.empty())
          return wmi::Status(wmi::StatusKind::kAuth, "plain body refused");
        return body.body;
      }
      auto soap = toy_unseal(body.body);
      if (soap.empty()) return wmi::Status(wmi::StatusKind::kProtocol, "cannot unseal");
      return soap;
    }

    wmi::Result<WireBody> close(WireBody answer) override {
      if (!sealed) return answer;
      return WireBody{std::string(kSealedType), toy_seal(answer.content_type, answer.body)};
    }

    bool require_sealing;
    bool stepped = false;
    bool authenticated = false;
    bool sealed = false;
  };

  bool require_sealing_;
};

}  // namespace sim::server::testing
