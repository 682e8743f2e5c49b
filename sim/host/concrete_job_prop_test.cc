// Properties of jobs (spec §6) over random job durations, poll intervals and endings (success,
// an error delivered as a failed job, a fault that fails the job at N %, a timeout, a
// cancellation after k polls): the JobState sequence is 2/3/4 then exactly one terminal state that
// never changes, PercentComplete never falls, ErrorCode is 0 iff the job ended in the success
// state, the result is reachable through Msvm_AffectedJobElement exactly when it succeeded, a job
// that did not succeed left the model as it was, and every job is gone TimeBeforeRemoval after it
// finished.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "sim/host/host_test_support.h"
#include "wmi/cim/job_wait.h"

namespace sim::host {
namespace {

using namespace test;
using std::chrono::milliseconds;

enum class Ending { kSuccess, kErrorCode, kFailAt, kTimeout, kCancel };

void showValue(Ending e, std::ostream& os) {
  const char* names[] = {"kSuccess", "kErrorCode", "kFailAt", "kTimeout", "kCancel"};
  os << "Ending::" << names[static_cast<int>(e)];
}

RC_GTEST_PROP(JobProperty, LifecycleIsLegal, ()) {
  control::Profile profile = fixture_profile("async-jobs");
  profile.job_duration.polls = *rc::gen::inRange<std::uint32_t>(0, 6);
  profile.job_duration.virtual_time = milliseconds(*rc::gen::inRange(0, 3001));
  profile.job_duration.jitter = milliseconds(*rc::gen::inRange(0, 1001));
  profile.job_success_state = *rc::gen::element<std::uint16_t>(7, 32768);
  profile.time_before_removal = milliseconds(*rc::gen::inRange(1000, 600001));
  const auto ending = *rc::gen::element(Ending::kSuccess, Ending::kErrorCode, Ending::kFailAt,
                                        Ending::kTimeout, Ending::kCancel);
  // At least 1 ms, so that a job needing virtual time gets it.
  const auto interval = milliseconds(*rc::gen::inRange(1, 1001));
  const int cancel_after = *rc::gen::inRange(0, 4);
  const std::uint64_t seed = *rc::gen::arbitrary<std::uint64_t>();

  HostSetup setup{.profile = profile, .seed = seed};
  std::uint8_t fail_at = 0;
  if (ending == Ending::kFailAt) {
    fail_at = *rc::gen::inRange<std::uint8_t>(0, 101);
    control::FaultRule rule;
    rule.match.method = "CreateReferencePoint";
    rule.action = control::FailJobFault{fail_at, 2};
    setup.faults = one_rule(rule);
  } else if (ending == Ending::kTimeout) {
    control::FaultRule rule;
    rule.match.method = "CreateReferencePoint";
    rule.action = control::JobTimeoutFault{};
    setup.faults = one_rule(rule);
  }
  auto host = make_host(std::move(setup));
  const auto before = model_snapshot(*host);

  const std::uint16_t type = ending == Ending::kErrorCode ? 0 : 2;
  const auto r = create_reference_point(*host, group_path(kFinance), type);
  RC_ASSERT(r.ok());
  RC_ASSERT(r->return_value == 4096u);
  const wmi::ObjectPath* job_ref = out_reference(*r, "Job");
  RC_ASSERT(job_ref != nullptr);
  const wmi::ObjectPath job = *job_ref;

  std::vector<wmi::Instance> seen;
  bool cancelled = false;
  for (int poll = 0; poll < 10000; ++poll) {
    if (ending == Ending::kCancel && poll == cancel_after) {
      const auto c = cancel(*host, job);
      RC_ASSERT(c.ok());
      RC_ASSERT(c->return_value == 0u || c->return_value == 4097u);
      cancelled = c->return_value == 0;
    }
    auto instance = host->get(job);
    RC_ASSERT(instance.ok());
    seen.push_back(std::move(*instance));
    if (wmi::is_terminal_job_state(*uint_property(seen.back(), "JobState"))) break;
    RC_ASSERT(host->virtual_clock()->advance(interval).ok());
  }
  const wmi::Instance& last = seen.back();
  const auto final_state = *uint_property(last, "JobState");
  RC_ASSERT(wmi::is_terminal_job_state(static_cast<std::uint16_t>(final_state)));

  std::uint64_t previous_state = 2;
  std::uint64_t previous_percent = 0;
  for (std::size_t i = 0; i + 1 < seen.size(); ++i) {
    const auto state = *uint_property(seen[i], "JobState");
    RC_ASSERT(state == 2u || state == 3u || state == 4u);
    RC_ASSERT(state >= previous_state);
    previous_state = state;
  }
  for (const wmi::Instance& instance : seen) {
    const auto percent = *uint_property(instance, "PercentComplete");
    RC_ASSERT(percent >= previous_percent);
    RC_ASSERT(percent <= 100u);
    previous_percent = percent;
  }
  const bool succeeded = final_state == profile.job_success_state;
  RC_ASSERT((*uint_property(last, "ErrorCode") == 0) == succeeded);
  // When it finished (its last state change), and so when it goes.
  const auto* changed = last.find("TimeOfLastStateChange");
  RC_ASSERT(changed != nullptr);
  const wmi::TimePoint finished =
      std::get<wmi::Timestamp>(std::get<wmi::Datetime>(changed->scalar())).utc();
  const wmi::TimePoint removal = finished + profile.time_before_removal;
  // Terminal for good: unchanged at later polls, as long as it is kept.
  for (int i = 0; i < 2; ++i) {
    const wmi::TimePoint later =
        std::min(host->clock().now() + interval, removal - milliseconds(1));
    if (later <= host->clock().now()) break;
    RC_ASSERT(host->virtual_clock()->advance_to(later).ok());
    const auto again = host->get(job);
    RC_ASSERT(again.ok());
    RC_ASSERT(*again == last);
  }

  switch (ending) {
    case Ending::kSuccess:
      RC_ASSERT(succeeded);
      RC_ASSERT(*uint_property(last, "PercentComplete") == 100u);
      break;
    case Ending::kErrorCode:
      RC_ASSERT(final_state == 10u);
      RC_ASSERT(*uint_property(last, "ErrorCode") == 4u);
      break;
    case Ending::kFailAt:
      RC_ASSERT(final_state == 10u);
      RC_ASSERT(*uint_property(last, "PercentComplete") == fail_at);
      break;
    case Ending::kTimeout:
      RC_ASSERT(final_state == 10u);
      RC_ASSERT(*uint_property(last, "ErrorCode") == 3u);
      break;
    case Ending::kCancel:
      RC_ASSERT(final_state == (cancelled ? 8u : profile.job_success_state));
      break;
  }

  const auto results = query_or_die(
      *host, kV2,
      "ASSOCIATORS OF {" + path_text(job) + "} WHERE AssocClass=Msvm_AffectedJobElement");
  RC_ASSERT(results.size() == (succeeded ? 1u : 0u));
  if (!succeeded) RC_ASSERT(snapshot_diff(before, model_snapshot(*host)) == "");

  // Removal: present until TimeBeforeRemoval has passed since it finished, gone from then on.
  if (removal - milliseconds(1) > host->clock().now()) {
    RC_ASSERT(host->virtual_clock()->advance_to(removal - milliseconds(1)).ok());
    RC_ASSERT(host->get(job).ok());
  }
  RC_ASSERT(host->virtual_clock()->advance_to(std::max(removal, host->clock().now())).ok());
  RC_ASSERT(host->get(job).status().kind() == wmi::StatusKind::kNotFound);
}

}  // namespace
}  // namespace sim::host
