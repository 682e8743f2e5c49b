#include "sim/host/dispatcher.h"

#include <algorithm>

#include "sim/host/argument_typing.h"
#include "sim/host/cim_paths.h"
#include "sim/host/class_catalog.h"
#include "sim/host/class_defs.h"
#include "sim/host/class_names.h"
#include "sim/host/instance_access.h"
#include "sim/host/job_table.h"
#include "sim/host/query_evaluator.h"
#include "sim/host/wsman_faults.h"
#include "wmi/cim/cim_name.h"
#include "wmi/cim/wmi_path.h"

namespace sim::host {

namespace {

constexpr std::uint32_t kJobStarted = 4096;

std::string path_text(const wmi::ObjectPath& path) {
  auto text = wmi::format_wmi_path(path, wmi::PathStyle::kSlash);
  return text.ok() ? *text : path.class_name;
}

// The instance path fault rules match a call against; not rendered when no rule is installed.
std::string path_for_fault_rules(const HostState& state, const wmi::ObjectPath& path) {
  return state.faults.rules().empty() ? std::string() : path_text(path);
}

// What a transport fault looks like to an in-process caller.
wmi::Status transport_failure(control::TransportFaultKind kind) {
  switch (kind) {
    case control::TransportFaultKind::kHttp401:
      return wmi::Status(wmi::StatusKind::kAuth, "fault rule: HTTP 401");
    case control::TransportFaultKind::kHttp500:
      return wmi::Status::fault(wmi::FaultDetail{"s:Receiver", "", 0, "fault rule: HTTP 500"},
                                "fault rule: HTTP 500");
    case control::TransportFaultKind::kDrop:
      break;
  }
  return wmi::Status(wmi::StatusKind::kTransport, "fault rule: connection dropped");
}

// A delay fault: virtual time passes (only a virtual clock can be moved; a real one just runs).
void delay(HostState& state, std::chrono::milliseconds duration) {
  if (auto* clock = dynamic_cast<control::VirtualClock*>(state.clock.get())) {
    (void)clock->advance(duration);
  }
}

// The fault decision for a call; applies delays itself and turns transport faults into a Status.
wmi::Result<std::optional<control::FaultAction>> decide_fault(
    HostState& state, const control::CallDescription& call) {
  auto decision = state.faults.decide(call, state.fault_draws);
  if (!decision) return std::optional<control::FaultAction>();
  if (const auto* transport = std::get_if<control::TransportFault>(&decision->action)) {
    return transport_failure(transport->kind);
  }
  if (const auto* d = std::get_if<control::DelayFault>(&decision->action)) {
    delay(state, d->delay);
    return std::optional<control::FaultAction>();
  }
  return std::optional<control::FaultAction>(decision->action);
}

// Fault rules for a Get or query (only transport faults and delays match reads).
wmi::Status read_faults(HostState& state, std::string_view namespace_name,
                        std::string_view class_name, std::string_view instance_path) {
  auto fault = decide_fault(
      state, {namespace_name, class_name, "", instance_path, control::CallKind::kRead});
  return fault.status();
}

wmi::MethodResult answer(std::uint32_t code, wmi::PropertyList out = {}) {
  return wmi::MethodResult{code, std::move(out)};
}

// Every out-parameter of `method` null except those `outcome` sets, plus Job.
wmi::PropertyList out_parameters(const MethodSpec& method, wmi::PropertyList set,
                                 const wmi::CimValue& job) {
  wmi::PropertyList out;
  for (const ParamSpec& param : method.params) {
    if (!param.out) continue;
    if (wmi::iequals(param.name, "Job")) {
      out.push_back({std::string(param.name), job});
      continue;
    }
    const wmi::CimValue* value = wmi::find_property(set, param.name);
    out.push_back({std::string(param.name),
                   value != nullptr ? *value : wmi::CimValue::null(param.type, param.is_array)});
  }
  return out;
}

// 4096 with the Job reference; the other out-parameters null unless `out` sets them.
wmi::MethodResult job_started(HostState& state, const MethodSpec& method,
                              const ResolvedClass& resolved, JobPlan plan,
                              std::function<MethodOutcome(HostState&)> commit,
                              wmi::PropertyList out = {}) {
  const std::string id = start_job(state, method, resolved.def->name, resolved.namespace_name,
                                   std::move(plan), std::move(commit));
  const RenderScope scope{state, resolved.namespace_name};
  return answer(kJobStarted,
                out_parameters(method, std::move(out), job_path(scope, state.jobs.at(id))));
}

wmi::MethodResult answered_at_once(const MethodSpec& method, std::uint32_t code,
                                   wmi::PropertyList out = {}) {
  return answer(
      code, out_parameters(method, std::move(out), wmi::CimValue::null(wmi::CimType::kReference)));
}

wmi::MethodResult run_now(HostState& state, const MethodSpec& method, const CallArgs& args) {
  MethodOutcome outcome = method.run(state, args);
  if (outcome.code != 0) return answered_at_once(method, outcome.code);
  return answered_at_once(method, 0, std::move(outcome.out));
}

// A read-only method whose success the profile delivers through a job (MethodSpec::read_only):
// it runs now, its out-parameters travel with the 4096 answer, and the job only completes.
wmi::MethodResult read_through_job(HostState& state, const MethodSpec& method,
                                   const ResolvedClass& resolved, const CallArgs& args) {
  MethodOutcome outcome = method.run(state, args);
  if (outcome.code != 0) {
    return job_started(state, method, resolved,
                       JobPlan{JobPlan::Kind::kFail, 100, outcome.code, outcome.message}, nullptr);
  }
  return job_started(
      state, method, resolved, JobPlan{}, [](HostState&) { return MethodOutcome{}; },
      std::move(outcome.out));
}

}  // namespace

wmi::Result<wmi::Instance> dispatch_get(HostState& state, const wmi::ObjectPath& path) {
  remove_expired_jobs(state);
  auto resolved = resolve_class(state, path.namespace_name, path.class_name);
  if (!resolved.ok()) return resolved.status();
  if (auto s = validate_selectors(state, *resolved, path); !s.ok()) return s;
  if (auto s = read_faults(state, resolved->namespace_name, resolved->def->name,
                           path_for_fault_rules(state, path));
      !s.ok()) {
    return s;
  }
  auto instance = read_instance(state, *resolved, path);
  if (!instance) return wmi::not_found("no instance " + path_text(path));
  return std::move(*instance);
}

wmi::Result<std::vector<wmi::Instance>> dispatch_query(HostState& state,
                                                       std::string_view namespace_name,
                                                       std::string_view wql) {
  remove_expired_jobs(state);
  const auto served = served_namespace(namespace_name);
  if (!served) return wmi::not_found("namespace " + std::string(namespace_name) + " is not served");
  if (auto s = read_faults(state, *served, "", ""); !s.ok()) return s;
  return evaluate_query(state, *served, wql);
}

wmi::Result<wmi::MethodResult> dispatch_invoke(HostState& state, const wmi::ObjectPath& target,
                                               std::string_view method_name,
                                               const wmi::PropertyList& in) {
  remove_expired_jobs(state);
  auto resolved = resolve_class(state, target.namespace_name, target.class_name);
  if (!resolved.ok()) return resolved.status();
  const auto methods = resolved->def->methods;
  const auto method = std::find_if(methods.begin(), methods.end(), [&](const MethodSpec& m) {
    return wmi::iequals(m.name, method_name);
  });
  if (method == methods.end()) {
    return action_not_supported(std::string(resolved->def->name) + " has no method " +
                                std::string(method_name));
  }
  if (auto s = validate_selectors(state, *resolved, target); !s.ok()) return s;
  // A singleton's selectors were checked against its one instance above.
  if (!resolved->def->singleton && !read_instance(state, *resolved, target))
    return wmi::not_found("no instance " + path_text(target));
  auto typed = type_arguments(*method, in);
  if (!typed.ok()) return typed.status();
  CallArgs args{target, resolved->namespace_name, std::move(*typed)};
  args.target.namespace_name = std::string(resolved->namespace_name);

  const auto kind =
      method->job_type != 0 ? control::CallKind::kJobMethod : control::CallKind::kMethod;
  auto fault = decide_fault(state, {resolved->namespace_name, resolved->def->name, method->name,
                                    path_for_fault_rules(state, target), kind});
  if (!fault.ok()) return fault.status();
  if (*fault) {
    // Mutant: error-leaves-reference-point (mutant.h): the faulted group CreateReferencePoint
    // leaves a point on one member.
    if (state.mutant == Mutant::kErrorLeavesReferencePoint &&
        wmi::iequals(resolved->def->name, cls::kCollectionReferencePointService) &&
        wmi::iequals(method->name, "CreateReferencePoint") &&
        method->check(state, args).code == 0) {
      leave_stray_reference_point(state, args);
    }
    if (const auto* code = std::get_if<control::ReturnCodeFault>(&**fault)) {
      return answered_at_once(*method, code->code);
    }
    // A job action (only job-starting methods match one): the job fails or times out.
    JobPlan plan;
    if (const auto* fail = std::get_if<control::FailJobFault>(&**fault)) {
      plan = JobPlan{JobPlan::Kind::kFail, fail->at_percent, fail->error_code,
                     "fault rule: the job failed at " + std::to_string(fail->at_percent) + " %"};
    } else {
      plan.kind = JobPlan::Kind::kTimeout;
    }
    return job_started(state, *method, *resolved, std::move(plan), nullptr);
  }
  if (method->job_type == 0) return run_now(state, *method, args);

  const control::MethodDelivery delivery =
      state.profile.delivery_for(resolved->def->name, method->name);
  // Both outcomes answered at once: run() fails exactly when check() would, changing nothing.
  if (delivery.error == control::ErrorDelivery::kImmediate &&
      delivery.success == control::SuccessDelivery::kImmediate) {
    return run_now(state, *method, args);
  }
  const MethodOutcome check = method->check(state, args);
  if (check.code != 0) {
    if (delivery.error == control::ErrorDelivery::kImmediate) {
      return answered_at_once(*method, check.code);
    }
    return job_started(state, *method, *resolved,
                       JobPlan{JobPlan::Kind::kFail, 100, check.code, check.message}, nullptr);
  }
  if (delivery.success == control::SuccessDelivery::kImmediate)
    return run_now(state, *method, args);
  if (method->read_only) return read_through_job(state, *method, *resolved, args);
  return job_started(state, *method, *resolved, JobPlan{},
                     [run = method->run, args](HostState& s) { return run(s, args); });
}

}  // namespace sim::host
