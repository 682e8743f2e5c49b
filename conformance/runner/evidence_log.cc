#include "conformance/runner/evidence_log.h"

#include <utility>

namespace conformance {

void EvidenceLog::begin_test() {
  ++test_;
  observations_.clear();
  dropped_ = 0;
}

std::optional<EvidenceLog::Handle> EvidenceLog::record(Observation observation) {
  if (paused_) return std::nullopt;
  if (observations_.size() >= cap_) {
    ++dropped_;
    return std::nullopt;
  }
  observations_.push_back(std::move(observation));
  return Handle{test_, observations_.size() - 1};
}

Observation* EvidenceLog::find(const Handle& handle) {
  if (handle.test != test_ || handle.index >= observations_.size()) return nullptr;
  return &observations_[handle.index];
}

std::vector<Observation> EvidenceLog::take() {
  std::vector<Observation> taken = std::move(observations_);
  observations_.clear();
  dropped_ = 0;
  ++test_;
  return taken;
}

}  // namespace conformance
