#include "conformance/suites/provoked_call.h"

#include <gtest/gtest.h>

#include <algorithm>

#include <fmt/format.h>

#include "wmi/cim/cim_name.h"

namespace conformance {
namespace {

std::set<std::string> group_paths(wmi::Connection& connection, std::string_view ns) {
  std::set<std::string> out;
  const auto groups = connection.query(ns, "SELECT * FROM Msvm_VirtualSystemCollection");
  if (groups.ok()) {
    for (const wmi::Instance& group : *groups) {
      if (group.path()) out.insert(path_text(*group.path()));
    }
  }
  return out;
}

}  // namespace

std::string return_code_rule(std::string_view service, std::string_view method,
                             std::uint32_t code) {
  return fmt::format(R"({{"rules": [{{"match": {{"class": "{}", "method": "{}"}}, )"
                     R"("action": {{"type": "return-code", "code": {}}}}}]}})",
                     service, method, code);
}

std::string fail_job_rule(std::string_view service, std::string_view method,
                          std::uint32_t at_percent, std::uint32_t error_code) {
  return fmt::format(R"({{"rules": [{{"match": {{"class": "{}", "method": "{}"}}, )"
                     R"("action": {{"type": "fail-job", "at_percent": {}, "error_code": {}}}}}]}})",
                     service, method, at_percent, error_code);
}

// Whether `outcome` answers `code` as provoked: 0 and errors immediately or through the job;
// 4096 as the ReturnValue.
bool answered_as(const CallOutcome& outcome, std::uint32_t code) {
  if (!outcome.transport.ok()) return false;
  if (code == 4096) return outcome.return_value == 4096;
  if (outcome.return_value == code) return true;
  return outcome.return_value == 4096 && outcome.final_job.has_value() &&
         outcome.effective_code() == code;
}

// Calls `method` of `service` in `ns` with `in`, after `fault_json` (if any) is installed.
Provoked provoke(Session& session, std::string_view ns, std::string_view service,
                 std::string_view method, const wmi::PropertyList& in, std::uint32_t code,
                 std::string how, const std::string& fault_json) {
  const auto target = service_path(session.connection(), ns, service);
  if (target) return provoke_on(session, ns, *target, method, in, code, std::move(how), fault_json);
  Provoked p;
  p.how = std::move(how);
  p.code = code;
  p.outcome.transport = wmi::Status(wmi::StatusKind::kNotFound, "no " + std::string(service));
  return p;
}

Provoked provoke_on(Session& session, std::string_view ns, const wmi::ObjectPath& target,
                    std::string_view method, const wmi::PropertyList& in, std::uint32_t code,
                    std::string how, const std::string& fault_json) {
  Provoked p;
  p.how = std::move(how);
  p.code = code;
  wmi::Connection& connection = session.connection();
  if (!fault_json.empty()) {
    const wmi::Status installed = session.fault_control()->install(fault_json);
    EXPECT_TRUE(installed.ok()) << fault_json << ": " << installed.to_string();
  }
  p.before = snapshot_points(connection, ns);
  p.groups_before = group_paths(connection, ns);
  p.outcome = call_and_settle(session, target, method, in);
  if (!fault_json.empty()) session.fault_control()->clear();
  p.after = snapshot_points(connection, ns);
  p.groups_after = group_paths(connection, ns);
  return p;
}

bool method_not_served(const CallOutcome& outcome) {
  const wmi::Status& status = outcome.transport;
  return status.kind() == wmi::StatusKind::kFault && status.fault().has_value() &&
         status.fault()->subcode.find("ActionNotSupported") != std::string::npos;
}

// Postcondition of a 0: out-references resolve, no job.
void expect_zero_postcondition(Session& session, const Provoked& p) {
  EXPECT_FALSE(p.outcome.job.has_value()) << p.how << ": 0 with a Job out-reference";
  for (const wmi::Property& out : p.outcome.out) {
    if (out.value.is_null() || out.value.as_reference() == nullptr) continue;
    const auto resolved = session.connection().get(*out.value.as_reference());
    EXPECT_TRUE(resolved.ok()) << p.how << ": out-reference " << out.name << " "
                               << path_text(*out.value.as_reference()) << ": "
                               << resolved.status().to_string();
  }
}

// Postcondition of a 4096: the job resolves and is terminal; its result only via
// Msvm_AffectedJobElement.
void expect_job_postcondition(Session& session, const Provoked& p) {
  ASSERT_TRUE(p.outcome.job.has_value()) << p.how << ": 4096 without a Job";
  EXPECT_TRUE(session.connection().get(*p.outcome.job).ok()) << p.how << ": the Job resolves";
  ASSERT_TRUE(p.outcome.final_job.has_value()) << p.how << ": " << p.outcome.job_problem;
  EXPECT_TRUE(p.outcome.job_problem.empty()) << p.how << ": " << p.outcome.job_problem;
  if (p.outcome.job_succeeded()) {
    EXPECT_EQ(p.outcome.job_error_code().value_or(0), 0u) << p.how;
    // A method with a result out-reference (ResultingSnapshot, DefinedCollection, ...) gives it
    // through the job; one without (a destroy, a removal) may link nothing.
    const bool has_result = std::any_of(p.outcome.out.begin(), p.outcome.out.end(), [](auto& out) {
      return out.value.type() == wmi::CimType::kReference && !wmi::iequals(out.name, "Job");
    });
    EXPECT_TRUE(!has_result || !p.outcome.affected.empty())
        << p.how << ": no Msvm_AffectedJobElement";
    for (const wmi::Instance& element : p.outcome.affected) {
      ASSERT_TRUE(element.path().has_value()) << p.how;
      EXPECT_TRUE(session.connection().get(*element.path()).ok()) << path_text(*element.path());
    }
  } else {
    EXPECT_NE(p.outcome.job_error_code().value_or(0), 0u) << p.how << ": failed job, ErrorCode 0";
    EXPECT_TRUE(p.outcome.affected.empty()) << p.how << ": a failed job links a result";
  }
}

void expect_no_partial_state(const Provoked& p) {
  if (p.outcome.succeeded()) return;
  EXPECT_EQ(p.before.problem + p.after.problem, "") << p.how;
  EXPECT_TRUE(p.before == p.after) << p.how << " (" << p.outcome.describe()
                                   << ") changed:" << describe_difference(p.before, p.after);
  EXPECT_EQ(p.groups_before, p.groups_after) << p.how;
}

}  // namespace conformance
