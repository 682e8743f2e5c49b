#include "conformance/suites/backup_steps.h"

#include <ostream>

namespace conformance::suites {
namespace {

std::string_view kind_name(StepKind kind) {
  switch (kind) {
    case StepKind::kWrite:
      return "StepKind::kWrite";
    case StepKind::kCheckpoint:
      return "StepKind::kCheckpoint";
    case StepKind::kBackUp:
      return "StepKind::kBackUp";
  }
  return "";
}

std::string_view fault_kind_name(FaultKind kind) {
  switch (kind) {
    case FaultKind::kNone:
      return "FaultKind::kNone";
    case FaultKind::kReturnCode:
      return "FaultKind::kReturnCode";
    case FaultKind::kFailJob:
      return "FaultKind::kFailJob";
  }
  return "";
}

// Appends ", .name = value" (or ".name = value" first) to `out`.
void member(std::string& out, std::string_view name, std::string_view value) {
  if (out.size() > 1) out += ", ";
  out += ".";
  out += name;
  out += " = ";
  out += value;
}

std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string to_cpp(const StepFault& fault) {
  const StepFault defaults;
  std::string out = "{";
  member(out, "kind", fault_kind_name(fault.kind));
  if (fault.method != defaults.method) member(out, "method", quoted(fault.method));
  if (fault.code != defaults.code) member(out, "code", std::to_string(fault.code));
  if (fault.at_percent != defaults.at_percent) {
    member(out, "at_percent", std::to_string(fault.at_percent));
  }
  if (fault.skip != defaults.skip) member(out, "skip", std::to_string(fault.skip));
  return out + "}";
}

}  // namespace

std::vector<std::byte> write_bytes(std::uint32_t pattern, std::uint64_t length) {
  std::vector<std::byte> out(length);
  for (std::uint64_t i = 0; i < length; ++i) {
    out[i] = static_cast<std::byte>(pattern + i * 7 + i / 4096);
  }
  return out;
}

std::string to_cpp(const Step& step) {
  const Step defaults;
  std::string out = "{";
  member(out, "kind", kind_name(step.kind));
  if (step.disk != defaults.disk) member(out, "disk", std::to_string(step.disk));
  if (step.offset != defaults.offset) member(out, "offset", std::to_string(step.offset));
  if (step.length != defaults.length) member(out, "length", std::to_string(step.length));
  if (step.pattern != defaults.pattern) member(out, "pattern", std::to_string(step.pattern));
  if (step.fault != defaults.fault) member(out, "fault", to_cpp(step.fault));
  return out + "}";
}

std::string to_cpp(const std::vector<Step>& steps) {
  std::string out = "{\n";
  for (const Step& step : steps) out += "    " + to_cpp(step) + ",\n";
  return out + "}";
}

void showValue(const Step& step, std::ostream& os) { os << to_cpp(step); }

std::string to_cpp(const BackupScenario& scenario) {
  const BackupScenario defaults;
  std::string out = "{";
  member(out, "path",
         scenario.path == BackupPath::kSingleVm ? "BackupPath::kSingleVm" : "BackupPath::kVmGroup");
  if (scenario.ns != defaults.ns) member(out, "ns", quoted(scenario.ns));
  if (scenario.vm != defaults.vm) member(out, "vm", std::to_string(scenario.vm));
  if (scenario.session_seed != defaults.session_seed) {
    member(out, "session_seed", std::to_string(scenario.session_seed) + "u");
  }
  return out + "}";
}

std::string regression_snippet(std::string_view test_name, std::string_view assertion_id,
                               const BackupScenario& scenario, const std::vector<Step>& steps) {
  return "// regression: paste into conformance/suites/backup_workflow_regressions.cc\n"
         "CONFORMANCE_TEST(BackupWorkflowRegression, " +
         std::string(test_name) + ", " + quoted(assertion_id) + ") {\n  replay_backup_steps(" +
         to_cpp(scenario) + ", " + to_cpp(steps) + ");\n}\n";
}

}  // namespace conformance::suites
