#include "conformance/runner/progress_printer.h"

#include <fmt/format.h>

#include <string>

#include "conformance/report/report_summary.h"

namespace conformance {
namespace {

constexpr std::size_t kBarWidth = 24;
constexpr std::size_t kTerminalColumns = 100;

std::string bar(std::size_t done, std::size_t total) {
  const std::size_t filled = total == 0 ? kBarWidth : done * kBarWidth / total;
  return std::string(filled, '#') + std::string(kBarWidth - filled, '.');
}

std::string indented(std::string_view message) {
  std::string text = "    ";
  for (char c : message) {
    text += c;
    if (c == '\n') text += "    ";
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n')) text.pop_back();
  return text;
}

}  // namespace

void ProgressPrinter::clear_line() { fmt::print(out_, "\r\033[K"); }

void ProgressPrinter::test_started(std::size_t index, std::size_t total,
                                   std::string_view assertion_id, std::string_view test_name) {
  if (!terminal_) return;
  std::string line =
      fmt::format("[{}] {}/{} {} {}", bar(index - 1, total), index, total, assertion_id, test_name);
  if (line.size() > kTerminalColumns) line.resize(kTerminalColumns);
  clear_line();
  fmt::print(out_, "{}", line);
  std::fflush(out_);
}

void ProgressPrinter::test_finished(std::size_t index, std::size_t total,
                                    std::string_view assertion_id, const TestOutcome& outcome) {
  const std::string_view shown = outcome.verdict == Verdict::kNotTested
                                     ? std::string_view("SKIP")
                                     : verdict_name(outcome.verdict);
  const std::string line = fmt::format("[{}/{}] {} {} {} ({:.1f} s)", index, total, assertion_id,
                                       outcome.name, shown, outcome.seconds);
  if (terminal_) {
    if (outcome.verdict != Verdict::kFail) return;
    clear_line();
  }
  fmt::print(out_, "{}\n", line);
  if (outcome.verdict == Verdict::kFail) fmt::print(out_, "{}\n", indented(outcome.message));
  if (outcome.verdict == Verdict::kNotTested && !outcome.message.empty()) {
    fmt::print(out_, "{}\n", indented(outcome.message));
  }
  std::fflush(out_);
}

void ProgressPrinter::done() {
  if (!terminal_) return;
  clear_line();
  std::fflush(out_);
}

}  // namespace conformance
