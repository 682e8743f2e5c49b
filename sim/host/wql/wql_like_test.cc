#include "sim/host/wql/wql_like.h"

#include <gtest/gtest.h>

#include <string>

namespace sim::wql {
namespace {

TEST(WqlLike, PercentMatchesAnyRun) {
  EXPECT_TRUE(like_matches("Microsoft Virtual Machine", "%Virtual%"));
  EXPECT_TRUE(like_matches("", "%"));
  EXPECT_TRUE(like_matches("abc", "%%%"));
  EXPECT_TRUE(like_matches("FirstName Last", "FirstName%"));
  EXPECT_FALSE(like_matches("Name FirstName", "FirstName%"));
  EXPECT_TRUE(like_matches("aXbXc", "a%b%c"));
  EXPECT_FALSE(like_matches("aXbXd", "a%b%c"));
  EXPECT_TRUE(like_matches("abcabcabd", "%abd"));
}

TEST(WqlLike, UnderscoreMatchesExactlyOneCharacter) {
  EXPECT_TRUE(like_matches("vm1", "vm_"));
  EXPECT_FALSE(like_matches("vm", "vm_"));
  EXPECT_FALSE(like_matches("vm12", "vm_"));
  // One character is one code point, not one byte.
  EXPECT_TRUE(like_matches("caf\xc3\xa9", "caf_"));
  EXPECT_TRUE(like_matches("\xf0\x9f\x98\x80", "_"));
  // A byte that is not UTF-8 is a character of its own.
  EXPECT_TRUE(like_matches("a\xff", "a_"));
  EXPECT_FALSE(like_matches("a\xff", "a\xc3\xbf"));
  EXPECT_TRUE(like_matches("a\xff", "a\xff"));
}

TEST(WqlLike, SetsRangesAndNegation) {
  EXPECT_TRUE(like_matches("b", "[abc]"));
  EXPECT_FALSE(like_matches("d", "[abc]"));
  EXPECT_TRUE(like_matches("q", "[a-z]"));
  EXPECT_FALSE(like_matches("5", "[a-z]"));
  EXPECT_TRUE(like_matches("5", "[^a-z]"));
  EXPECT_FALSE(like_matches("a", "[^a]"));
  EXPECT_TRUE(like_matches("Disk 3", "Disk [0-9]"));
  EXPECT_TRUE(like_matches("-", "[a-]"));
  EXPECT_TRUE(like_matches("-", "[-a]"));
  EXPECT_TRUE(like_matches("]", "[]]"));
  EXPECT_TRUE(like_matches("x", "[^]]"));
  EXPECT_FALSE(like_matches("]", "[^]]"));
  EXPECT_TRUE(like_matches("\xc3\xa9", "[\xc3\xa0-\xc3\xbf]"));
}

TEST(WqlLike, BracketsEscapeMetacharacters) {
  EXPECT_TRUE(like_matches("__CLASS", "%[_][_]%"));
  EXPECT_FALSE(like_matches("_CLASS", "[_][_]%"));
  EXPECT_TRUE(like_matches("100%", "100[%]"));
  EXPECT_FALSE(like_matches("1000", "100[%]"));
  EXPECT_TRUE(like_matches("C:\\", "%\\"));
}

TEST(WqlLike, CaseInsensitiveForAsciiLetters) {
  EXPECT_TRUE(like_matches("MSVM_ComputerSystem", "msvm[_]%system"));
  EXPECT_TRUE(like_matches("Q", "[a-z]"));
  EXPECT_TRUE(like_matches("q", "[A-Z]"));
  EXPECT_FALSE(like_matches("q", "[^A-Z]"));
  EXPECT_FALSE(like_matches("\xc3\x89", "\xc3\xa9"));  // only ASCII folds
}

TEST(WqlLike, PatternErrors) {
  EXPECT_FALSE(check_like_pattern("%[a-z]_x"));
  auto open = check_like_pattern("ab[cd");
  ASSERT_TRUE(open);
  EXPECT_EQ(open->offset, 2u);
  auto reversed = check_like_pattern("x[z-a]");
  ASSERT_TRUE(reversed);
  EXPECT_EQ(reversed->offset, 2u);
  EXPECT_TRUE(check_like_pattern("[]"));
  EXPECT_TRUE(check_like_pattern("["));
  EXPECT_FALSE(like_matches("a", "["));
}

TEST(WqlLike, LongInputsStayFast) {
  const std::string text(20000, 'a');
  const std::string pattern = std::string(200, '%') + "a%b";
  EXPECT_FALSE(like_matches(text, pattern));
  EXPECT_TRUE(like_matches(text + "b", pattern));
}

}  // namespace
}  // namespace sim::wql
