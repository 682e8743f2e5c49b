// Msvm_ConcreteJob (spec §6): a method that answers 4096 leaves its result to a job — reachable
// only through Msvm_AffectedJobElement (ElementEffects {5}), never through the out-reference —
// whose JobState moves 2/3/4 → one terminal state, PercentComplete never falls, ErrorCode is 0 iff
// it succeeded, GetError/GetErrorEx describe a failure as CIM-XML Msvm_Error, RequestStateChange(4)
// cancels it, and it disappears TimeBeforeRemoval after finishing.
#include <gtest/gtest.h>

#include "sim/host/host_test_support.h"
#include "wmi/cim/cim_name.h"
#include "wmi/cim/cim_xml.h"
#include "wmi/cim/job_wait.h"
#include "wmi/cim/wmi_path.h"

namespace sim::host {
namespace {

using namespace test;
using std::chrono::milliseconds;

control::FaultRule rule_for(std::string_view method, control::FaultAction action) {
  control::FaultRule rule;
  rule.match.method = std::string(method);
  rule.action = std::move(action);
  return rule;
}

class JobTest : public ::testing::Test {
 protected:
  std::unique_ptr<Host> host = make_host({.profile = fixture_profile("async-jobs")});

  // Starts CreateReferencePoint and expects 4096 with a Job and no result reference.
  wmi::ObjectPath start(std::uint16_t type = 2,
                        const wmi::ObjectPath& group = group_path(kFinance)) {
    const auto r = value_or_fail(create_reference_point(*host, group, type));
    EXPECT_EQ(r.return_value, 4096u);
    EXPECT_EQ(out_reference(r, "ResultingReferencePointCollection"), nullptr)
        << "a 4096 answer leaves the result to Msvm_AffectedJobElement";
    const wmi::CimValue* result = out_value(r, "ResultingReferencePointCollection");
    EXPECT_TRUE(result != nullptr && result->is_null());
    const wmi::ObjectPath* job = out_reference(r, "Job");
    if (job == nullptr) {
      ADD_FAILURE() << "no Job";
      return {};
    }
    return *job;
  }
  std::vector<wmi::Instance> affected(const wmi::ObjectPath& job) {
    return query_or_die(
        *host, kV2,
        "ASSOCIATORS OF {" + path_text(job) + "} WHERE AssocClass=Msvm_AffectedJobElement");
  }
  std::vector<std::string> error_ex(const wmi::ObjectPath& job) {
    const auto r = value_or_fail(host->invoke(job, "GetErrorEx", {}));
    EXPECT_EQ(r.return_value, 0u);
    const wmi::CimValue* errors = out_value(r, "Errors");
    std::vector<std::string> out;
    if (errors == nullptr || errors->is_null()) return out;
    for (const auto& e : errors->elements()) out.push_back(std::get<std::string>(e));
    return out;
  }
};

void expect_legal_trace(const JobTrace& trace, std::uint16_t success_state = 7) {
  ASSERT_TRUE(trace.error.ok()) << trace.error.to_string();
  ASSERT_TRUE(trace.terminal());
  std::uint16_t previous_state = 2;
  std::uint64_t previous_percent = 0;
  for (std::size_t i = 0; i < trace.seen.size(); ++i) {
    const auto state = uint_property(trace.seen[i], "JobState");
    const auto percent = uint_property(trace.seen[i], "PercentComplete");
    ASSERT_TRUE(state && percent);
    const bool last = i + 1 == trace.seen.size();
    if (!last) {
      EXPECT_TRUE(*state == 2 || *state == 3 || *state == 4) << *state;
      EXPECT_GE(*state, previous_state);
      EXPECT_EQ(uint_property(trace.seen[i], "ErrorCode"), 0u);
    } else {
      EXPECT_TRUE(wmi::is_terminal_job_state(static_cast<std::uint16_t>(*state)));
      const auto error = uint_property(trace.seen[i], "ErrorCode");
      EXPECT_EQ(*error == 0, *state == success_state) << "ErrorCode 0 iff success";
      if (*state == success_state) {
        EXPECT_EQ(*percent, 100u);
      }
    }
    EXPECT_GE(*percent, previous_percent);
    EXPECT_LE(*percent, 100u);
    previous_state = static_cast<std::uint16_t>(*state);
    previous_percent = *percent;
  }
}

TEST_F(JobTest, SuccessfulJobCommitsOnlyWhenItFinishes) {
  const auto before = model_snapshot(*host);
  const auto job = start();
  // Out-reference: keys only.
  EXPECT_EQ(job.class_name, "Msvm_ConcreteJob");
  ASSERT_EQ(job.keys.size(), 1u);
  EXPECT_NE(job.key("InstanceID"), nullptr);

  // Running: nothing has changed yet (the first Get is one poll of three).
  auto first = host->get(job);
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(wmi::is_terminal_job_state(*uint_property(*first, "JobState")));
  EXPECT_TRUE(query_or_die(*host, kV2, "SELECT * FROM Msvm_ReferencePointCollection").empty());

  const JobTrace trace = poll_job(*host, job);
  expect_legal_trace(trace);
  EXPECT_EQ(trace.state(), 7u);
  EXPECT_EQ(uint_property(trace.last(), "JobType"), 205u);
  EXPECT_EQ(trace.last().find("Cancellable")->as_bool(), true);
  EXPECT_TRUE(trace.last().find("ErrorDescription")->is_null());
  const auto* tbr = trace.last().find("TimeBeforeRemoval");
  ASSERT_NE(tbr, nullptr);
  EXPECT_EQ(std::get<wmi::Interval>(std::get<wmi::Datetime>(tbr->scalar())).duration,
            std::chrono::minutes(5));
  // Terminal stays terminal.
  for (int i = 0; i < 3; ++i) EXPECT_EQ(*uint_property(*host->get(job), "JobState"), 7u);

  const auto results = affected(job);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].class_name(), "Msvm_ReferencePointCollection");
  EXPECT_EQ(string_property(results[0], "VirtualSystemCollectionId"), kFinance);
  const auto links = query_or_die(
      *host, kV2,
      "REFERENCES OF {" + path_text(job) + "} WHERE ResultClass=Msvm_AffectedJobElement");
  ASSERT_EQ(links.size(), 1u);
  const wmi::CimValue* effects = links[0].find("ElementEffects");
  ASSERT_NE(effects, nullptr);
  ASSERT_TRUE(effects->is_array());
  ASSERT_EQ(effects->elements().size(), 1u);
  EXPECT_EQ(wmi::CimValue(effects->elements()[0]).as_uint(), 5u);
  // The owning service.
  const auto owners = query_or_die(
      *host, kV2, "ASSOCIATORS OF {" + path_text(job) + "} WHERE AssocClass=Msvm_OwningJobElement");
  ASSERT_EQ(owners.size(), 1u);
  EXPECT_EQ(owners[0].class_name(), kCrpService);
  EXPECT_NE(model_snapshot(*host), before);
  EXPECT_TRUE(error_ex(job).empty());
}

TEST_F(JobTest, ErrorDeliveredAsAFailedJobWithGetErrorEx) {
  const auto before = model_snapshot(*host);
  const auto job = start(0);  // ReferencePointType 0: code 4 as a failed job
  const JobTrace trace = poll_job(*host, job);
  expect_legal_trace(trace);
  EXPECT_EQ(trace.state(), 10u);
  EXPECT_EQ(uint_property(trace.last(), "ErrorCode"), 4u);
  EXPECT_FALSE(string_property(trace.last(), "ErrorDescription").empty());
  EXPECT_FALSE(string_property(trace.last(), "ErrorSummaryDescription").empty());
  EXPECT_TRUE(affected(job).empty());
  EXPECT_EQ(snapshot_diff(before, model_snapshot(*host)), "");

  const auto errors = error_ex(job);
  ASSERT_EQ(errors.size(), 1u);
  auto parsed = wmi::parse_cim_xml(errors[0]);
  ASSERT_TRUE(parsed.ok()) << parsed.status().to_string();
  ASSERT_TRUE(parsed->has_value());
  const wmi::Instance& error = **parsed;
  EXPECT_EQ(error.class_name(), "Msvm_Error");
  EXPECT_FALSE(string_property(error, "Message").empty());
  EXPECT_EQ(string_property(error, "MessageID"), "4");
  EXPECT_EQ(uint_property(error, "CIMStatusCode"), 4u) << "CIM_ERR_INVALID_PARAMETER";
  EXPECT_TRUE(uint_property(error, "PerceivedSeverity").has_value());
  const std::string source = string_property(error, "ErrorSource");
  auto source_path = wmi::parse_wmi_path(source);
  ASSERT_TRUE(source_path.ok()) << source;
  EXPECT_EQ(source_path->class_name, kCrpService);

  const auto single = value_or_fail(host->invoke(job, "GetError", {}));
  EXPECT_EQ(single.return_value, 0u);
  const wmi::CimValue* one = out_value(single, "Error");
  ASSERT_NE(one, nullptr);
  ASSERT_NE(one->as_string(), nullptr);
  EXPECT_EQ(*one->as_string(), errors[0]);
}

TEST_F(JobTest, CancelledJobNeverDoesItsWork) {
  const auto before = model_snapshot(*host);
  const auto job = start();
  ASSERT_TRUE(host->get(job).ok());  // one poll: running
  EXPECT_EQ(value_or_fail(cancel(*host, job)).return_value, 0u);
  const JobTrace trace = poll_job(*host, job);
  expect_legal_trace(trace);
  EXPECT_EQ(trace.state(), 8u);
  EXPECT_NE(uint_property(trace.last(), "ErrorCode"), 0u);
  EXPECT_TRUE(affected(job).empty());
  // Let any time pass: the work never happens.
  ASSERT_TRUE(host->virtual_clock()->advance(std::chrono::seconds(10)).ok());
  EXPECT_EQ(snapshot_diff(before, model_snapshot(*host)), "");
  EXPECT_EQ(value_or_fail(cancel(*host, job)).return_value, 4097u) << "already finished";
  EXPECT_EQ(error_ex(job).size(), 1u);
}

TEST_F(JobTest, RequestStateChangeOtherThanTerminate) {
  const auto job = start();
  auto rsc = [&](wmi::PropertyList in) {
    return value_or_fail(host->invoke(job, "RequestStateChange", in)).return_value;
  };
  EXPECT_EQ(rsc({{"RequestedState", std::uint16_t{2}}}), 1u);
  EXPECT_EQ(rsc({{"RequestedState", std::uint16_t{7}}}), 5u);
  EXPECT_EQ(rsc({}), 5u);
  EXPECT_EQ(rsc({{"RequestedState", std::uint16_t{4}},
                 {"TimeoutPeriod", wmi::Datetime(wmi::Interval{std::chrono::seconds(1)})}}),
            4098u);
  EXPECT_FALSE(wmi::is_terminal_job_state(*uint_property(*host->get(job), "JobState")));
  auto kill = host->invoke(job, "KillJob", {});
  ASSERT_FALSE(kill.ok());
  EXPECT_EQ(kill.status().fault()->subcode, "a:ActionNotSupported");
}

TEST_F(JobTest, RemovedAfterTimeBeforeRemoval) {
  const auto job = start();
  const JobTrace trace = poll_job(*host, job, milliseconds(500));
  ASSERT_EQ(trace.state(), 7u);
  const auto rpcs = query_or_die(*host, kV2, "SELECT * FROM Msvm_ReferencePointCollection");
  ASSERT_EQ(rpcs.size(), 1u);
  // The job finished at the last poll's time; TimeBeforeRemoval - 1 ms later it is still there.
  ASSERT_TRUE(host->virtual_clock()->advance(std::chrono::minutes(5) - milliseconds(1)).ok());
  EXPECT_TRUE(host->get(job).ok());
  EXPECT_EQ(affected(job).size(), 1u);
  ASSERT_TRUE(host->virtual_clock()->advance(milliseconds(1)).ok());
  EXPECT_EQ(host->get(job).status().kind(), wmi::StatusKind::kNotFound);
  EXPECT_TRUE(query_or_die(*host, kV2, "SELECT * FROM Msvm_AffectedJobElement").empty());
  EXPECT_TRUE(query_or_die(*host, kV2, "SELECT * FROM Msvm_OwningJobElement").empty());
  // Its result stays.
  EXPECT_EQ(query_or_die(*host, kV2, "SELECT * FROM Msvm_ReferencePointCollection"), rpcs);
}

TEST_F(JobTest, JobsBelongToTheirNamespace) {
  const auto job = start();
  wmi::ObjectPath elsewhere = job;
  elsewhere.namespace_name = std::string(kCluster);
  EXPECT_EQ(host->get(elsewhere).status().kind(), wmi::StatusKind::kNotFound);
  EXPECT_TRUE(query_or_die(*host, kCluster, "SELECT * FROM Msvm_ConcreteJob").empty());
  EXPECT_EQ(query_or_die(*host, kV2, "SELECT * FROM Msvm_ConcreteJob").size(), 1u);
}

TEST_F(JobTest, WaitForJobReachesTheEnd) {
  const auto job = start();
  wmi::PollPolicy policy;
  policy.wait = [&](milliseconds d) { (void)host->virtual_clock()->advance(d); };
  auto done = wmi::wait_for_job(*host, job, policy);
  ASSERT_TRUE(done.ok()) << done.status().to_string();
  EXPECT_EQ(uint_property(*done, "JobState"), 7u);
}

// The deferred work is re-checked when the job finishes: a group destroyed meanwhile makes the
// job fail with the code the call would have had, and nothing is created.
TEST_F(JobTest, CommitRechecksTheStateItFinishesIn) {
  const auto job = start();
  ASSERT_TRUE(host->get(job).ok());  // running
  const auto destroy = value_or_fail(
      host->invoke(cm_service(), "DestroyCollection", {{"Collection", group_path(kFinance)}}));
  ASSERT_EQ(destroy.return_value, 4096u);
  ASSERT_EQ(poll_job(*host, *out_reference(destroy, "Job")).state(), 7u);
  const auto before = model_snapshot(*host);
  const JobTrace trace = poll_job(*host, job);
  expect_legal_trace(trace);
  EXPECT_EQ(trace.state(), 10u);
  EXPECT_EQ(uint_property(trace.last(), "ErrorCode"), 4u) << "collection_not_found";
  EXPECT_TRUE(affected(job).empty());
  EXPECT_EQ(snapshot_diff(before, model_snapshot(*host)), "");
}

// Fault rules turn into jobs under doc-strict too.
TEST(JobFaults, FailJobAtPercentUnderDocStrict) {
  auto host = make_host(
      {.faults = one_rule(rule_for("CreateReferencePoint", control::FailJobFault{50, 32770}))});
  const auto before = model_snapshot(*host);
  const auto r = value_or_fail(create_reference_point(*host, group_path(kFinance)));
  ASSERT_EQ(r.return_value, 4096u);
  const JobTrace trace = poll_job(*host, *out_reference(r, "Job"));
  expect_legal_trace(trace);
  EXPECT_EQ(trace.state(), 10u);
  EXPECT_EQ(uint_property(trace.last(), "ErrorCode"), 32770u);
  EXPECT_EQ(uint_property(trace.last(), "PercentComplete"), 50u);
  EXPECT_EQ(snapshot_diff(before, model_snapshot(*host)), "");
}

TEST(JobFaults, TimeoutUsesTheFamilyTimeoutCode) {
  for (const auto& [method, code] : std::vector<std::pair<std::string, std::uint32_t>>{
           {"CreateReferencePoint", 3}, {"AddMember", 32772}}) {
    auto host = make_host({.faults = one_rule(rule_for(method, control::JobTimeoutFault{}))});
    const auto before = model_snapshot(*host);
    const auto r =
        value_or_fail(method == "AddMember" ? member_call(*host, "AddMember", vm_path(kArchive01),
                                                          group_path(kFinance))
                                            : create_reference_point(*host, group_path(kFinance)));
    ASSERT_EQ(r.return_value, 4096u) << method;
    const JobTrace trace = poll_job(*host, *out_reference(r, "Job"));
    expect_legal_trace(trace);
    EXPECT_EQ(trace.state(), 10u);
    EXPECT_EQ(uint_property(trace.last(), "ErrorCode"), code) << method;
    EXPECT_EQ(snapshot_diff(before, model_snapshot(*host)), "") << method;
  }
}

TEST(JobFaults, ReturnCodeFaultIsImmediateAndChangesNothing) {
  auto host = make_host(
      {.faults = one_rule(rule_for("CreateReferencePoint", control::ReturnCodeFault{32769}))});
  const auto before = model_snapshot(*host);
  const auto r = value_or_fail(create_reference_point(*host, group_path(kFinance)));
  EXPECT_EQ(r.return_value, 32769u);
  EXPECT_EQ(out_reference(r, "Job"), nullptr);
  EXPECT_EQ(snapshot_diff(before, model_snapshot(*host)), "");
  EXPECT_EQ(host->fault_counters()[0].fired, 1u);
}

TEST(JobFaults, TransportFaultNeverReachesTheService) {
  auto host = make_host(
      {.faults = one_rule(rule_for("CreateReferencePoint",
                                   control::TransportFault{control::TransportFaultKind::kDrop}))});
  const auto before = model_snapshot(*host);
  auto r = create_reference_point(*host, group_path(kFinance));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().kind(), wmi::StatusKind::kTransport);
  EXPECT_EQ(snapshot_diff(before, model_snapshot(*host)), "");
}

TEST(JobFaults, DelayMovesTheVirtualClockThenProceeds) {
  auto host = make_host({.faults = one_rule(rule_for("CreateReferencePoint",
                                                     control::DelayFault{milliseconds(1500)}))});
  const auto start = host->clock().now();
  const auto r = value_or_fail(create_reference_point(*host, group_path(kFinance)));
  EXPECT_EQ(r.return_value, 0u);
  EXPECT_EQ(host->clock().now() - start, milliseconds(1500));
}

// A success delivered through a job under async-jobs for collection management too.
TEST(JobDelivery, DefineCollectionResultThroughAffectedJobElement) {
  auto host = make_host({.profile = fixture_profile("async-jobs")});
  const auto r = value_or_fail(define_collection(*host, "Async", "", 0));
  ASSERT_EQ(r.return_value, 4096u);
  EXPECT_EQ(out_reference(r, "DefinedCollection"), nullptr);
  const auto trace = poll_job(*host, *out_reference(r, "Job"));
  expect_legal_trace(trace);
  EXPECT_EQ(uint_property(trace.last(), "JobType"), 190u);
  const auto made = query_or_die(*host, kV2,
                                 "ASSOCIATORS OF {" + path_text(*out_reference(r, "Job")) +
                                     "} WHERE AssocClass=Msvm_AffectedJobElement");
  ASSERT_EQ(made.size(), 1u);
  EXPECT_EQ(made[0].class_name(), "Msvm_VirtualSystemCollection");
  EXPECT_EQ(string_property(made[0], "ElementName"), "Async");
}

}  // namespace
}  // namespace sim::host
