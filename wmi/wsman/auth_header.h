// The pieces of Authorization and WWW-Authenticate headers that both ends of HTTP authentication
// share (the server's policies in sim/server, the WS-Man client): the split of "Scheme
// credentials", and strict Base64 (RFC 4648 section 4, standard alphabet, '=' padding required)
// for their tokens. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace wmi::wsman {

// `value` without leading and trailing spaces and tabs (HTTP's optional whitespace).
std::string_view trim_ows(std::string_view value);

// An Authorization value "Scheme credentials" (RFC 9110 section 11.6.2 with a token68): the scheme
// and the credentials, split at the first run of spaces. nullopt when `value` (trimmed) is empty,
// has no credentials, or has whitespace inside the credentials.
struct AuthorizationHeader {
  std::string_view scheme;
  std::string_view credentials;
};
std::optional<AuthorizationHeader> split_authorization(std::string_view value);

std::string base64_encode(std::string_view bytes);

// The bytes `text` encodes; nullopt when it is not canonical Base64 (whitespace, missing or
// misplaced padding, non-zero trailing bits, a character outside the alphabet) or would decode to
// more than `max_bytes`.
std::optional<std::string> base64_decode(std::string_view text, std::size_t max_bytes);

}  // namespace wmi::wsman
