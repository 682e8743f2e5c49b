// Fault rules at the dispatch choke point: a rule fires only on calls its action can apply to
// (sim/control/fault_rules.h), so reads and answer-at-once methods never use up a rule meant for a
// job-starting method, and a job action never "fires" on a call that cannot start a job.
#include <gtest/gtest.h>

#include "sim/host/host_test_support.h"

namespace sim::host {
namespace {

using namespace test;

control::FaultRule unscoped(control::FaultAction action) {
  control::FaultRule rule;
  rule.action = action;
  rule.max_fires = 1;
  return rule;
}

TEST(FaultRuleDispatch, ReadsDoNotUseUpAReturnCodeRule) {
  HostSetup setup;
  setup.faults = one_rule(unscoped(control::ReturnCodeFault{32779}));
  auto host = make_host(std::move(setup));
  ASSERT_TRUE(host->query(kV2, "SELECT * FROM Msvm_ComputerSystem").ok());
  ASSERT_TRUE(host->get(vm_path(kSql01)).ok());
  EXPECT_EQ(host->fault_counters()[0], control::RuleCounters{});
  EXPECT_EQ(value_or_fail(create_reference_point(*host, group_path(kFinance))).return_value,
            32779u);
  EXPECT_EQ(host->fault_counters()[0], (control::RuleCounters{1, 1}));
}

TEST(FaultRuleDispatch, AJobActionNeverMatchesAMethodThatCannotStartAJob) {
  HostSetup setup;
  setup.profile = fixture_profile("async-jobs");
  auto host = make_host(std::move(setup));
  const auto define = value_or_fail(define_collection(*host, "G", "", 0));
  ASSERT_EQ(define.return_value, 4096u);
  host->set_faults(one_rule(unscoped(control::FailJobFault{50, 7})));
  // RequestStateChange answers at once: the rule neither matches nor fires.
  EXPECT_EQ(value_or_fail(cancel(*host, *out_reference(define, "Job"))).return_value, 0u);
  EXPECT_EQ(host->fault_counters()[0], control::RuleCounters{});
  // The next job-starting call takes it.
  const auto failing = value_or_fail(define_collection(*host, "H", "", 0));
  ASSERT_EQ(failing.return_value, 4096u);
  EXPECT_EQ(host->fault_counters()[0], (control::RuleCounters{1, 1}));
  const JobTrace trace = poll_job(*host, *out_reference(failing, "Job"));
  ASSERT_TRUE(trace.terminal());
  EXPECT_EQ(trace.state(), 10);
  EXPECT_EQ(uint_property(trace.last(), "ErrorCode"), 7u);
}

}  // namespace
}  // namespace sim::host
