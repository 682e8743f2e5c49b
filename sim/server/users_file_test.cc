#include "sim/server/users_file.h"

#include <gtest/gtest.h>

#include <unistd.h>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace sim::server {
namespace {

UsersFile parse_ok(std::string_view text) {
  auto parsed = UsersFile::parse(text, "<test>");
  EXPECT_TRUE(parsed.ok()) << parsed.status().to_string();
  return std::move(parsed).value();
}

// The error for `text`, which must fail; checks it names the source and line and leaks no
// password (every test password below contains "pw").
std::string parse_error(std::string_view text) {
  auto parsed = UsersFile::parse(text, "<test>");
  EXPECT_FALSE(parsed.ok());
  if (parsed.ok()) return {};
  std::string message = parsed.status().message();
  EXPECT_EQ(parsed.status().kind(), wmi::StatusKind::kInvalidArgument);
  EXPECT_NE(message.find("users file <test>"), std::string::npos) << message;
  EXPECT_EQ(message.find("pw"), std::string::npos) << "leaks the line: " << message;
  return message;
}

TEST(UsersFile, ParsesHeimdalLinesCommentsBlankLinesAndCrlf) {
  const UsersFile users = parse_ok(
      "# hvsim users\n"
      "HVSIM:alice:S3cret pw!\r\n"
      "\n"
      "   \n"
      ":bob:pw two  \n"
      "lab.example:carol:p\xC3\xA4ss-pw");  // no final newline; UTF-8 password
  ASSERT_EQ(users.entries().size(), 3u);
  EXPECT_EQ(users.entries()[0].domain, "HVSIM");
  EXPECT_EQ(users.entries()[0].user, "alice");
  EXPECT_EQ(users.entries()[0].password, "S3cret pw!");
  EXPECT_EQ(users.entries()[1].domain, "");
  EXPECT_EQ(users.entries()[1].user, "bob");
  EXPECT_EQ(users.entries()[1].password, "pw two  ");  // trailing spaces belong to it
  EXPECT_EQ(users.entries()[2].domain, "lab.example");
  EXPECT_EQ(users.entries()[2].password, "p\xC3\xA4ss-pw");
  EXPECT_EQ(users.source(), "<test>");
}

TEST(UsersFile, FindsDomainQualifiedAndBareLogins) {
  const UsersFile users = parse_ok("HVSIM:alice:pw1\n:bob:pw2\nOTHER:alice:pw3\n");
  ASSERT_NE(users.find("HVSIM\\alice"), nullptr);
  EXPECT_EQ(users.find("HVSIM\\alice")->password, "pw1");
  EXPECT_EQ(users.find("hvsim\\ALICE")->password, "pw1");  // ASCII case ignored
  EXPECT_EQ(users.find("OTHER\\alice")->password, "pw3");
  EXPECT_EQ(users.find("alice")->password, "pw1");  // a bare login: the first in file order
  EXPECT_EQ(users.find("bob")->password, "pw2");
  EXPECT_EQ(users.find("HVSIM\\bob"), nullptr);  // an empty DOMAIN matches only a bare login
  EXPECT_EQ(users.find("\\bob"), nullptr);
  EXPECT_EQ(users.find("carol"), nullptr);
  EXPECT_EQ(users.find("THIRD\\alice"), nullptr);
  EXPECT_EQ(users.find(""), nullptr);
}

TEST(UsersFile, DisplayNamesFollowTheFile) {
  const UsersFile users = parse_ok("HVSIM:alice:pw1\n:bob:pw2\n");
  EXPECT_EQ(display_name(*users.find("hvsim\\ALICE")), "HVSIM\\alice");
  EXPECT_EQ(display_name(*users.find("BOB")), "bob");
}

TEST(UsersFile, RefusesMalformedLinesWithTheirNumber) {
  EXPECT_NE(parse_error("HVSIM:alice:pw\nnocolons-pw\n").find("line 2"), std::string::npos);
  EXPECT_NE(parse_error("HVSIM:alice\n").find("fewer than two ':'"), std::string::npos);
  EXPECT_NE(
      parse_error("# c\nHVSIM:alice:pw:x\n").find("line 2: is not DOMAIN:USER:PASSWORD (more"),
      std::string::npos);
  EXPECT_NE(parse_error("alice:0:LMHASHpw:NTHASH:[U]:LCT\n").find("smbpasswd"), std::string::npos);
  EXPECT_NE(parse_error("HVSIM::pw\n").find("USER is empty"), std::string::npos);
  EXPECT_NE(parse_error("HVSIM:alice:\n").find("password is empty"), std::string::npos);
  EXPECT_NE(parse_error("HV SIM:alice:pw\n").find("DOMAIN"), std::string::npos);
  EXPECT_NE(parse_error("HVSIM:al\\ice:pw\n").find("USER"), std::string::npos);
  EXPECT_NE(parse_error("HVSIM:alice@x:pw\n").find("USER"), std::string::npos);
  EXPECT_NE(parse_error("HVSIM:al\xC3\xA4:pw\n").find("USER"), std::string::npos);
  EXPECT_NE(parse_error("HVSIM:alice:pw\x01\n").find("control character"), std::string::npos);
  EXPECT_NE(parse_error("HVSIM:alice:pw\xC3\n").find("not valid UTF-8"), std::string::npos);
  EXPECT_NE(parse_error("HVSIM:alice:pw\rx\n").find("carriage return"), std::string::npos);
  EXPECT_NE(parse_error(std::string("HVSIM:alice:p\0w\n", 16)).find("NUL"), std::string::npos);
  EXPECT_NE(parse_error("  # indented comment\n").find("first column"), std::string::npos);
  EXPECT_NE(parse_error("\xEF\xBB\xBFHVSIM:alice:pw\n").find("byte-order mark"), std::string::npos);
}

TEST(UsersFile, RefusesRepeatsLongLinesAndEmptyFiles) {
  EXPECT_NE(parse_error("HVSIM:alice:pw1\nhvsim:ALICE:pw2\n").find("line 2: repeats"),
            std::string::npos);
  const std::string longest = "D:u:" + std::string(UsersFile::kMaxLineBytes - 4, 'x');
  EXPECT_TRUE(UsersFile::parse(longest + "\n", "<test>").ok());
  EXPECT_NE(parse_error(longest + "x\n").find("longer than 1022 bytes"), std::string::npos);
  EXPECT_NE(parse_error("").find("no DOMAIN:USER:PASSWORD line"), std::string::npos);
  EXPECT_NE(parse_error("# only a comment\n\n").find("no DOMAIN:USER:PASSWORD line"),
            std::string::npos);
}

TEST(UsersFile, ErrorsNeverQuoteTheLine) {
  // A password with the characters that would make a line malformed; the message names the rule.
  const std::string message = parse_error("HVSIM:alice:secret-pw-with:colon\n");
  EXPECT_EQ(message.find("secret"), std::string::npos) << message;
  EXPECT_EQ(message.find("colon"), std::string::npos) << message;
}

TEST(UsersFile, LoadsAFileAndNamesAMissingOne) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("hvsim_users_file_test_" + std::to_string(::getpid()) + ".txt");
  {
    std::ofstream out(path, std::ios::binary);
    out << "HVSIM:alice:pw1\n";
  }
  auto loaded = UsersFile::load(path.string());
  ASSERT_TRUE(loaded.ok()) << loaded.status().to_string();
  EXPECT_EQ(loaded->entries().size(), 1u);
  EXPECT_EQ(loaded->source(), path.string());
  std::filesystem::remove(path);

  auto missing = UsersFile::load(path.string());
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find(path.string()), std::string::npos);
  EXPECT_NE(missing.status().message().find("cannot open"), std::string::npos);
}

TEST(UsersFile, MovesKeepTheEntries) {
  UsersFile users = parse_ok("HVSIM:alice:pw1\n");
  UsersFile moved(std::move(users));
  EXPECT_EQ(moved.entries().size(), 1u);
  UsersFile assigned = parse_ok(":bob:pw2\n");
  assigned = std::move(moved);
  ASSERT_NE(assigned.find("alice"), nullptr);
  EXPECT_EQ(assigned.find("bob"), nullptr);
}

}  // namespace
}  // namespace sim::server
