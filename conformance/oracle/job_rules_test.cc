#include "conformance/oracle/job_rules.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace conformance::oracle {
namespace {

rc::Gen<std::uint16_t> known_state() {
  const auto states = known_job_states();
  return rc::gen::elementOf(std::vector<std::uint16_t>(states.begin(), states.end()));
}

RC_GTEST_PROP(OracleJobRules, NoTransitionLeavesATerminalState, ()) {
  const std::uint16_t from = *known_state();
  const std::uint16_t to = *known_state();
  RC_PRE(is_terminal(from) && from != to);
  RC_ASSERT_FALSE(legal_transition(from, to));
}

RC_GTEST_PROP(OracleJobRules, NothingReturnsToNew, ()) {
  const std::uint16_t from = *known_state();
  RC_PRE(from != kJobNew);
  RC_ASSERT_FALSE(legal_transition(from, kJobNew));
}

TEST(OracleJobRules, LegalTransitionsCompose) {
  // Polling may skip states: if a->b and b->c may be seen, so may a->c.
  for (std::uint16_t a : known_job_states()) {
    for (std::uint16_t b : known_job_states()) {
      for (std::uint16_t c : known_job_states()) {
        if (legal_transition(a, b) && legal_transition(b, c)) {
          EXPECT_TRUE(legal_transition(a, c)) << a << " " << b << " " << c;
        }
      }
    }
  }
}

RC_GTEST_PROP(OracleJobRules, UnknownStatesAreNeverLegal, (std::uint16_t state)) {
  RC_PRE(!is_known_job_state(state));
  RC_ASSERT_FALSE(legal_transition(state, state));
  RC_ASSERT_FALSE(legal_transition(kJobRunning, state));
  RC_ASSERT_FALSE(legal_transition(state, kJobCompleted));
}

TEST(OracleJobRules, EveryLiveStateCanReachEveryEnd) {
  for (std::uint16_t from : known_job_states()) {
    if (is_terminal(from)) continue;
    for (std::uint16_t end : {kJobTerminated, kJobKilled}) {
      EXPECT_TRUE(legal_transition(from, end));
    }
    EXPECT_TRUE(legal_transition(from, kJobException)) << from;
    EXPECT_TRUE(legal_transition(from, kJobCompleted)) << from;
  }
  EXPECT_TRUE(legal_transition(kJobNew, kJobCompleted));  // seen across polls
  EXPECT_FALSE(legal_transition(kJobRunning, kJobStarting));
  EXPECT_FALSE(legal_transition(kJobCompleted, kJobRunning));
}

TEST(OracleJobRules, TerminalAndSuccessStatesAreTheSpecs) {
  for (std::uint16_t s : known_job_states()) {
    EXPECT_EQ(is_terminal(s), s == 7 || s == 8 || s == 9 || s == 10 || s == 32768) << s;
    EXPECT_EQ(is_success(s), s == 7 || s == 32768) << s;
    EXPECT_FALSE(job_state_name(s).empty());
  }
  EXPECT_TRUE(job_state_name(13).empty());
  EXPECT_FALSE(is_known_job_state(1));
  EXPECT_FALSE(is_known_job_state(13));
}

TEST(OracleJobRules, ErrorCodeIsZeroExactlyWhenTheJobSucceeds) {
  EXPECT_TRUE(error_code_consistent(kJobCompleted, 0));
  EXPECT_FALSE(error_code_consistent(kJobCompleted, 32768));
  EXPECT_TRUE(error_code_consistent(kJobCompletedWithWarnings, 0));
  EXPECT_TRUE(error_code_consistent(kJobException, 4));
  EXPECT_FALSE(error_code_consistent(kJobException, 0));
  EXPECT_FALSE(error_code_consistent(kJobTerminated, 0));
  EXPECT_TRUE(error_code_consistent(kJobRunning, 0));
  EXPECT_FALSE(error_code_consistent(kJobRunning, 2));
}

TEST(OracleJobRules, PercentCompleteIsMonotoneAndBounded) {
  EXPECT_TRUE(percent_complete_legal(std::nullopt, 0));
  EXPECT_TRUE(percent_complete_legal(40, 40));
  EXPECT_TRUE(percent_complete_legal(40, 100));
  EXPECT_FALSE(percent_complete_legal(50, 49));
  EXPECT_FALSE(percent_complete_legal(std::nullopt, 101));
}

TEST(OracleJobRules, RemovalAfterTimeBeforeRemoval) {
  EXPECT_TRUE(may_still_exist(1000, 1000 + 300000, 300000));
  EXPECT_FALSE(must_be_removed(1000, 1000 + 300000, 300000));
  EXPECT_FALSE(may_still_exist(1000, 1001 + 300000, 300000));
  EXPECT_TRUE(must_be_removed(1000, 1001 + 300000, 300000));
}

}  // namespace
}  // namespace conformance::oracle
