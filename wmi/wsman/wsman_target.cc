#include "wmi/wsman/wsman_target.h"

#include <fmt/format.h>

#include <arpa/inet.h>

#include <array>

namespace wmi::wsman {
namespace {

Status bad_target(std::string_view target, std::string_view why) {
  return invalid_argument(fmt::format("target \"{}\": {}", target, why));
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

bool is_dns_name(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  std::size_t label = 0;
  for (std::size_t i = 0; i <= host.size(); ++i) {
    if (i == host.size() || host[i] == '.') {
      if (label == 0 || label > 63) return false;
      if (host[i - 1] == '-' || host[i - label] == '-') return false;
      label = 0;
      continue;
    }
    const char c = host[i];
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
    ++label;
  }
  return true;
}

bool is_ipv6(std::string_view text) {
  std::array<unsigned char, 16> out{};
  const std::string copy(text);
  return inet_pton(AF_INET6, copy.c_str(), out.data()) == 1;
}

bool is_ipv4(std::string_view text, std::array<unsigned char, 4>* out = nullptr) {
  std::array<unsigned char, 4> bytes{};
  const std::string copy(text);
  if (inet_pton(AF_INET, copy.c_str(), bytes.data()) != 1) return false;
  if (out) *out = bytes;
  return true;
}

}  // namespace

std::string WsmanEndpoint::url() const {
  const bool v6 = host.find(':') != std::string::npos;
  return fmt::format("{}://{}{}{}:{}{}", tls ? "https" : "http", v6 ? "[" : "", host, v6 ? "]" : "",
                     port, path);
}

Result<WsmanEndpoint> parse_wsman_target(std::string_view target) {
  for (char c : target) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F)
      return bad_target(target, "spaces and control characters are not allowed");
  }
  WsmanEndpoint out;
  std::string_view rest = target;
  constexpr std::array<std::pair<std::string_view, bool>, 4> kSchemes{
      {{"wsman+https://", true}, {"wsman+http://", false}, {"https://", true}, {"http://", false}}};
  bool matched = false;
  for (const auto& [scheme, tls] : kSchemes) {
    if (starts_with_ignoring_case(rest, scheme)) {
      out.tls = tls;
      rest.remove_prefix(scheme.size());
      matched = true;
      break;
    }
  }
  if (!matched) {
    return bad_target(target, "expected wsman+http://HOST[:PORT][/PATH] or wsman+https://…");
  }
  out.port = out.tls ? kDefaultHttpsPort : kDefaultHttpPort;
  const std::size_t path_start = rest.find('/');
  std::string_view authority = rest.substr(0, path_start);
  if (path_start != std::string_view::npos) out.path = std::string(rest.substr(path_start));
  if (out.path.find_first_of("?#") != std::string::npos) {
    return bad_target(target, "a query or fragment is not allowed");
  }
  if (authority.find('@') != std::string_view::npos) {
    return bad_target(target,
                      "user information in the target is not allowed (give --user, and the "
                      "password through --password-env)");
  }
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return bad_target(target, "unterminated [IPv6] address");
    out.host = std::string(authority.substr(1, close - 1));
    if (!is_ipv6(out.host)) return bad_target(target, "not an IPv6 address inside [ ]");
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return bad_target(target, "unexpected text after ]");
      port_text = after.substr(1);
      if (port_text.empty()) return bad_target(target, "empty port");
    }
  } else {
    const std::size_t colon = authority.find(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) return bad_target(target, "empty port");
    }
    if (out.host.empty()) return bad_target(target, "no host");
    if (!is_ipv4(out.host) && !is_dns_name(out.host)) {
      return bad_target(target,
                        "the host is neither a DNS name nor an IPv4 address "
                        "(write IPv6 addresses in brackets)");
    }
  }
  if (!port_text.empty()) {
    std::uint32_t port = 0;
    for (char c : port_text) {
      if (c < '0' || c > '9' || port > 65535) return bad_target(target, "the port is not 1..65535");
      port = port * 10 + static_cast<std::uint32_t>(c - '0');
    }
    if (port == 0 || port > 65535) return bad_target(target, "the port is not 1..65535");
    out.port = static_cast<std::uint16_t>(port);
  }
  return out;
}

bool is_loopback_host(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  std::string lowered(host);
  for (char& c : lowered) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (lowered == "localhost" || lowered == "localhost.") return true;
  std::array<unsigned char, 4> v4{};
  if (is_ipv4(lowered, &v4)) return v4[0] == 127;
  std::array<unsigned char, 16> v6{};
  if (inet_pton(AF_INET6, lowered.c_str(), v6.data()) == 1) {
    static constexpr std::array<unsigned char, 16> kLoopback{0, 0, 0, 0, 0, 0, 0, 0,
                                                             0, 0, 0, 0, 0, 0, 0, 1};
    return v6 == kLoopback;
  }
  return false;
}

}  // namespace wmi::wsman
