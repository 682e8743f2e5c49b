// Msvm_ConcreteJob: a method call that answered 4096 (job_table.h moves it), and its methods
// RequestStateChange (4 = cancel), GetError and GetErrorEx — shared with its subclasses
// (concrete_job.h).
#include "sim/host/concrete_job.h"

#include <algorithm>

#include "sim/host/cim_paths.h"
#include "sim/host/class_defs.h"
#include "sim/host/class_names.h"
#include "sim/host/host_state.h"
#include "sim/host/job_table.h"
#include "sim/host/msvm_error.h"
#include "wmi/cim/cim_name.h"
#include "wmi/cim/dmtf_datetime.h"
#include "wmi/cim/wmi_path.h"

namespace sim::host {

namespace {

constexpr std::string_view kKeys[] = {"InstanceID"};
constexpr std::uint16_t kTerminate = 4;
constexpr std::uint16_t kOperationalOk = 2;
constexpr std::uint16_t kOperationalError = 6;
constexpr std::uint16_t kUtc = 2;

wmi::CimValue timestamp(wmi::TimePoint t) { return wmi::Datetime(wmi::timestamp_from_utc(t)); }
wmi::CimValue interval(std::chrono::microseconds d) { return wmi::Datetime(wmi::interval_from(d)); }

wmi::CimValue optional_text(const std::string& text) {
  return text.empty() ? wmi::CimValue::null(wmi::CimType::kString) : wmi::CimValue(text);
}

std::string_view status_text(const Job& job) {
  switch (job.state) {
    case kJobNew:
      return "Job is new";
    case kJobStarting:
      return "Job is starting";
    case kJobRunning:
      return "Job is running";
    case kJobTerminated:
      return "Job was cancelled";
    case kJobException:
      return "Job failed";
    default:
      return "Job completed";
  }
}

wmi::PropertyList base_properties(const RenderScope& scope, const Job& job) {
  const HostState& state = scope.state;
  const bool failed = job.finished && job.error_code != 0;
  const wmi::TimePoint end = job.finished.value_or(state.now());
  wmi::PropertyList p;
  p.reserve(24);
  p.push_back({"Cancellable", true});
  p.push_back({"Caption", job.method});
  p.push_back({"DeleteOnCompletion", false});
  p.push_back({"Description", job.method});
  p.push_back({"ElapsedTime", interval(end - job.submitted)});
  p.push_back({"ElementName", job.method});
  std::uint32_t error_code = job.error_code;
  // Mutant: job-success-with-error-code (mutant.h): a completed job reports the family's failure.
  if (state.mutant == Mutant::kJobSuccessWithErrorCode && job_succeeded(state, job)) {
    error_code = job.family == wmi::ReturnCodeFamily::kCim ? 2 : 32768;
  }
  p.push_back({"ErrorCode", static_cast<std::uint16_t>(error_code)});
  p.push_back({"ErrorDescription", optional_text(job.error_description)});
  p.push_back({"ErrorSummaryDescription",
               optional_text(failed ? wmi::describe(job.family, job.error_code) : "")});
  p.push_back({"HealthState", std::uint16_t{5}});
  p.push_back({"InstanceID", job.instance_id});
  p.push_back({"JobRunTimes", std::uint32_t{1}});
  p.push_back({"JobState", job.state});
  p.push_back({"JobStatus", std::string(status_text(job))});
  p.push_back({"JobType", job.job_type});
  p.push_back({"LocalOrUtcTime", kUtc});
  p.push_back({"Name", job.method});
  p.push_back({"OperationalStatus", uint16_array({failed ? kOperationalError : kOperationalOk})});
  p.push_back({"PercentComplete", job.percent});
  p.push_back({"StartTime", timestamp(job.submitted)});
  p.push_back({"TimeBeforeRemoval", interval(state.profile.time_before_removal)});
  p.push_back({"TimeOfLastStateChange", timestamp(job.last_change)});
  p.push_back({"TimeSubmitted", timestamp(job.submitted)});
  return p;
}

bool in_scope(const RenderScope& scope, const Job& job, std::string_view job_class) {
  return wmi::iequals(job.owner_namespace, scope.namespace_name) &&
         wmi::iequals(job.job_class.empty() ? cls::kConcreteJob : job.job_class, job_class);
}

void enumerate(const RenderScope& scope, std::vector<wmi::Instance>& out) {
  enumerate_jobs(scope, cls::kConcreteJob, {}, out);
}

std::optional<wmi::Instance> find(const RenderScope& scope, const wmi::ObjectPath& path) {
  return find_job(scope, cls::kConcreteJob, {}, path);
}

// The job a method was invoked on (the dispatcher resolved the target first).
Job& target_job(HostState& state, const CallArgs& args) {
  return state.jobs.find(key_text(args.target, "InstanceID"))->second;
}

std::string error_source(const HostState& state, const Job& job) {
  const RenderScope scope{state, job.owner_namespace};
  auto text =
      wmi::format_wmi_path(service_path(scope, job.owner_class), wmi::PathStyle::kBackslash);
  return text.ok() ? *text : job.owner_class;
}

MethodOutcome request_state_change(HostState& state, const CallArgs& args) {
  const auto requested = args["RequestedState"].as_uint();
  const wmi::CimValue& timeout = args["TimeoutPeriod"];
  if (!requested || *requested < 2 || *requested > 6) {
    return MethodOutcome::error(5, "RequestedState must be 2..6");
  }
  if (!timeout.is_null()) {
    const auto* period = std::get_if<wmi::Interval>(&std::get<wmi::Datetime>(timeout.scalar()));
    if (period == nullptr || period->duration.count() != 0) {
      return MethodOutcome::error(4098, "TimeoutPeriod is not supported");
    }
  }
  if (*requested != kTerminate) {
    return MethodOutcome::error(1, "only RequestedState 4 (Terminate) is supported");
  }
  const std::uint32_t code = cancel_job(state, target_job(state, args));
  if (code != 0) return MethodOutcome::error(code, "the job has already finished");
  return {};
}

MethodOutcome get_error(HostState& state, const CallArgs& args) {
  const Job& job = target_job(state, args);
  MethodOutcome outcome;
  outcome.out.push_back({"Error", job.finished && job.error_code != 0
                                      ? wmi::CimValue(job_error_xml(job, error_source(state, job)))
                                      : wmi::CimValue::null(wmi::CimType::kString)});
  return outcome;
}

MethodOutcome get_error_ex(HostState& state, const CallArgs& args) {
  const Job& job = target_job(state, args);
  MethodOutcome outcome;
  outcome.out.push_back(
      {"Errors", job.finished && job.error_code != 0
                     ? string_array({job_error_xml(job, error_source(state, job))})
                     : wmi::CimValue::null(wmi::CimType::kString, true)});
  return outcome;
}

constexpr ParamSpec kRequestStateChangeParams[] = {
    {"RequestedState", wmi::CimType::kUint16},
    {"TimeoutPeriod", wmi::CimType::kDatetime},
    {"Job", wmi::CimType::kReference, false, true},
};
constexpr ParamSpec kGetErrorParams[] = {{"Error", wmi::CimType::kString, false, true}};
constexpr ParamSpec kGetErrorExParams[] = {{"Errors", wmi::CimType::kString, false, true, true}};

constexpr MethodSpec kMethods[] = {
    {"RequestStateChange", wmi::ReturnCodeFamily::kCim, kRequestStateChangeParams, 0, nullptr,
     &request_state_change},
    {"GetError", wmi::ReturnCodeFamily::kCim, kGetErrorParams, 0, nullptr, &get_error},
    {"GetErrorEx", wmi::ReturnCodeFamily::kCim, kGetErrorExParams, 0, nullptr, &get_error_ex},
};

}  // namespace

wmi::Instance render_job(const RenderScope& scope, const Job& job,
                         std::span<const JobProperty> own_properties) {
  wmi::PropertyList p = base_properties(scope, job);
  for (const JobProperty& own : own_properties) {
    const wmi::CimValue* value = wmi::find_property(job.details, own.name);
    p.push_back({std::string(own.name),
                 value != nullptr ? *value : wmi::CimValue::null(own.type, own.is_array)});
  }
  if (!own_properties.empty()) {
    std::sort(p.begin(), p.end(),
              [](const wmi::Property& a, const wmi::Property& b) { return a.name < b.name; });
  }
  return make_instance(scope, job.job_class.empty() ? cls::kConcreteJob : job.job_class,
                       job_path(scope, job), std::move(p));
}

void enumerate_jobs(const RenderScope& scope, std::string_view job_class,
                    std::span<const JobProperty> own_properties, std::vector<wmi::Instance>& out) {
  for (const auto& [id, job] : scope.state.jobs) {
    if (in_scope(scope, job, job_class)) out.push_back(render_job(scope, job, own_properties));
  }
}

std::optional<wmi::Instance> find_job(const RenderScope& scope, std::string_view job_class,
                                      std::span<const JobProperty> own_properties,
                                      const wmi::ObjectPath& path) {
  const auto it = scope.state.jobs.find(key_text(path, "InstanceID"));
  if (it == scope.state.jobs.end() || !in_scope(scope, it->second, job_class)) return std::nullopt;
  return render_job(scope, it->second, own_properties);
}

const std::span<const MethodSpec> kJobMethods = kMethods;

const ClassDef kConcreteJobClass{cls::kConcreteJob, "CIM_ConcreteJob", kKeys, &enumerate, &find,
                                 kMethods};

}  // namespace sim::host
