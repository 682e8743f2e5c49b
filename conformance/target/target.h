// conformance::Target: the one seam between the suites and what they test. The suites see a
// wmi::Connection, optionally a wmi::DataPlane and a FaultControl, and the expectations of the
// target's profile; only the runner knows which target it built (DESIGN "The seams").
//
// A Session is one independent piece of work on the target: on the simulator a fresh host built
// from the inventory, profile and a seed; on a real host the same connection, with everything the
// session created removed when it ends (also after a failure). Property tests open one per case.
// Thread-safety: none; the suites run on one thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "wmi/cim/connection.h"
#include "wmi/cim/data_plane.h"

namespace conformance {

// Injects fault rules at the target's dispatch point. `rules_json` is the documented fault-rule
// format (sim/control/fault_rules_json.h; `hvsim --faults`). Fails with kInvalidArgument for rules
// the target cannot load; then no rule is installed.
class FaultControl {
 public:
  virtual ~FaultControl() = default;
  virtual wmi::Status install(std::string_view rules_json) = 0;  // replaces any earlier rules
  virtual void clear() = 0;
};

class Session {
 public:
  virtual ~Session() = default;
  virtual wmi::Connection& connection() = 0;
  virtual wmi::DataPlane* data_plane() = 0;   // null: not available on this target
  virtual FaultControl* fault_control() = 0;  // null: not available on this target
  // Advances the target's clock by `ms` when it has a virtual one (job polling without sleeping);
  // false on real time.
  virtual bool advance_clock(std::uint64_t ms) = 0;
};

class Target {
 public:
  virtual ~Target() = default;
  // `seed` derives the session's randomness on a simulator (ignored elsewhere).
  virtual std::unique_ptr<Session> open(std::uint64_t seed) = 0;
  virtual std::string description() const = 0;   // "sim:doc-strict"
  virtual std::string profile_json() const = 0;  // the profile file's text the oracle reads
  virtual std::vector<std::string> namespaces() const = 0;  // those the target serves
  virtual bool mutation_allowed() const = 0;                // always on a simulator
};

// The target the runner selected; the suites reach it through here. Set once, before tests run.
Target& current_target();
void set_current_target(Target& target);

}  // namespace conformance
