// The WQL LIKE operator: pattern validation and matching.
//
//   %        any run of zero or more characters
//   _        exactly one character
//   [set]    one character in the set; [^set] one character not in it. A set lists characters
//            and ranges a-z; ']' right after '[' or '[^' is a literal ']' ("[]]", "[^]]"), and '-'
//            first or last in the set is a literal '-'. "[_]" and "[%]" match '_' and '%'.
//   other    itself
// A character is one UTF-8 encoded code point; a byte that does not start valid UTF-8 counts as
// one character of its own (it matches '_', a % run, or the same byte in the pattern). Matching is
// case-insensitive for ASCII letters (as WMI compares strings): a character matches a pattern
// character or set item when it, its lower-case or its upper-case form does.
//
// Matching is iterative (no recursion) and takes O(|text| * |pattern|) time at worst.
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sim::wql {

struct LikePatternError {
  std::size_t offset;  // 0-based byte offset in the pattern where the problem starts
  std::string message;
};

// nullopt when `pattern` is valid; otherwise what is wrong: a '[' without its ']', or a range
// whose bounds are reversed ("[z-a]").
std::optional<LikePatternError> check_like_pattern(std::string_view pattern);

// Whether `text` matches the whole `pattern`. Precondition: check_like_pattern(pattern) is nullopt
// (an invalid pattern matches nothing).
bool like_matches(std::string_view text, std::string_view pattern);

}  // namespace sim::wql
