// Body charsets: detection (BOM, then Content-Type, then UTF-8), transcoding to UTF-8 with
// validation, and back.
#include "wmi/wsman/body_charset.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "wmi/cim/cim_gen.h"
#include "wmi/cim/utf8.h"

namespace wmi::wsman {
namespace {

std::string bytes(std::initializer_list<int> values) {
  std::string out;
  for (int v : values) out += static_cast<char>(v);
  return out;
}

void expect_invalid(const Status& status, std::string_view message_part) {
  EXPECT_EQ(status.kind(), StatusKind::kInvalidArgument) << status.to_string();
  EXPECT_NE(status.message().find(message_part), std::string::npos) << status.message();
}

TEST(BodyCharset, ByteOrderMarkWinsOverTheContentType) {
  EXPECT_EQ(detect_charset("\xEF\xBB\xBF<a/>", "application/soap+xml;charset=UTF-16").value(),
            Charset::kUtf8);
  EXPECT_EQ(detect_charset("\xFF\xFE<\0", "application/soap+xml;charset=UTF-8").value(),
            Charset::kUtf16LE);
  EXPECT_EQ(detect_charset("\xFE\xFF\0<", "application/soap+xml;charset=UTF-8").value(),
            Charset::kUtf16BE);
  // A BOM also overrides an unsupported declared charset.
  EXPECT_EQ(detect_charset("\xFF\xFE<\0", "text/xml; charset=koi8-r").value(), Charset::kUtf16LE);
}

TEST(BodyCharset, ContentTypeCharsetParameterInAnyCaseAndQuoting) {
  EXPECT_EQ(detect_charset("<a/>", "application/soap+xml;charset=UTF-8").value(), Charset::kUtf8);
  EXPECT_EQ(detect_charset("<a/>", "application/soap+xml; Charset=\"utf-16\"").value(),
            Charset::kUtf16LE);
  EXPECT_EQ(detect_charset("<a/>", "APPLICATION/SOAP+XML;CHARSET=UTF-16LE;action=x").value(),
            Charset::kUtf16LE);
  EXPECT_EQ(detect_charset("<a/>", "application/soap+xml;charset=utf-16be").value(),
            Charset::kUtf16BE);
  // No charset, no Content-Type: UTF-8.
  EXPECT_EQ(detect_charset("<a/>", "application/soap+xml").value(), Charset::kUtf8);
  EXPECT_EQ(detect_charset("<a/>", "").value(), Charset::kUtf8);
}

TEST(BodyCharset, UnknownCharsetIsRefused) {
  expect_invalid(detect_charset("<a/>", "text/xml;charset=iso-8859-1").status(),
                 "unsupported charset \"iso-8859-1\"");
  expect_invalid(detect_charset("<a/>", "text/xml;charset=utf-32").status(), "unsupported");
}

TEST(BodyCharset, Utf8IsValidatedAndItsBomDropped) {
  EXPECT_EQ(to_utf8("\xEF\xBB\xBF<a>\xC3\xA9</a>", Charset::kUtf8).value(), "<a>\xC3\xA9</a>");
  expect_invalid(to_utf8("<a>\xC3\x28</a>", Charset::kUtf8).status(), "invalid UTF-8 at byte 3");
  expect_invalid(to_utf8("<a>\xFF</a>", Charset::kUtf8).status(), "invalid UTF-8");
  expect_invalid(to_utf8("<a>\xC0\xBC</a>", Charset::kUtf8).status(), "invalid UTF-8");  // overlong
  expect_invalid(to_utf8("<a>\xED\xA0\x80</a>", Charset::kUtf8).status(),
                 "invalid UTF-8");  // an encoded surrogate
  expect_invalid(to_utf8("<a>\xE2\x82", Charset::kUtf8).status(), "invalid UTF-8");  // truncated
}

TEST(BodyCharset, Utf16BothOrdersWithAndWithoutBom) {
  // "<é€😀>" in each form.
  const std::string utf8 = "<\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80>";
  const std::string le = bytes({'<', 0, 0xE9, 0, 0xAC, 0x20, 0x3D, 0xD8, 0x00, 0xDE, '>', 0});
  const std::string be = bytes({0, '<', 0, 0xE9, 0x20, 0xAC, 0xD8, 0x3D, 0xDE, 0x00, 0, '>'});
  EXPECT_EQ(to_utf8(le, Charset::kUtf16LE).value(), utf8);
  EXPECT_EQ(to_utf8(be, Charset::kUtf16BE).value(), utf8);
  EXPECT_EQ(to_utf8("\xFF\xFE" + le, Charset::kUtf16LE).value(), utf8);
  EXPECT_EQ(to_utf8("\xFE\xFF" + be, Charset::kUtf16BE).value(), utf8);
  EXPECT_EQ(from_utf8(utf8, Charset::kUtf16LE), "\xFF\xFE" + le);
  EXPECT_EQ(from_utf8(utf8, Charset::kUtf16BE), "\xFE\xFF" + be);
  EXPECT_EQ(from_utf8(utf8, Charset::kUtf8), utf8);
}

TEST(BodyCharset, Utf16OddLengthAndUnpairedSurrogatesAreRefused) {
  expect_invalid(to_utf8(bytes({0xFF, 0xFE, '<', 0, 'a'}), Charset::kUtf16LE).status(),
                 "UTF-16 body of odd length");
  expect_invalid(to_utf8(bytes({'<'}), Charset::kUtf16BE).status(), "odd length");
  // A high surrogate followed by a non-surrogate, at the end, and a lone low surrogate.
  expect_invalid(to_utf8(bytes({0x3D, 0xD8, 'a', 0}), Charset::kUtf16LE).status(),
                 "unpaired UTF-16 surrogate at byte 0");
  expect_invalid(to_utf8(bytes({'a', 0, 0x3D, 0xD8}), Charset::kUtf16LE).status(),
                 "unpaired UTF-16 surrogate at byte 2");
  expect_invalid(to_utf8(bytes({0xDC, 0x00, 0, 'a'}), Charset::kUtf16BE).status(),
                 "unpaired UTF-16 surrogate at byte 0");
  expect_invalid(to_utf8(bytes({0xD8, 0x3D, 0xD8, 0x3D, 0xDE, 0x00}), Charset::kUtf16BE).status(),
                 "unpaired UTF-16 surrogate at byte 0");
}

TEST(BodyCharset, ContentTypes) {
  EXPECT_EQ(soap_content_type(Charset::kUtf8), "application/soap+xml;charset=UTF-8");
  EXPECT_EQ(soap_content_type(Charset::kUtf16LE), "application/soap+xml;charset=UTF-16");
  EXPECT_EQ(soap_content_type(Charset::kUtf16BE), "application/soap+xml;charset=UTF-16BE");
  // Each content type names its charset to detect_charset (a body without BOM).
  for (Charset c : {Charset::kUtf8, Charset::kUtf16LE, Charset::kUtf16BE}) {
    EXPECT_EQ(detect_charset("", soap_content_type(c)).value(), c);
  }
}

// Any valid UTF-8 survives UTF-8 → UTF-16 (either order, with BOM) → detect → UTF-8.
RC_GTEST_PROP(BodyCharsetProp, Utf16RoundTripOfValidText, ()) {
  // Bodies start with '<' (a leading U+FEFF would be a byte-order mark, not text).
  const std::string text = "<" + *gen::hostile_string();
  const Charset charset = *rc::gen::element(Charset::kUtf8, Charset::kUtf16LE, Charset::kUtf16BE);
  const std::string body = from_utf8(text, charset);
  const auto detected = detect_charset(body, "application/soap+xml");
  RC_ASSERT(detected.ok());
  // A UTF-8 body has no BOM here, so detection falls back to UTF-8; UTF-16 is found by its BOM.
  RC_ASSERT(*detected == charset);
  RC_ASSERT(to_utf8(body, *detected).value() == text);
}

// Arbitrary bytes never crash the transcoder; whatever it accepts is valid UTF-8.
RC_GTEST_PROP(BodyCharsetProp, ArbitraryBytesAreRefusedOrValid, ()) {
  const auto raw =
      *rc::gen::container<std::vector<std::uint8_t>>(rc::gen::arbitrary<std::uint8_t>());
  const std::string body(raw.begin(), raw.end());
  const Charset charset = *rc::gen::element(Charset::kUtf8, Charset::kUtf16LE, Charset::kUtf16BE);
  const auto text = to_utf8(body, charset);
  if (!text.ok()) {
    RC_ASSERT(text.status().kind() == StatusKind::kInvalidArgument);
    return;
  }
  for (std::size_t i = 0; i < text->size();) {
    const auto d = utf8::decode(*text, i);
    RC_ASSERT(d.has_value());
    i += d->length;
  }
  if (charset != Charset::kUtf8) {
    // UTF-16 → UTF-8 → UTF-16 restores the units (with the BOM from_utf8 adds).
    const std::string bom = charset == Charset::kUtf16LE ? "\xFF\xFE" : "\xFE\xFF";
    const bool had_bom = body.starts_with(bom);
    RC_ASSERT(from_utf8(*text, charset) == (had_bom ? body : bom + body));
  }
}

}  // namespace
}  // namespace wmi::wsman
