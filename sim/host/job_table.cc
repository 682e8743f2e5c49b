#include "sim/host/job_table.h"

#include <algorithm>

#include "wmi/cim/job_wait.h"

namespace sim::host {

namespace {

constexpr std::uint32_t kTimeoutPollFactor = 4;

std::uint32_t timeout_code(wmi::ReturnCodeFamily family) {
  return family == wmi::ReturnCodeFamily::kCim ? 3 : 32772;
}
std::uint32_t failed_code(wmi::ReturnCodeFamily family) {
  return family == wmi::ReturnCodeFamily::kCim ? 2 : 32768;
}

bool finished(const Job& job) { return job.finished.has_value(); }

void set_state(HostState& state, Job& job, std::uint16_t job_state) {
  if (job.state != job_state) job.last_change = state.now();
  job.state = job_state;
}

void end(HostState& state, Job& job, std::uint16_t job_state, std::uint32_t error_code,
         std::string description) {
  set_state(state, job, job_state);
  job.error_code = error_code;
  job.error_description = std::move(description);
  job.finished = state.now();
  job.commit = nullptr;
}

// The fraction of the job done, in [0, 1].
double fraction_done(const HostState& state, const Job& job, std::uint32_t polls_needed) {
  double by_polls = polls_needed == 0 ? 1.0 : static_cast<double>(job.reads) / polls_needed;
  double by_time = job.run_time.count() == 0
                       ? 1.0
                       : static_cast<double>((state.now() - job.submitted).count()) /
                             static_cast<double>(job.run_time.count());
  return std::clamp(std::min(by_polls, by_time), 0.0, 1.0);
}

void advance(HostState& state, Job& job) {
  if (finished(job)) return;
  const std::uint16_t previous_percent = job.percent;
  const bool timing_out = job.plan.kind == JobPlan::Kind::kTimeout;
  const std::uint32_t polls =
      timing_out ? std::max<std::uint32_t>(job.polls_needed, 1) * kTimeoutPollFactor
                 : job.polls_needed;
  const double done = fraction_done(state, job, polls);
  const auto percent = static_cast<std::uint16_t>(done * 100);
  if (job.plan.kind == JobPlan::Kind::kFail && percent >= job.plan.fail_at_percent) {
    job.percent = std::max<std::uint16_t>(job.percent, job.plan.fail_at_percent);
    end(state, job, kJobException, job.plan.error_code, job.plan.error_message);
    return;
  }
  if (done >= 1.0) {
    if (timing_out) {
      end(state, job, kJobException, timeout_code(job.family),
          "The operation timed out before it completed.");
      return;
    }
    MethodOutcome outcome = job.commit(state);
    if (outcome.code != 0) {
      end(state, job, kJobException, outcome.code, std::move(outcome.message));
      return;
    }
    job.percent = 100;
    job.affected = std::move(outcome.affected);
    job.details = std::move(outcome.job_details);
    end(state, job, state.profile.job_success_state, 0, "");
    return;
  }
  job.percent = std::max<std::uint16_t>(job.percent, std::min<std::uint16_t>(percent, 99));
  // Mutant: percent-complete-goes-back (mutant.h): each read of a job running past 1 % shows one
  // percent less than the read before (never 0, so it stays 4 Running).
  if (state.mutant == Mutant::kPercentCompleteGoesBack && previous_percent > 1) {
    job.percent = previous_percent - 1;
  }
  if (job.reads > 0) set_state(state, job, job.percent == 0 ? kJobStarting : kJobRunning);
}

}  // namespace

std::string start_job(HostState& state, const MethodSpec& method, std::string_view owner_class,
                      std::string_view namespace_name, JobPlan plan,
                      std::function<MethodOutcome(HostState&)> commit) {
  const control::JobDuration& duration = state.profile.job_duration;
  Job job;
  job.instance_id = state.new_guid();
  job.job_type = method.job_type;
  job.family = method.family;
  job.method = std::string(owner_class) + "." + std::string(method.name);
  job.owner_class = std::string(owner_class);
  job.job_class = std::string(method.job_class);
  job.owner_namespace = std::string(namespace_name);
  job.plan = std::move(plan);
  job.commit = std::move(commit);
  job.submitted = state.now();
  job.last_change = job.submitted;
  const auto jitter =
      duration.jitter.count() == 0
          ? 0
          : state.job_timing.in_range(0, static_cast<std::uint64_t>(duration.jitter.count()));
  job.run_time = std::chrono::duration_cast<std::chrono::microseconds>(
      duration.virtual_time + std::chrono::milliseconds(jitter));
  job.polls_needed = duration.polls;
  std::string id = job.instance_id;
  Job& stored = state.jobs.emplace(id, std::move(job)).first->second;
  advance(state, stored);
  return id;
}

void observe_job(HostState& state, Job& job) {
  if (finished(job)) return;
  ++job.reads;
  advance(state, job);
}

std::uint32_t cancel_job(HostState& state, Job& job) {
  if (finished(job)) return 4097;
  end(state, job, kJobTerminated, failed_code(job.family), "The job was cancelled.");
  return 0;
}

void remove_expired_jobs(HostState& state) {
  const wmi::TimePoint now = state.now();
  std::erase_if(state.jobs, [&](const auto& entry) {
    const Job& job = entry.second;
    return job.finished && now - *job.finished >= state.profile.time_before_removal;
  });
}

bool job_succeeded(const HostState& state, const Job& job) {
  return job.finished && job.error_code == 0 && job.state == state.profile.job_success_state;
}

}  // namespace sim::host
