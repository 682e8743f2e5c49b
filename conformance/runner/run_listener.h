// conformance::RunListener: the GoogleTest event listener that turns the run into TestOutcomes —
// verdict, message (failure text with RapidCheck's seed and shrunk counterexample, or the skip
// reason), duration and the evidence the recording connections logged — and drives the progress
// display. On an interrupt (Ctrl-C sets the flag) it calls `on_interrupt` once the current test has
// ended, so the run can write its report and stop.
// Not synchronised beyond the flag: GoogleTest calls listeners on the test thread.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <vector>

#include "conformance/runner/assertion_verdicts.h"
#include "conformance/runner/evidence_log.h"
#include "conformance/runner/progress_printer.h"

namespace conformance {

class RunListener final : public ::testing::EmptyTestEventListener {
 public:
  // All must outlive the listener.
  RunListener(EvidenceLog& log, ProgressPrinter& progress, const std::atomic<bool>& interrupted,
              std::function<void()> on_interrupt)
      : log_(log),
        progress_(progress),
        interrupted_(interrupted),
        on_interrupt_(std::move(on_interrupt)) {}

  void OnTestProgramStart(const ::testing::UnitTest& unit) override;
  void OnTestStart(const ::testing::TestInfo& test) override;
  void OnTestEnd(const ::testing::TestInfo& test) override;
  void OnTestProgramEnd(const ::testing::UnitTest& unit) override;

  // The finished tests so far, in run order.
  const std::vector<NamedOutcome>& outcomes() const { return outcomes_; }

 private:
  EvidenceLog& log_;
  ProgressPrinter& progress_;
  const std::atomic<bool>& interrupted_;
  std::function<void()> on_interrupt_;
  std::size_t total_ = 0;
  std::size_t index_ = 0;
  std::vector<NamedOutcome> outcomes_;
};

}  // namespace conformance
