#include "conformance/suites/suite_calls.h"

#include <chrono>
#include <thread>

#include "conformance/oracle/job_rules.h"

namespace conformance::suites {

std::vector<wmi::Instance> all_of(wmi::Connection& connection, std::string_view ns,
                                  std::string_view class_name) {
  auto instances = connection.query(ns, "SELECT * FROM " + std::string(class_name));
  if (!instances.ok()) return {};
  return std::move(*instances);
}

std::vector<wmi::ObjectPath> vm_groups(wmi::Connection& connection, std::string_view ns) {
  std::vector<wmi::ObjectPath> out;
  for (const wmi::Instance& group : all_of(connection, ns, "Msvm_VirtualSystemCollection")) {
    if (group.path()) out.push_back(*group.path());
  }
  return out;
}

const wmi::ObjectPath* out_reference(const wmi::MethodResult& result, std::string_view name) {
  const wmi::CimValue* value = wmi::find_property(result.out, name);
  return value == nullptr ? nullptr : value->as_reference();
}

std::optional<std::uint64_t> uint_of(const wmi::Instance& instance, std::string_view name) {
  const wmi::CimValue* value = instance.find(name);
  return value == nullptr ? std::nullopt : value->as_uint();
}

std::vector<std::string> strings_of(const wmi::Instance& instance, std::string_view name) {
  const wmi::CimValue* value = instance.find(name);
  std::vector<std::string> out;
  if (value == nullptr || value->is_null() || !value->is_array() ||
      value->type() != wmi::CimType::kString) {
    return out;
  }
  for (const wmi::CimElement& element : value->elements()) {
    if (const auto* text = std::get_if<std::string>(&element)) out.push_back(*text);
  }
  return out;
}

bool install_fault(Session& session, std::string_view class_name, std::string_view method,
                   std::string_view action_json) {
  FaultControl* faults = session.fault_control();
  if (faults == nullptr) return false;
  const std::string rules = R"({"rules": [{"match": {"class": ")" + std::string(class_name) +
                            R"(", "method": ")" + std::string(method) + R"("}, "action": )" +
                            std::string(action_json) + "}]}";
  return faults->install(rules).ok();
}

bool JobTrace::terminal() const {
  return !polls.empty() && oracle::is_terminal(polls.back().state);
}

std::string JobTrace::to_string() const {
  std::string out;
  for (const JobPoll& poll : polls) {
    if (!out.empty()) out += ' ';
    out += std::to_string(poll.state) + "/" +
           (poll.percent ? std::to_string(*poll.percent) : std::string("?")) + "%";
    if (poll.error_code && *poll.error_code != 0) out += "!" + std::to_string(*poll.error_code);
  }
  if (!problem.empty()) out += " (" + problem + ")";
  return out;
}

JobTrace poll_job(Session& session, const wmi::ObjectPath& job, std::uint64_t interval_ms,
                  int max_polls) {
  JobTrace trace;
  for (int i = 0; i < max_polls; ++i) {
    if (i > 0 && !session.advance_clock(interval_ms)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(interval_ms));
    }
    auto instance = session.connection().get(job);
    if (!instance.ok()) {
      trace.problem = "Get failed: " + instance.status().to_string();
      return trace;
    }
    const auto state = uint_of(*instance, "JobState");
    if (!state) {
      trace.problem = "no JobState";
      return trace;
    }
    JobPoll poll;
    poll.state = static_cast<std::uint16_t>(*state);
    if (const auto percent = uint_of(*instance, "PercentComplete")) {
      poll.percent = static_cast<std::uint16_t>(*percent);
    }
    if (const auto code = uint_of(*instance, "ErrorCode")) {
      poll.error_code = static_cast<std::uint32_t>(*code);
    }
    trace.polls.push_back(poll);
    trace.last = std::move(*instance);
    if (oracle::is_terminal(poll.state)) return trace;
  }
  trace.problem = "not terminal after " + std::to_string(max_polls) + " polls";
  return trace;
}

}  // namespace conformance::suites
