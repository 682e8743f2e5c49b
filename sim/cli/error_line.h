// How the hvsim tool prints a problem: always one line of bounded length, whatever the input it
// quotes (a 50 MB parameter value, a key with a newline in it).
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>

namespace sim::cli {

// The longest line one_line returns, in bytes.
inline constexpr std::size_t kMaxErrorLine = 300;

// `text` with every control character escaped (\n, \r, \t, else \xNN) and, when the result is
// longer than kMaxErrorLine, its middle replaced by "…(N bytes elided)…" so that both the start
// (what failed) and the end (the reason) stay readable. Never splits a UTF-8 sequence.
std::string one_line(std::string_view text);

// Writes "hvsim: <severity>: <one_line(message)>\n" on `err`.
void print_problem(std::ostream& err, std::string_view severity, std::string_view message);
inline void print_error(std::ostream& err, std::string_view message) {
  print_problem(err, "error", message);
}

}  // namespace sim::cli
