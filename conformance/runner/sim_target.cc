#include "conformance/runner/sim_target.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "conformance/runner/recording_connection.h"
#include "sim/control/fault_rules_json.h"
#include "sim/control/inventory_json.h"

namespace conformance {
namespace {

class SimFaultControl final : public FaultControl {
 public:
  explicit SimFaultControl(sim::host::Host& host) : host_(host) {}

  wmi::Status install(std::string_view rules_json) override {
    auto rule_set = sim::control::load_fault_rules(rules_json);
    if (!rule_set.ok()) return rule_set.status();
    auto plan = sim::control::FaultPlan::create(std::move(rule_set->rules));
    if (!plan.ok()) return plan.status();
    host_.set_faults(std::move(*plan));
    return {};
  }
  void clear() override { host_.set_faults(sim::control::FaultPlan()); }

 private:
  sim::host::Host& host_;
};

class SimSession final : public Session {
 public:
  SimSession(std::shared_ptr<sim::host::Host> host, EvidenceLog& log)
      : host_(std::move(host)), recording_(*host_, log), faults_(*host_) {}

  wmi::Connection& connection() override { return recording_; }
  wmi::DataPlane* data_plane() override { return host_.get(); }
  FaultControl* fault_control() override { return &faults_; }
  bool advance_clock(std::uint64_t ms) override {
    sim::control::VirtualClock* clock = host_->virtual_clock();
    if (clock == nullptr) return false;
    return clock
        ->advance(std::chrono::duration_cast<wmi::Microseconds>(std::chrono::milliseconds(ms)))
        .ok();
  }

 private:
  std::shared_ptr<sim::host::Host> host_;
  RecordingConnection recording_;
  SimFaultControl faults_;
};

wmi::Result<std::unique_ptr<sim::host::Host>> build_host(const sim::control::Profile& profile,
                                                         const sim::control::Inventory& inventory,
                                                         sim::host::Mutant mutant,
                                                         std::uint64_t seed) {
  sim::host::HostOptions options;
  options.profile = profile;
  options.inventory = inventory;
  options.seed = seed;
  options.mutant = mutant;
  return sim::host::Host::create(std::move(options));
}

}  // namespace

wmi::Result<std::unique_ptr<SimTarget>> SimTarget::create(SimTargetConfig config,
                                                          EvidenceLog& log) {
  auto profile = sim::control::load_profile(config.profile_json);
  if (!profile.ok()) {
    return wmi::invalid_argument("profile " + config.profile_name + ": " +
                                 profile.status().message());
  }
  auto inventory = sim::control::load_inventory(config.inventory_json);
  if (!inventory.ok()) {
    return wmi::invalid_argument("inventory: " + inventory.status().message());
  }
  // A probe host, so that an inventory the host refuses fails here and not in the first test.
  auto probe = build_host(*profile, *inventory, config.mutant, 1);
  if (!probe.ok()) return wmi::invalid_argument("inventory: " + probe.status().message());
  std::shared_ptr<sim::host::Host> shared;
  if (config.shared_host) shared = std::move(*probe);
  return std::unique_ptr<SimTarget>(new SimTarget(std::move(config), std::move(*profile),
                                                  std::move(*inventory), std::move(shared), log));
}

std::unique_ptr<Session> SimTarget::open(std::uint64_t seed) {
  if (shared_host_) return std::make_unique<SimSession>(shared_host_, log_);
  auto host = build_host(profile_, inventory_, config_.mutant, seed);
  if (!host.ok()) {
    // create() built one from the same inputs; only the seed differs, which never fails a build.
    std::fprintf(stderr, "hvconform: cannot build a simulated host: %s\n",
                 host.status().to_string().c_str());
    std::abort();
  }
  return std::make_unique<SimSession>(std::move(*host), log_);
}

std::vector<std::string> SimTarget::namespaces() const {
  return {std::string(sim::host::kVirtualizationNamespace),
          std::string(sim::host::kClusterNamespace)};
}

}  // namespace conformance
