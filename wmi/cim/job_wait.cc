#include "wmi/cim/job_wait.h"

#include <thread>

#include "wmi/cim/scalar_text.h"

namespace wmi {

bool is_terminal_job_state(std::uint16_t job_state) {
  return (job_state >= 7 && job_state <= 10) || job_state == 32768;
}

std::optional<std::uint16_t> job_state(const Instance& job) {
  const CimValue* state = job.find("JobState");
  if (state == nullptr || state->is_null() || state->is_array()) return std::nullopt;
  if (state->type() == CimType::kUint16) return static_cast<std::uint16_t>(*state->as_uint());
  const std::string* text = state->as_string();
  if (text == nullptr) return std::nullopt;
  auto value = parse_uint64_text(*text);
  if (!value.ok() || *value > 0xFFFF) return std::nullopt;
  return static_cast<std::uint16_t>(*value);
}

Result<Instance> wait_for_job(Connection& connection, const ObjectPath& job,
                              const PollPolicy& policy) {
  for (int poll = 0; poll < policy.max_polls; ++poll) {
    Result<Instance> instance = connection.get(job);
    if (!instance) return instance.status();
    const auto state = job_state(*instance);
    if (!state) {
      return Status(StatusKind::kProtocol, "job " + job.class_name + " has no uint16 JobState");
    }
    if (is_terminal_job_state(*state)) return instance;
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
