#include "wmi/wsman/auth_header.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace wmi::wsman {
namespace {

TEST(Base64, EncodesTheRfc4648Vectors) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foob"), "Zm9vYg==");
  EXPECT_EQ(base64_encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64_encode(std::string("\xff\xfe\x00", 3)), "//4A");
}

TEST(Base64, DecodesTheRfc4648Vectors) {
  EXPECT_EQ(*base64_decode("", 100), "");
  EXPECT_EQ(*base64_decode("Zg==", 100), "f");
  EXPECT_EQ(*base64_decode("Zm8=", 100), "fo");
  EXPECT_EQ(*base64_decode("Zm9vYmFy", 100), "foobar");
  EXPECT_EQ(*base64_decode("//4A", 100), std::string("\xff\xfe\x00", 3));
}

TEST(Base64, RefusesAnythingNotCanonical) {
  for (const char* bad : {"Zg", "Zg=", "Zm9", "Z===", "Zg=a", "Zm=v", "Zm9v Yg==", " Zm9v",
                          "Zm9v\n", "Zm9v-_==", "Zh==", "Zm9=", "====", "Zm9vYg==Zm9v"}) {
    EXPECT_FALSE(base64_decode(bad, 100).has_value()) << bad;
  }
}

TEST(Base64, RefusesWhatDecodesLongerThanTheLimit) {
  EXPECT_TRUE(base64_decode("Zm9vYmFy", 6).has_value());
  EXPECT_FALSE(base64_decode("Zm9vYmFy", 5).has_value());
  EXPECT_TRUE(base64_decode("Zm9vYg==", 4).has_value());
  EXPECT_FALSE(base64_decode("Zm9vYg==", 3).has_value());
}

RC_GTEST_PROP(Base64Property, DecodeInvertsEncode, (const std::string& bytes)) {
  const auto decoded = base64_decode(base64_encode(bytes), bytes.size());
  RC_ASSERT(decoded.has_value());
  RC_ASSERT(*decoded == bytes);
}

TEST(AuthorizationHeader, SplitsSchemeAndCredentials) {
  auto h = split_authorization("Negotiate TlRMTVNTUAAB");
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->scheme, "Negotiate");
  EXPECT_EQ(h->credentials, "TlRMTVNTUAAB");
  h = split_authorization("  basic \t dXNlcjpwdw==  ");
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->scheme, "basic");
  EXPECT_EQ(h->credentials, "dXNlcjpwdw==");
}

TEST(AuthorizationHeader, RefusesAHeaderWithoutCredentials) {
  EXPECT_FALSE(split_authorization("").has_value());
  EXPECT_FALSE(split_authorization("   ").has_value());
  EXPECT_FALSE(split_authorization("Negotiate").has_value());
  EXPECT_FALSE(split_authorization("Negotiate   ").has_value());
  EXPECT_FALSE(split_authorization("Basic a b").has_value());
  EXPECT_FALSE(split_authorization(" Zm9v").has_value());
}

}  // namespace
}  // namespace wmi::wsman
