// conformance::ProgressPrinter: what hvconform shows while tests run. On a terminal, one line that
// redraws: a bar, [n/N] and the current assertion and test; a failure is printed above it and
// stays. Otherwise one plain line per finished test:
//   [3/7] NS-CLASS-003 NamespaceSuite.V2OnlyClassesAbsentFromHyperVClusterV2 PASS (0.1 s)
// A failed test's message follows its line, indented. Not synchronised (one test thread).
#pragma once

#include <cstddef>
#include <cstdio>
#include <string_view>

#include "conformance/report/run_result.h"

namespace conformance {

class ProgressPrinter {
 public:
  // `out` must outlive this; `terminal` selects the redrawing bar.
  ProgressPrinter(std::FILE* out, bool terminal) : out_(out), terminal_(terminal) {}

  void test_started(std::size_t index, std::size_t total, std::string_view assertion_id,
                    std::string_view test_name);
  void test_finished(std::size_t index, std::size_t total, std::string_view assertion_id,
                     const TestOutcome& outcome);
  // Ends the bar's line (terminal only).
  void done();

 private:
  void clear_line();

  std::FILE* out_;
  bool terminal_;
};

}  // namespace conformance
