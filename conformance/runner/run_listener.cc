#include "conformance/runner/run_listener.h"

#include <fmt/format.h>

#include "conformance/catalogue/test_registry.h"

namespace conformance {
namespace {

std::string full_name(const ::testing::TestInfo& test) {
  return std::string(test.test_suite_name()) + "." + test.name();
}

// The failure messages (with their file:line) or, for a skipped test, the skip message.
std::string outcome_message(const ::testing::TestResult& result) {
  std::string message;
  for (int i = 0; i < result.total_part_count(); ++i) {
    const ::testing::TestPartResult& part = result.GetTestPartResult(i);
    if (!part.failed() && !part.skipped()) continue;
    if (!message.empty()) message += "\n";
    if (part.failed() && part.file_name() != nullptr) {
      message += fmt::format("{}:{}: ", part.file_name(), part.line_number());
    }
    message += part.message();
  }
  return message;
}

}  // namespace

void RunListener::OnTestProgramStart(const ::testing::UnitTest& unit) {
  total_ = static_cast<std::size_t>(unit.test_to_run_count());
}

void RunListener::OnTestStart(const ::testing::TestInfo& test) {
  ++index_;
  log_.begin_test();
  progress_.test_started(index_, total_, assertion_of_test(full_name(test)), full_name(test));
}

void RunListener::OnTestEnd(const ::testing::TestInfo& test) {
  const ::testing::TestResult& result = *test.result();
  TestOutcome outcome{.name = full_name(test),
                      .verdict = result.Failed()    ? Verdict::kFail
                                 : result.Skipped() ? Verdict::kNotTested
                                                    : Verdict::kPass,
                      .message = outcome_message(result),
                      .seconds = static_cast<double>(result.elapsed_time()) / 1000.0,
                      .evidence = {}};
  const std::size_t dropped = log_.dropped();
  outcome.evidence = log_.take();
  if (dropped > 0) {
    outcome.message += fmt::format("{}({} further calls not kept as evidence)",
                                   outcome.message.empty() ? "" : "\n", dropped);
  }
  const std::string id(assertion_of_test(outcome.name));
  progress_.test_finished(index_, total_, id, outcome);
  outcomes_.push_back({id, std::move(outcome)});
  if (interrupted_.load()) on_interrupt_();
}

void RunListener::OnTestProgramEnd(const ::testing::UnitTest&) { progress_.done(); }

}  // namespace conformance
