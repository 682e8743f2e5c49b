// Where a WS-Management client connects: the target strings hvsim's tools take
// (`--target wsman+http://HOST:PORT/wsman`, `wsman+https://…`; plain `http://` and `https://` are
// accepted too), parsed into scheme, host, port and path, and the loopback test that decides
// whether Basic may travel over plain http.
//
// Accepted: HOST is a DNS name ([A-Za-z0-9-] labels joined by '.'), an IPv4 address or a bracketed
// IPv6 address; PORT (optional) is 1..65535, by default 5985 for http and 5986 for https; PATH
// (optional) starts with '/' and defaults to "/wsman". Refused (kInvalidArgument, saying why): any
// other scheme, user information ("user:password@host": a password never goes on a command line),
// a query or fragment, spaces or control characters. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "wmi/cim/status.h"

namespace wmi::wsman {

inline constexpr std::uint16_t kDefaultHttpPort = 5985;
inline constexpr std::uint16_t kDefaultHttpsPort = 5986;

struct WsmanEndpoint {
  bool tls = false;
  std::string host;  // as written; an IPv6 address without its brackets
  std::uint16_t port = kDefaultHttpPort;
  std::string path = "/wsman";

  // "http://HOST:PORT/PATH" (https with tls; IPv6 bracketed): what libcurl is given.
  std::string url() const;
  friend bool operator==(const WsmanEndpoint&, const WsmanEndpoint&) = default;
};

Result<WsmanEndpoint> parse_wsman_target(std::string_view target);

// Whether `host` names this machine without a network: "localhost" (any case), 127.0.0.0/8 and
// ::1. Names are not resolved, so any other name counts as remote.
bool is_loopback_host(std::string_view host);

}  // namespace wmi::wsman
