// conformance::EvidenceLog: the calls the running test made (Observation, run_result.h), capped per
// test, for the certification report's evidence column. The run listener opens a test's log when it
// starts and takes it when it ends; recording connections append in between. A test whose calls
// exceed the cap keeps its first ones and counts the rest.
// Not synchronised: the suites run on one thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "conformance/report/run_result.h"

namespace conformance {

class EvidenceLog {
 public:
  static constexpr std::size_t kDefaultCap = 50;
  explicit EvidenceLog(std::size_t cap_per_test = kDefaultCap) : cap_(cap_per_test) {}

  // Starts a new test's evidence; earlier handles stop resolving.
  void begin_test();
  // While paused, record() keeps nothing (the calls a session's clean-up makes are not evidence).
  void set_paused(bool paused) { paused_ = paused; }
  // Records a call; returns a handle to amend it later (a job's ErrorCode), none when capped or
  // paused.
  struct Handle {
    std::uint64_t test;
    std::size_t index;
  };
  std::optional<Handle> record(Observation observation);
  // The observation `handle` names if it belongs to the running test, else nullptr.
  Observation* find(const Handle& handle);
  // The running test's observations, and how many calls the cap dropped; clears both.
  std::vector<Observation> take();
  std::size_t dropped() const { return dropped_; }

 private:
  std::size_t cap_;
  std::uint64_t test_ = 0;
  std::vector<Observation> observations_;
  std::size_t dropped_ = 0;
  bool paused_ = false;
};

}  // namespace conformance
