// Test-only: a typing for the WS-Man client (response_codec.h InstanceTyping) learned from a
// simulated host itself: the declared type of a class's property is the type of that property in
// the instances the host renders (each class is queried once, in every served namespace, when the
// client first asks about it, and again while it has no instances). With it, a WsmanConnection
// reads the wire back into exactly the values the host gave the server. Out-parameters are not
// known (nullopt). `host` must outlive the typing. Thread-safe (the cache locks; the host locks
// itself).
#pragma once

#include "sim/host/host.h"
#include "wmi/wsman/response_codec.h"

namespace sim::server::testing {

wmi::wsman::InstanceTyping learned_typing(host::Host& host);

}  // namespace sim::server::testing
