// What a conformance test needs from its session, checked before it starts: the reason it cannot
// run ("needs DataPlane"), which the test turns into a skip (CONFORMANCE_REQUIRE in
// conformance_test.h) and the runner into NOT-TESTED. Reads current_target() for mutation rights.
// Not synchronised (the suites run on one thread).
#pragma once

#include <optional>
#include <string>

#include "conformance/catalogue/assertion.h"
#include "conformance/target/target.h"

namespace conformance {

// The first need of `needs` that `session` (on current_target()) cannot meet, as the reason text
// ("needs DataPlane", "needs a fault-rule hook (FaultControl)", "needs --allow-mutation"); nullopt
// when all are met. `replication` is not checked here: the Target seam does not say whether a
// target replicates, so suites needing it check the target's answers themselves.
std::optional<std::string> unmet_need(Session& session, const Needs& needs);

}  // namespace conformance
