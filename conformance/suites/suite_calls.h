// What the job, change-tracking and replica-log suites share: finding instances and
// the VM groups, reading out-parameters, installing a fault rule, and polling a job while keeping
// every poll's (JobState, PercentComplete, ErrorCode) for the oracle (conformance/oracle/
// job_rules.h). Everything goes through the Session (conformance/target/target.h); nothing here
// includes sim/. Not synchronised (the suites run on one thread). Failures come back as values
// (nullopt, an empty list, a trace that never saw a terminal state); callers assert on them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "conformance/target/target.h"
#include "wmi/cim/connection.h"

namespace conformance::suites {

inline constexpr std::string_view kV2 = "root/virtualization/v2";

// Every instance of `class_name` in `ns` (empty when the query fails).
std::vector<wmi::Instance> all_of(wmi::Connection& connection, std::string_view ns,
                                  std::string_view class_name);

// The paths of the VM groups (Msvm_VirtualSystemCollection) in `ns`, in query order.
std::vector<wmi::ObjectPath> vm_groups(wmi::Connection& connection, std::string_view ns = kV2);

// Out-parameter accessors: null / nullopt when absent or of another type.
const wmi::ObjectPath* out_reference(const wmi::MethodResult& result, std::string_view name);
std::optional<std::uint64_t> uint_of(const wmi::Instance& instance, std::string_view name);
std::vector<std::string> strings_of(const wmi::Instance& instance, std::string_view name);

// Installs one fault rule on `method` of `class_name` with `action_json` (the "action" object of
// sim/control/fault_rules_json.h's format). False when the session has no FaultControl or refuses.
bool install_fault(Session& session, std::string_view class_name, std::string_view method,
                   std::string_view action_json);

// One Get of a job.
struct JobPoll {
  std::uint16_t state = 0;
  std::optional<std::uint16_t> percent;
  std::optional<std::uint32_t> error_code;
};

struct JobTrace {
  std::vector<JobPoll> polls;
  std::optional<wmi::Instance> last;  // the last instance read
  std::string problem;                // why polling stopped early ("" when it did not)
  bool terminal() const;
  std::string to_string() const;  // "4/10% 4/40% 7/100%"
};

// Gets `job` every `interval_ms` of target time (advance_clock, or a real sleep) until a terminal
// JobState or `max_polls` Gets.
JobTrace poll_job(Session& session, const wmi::ObjectPath& job, std::uint64_t interval_ms = 250,
                  int max_polls = 400);

}  // namespace conformance::suites
