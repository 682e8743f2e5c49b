#include "sim/server/listen_address.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace sim::server {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

wmi::Status bad(std::string_view text, std::string_view why) {
  return wmi::invalid_argument(
      fmt::format("invalid listen address '{}': {} (expected ADDR:PORT, e.g. 127.0.0.1:5985, "
                  "[::1]:5985 or localhost:5985)",
                  text, why));
}

}  // namespace

std::string ListenAddress::to_string() const {
  return ipv6 ? fmt::format("[{}]:{}", host, port) : fmt::format("{}:{}", host, port);
}

wmi::Result<ListenAddress> parse_listen_address(std::string_view text) {
  if (text.empty()) return bad(text, "it is empty");
  std::string_view host;
  std::string_view port;
  bool bracketed = false;
  if (text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos) return bad(text, "'[' without ']'");
    host = text.substr(1, close - 1);
    const auto rest = text.substr(close + 1);
    if (rest.empty() || rest.front() != ':') return bad(text, "no ':PORT' after the address");
    port = rest.substr(1);
    bracketed = true;
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) return bad(text, "no ':PORT'");
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (host.find(':') != std::string_view::npos) {
      return bad(text, "an IPv6 address needs brackets, as in [::1]:5985");
    }
  }
  if (host.empty()) return bad(text, "no address before the port");
  if (port.empty() || port.size() > 5 || !std::all_of(port.begin(), port.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c));
      })) {
    return bad(text, "the port must be a number from 0 to 65535");
  }
  const unsigned long port_number = std::stoul(std::string(port));
  if (port_number > 65535) return bad(text, "the port must be a number from 0 to 65535");

  ListenAddress out;
  out.port = static_cast<std::uint16_t>(port_number);
  char printed[INET6_ADDRSTRLEN] = {};
  const std::string host_text(host);
  if (bracketed) {
    in6_addr a6{};
    if (inet_pton(AF_INET6, host_text.c_str(), &a6) != 1) {
      return bad(text, "not a numeric IPv6 address inside the brackets");
    }
    inet_ntop(AF_INET6, &a6, printed, sizeof printed);
    out.host = printed;
    out.ipv6 = true;
    return out;
  }
  if (iequals(host, "localhost")) {
    out.host = "127.0.0.1";
    return out;
  }
  in_addr a4{};
  if (inet_pton(AF_INET, host_text.c_str(), &a4) != 1) {
    return bad(text, "not a numeric IPv4 address, [IPv6] address or localhost");
  }
  inet_ntop(AF_INET, &a4, printed, sizeof printed);
  out.host = printed;
  return out;
}

bool is_loopback(const ListenAddress& address) {
  if (address.ipv6) {
    in6_addr a6{};
    if (inet_pton(AF_INET6, address.host.c_str(), &a6) != 1) return false;
    if (IN6_IS_ADDR_LOOPBACK(&a6)) return true;
    return IN6_IS_ADDR_V4MAPPED(&a6) && a6.s6_addr[12] == 127;
  }
  in_addr a4{};
  if (inet_pton(AF_INET, address.host.c_str(), &a4) != 1) return false;
  return (ntohl(a4.s_addr) >> 24) == 127;
}

const char* to_string(AuthMode mode) {
  switch (mode) {
    case AuthMode::kNone:
      return "none";
    case AuthMode::kBasic:
      return "basic";
    case AuthMode::kNegotiate:
      return "negotiate";
  }
  return "?";
}

AuthMode auth_mode_of(const std::vector<std::string>& schemes) {
  if (schemes.empty()) return AuthMode::kNone;
  for (const auto& s : schemes) {
    if (iequals(s, "Basic")) return AuthMode::kBasic;
  }
  return AuthMode::kNegotiate;
}

wmi::Status check_exposure(const ListenAddress& address, AuthMode auth, bool tls) {
  if (is_loopback(address)) return {};
  switch (auth) {
    case AuthMode::kNone:
      return wmi::invalid_argument(fmt::format(
          "refusing to listen on {} with --auth none: without authentication hvsim serve binds "
          "loopback only (use --auth basic with --tls-cert/--tls-key, or --auth negotiate)",
          address.to_string()));
    case AuthMode::kBasic:
      if (tls) return {};
      return wmi::invalid_argument(fmt::format(
          "refusing to listen on {} with --auth basic over plain http: Basic sends the password "
          "in clear text, so without TLS hvsim serve binds loopback only (add "
          "--tls-cert/--tls-key, or use --auth negotiate)",
          address.to_string()));
    case AuthMode::kNegotiate:
      return {};  // authenticated, and sealed over plain http (MS-WSMV 2.2.9.1)
  }
  return {};
}

}  // namespace sim::server
