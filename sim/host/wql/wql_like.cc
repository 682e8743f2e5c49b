#include "sim/host/wql/wql_like.h"

#include <utility>
#include <vector>

#include "wmi/cim/utf8.h"

namespace sim::wql {
namespace {

// A byte that does not start valid UTF-8 becomes a unit outside the Unicode range, so it can only
// equal the same byte.
constexpr char32_t kRawByteBase = 0x110000;

// The characters of `text` and the byte offset where each starts.
struct Units {
  std::vector<char32_t> chars;
  std::vector<std::size_t> offsets;
};

Units decode(std::string_view text) {
  Units units;
  std::size_t pos = 0;
  while (pos < text.size()) {
    units.offsets.push_back(pos);
    if (auto d = wmi::utf8::decode(text, pos)) {
      units.chars.push_back(d->code_point);
      pos += d->length;
    } else {
      units.chars.push_back(kRawByteBase + static_cast<unsigned char>(text[pos]));
      ++pos;
    }
  }
  return units;
}

constexpr char32_t lower(char32_t c) { return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c; }
constexpr char32_t upper(char32_t c) { return (c >= 'a' && c <= 'z') ? c - 'a' + 'A' : c; }

enum class ElementKind { kAnyRun, kOne, kSet, kChar };

struct Element {
  ElementKind kind = ElementKind::kChar;
  char32_t c = 0;                                  // kChar
  bool negated = false;                            // kSet
  std::vector<std::pair<char32_t, char32_t>> set;  // kSet: inclusive ranges
};

bool in_set(const Element& e, char32_t c) {
  for (const char32_t form : {c, lower(c), upper(c)}) {
    for (const auto& [lo, hi] : e.set) {
      if (form >= lo && form <= hi) return true;
    }
  }
  return false;
}

bool element_matches(const Element& e, char32_t c) {
  switch (e.kind) {
    case ElementKind::kOne:
      return true;
    case ElementKind::kSet:
      return in_set(e, c) != e.negated;
    case ElementKind::kChar:
      return lower(c) == lower(e.c);
    case ElementKind::kAnyRun:
      break;
  }
  return false;
}

// The pattern's elements, or the first error.
std::optional<LikePatternError> compile(std::string_view pattern, std::vector<Element>& out) {
  const Units units = decode(pattern);
  const auto& p = units.chars;
  std::size_t i = 0;
  while (i < p.size()) {
    Element e;
    if (p[i] == '%') {
      e.kind = ElementKind::kAnyRun;
      ++i;
    } else if (p[i] == '_') {
      e.kind = ElementKind::kOne;
      ++i;
    } else if (p[i] == '[') {
      const std::size_t open = i++;
      e.kind = ElementKind::kSet;
      if (i < p.size() && p[i] == '^') {
        e.negated = true;
        ++i;
      }
      const std::size_t first = i;
      while (i < p.size() && (p[i] != ']' || i == first)) {
        const char32_t lo = p[i];
        if (i + 2 < p.size() && p[i + 1] == '-' && p[i + 2] != ']') {
          const char32_t hi = p[i + 2];
          if (hi < lo) {
            return LikePatternError{units.offsets[i],
                                    "LIKE pattern has a range whose bounds are reversed"};
          }
          e.set.emplace_back(lo, hi);
          i += 3;
        } else {
          e.set.emplace_back(lo, lo);
          ++i;
        }
      }
      if (i == p.size()) {
        return LikePatternError{units.offsets[open], "LIKE pattern has '[' without a closing ']'"};
      }
      ++i;  // the ']'
    } else {
      e.c = p[i++];
    }
    out.push_back(std::move(e));
  }
  return std::nullopt;
}

}  // namespace

std::optional<LikePatternError> check_like_pattern(std::string_view pattern) {
  std::vector<Element> elements;
  return compile(pattern, elements);
}

bool like_matches(std::string_view text, std::string_view pattern) {
  std::vector<Element> elements;
  if (compile(pattern, elements)) return false;
  const std::vector<char32_t> chars = decode(text).chars;
  // Greedy scan, backtracking only to the most recent % (every other element takes exactly one
  // character, so the most recent % is the only choice point worth revisiting).
  std::size_t t = 0;
  std::size_t e = 0;
  std::size_t star = elements.size();  // none yet
  std::size_t star_t = 0;
  while (t < chars.size()) {
    if (e < elements.size() && elements[e].kind == ElementKind::kAnyRun) {
      star = e++;
      star_t = t;
    } else if (e < elements.size() && element_matches(elements[e], chars[t])) {
      ++e;
      ++t;
    } else if (star != elements.size()) {
      e = star + 1;
      t = ++star_t;
    } else {
      return false;
    }
  }
  while (e < elements.size() && elements[e].kind == ElementKind::kAnyRun) ++e;
  return e == elements.size();
}

}  // namespace sim::wql
