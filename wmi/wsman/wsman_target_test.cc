#include "wmi/wsman/wsman_target.h"

#include <gtest/gtest.h>

namespace wmi::wsman {
namespace {

WsmanEndpoint parsed(std::string_view target) {
  auto endpoint = parse_wsman_target(target);
  EXPECT_TRUE(endpoint.ok()) << target << ": " << endpoint.status().to_string();
  return endpoint.ok() ? *endpoint : WsmanEndpoint{};
}

TEST(WsmanTarget, ReadsSchemeHostPortAndPath) {
  EXPECT_EQ(parsed("wsman+http://127.0.0.1:5985/wsman"),
            (WsmanEndpoint{false, "127.0.0.1", 5985, "/wsman"}));
  EXPECT_EQ(parsed("wsman+https://hv01.example.com:5986/wsman"),
            (WsmanEndpoint{true, "hv01.example.com", 5986, "/wsman"}));
  EXPECT_EQ(parsed("WSMAN+HTTPS://hv01"), (WsmanEndpoint{true, "hv01", 5986, "/wsman"}));
  EXPECT_EQ(parsed("http://hv01"), (WsmanEndpoint{false, "hv01", 5985, "/wsman"}));
  EXPECT_EQ(parsed("https://[::1]:6000/other"), (WsmanEndpoint{true, "::1", 6000, "/other"}));
  EXPECT_EQ(parsed("wsman+http://[::1]").url(), "http://[::1]:5985/wsman");
  EXPECT_EQ(parsed("wsman+https://Host-1.x:1/").url(), "https://Host-1.x:1/");
}

TEST(WsmanTarget, RefusesWhatCannotBeATargetSayingWhy) {
  const auto error = [](std::string_view target) {
    auto endpoint = parse_wsman_target(target);
    EXPECT_FALSE(endpoint.ok()) << target;
    if (endpoint.ok()) return std::string();
    EXPECT_EQ(endpoint.status().kind(), StatusKind::kInvalidArgument);
    return endpoint.status().message();
  };
  EXPECT_NE(error("ftp://host").find("wsman+http://"), std::string::npos);
  EXPECT_NE(error("sim").find("wsman+http://"), std::string::npos);
  EXPECT_NE(error("wsman+http://alice:secret@host/wsman").find("--password-env"),
            std::string::npos);
  EXPECT_NE(error("wsman+http://host:0/wsman").find("port"), std::string::npos);
  EXPECT_NE(error("wsman+http://host:65536/wsman").find("port"), std::string::npos);
  EXPECT_NE(error("wsman+http://host:99999999999999999999/").find("port"), std::string::npos);
  EXPECT_NE(error("wsman+http://host:/wsman").find("port"), std::string::npos);
  EXPECT_NE(error("wsman+http://host/wsman?x=1").find("query"), std::string::npos);
  EXPECT_NE(error("wsman+http://ho st/wsman").find("spaces"), std::string::npos);
  EXPECT_NE(error("wsman+http:///wsman").find("no host"), std::string::npos);
  EXPECT_NE(error("wsman+http://-bad-/").find("DNS name"), std::string::npos);
  EXPECT_NE(error("wsman+http://::1/").find("no host"), std::string::npos);
  EXPECT_NE(error("wsman+http://[zz]/").find("IPv6"), std::string::npos);
  EXPECT_NE(error("wsman+http://[::1/").find("unterminated"), std::string::npos);
}

TEST(WsmanTarget, LoopbackIsLocalhostAndTheLoopbackAddressesOnly) {
  for (const char* host : {"localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "::1", "[::1]"}) {
    EXPECT_TRUE(is_loopback_host(host)) << host;
  }
  for (const char* host : {"", "localhost.example.com", "10.0.0.1", "128.0.0.1", "::2",
                           "0:0:0:0:0:ffff:7f00:1", "hv01", "127.0.0.1.example.com"}) {
    EXPECT_FALSE(is_loopback_host(host)) << host;
  }
}

}  // namespace
}  // namespace wmi::wsman
