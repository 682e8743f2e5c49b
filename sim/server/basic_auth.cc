#include "sim/server/basic_auth.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <array>
#include <string>
#include <utility>

#include "sim/server/auth_header.h"

namespace sim::server {
namespace {

// Longest Basic credentials accepted (decoded login:password).
constexpr std::size_t kMaxCredentialBytes = 4096;

using Digest = std::array<unsigned char, SHA256_DIGEST_LENGTH>;

Digest sha256(std::string_view bytes) {
  Digest digest{};
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest.data());
  return digest;
}

// Equal without a timing difference that depends on where the bytes differ (or on the length of
// the stored password): the digests are compared, in constant time.
bool same_password(std::string_view given, std::string_view stored) {
  Digest a = sha256(given);
  Digest b = sha256(stored);
  const bool same = CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
  OPENSSL_cleanse(a.data(), a.size());
  OPENSSL_cleanse(b.data(), b.size());
  return same;
}

AuthVerdict refuse(AuthVerdict::Kind kind, std::string reason) {
  AuthVerdict verdict;
  verdict.kind = kind;
  verdict.www_authenticate = {std::string(kBasicChallenge)};
  verdict.reason = std::move(reason);
  return verdict;
}

}  // namespace

BasicAuth::BasicAuth(std::shared_ptr<const UsersFile> users) : users_(std::move(users)) {}

AuthVerdict BasicAuth::judge(std::string_view authorization) const {
  const auto header = split_authorization(authorization);
  if (!header) {
    if (trim_ows(authorization).empty()) {
      return refuse(AuthVerdict::Kind::kChallenge, "no credentials");
    }
    return refuse(AuthVerdict::Kind::kRejected, "malformed Authorization header");
  }
  if (!iequals_ascii(header->scheme, "Basic")) {
    return refuse(AuthVerdict::Kind::kRejected, "Authorization scheme is not Basic");
  }
  auto decoded = base64_decode(header->credentials, kMaxCredentialBytes);
  if (!decoded) {
    return refuse(AuthVerdict::Kind::kRejected, "Basic credentials are not valid Base64");
  }
  std::string credentials = std::move(*decoded);
  const std::size_t colon = credentials.find(':');
  AuthVerdict verdict;
  if (colon == std::string::npos || colon == 0) {
    verdict = refuse(AuthVerdict::Kind::kRejected, "Basic credentials are not login:password");
  } else {
    const std::string_view login(credentials.data(), colon);
    const std::string_view password = std::string_view(credentials).substr(colon + 1);
    const UserEntry* entry = users_ ? users_->find(login) : nullptr;
    // Compare even for an unknown login, so that its answer takes as long as a wrong password's.
    const bool match = same_password(
        password, entry ? std::string_view(entry->password) : std::string_view("\x01unknown"));
    if (entry == nullptr) {
      verdict = refuse(AuthVerdict::Kind::kRejected, "unknown login");
    } else if (!match) {
      verdict = refuse(AuthVerdict::Kind::kRejected, "wrong password for " + display_name(*entry));
    } else {
      verdict.kind = AuthVerdict::Kind::kAccepted;
      verdict.user = display_name(*entry);
    }
  }
  OPENSSL_cleanse(credentials.data(), credentials.size());
  return verdict;
}

}  // namespace sim::server
