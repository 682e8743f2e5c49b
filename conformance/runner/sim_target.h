// conformance::SimTarget: the in-process simulator as a conformance Target (`hvconform --target
// sim[:PROFILE]`). Every Session is a fresh sim::host::Host built from the same inventory, profile
// and mutant and the session's seed, so sessions never see each other's state and a seed replays a
// session exactly; with `shared_host` every session uses one host instead, as on a real host. The
// session's Connection records each invoke into the run's EvidenceLog (recording_connection.h);
// FaultControl loads fault-rule JSON (sim/control/fault_rules_json.h) into the host; advance_clock
// moves the host's virtual clock. The only conformance code besides the rest of conformance/runner/
// that knows about sim/. Not synchronised: one thread opens and uses sessions.
#pragma once

#include <memory>
#include <string>

#include "conformance/runner/evidence_log.h"
#include "conformance/target/target.h"
#include "sim/control/inventory.h"
#include "sim/control/profile.h"
#include "sim/host/host.h"
#include "sim/host/mutant.h"

namespace conformance {

struct SimTargetConfig {
  std::string profile_name;    // "doc-strict": the description is "sim:<profile_name>"
  std::string profile_json;    // the profile file's text
  std::string inventory_json;  // the inventory file's text
  sim::host::Mutant mutant = sim::host::Mutant::kNone;
  bool shared_host = false;  // every session on one host (built with seed 1), like a real target
};

class SimTarget final : public Target {
 public:
  // Fails with kInvalidArgument naming the file at fault when the profile or inventory does not
  // load, or a host cannot be built from them. `log` must outlive the target and its sessions.
  static wmi::Result<std::unique_ptr<SimTarget>> create(SimTargetConfig config, EvidenceLog& log);

  std::unique_ptr<Session> open(std::uint64_t seed) override;
  std::string description() const override { return "sim:" + config_.profile_name; }
  std::string profile_json() const override { return config_.profile_json; }
  std::vector<std::string> namespaces() const override;
  bool mutation_allowed() const override { return true; }

 private:
  SimTarget(SimTargetConfig config, sim::control::Profile profile,
            sim::control::Inventory inventory, std::shared_ptr<sim::host::Host> shared_host,
            EvidenceLog& log)
      : config_(std::move(config)),
        profile_(std::move(profile)),
        inventory_(std::move(inventory)),
        shared_host_(std::move(shared_host)),
        log_(log) {}

  SimTargetConfig config_;
  sim::control::Profile profile_;
  sim::control::Inventory inventory_;
  std::shared_ptr<sim::host::Host> shared_host_;  // null unless config_.shared_host
  EvidenceLog& log_;
};

}  // namespace conformance
