// wait_for_job: polls a job (Msvm_ConcreteJob or a subclass) through Connection::get until it
// reaches a terminal JobState, the way backup tools poll real hosts (spec §6).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>

#include "wmi/cim/connection.h"

namespace wmi {

// JobState values after which a job never changes: 7 completed, 8 terminated, 9 killed,
// 10 exception, 32768 completed with warnings.
bool is_terminal_job_state(std::uint16_t job_state);

// The job's JobState: a uint16, or decimal text within uint16 (what a WS-Man answer read without a
// typing carries); nullopt when absent, null or anything else.
std::optional<std::uint16_t> job_state(const Instance& job);

struct PollPolicy {
  std::chrono::milliseconds interval{100};
  int max_polls = 3000;
  // How to wait between polls. Empty means a real sleep; the simulator passes a virtual-clock
  // advance so waits cost no wall time.
  std::function<void(std::chrono::milliseconds)> wait;
};

// The job instance as it was when first seen terminal.
// Errors: the Status of a failed get; kProtocol when the instance has no JobState (job_state());
// kTransport when max_polls pass without a terminal state.
Result<Instance> wait_for_job(Connection& connection, const ObjectPath& job,
                              const PollPolicy& policy = {});

}  // namespace wmi
