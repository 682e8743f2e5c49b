#include "sim/server/listen_address.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sim::server {
namespace {

using ::testing::HasSubstr;

ListenAddress parsed(std::string_view text) {
  auto r = parse_listen_address(text);
  EXPECT_TRUE(r.ok()) << text << ": " << r.status().to_string();
  return r.ok() ? *r : ListenAddress{};
}

TEST(ListenAddress, ParsesIpv4Ipv6AndLocalhost) {
  EXPECT_EQ(parsed("127.0.0.1:5985"), (ListenAddress{"127.0.0.1", 5985, false}));
  EXPECT_EQ(parsed("0.0.0.0:5986"), (ListenAddress{"0.0.0.0", 5986, false}));
  EXPECT_EQ(parsed("[::1]:5985"), (ListenAddress{"::1", 5985, true}));
  EXPECT_EQ(parsed("[::]:0"), (ListenAddress{"::", 0, true}));
  EXPECT_EQ(parsed("[0:0:0:0:0:0:0:1]:80"), (ListenAddress{"::1", 80, true}));  // normalised
  EXPECT_EQ(parsed("localhost:5985"), (ListenAddress{"127.0.0.1", 5985, false}));
  EXPECT_EQ(parsed("LocalHost:0"), (ListenAddress{"127.0.0.1", 0, false}));
  EXPECT_EQ(parsed("10.1.2.3:65535").port, 65535);
}

TEST(ListenAddress, PrintsWhatItParses) {
  for (const char* text : {"127.0.0.1:5985", "[::1]:5986", "0.0.0.0:0", "[::ffff:127.0.0.2]:1"}) {
    EXPECT_EQ(parsed(text).to_string(), text);
  }
}

TEST(ListenAddress, RefusesMalformedText) {
  for (const char* text : {"", "127.0.0.1", "127.0.0.1:", ":5985", "127.0.0.1:65536",
                           "127.0.0.1:99999999", "127.0.0.1:-1", "127.0.0.1:59x5", "::1:5985",
                           "[::1]", "[::1]5985", "[::1:5985", "example.com:5985", "256.0.0.1:5985",
                           "127.1:5985", "[fe80::1%eth0]:5985", "[127.0.0.1]:5985"}) {
    auto r = parse_listen_address(text);
    EXPECT_FALSE(r.ok()) << "'" << text << "' parsed";
    if (!r.ok()) {
      EXPECT_EQ(r.status().kind(), wmi::StatusKind::kInvalidArgument);
      EXPECT_THAT(r.status().message(), HasSubstr("invalid listen address"));
    }
  }
  EXPECT_THAT(parse_listen_address("::1:5985").status().message(), HasSubstr("brackets"));
}

TEST(ListenAddress, KnowsLoopback) {
  EXPECT_TRUE(is_loopback(parsed("127.0.0.1:1")));
  EXPECT_TRUE(is_loopback(parsed("127.255.0.9:1")));
  EXPECT_TRUE(is_loopback(parsed("localhost:1")));
  EXPECT_TRUE(is_loopback(parsed("[::1]:1")));
  EXPECT_TRUE(is_loopback(parsed("[::ffff:127.0.0.1]:1")));
  EXPECT_FALSE(is_loopback(parsed("0.0.0.0:1")));
  EXPECT_FALSE(is_loopback(parsed("[::]:1")));
  EXPECT_FALSE(is_loopback(parsed("10.0.0.1:1")));
  EXPECT_FALSE(is_loopback(parsed("128.0.0.1:1")));
  EXPECT_FALSE(is_loopback(parsed("[::ffff:10.0.0.1]:1")));
  EXPECT_FALSE(is_loopback(parsed("[fe80::1]:1")));
}

TEST(ListenAddress, AuthModeFromSchemes) {
  EXPECT_EQ(auth_mode_of({}), AuthMode::kNone);
  EXPECT_EQ(auth_mode_of({"Basic"}), AuthMode::kBasic);
  EXPECT_EQ(auth_mode_of({"basic"}), AuthMode::kBasic);
  EXPECT_EQ(auth_mode_of({"Negotiate"}), AuthMode::kNegotiate);
  EXPECT_EQ(auth_mode_of({"Negotiate", "Basic"}), AuthMode::kBasic);  // the weakest decides
}

TEST(Exposure, LoopbackTakesAnything) {
  for (const char* text : {"127.0.0.1:5985", "[::1]:5985", "localhost:0"}) {
    for (auto auth : {AuthMode::kNone, AuthMode::kBasic, AuthMode::kNegotiate}) {
      for (bool tls : {false, true}) {
        EXPECT_TRUE(check_exposure(parsed(text), auth, tls).ok()) << text << to_string(auth) << tls;
      }
    }
  }
}

TEST(Exposure, NoAuthenticationStaysOnLoopback) {
  for (bool tls : {false, true}) {
    auto st = check_exposure(parsed("0.0.0.0:5985"), AuthMode::kNone, tls);
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.kind(), wmi::StatusKind::kInvalidArgument);
    EXPECT_EQ(st.message(),
              "refusing to listen on 0.0.0.0:5985 with --auth none: without authentication hvsim "
              "serve binds loopback only (use --auth basic with --tls-cert/--tls-key, or --auth "
              "negotiate)");
  }
  EXPECT_THAT(check_exposure(parsed("[::]:5985"), AuthMode::kNone, false).message(),
              HasSubstr("[::]:5985"));
}

TEST(Exposure, BasicNeedsTlsOffLoopback) {
  auto st = check_exposure(parsed("10.0.0.5:5985"), AuthMode::kBasic, false);
  ASSERT_FALSE(st.ok());
  EXPECT_THAT(st.message(), HasSubstr("refusing to listen on 10.0.0.5:5985 with --auth basic"));
  EXPECT_THAT(st.message(), HasSubstr("--tls-cert/--tls-key"));
  EXPECT_EQ(st.message().find('\n'), std::string::npos);
  EXPECT_TRUE(check_exposure(parsed("10.0.0.5:5986"), AuthMode::kBasic, true).ok());
}

TEST(Exposure, NegotiateMayListenAnywhere) {
  EXPECT_TRUE(check_exposure(parsed("0.0.0.0:5985"), AuthMode::kNegotiate, false).ok());
  EXPECT_TRUE(check_exposure(parsed("[::]:5986"), AuthMode::kNegotiate, true).ok());
}

}  // namespace
}  // namespace sim::server
