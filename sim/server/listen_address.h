// Where `hvsim serve` listens (`--listen ADDR:PORT`) and the rule that decides whether it may
// listen there with the chosen authentication and transport.
//
// The exposure rule: a simulator endpoint reachable from other machines must authenticate its
// callers and encrypt what they send. So
//   --auth none        binds a loopback address only;
//   --auth basic       over plain http binds a loopback address only (the password would travel in
//                      clear text); with TLS it may bind anywhere;
//   --auth negotiate   may bind anywhere: Negotiate authenticates, and over plain http the policy
//                      requires Microsoft's message encryption (MS-WSMV 2.2.9.1).
// Pure functions and value types; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "wmi/cim/status.h"

namespace sim::server {

struct ListenAddress {
  // A numeric address: "127.0.0.1", "::1", "0.0.0.0", "::" (no brackets). `localhost` parses as
  // "127.0.0.1": hvsim never resolves names, so what it binds is what the user reads.
  std::string host;
  std::uint16_t port = 0;  // 0: the kernel picks one (tests)
  bool ipv6 = false;

  // "127.0.0.1:5985" or "[::1]:5985", the form parse_listen_address reads back.
  std::string to_string() const;

  friend bool operator==(const ListenAddress&, const ListenAddress&) = default;
};

// Parses "ADDR:PORT": an IPv4 address, "[IPv6]", or "localhost", then a decimal port 0..65535.
// Fails with kInvalidArgument (naming the text and what is wrong) on anything else, including
// host names other than localhost, a missing port and an IPv6 address without brackets.
wmi::Result<ListenAddress> parse_listen_address(std::string_view text);

// 127.0.0.0/8, ::1 and IPv4-mapped loopback (::ffff:127.x.x.x). The unspecified addresses
// (0.0.0.0, ::) are not loopback: they listen on every interface.
bool is_loopback(const ListenAddress& address);

enum class AuthMode { kNone, kBasic, kNegotiate };

// "none", "basic", "negotiate": the spelling of `--auth`.
const char* to_string(AuthMode mode);

// The mode an AuthPolicy amounts to, from its schemes() ("Basic", "Negotiate"; case-insensitive):
// no scheme is kNone; any Basic makes it kBasic (the weakest offered scheme decides); else
// kNegotiate.
AuthMode auth_mode_of(const std::vector<std::string>& schemes);

// The exposure rule above. Ok, or kInvalidArgument with one line saying what was refused, why,
// and what to use instead, e.g.
//   refusing to listen on 0.0.0.0:5985 with --auth none: without authentication hvsim serve binds
//   loopback only (use --auth basic with --tls-cert/--tls-key, or --auth negotiate)
wmi::Status check_exposure(const ListenAddress& address, AuthMode auth, bool tls);

}  // namespace sim::server
