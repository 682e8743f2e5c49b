#include "wmi/cim/job_wait.h"

#include <thread>

namespace wmi {

bool is_terminal_job_state(std::uint16_t job_state) {
  return (job_state >= 7 && job_state <= 10) || job_state == 32768;
}

Result<Instance> wait_for_job(Connection& connection, const ObjectPath& job,
                              const PollPolicy& policy) {
  for (int poll = 0; poll < policy.max_polls; ++poll) {
    Result<Instance> instance = connection.get(job);
    if (!instance) return instance.status();
    const CimValue* state = instance->find("JobState");
    if (state == nullptr || state->type() != CimType::kUint16 || !state->as_uint()) {
      return Status(StatusKind::kProtocol, "job " + job.class_name + " has no uint16 JobState");
    }
    if (is_terminal_job_state(static_cast<std::uint16_t>(*state->as_uint()))) return instance;
    if (policy.wait) {
      policy.wait(policy.interval);
    } else {
      std::this_thread::sleep_for(policy.interval);
    }
  }
  return Status(StatusKind::kTransport, "job " + job.class_name + " not finished after " +
                                            std::to_string(policy.max_polls) + " polls");
}

}  // namespace wmi
