#include "sim/cli/error_line.h"

#include <fmt/format.h>

namespace sim::cli {
namespace {

std::string escape_controls(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20 || u == 0x7F) {
      out += fmt::format("\\x{:02X}", u);
    } else {
      out += c;
    }
  }
  return out;
}

bool continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

std::string one_line(std::string_view text) {
  std::string escaped = escape_controls(text);
  if (escaped.size() <= kMaxErrorLine) return escaped;
  // The marker's length depends on the count it shows; 40 bytes covers any count.
  constexpr std::size_t kMarkerRoom = 40;
  const std::size_t keep = kMaxErrorLine - kMarkerRoom;
  std::size_t head = keep * 2 / 3;
  std::size_t tail_start = escaped.size() - (keep - head);
  while (head > 0 && continuation_byte(escaped[head])) --head;
  while (tail_start < escaped.size() && continuation_byte(escaped[tail_start])) ++tail_start;
  return fmt::format("{}…({} bytes elided)…{}", std::string_view(escaped).substr(0, head),
                     tail_start - head, std::string_view(escaped).substr(tail_start));
}

void print_problem(std::ostream& err, std::string_view severity, std::string_view message) {
  err << "hvsim: " << severity << ": " << one_line(message) << "\n";
}

}  // namespace sim::cli
