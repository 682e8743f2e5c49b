#include "sim/cli/error_line.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

namespace sim::cli {
namespace {

TEST(OneLine, LeavesAShortPlainMessageAlone) {
  EXPECT_EQ(one_line("no disk D"), "no disk D");
  EXPECT_EQ(one_line("Größe: ü"), "Größe: ü");
}

TEST(OneLine, EscapesControlCharacters) {
  EXPECT_EQ(one_line("key \"a\nb\"\tx\r\x01\x7F"), "key \"a\\nb\"\\tx\\r\\x01\\x7F");
}

TEST(OneLine, ElidesTheMiddleOfALongMessageKeepingItsEnds) {
  const std::string message = "bad ReferencePointSettings \"" + std::string(50'000'000, 'x') +
                              "\": not an embedded instance";
  const std::string line = one_line(message);
  EXPECT_LE(line.size(), kMaxErrorLine);
  EXPECT_TRUE(line.starts_with("bad ReferencePointSettings \"xxx")) << line;
  EXPECT_TRUE(line.ends_with("xx\": not an embedded instance")) << line;
  EXPECT_NE(line.find(" bytes elided)"), std::string::npos) << line;
}

TEST(OneLine, NeverSplitsAUtf8Sequence) {
  for (std::size_t pad = 0; pad < 4; ++pad) {
    std::string message(pad, 'a');
    for (int i = 0; i < 400; ++i) message += "€";  // three bytes each
    const std::string line = one_line(message);
    EXPECT_LE(line.size(), kMaxErrorLine);
    const std::size_t marker = line.find("…(");
    ASSERT_NE(marker, std::string::npos);
    EXPECT_EQ((marker - pad) % 3, 0u) << "pad " << pad;
    EXPECT_EQ((line.size() - line.find(")…") - 4) % 3, 0u) << "pad " << pad;
  }
}

TEST(PrintProblem, WritesOneLineWithItsSeverity) {
  std::ostringstream err;
  print_error(err, "two\nlines");
  print_problem(err, "note", "x");
  EXPECT_EQ(err.str(), "hvsim: error: two\\nlines\nhvsim: note: x\n");
}

}  // namespace
}  // namespace sim::cli
