// A method call provoked for a return code (return_code_suite.cc): the fault rules that provoke
// codes (the fault-rule JSON of FaultControl), the call with the namespace's reference points and
// groups snapshotted before and after, and the postconditions of spec §1/§5/§6 for each kind of
// answer, as GoogleTest expectations. Not synchronised; nothing throws.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "conformance/suites/collection_calls.h"
#include "conformance/target/target.h"

namespace conformance {

// Fault-rule JSON: `method` of `service` answers `code` at once.
std::string return_code_rule(std::string_view service, std::string_view method, std::uint32_t code);
// Fault-rule JSON: `method` of `service` answers 4096 and its job fails at `at_percent` with
// `error_code`.
std::string fail_job_rule(std::string_view service, std::string_view method,
                          std::uint32_t at_percent, std::uint32_t error_code);

// Whether `outcome` answers `code` as provoked: 0 and errors immediately or through the job;
// 4096 as the ReturnValue.
bool answered_as(const CallOutcome& outcome, std::uint32_t code);

// One provoked call of a method, settled, with the namespace's points and groups before and after.
struct Provoked {
  std::string how;
  std::uint32_t code = 0;
  CallOutcome outcome;
  PointSnapshot before, after;
  std::set<std::string> groups_before, groups_after;
};

// Calls `method` of the `service` singleton in `ns` with `in`, with `fault_json` (if not empty)
// installed for the call only.
Provoked provoke(Session& session, std::string_view ns, std::string_view service,
                 std::string_view method, const wmi::PropertyList& in, std::uint32_t code,
                 std::string how, const std::string& fault_json);
// The same on the instance `target` (a service, or a job for Msvm_ConcreteJob's methods).
Provoked provoke_on(Session& session, std::string_view ns, const wmi::ObjectPath& target,
                    std::string_view method, const wmi::PropertyList& in, std::uint32_t code,
                    std::string how, const std::string& fault_json);

// Whether the target refused the call because the class has no such method (a WS-Management
// a:ActionNotSupported fault): the method is not served.
bool method_not_served(const CallOutcome& outcome);

// 0: out-references resolve, no job.
void expect_zero_postcondition(Session& session, const Provoked& p);
// 4096: the job resolves and is terminal; a success links its result (when the method has a
// result out-reference) through Msvm_AffectedJobElement, a failure has ErrorCode != 0 and links
// nothing.
void expect_job_postcondition(Session& session, const Provoked& p);
// An error: no point, membership or group changed.
void expect_no_partial_state(const Provoked& p);

}  // namespace conformance
