// Area 3, jobs (spec §6): CreateReferencePoint jobs on a VM group — successful ones where the
// profile answers 4096 for a success, and on every profile jobs a fault rule makes fail at N % or
// time out — polled at random intervals, every poll's (JobState, PercentComplete, ErrorCode)
// recorded and checked against conformance/oracle/job_rules.h; then GetErrorEx, cancellation and
// removal after TimeBeforeRemoval.
#include <rapidcheck.h>

#include <string>

#include "conformance/catalogue/conformance_test.h"
#include "conformance/oracle/job_rules.h"
#include "conformance/oracle/profile_expectations.h"
#include "conformance/suites/collection_calls.h"
#include "conformance/suites/collection_states.h"
#include "conformance/suites/suite_calls.h"
#include "conformance/target/run_seed.h"
#include "conformance/target/target.h"
#include "wmi/cim/cim_xml.h"

namespace conformance {
namespace {

using suites::JobTrace;

constexpr std::uint16_t kRctBased = 2;  // Msvm_CollectionReferencePointService's own encoding

bool success_comes_as_job() {
  return profile_or_defaults()
      .delivery_for(std::string(kCollectionRpService) + ".CreateReferencePoint")
      .success_via_job;
}

// How the job under test ends.
enum class JobEnd { kSuccess, kFailAtPercent, kTimeout };

struct JobPlan {
  JobEnd end = JobEnd::kFailAtPercent;
  std::uint16_t fail_percent = 50;
  std::uint32_t error_code = 2;
};

std::string plan_text(const JobPlan& plan) {
  switch (plan.end) {
    case JobEnd::kSuccess:
      return "success";
    case JobEnd::kFailAtPercent:
      return "fail-job at " + std::to_string(plan.fail_percent) + " % with " +
             std::to_string(plan.error_code);
    case JobEnd::kTimeout:
      return "job-timeout";
  }
  return "?";
}

rc::Gen<JobPlan> gen_plan() {
  std::vector<JobEnd> ends = {JobEnd::kFailAtPercent, JobEnd::kTimeout};
  if (success_comes_as_job()) ends.push_back(JobEnd::kSuccess);
  return rc::gen::apply(
      [](JobEnd end, std::uint16_t percent, std::uint32_t code) {
        return JobPlan{end, percent, code};
      },
      rc::gen::elementOf(ends), rc::gen::inRange<std::uint16_t>(1, 101),
      rc::gen::element<std::uint32_t>(1, 2, 3, 4, 5, 6));
}

bool install_plan(Session& session, const JobPlan& plan) {
  switch (plan.end) {
    case JobEnd::kSuccess:
      return true;
    case JobEnd::kFailAtPercent:
      return suites::install_fault(session, kCollectionRpService, "CreateReferencePoint",
                                   R"({"type": "fail-job", "at_percent": )" +
                                       std::to_string(plan.fail_percent) + R"(, "error_code": )" +
                                       std::to_string(plan.error_code) + "}");
    case JobEnd::kTimeout:
      return suites::install_fault(session, kCollectionRpService, "CreateReferencePoint",
                                   R"({"type": "job-timeout"})");
  }
  return false;
}

// Starts CreateReferencePoint (RCT) on the first VM group; the job it answered with, or nullopt.
std::optional<wmi::ObjectPath> start_job(Session& session) {
  wmi::Connection& connection = session.connection();
  const auto service = service_path(connection, suites::kV2, kCollectionRpService);
  const auto groups = suites::vm_groups(connection);
  if (!service || groups.empty()) return std::nullopt;
  const auto answer = connection.invoke(*service, "CreateReferencePoint",
                                        {{"Collection", groups.front()},
                                         {"ReferencePointSettings", std::string()},
                                         {"ReferencePointType", kRctBased}});
  if (!answer.ok() || answer->return_value != 4096) return std::nullopt;
  const wmi::ObjectPath* job = suites::out_reference(*answer, "Job");
  if (job == nullptr) return std::nullopt;
  return *job;
}

std::size_t reference_points(wmi::Connection& connection) {
  return suites::all_of(connection, suites::kV2, "Msvm_VirtualSystemReferencePoint").size() +
         suites::all_of(connection, suites::kV2, "Msvm_ReferencePointCollection").size();
}

// A session with `plan` installed, a started job and its polled trace.
struct PolledJob {
  std::unique_ptr<Session> session;
  JobPlan plan;
  wmi::ObjectPath job;
  JobTrace trace;
};

PolledJob poll_random_job() {
  PolledJob out;
  out.plan = *gen_plan();
  const auto interval = *rc::gen::inRange<std::uint64_t>(100, 1001);
  out.session = current_target().open(*rc::gen::arbitrary<std::uint64_t>());
  RC_PRE(out.session->fault_control() != nullptr);
  RC_ASSERT(install_plan(*out.session, out.plan));
  const auto job = start_job(*out.session);
  RC_ASSERT(job.has_value());
  out.job = *job;
  out.trace = suites::poll_job(*out.session, out.job, interval);
  RC_LOG() << plan_text(out.plan) << ", polled every " << interval
           << " ms: " << out.trace.to_string() << "\n";
  return out;
}

CONFORMANCE_PROP(JobSuite, PolledStatesFollowTheLifeCycle, "JOB-STATE-001") {
  const PolledJob polled = poll_random_job();
  const auto& polls = polled.trace.polls;
  RC_ASSERT(polled.trace.terminal());
  for (const suites::JobPoll& poll : polls) RC_ASSERT(oracle::is_known_job_state(poll.state));
  for (std::size_t i = 1; i < polls.size(); ++i) {
    RC_ASSERT(oracle::legal_transition(polls[i - 1].state, polls[i].state));
  }
  if (polled.plan.end == JobEnd::kSuccess) {
    RC_ASSERT(oracle::is_success(polls.back().state));
  } else {
    RC_ASSERT(!oracle::is_success(polls.back().state));
  }
}

CONFORMANCE_PROP(JobSuite, PercentCompleteNeverGoesBack, "JOB-STATE-002") {
  const PolledJob polled = poll_random_job();
  std::optional<std::uint16_t> previous;
  for (const suites::JobPoll& poll : polled.trace.polls) {
    RC_ASSERT(poll.percent.has_value());
    RC_ASSERT(oracle::percent_complete_legal(previous, *poll.percent));
    previous = poll.percent;
  }
}

CONFORMANCE_PROP(JobSuite, ErrorCodeIsZeroExactlyOnSuccess, "JOB-STATE-003") {
  const PolledJob polled = poll_random_job();
  RC_ASSERT(polled.trace.terminal());
  for (const suites::JobPoll& poll : polled.trace.polls) {
    RC_ASSERT(poll.error_code.has_value());
    RC_ASSERT(oracle::error_code_consistent(poll.state, *poll.error_code));
  }
  if (polled.plan.end == JobEnd::kFailAtPercent) {
    RC_ASSERT(*polled.trace.polls.back().error_code == polled.plan.error_code);
  }
}

CONFORMANCE_PROP(JobSuite, GetErrorExDescribesAFailedJob, "JOB-STATE-004") {
  PolledJob polled = poll_random_job();
  RC_PRE(polled.plan.end != JobEnd::kSuccess);
  RC_ASSERT(polled.trace.terminal());
  const auto answer = polled.session->connection().invoke(polled.job, "GetErrorEx", {});
  RC_ASSERT(answer.ok());
  RC_ASSERT(answer->return_value == 0u);
  const wmi::CimValue* errors = wmi::find_property(answer->out, "Errors");
  RC_ASSERT(errors != nullptr);
  RC_ASSERT(errors->is_array());
  RC_ASSERT(!errors->elements().empty());
  for (const wmi::CimElement& element : errors->elements()) {
    const auto* text = std::get_if<std::string>(&element);
    RC_ASSERT(text != nullptr);
    const auto error = wmi::parse_cim_xml(*text);
    RC_ASSERT(error.ok());
    RC_ASSERT(error->has_value());
    const wmi::Instance& instance = **error;
    RC_LOG() << *text << "\n";
    RC_ASSERT(instance.class_name() == "Msvm_Error");
    const wmi::CimValue* message = instance.find("Message");
    RC_ASSERT(message != nullptr);
    RC_ASSERT(message->as_string() != nullptr);
    RC_ASSERT(!message->as_string()->empty());
    RC_ASSERT(suites::uint_of(instance, "CIMStatusCode").has_value());
  }
}

// A job that would run (a success under a job-delivering profile) or never end (job-timeout) is
// cancelled after 0-2 polls: it ends failed, and no reference point exists.
CONFORMANCE_PROP(JobSuite, CancellationLeavesNothingBehind, "JOB-STATE-005") {
  std::vector<JobEnd> ends = {JobEnd::kTimeout};
  if (success_comes_as_job()) ends.push_back(JobEnd::kSuccess);
  const JobPlan plan{*rc::gen::elementOf(ends)};
  const int polls_before = *rc::gen::inRange(0, 3);
  auto session = current_target().open(*rc::gen::arbitrary<std::uint64_t>());
  RC_PRE(session->fault_control() != nullptr);
  RC_ASSERT(install_plan(*session, plan));
  const std::size_t before = reference_points(session->connection());
  const auto job = start_job(*session);
  RC_ASSERT(job.has_value());
  for (int i = 0; i < polls_before; ++i) {
    session->advance_clock(100);
    RC_ASSERT(session->connection().get(*job).ok());
  }
  const auto cancel = session->connection().invoke(*job, "RequestStateChange",
                                                   {{"RequestedState", std::uint16_t{4}}});
  RC_ASSERT(cancel.ok());
  const JobTrace trace = suites::poll_job(*session, *job);
  RC_LOG() << "cancel answered " << cancel->return_value << "; then " << trace.to_string() << "\n";
  RC_ASSERT(trace.terminal());
  if (cancel->return_value == 0 || cancel->return_value == 4096) {
    RC_ASSERT(!oracle::is_success(trace.polls.back().state));
    RC_ASSERT(reference_points(session->connection()) == before);
  } else {
    RC_ASSERT(plan.end == JobEnd::kSuccess);  // refused only because the job had already ended
  }
}

CONFORMANCE_TEST(JobSuite, FinishedJobRemovedAfterTimeBeforeRemoval, "JOB-STATE-006") {
  auto session = current_target().open(run_seed());
  CONFORMANCE_REQUIRE(*session, {.mutation = true, .fault_rules = true});
  const std::uint64_t removal_ms = profile_or_defaults().time_before_removal_ms;
  if (!session->advance_clock(0)) GTEST_SKIP() << "needs a virtual clock (advance_clock)";
  ASSERT_TRUE(install_plan(*session, JobPlan{JobEnd::kFailAtPercent, 10, 2}));
  const auto job = start_job(*session);
  ASSERT_TRUE(job.has_value());
  const JobTrace trace = suites::poll_job(*session, *job, 100);
  ASSERT_TRUE(trace.terminal()) << trace.to_string();
  if (trace.last) {
    const wmi::CimValue* stated = trace.last->find("TimeBeforeRemoval");
    EXPECT_TRUE(stated != nullptr && !stated->is_null()) << "a finished job states its removal";
  }
  ASSERT_TRUE(session->advance_clock(removal_ms / 2));
  EXPECT_TRUE(session->connection().get(*job).ok()) << "removed before TimeBeforeRemoval";
  ASSERT_TRUE(session->advance_clock(removal_ms));
  const auto gone = session->connection().get(*job);
  EXPECT_EQ(gone.status().kind(), wmi::StatusKind::kNotFound)
      << "still readable " << removal_ms * 3 / 2 << " ms after finishing";
  EXPECT_TRUE(suites::all_of(session->connection(), suites::kV2, "Msvm_ConcreteJob").empty());
}

}  // namespace
}  // namespace conformance
