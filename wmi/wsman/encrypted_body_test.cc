#include "wmi/wsman/encrypted_body.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cstdint>
#include <string>

namespace wmi::wsman {
namespace {

constexpr std::string_view kSoapType = "application/soap+xml;charset=UTF-8";
constexpr std::string_view kSealedType =
    "multipart/encrypted;protocol=\"application/HTTP-SPNEGO-session-encrypted\";"
    "boundary=\"Encrypted Boundary\"";

// A stand-in for a security context: XOR 0x5A "seals", the signature is 16 'S'.
std::string xor5a(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(c ^ 0x5A);
  return out;
}
Result<SealedMessage> fake_wrap(std::string_view plain) {
  return SealedMessage{std::string(16, 'S'), xor5a(plain)};
}
Result<std::string> fake_unwrap(std::string_view signature, std::string_view sealed) {
  if (signature != std::string(16, 'S')) {
    return Status(StatusKind::kProtocol, "bad signature");
  }
  return xor5a(sealed);
}

std::string from_hex(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
  }
  return out;
}

// What /usr/bin/python3's winrm 0.3.0 (Debian python3-winrm) Encryption('ntlm')
// .prepare_encrypted_request(...) sends for b'<s:Envelope>hello</s:Envelope>' when its NTLM
// session_security.wrap is the stand-in above (recorded with a fake session; the Content-Type it
// sets is kSealedType).
const std::string kPywinrmBody = from_hex(
    "2d2d456e6372797074656420426f756e646172790d0a09436f6e74656e742d547970653a206170706c6963617469"
    "6f6e2f485454502d53504e45474f2d73657373696f6e2d656e637279707465640d0a094f726967696e616c436f6e"
    "74656e743a20747970653d6170706c69636174696f6e2f736f61702b786d6c3b636861727365743d5554462d383b"
    "4c656e6774683d33300d0a2d2d456e6372797074656420426f756e646172790d0a09436f6e74656e742d54797065"
    "3a206170706c69636174696f6e2f6f637465742d73747265616d0d0a100000005353535353535353535353535353"
    "53536629601f342c3f36352a3f64323f363635667529601f342c3f36352a3f642d2d456e63727970746564204"
    "26f756e646172792d2d0d0a");

WireBody sealed(std::string_view soap, std::string_view type = kSoapType) {
  auto body = seal_body(kSpnegoEncryptedProtocol, WireBody{std::string(type), std::string(soap)},
                        fake_wrap);
  EXPECT_TRUE(body.ok());
  return std::move(body).value();
}

std::string open_error(const WireBody& body) {
  auto opened = open_encrypted_body(body, fake_unwrap);
  EXPECT_FALSE(opened.ok());
  if (opened.ok()) return {};
  EXPECT_EQ(opened.status().kind(), StatusKind::kProtocol);
  return opened.status().message();
}

TEST(EncryptedBody, SealsByteForByteAsPywinrmDoes) {
  const WireBody body = sealed("<s:Envelope>hello</s:Envelope>");
  EXPECT_EQ(body.content_type, kSealedType);
  EXPECT_EQ(body.body, kPywinrmBody);
}

TEST(EncryptedBody, OpensWhatPywinrmSends) {
  auto opened = open_encrypted_body(WireBody{std::string(kSealedType), kPywinrmBody}, fake_unwrap);
  ASSERT_TRUE(opened.ok()) << opened.status().to_string();
  EXPECT_EQ(opened->protocol, kSpnegoEncryptedProtocol);
  EXPECT_EQ(opened->envelope.content_type, kSoapType);
  EXPECT_EQ(opened->envelope.body, "<s:Envelope>hello</s:Envelope>");
}

TEST(EncryptedBody, RecognisesTheContentType) {
  EXPECT_TRUE(is_encrypted_content_type(kSealedType));
  EXPECT_TRUE(is_encrypted_content_type("Multipart/Encrypted ; protocol=x"));
  EXPECT_FALSE(is_encrypted_content_type("application/soap+xml;charset=UTF-8"));
  EXPECT_FALSE(is_encrypted_content_type("multipart/x-multi-encrypted;protocol=x"));
  EXPECT_FALSE(is_encrypted_content_type(""));
}

TEST(EncryptedBody, AcceptsKerberosProtocolAndParameterSpellings) {
  WireBody body = sealed("<e/>");
  const std::string kerberos(kKerberosEncryptedProtocol);
  std::string text = body.body;
  text.replace(text.find("application/HTTP-SPNEGO-session-encrypted"),
               kSpnegoEncryptedProtocol.size(), kerberos);
  auto opened = open_encrypted_body(
      WireBody{"multipart/encrypted; boundary=Encrypted\\ Boundary;PROTOCOL=" + kerberos +
                   "; boundary2=x",
               text},
      fake_unwrap);
  EXPECT_FALSE(opened.ok());  // an unquoted boundary cannot hold a space: "Encrypted\ Boundary"
  opened = open_encrypted_body(
      WireBody{
          "multipart/encrypted; boundary=\"Encrypted Boundary\"; PROTOCOL=\"" + kerberos + "\"",
          text},
      fake_unwrap);
  ASSERT_TRUE(opened.ok()) << opened.status().to_string();
  EXPECT_EQ(opened->protocol, kerberos);
  EXPECT_EQ(opened->envelope.body, "<e/>");
}

TEST(EncryptedBody, KeepsTheOriginalContentType) {
  auto opened =
      open_encrypted_body(sealed("<e/>", "application/soap+xml;charset=UTF-16"), fake_unwrap);
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened->envelope.content_type, "application/soap+xml;charset=UTF-16");
}

TEST(EncryptedBody, RoundTripsEmptyAndBinaryEnvelopes) {
  for (const std::string& soap :
       {std::string(), std::string("\x00\x01--Encrypted Boundary--\r\n\xff", 26),
        std::string(100000, 'x')}) {
    auto opened = open_encrypted_body(sealed(soap), fake_unwrap);
    ASSERT_TRUE(opened.ok()) << opened.status().to_string();
    EXPECT_EQ(opened->envelope.body, soap);
  }
}

TEST(EncryptedBody, ConcatenatesSeveralParts) {
  const std::string first = sealed("<a>").body;
  const std::string second = sealed("</a>").body;
  // Drop the first body's closing delimiter: "--Encrypted Boundary--\r\n".
  const std::string both = first.substr(0, first.size() - 24) + second;
  auto opened = open_encrypted_body(WireBody{std::string(kSealedType), both}, fake_unwrap);
  ASSERT_TRUE(opened.ok()) << opened.status().to_string();
  EXPECT_EQ(opened->envelope.body, "<a></a>");
}

TEST(EncryptedBody, ToleratesAMissingFinalCrlfOnly) {
  std::string text = sealed("<e/>").body;
  text.resize(text.size() - 2);
  EXPECT_TRUE(open_encrypted_body(WireBody{std::string(kSealedType), text}, fake_unwrap).ok());
  EXPECT_NE(open_error(WireBody{std::string(kSealedType), text + "\r\nmore"})
                .find("data follows the closing delimiter"),
            std::string::npos);
}

TEST(EncryptedBody, RefusesBadContentTypes) {
  const std::string text = sealed("<e/>").body;
  EXPECT_NE(open_error(WireBody{"application/soap+xml", text}).find("not multipart/encrypted"),
            std::string::npos);
  EXPECT_NE(open_error(WireBody{"multipart/x-multi-encrypted;protocol=\"application/"
                                "HTTP-CredSSP-session-encrypted\";boundary=\"Encrypted Boundary\"",
                                text})
                .find("CredSSP"),
            std::string::npos);
  EXPECT_NE(open_error(WireBody{"multipart/encrypted;boundary=\"Encrypted Boundary\"", text})
                .find("no protocol"),
            std::string::npos);
  EXPECT_NE(open_error(WireBody{"multipart/encrypted;protocol=\"application/"
                                "HTTP-CredSSP-session-encrypted\";boundary=\"Encrypted Boundary\"",
                                text})
                .find("unsupported protocol"),
            std::string::npos);
  EXPECT_NE(open_error(WireBody{"multipart/encrypted;protocol=\"application/"
                                "HTTP-SPNEGO-session-encrypted\"",
                                text})
                .find("boundary"),
            std::string::npos);
  EXPECT_NE(open_error(WireBody{"multipart/encrypted;protocol=\"unterminated", text})
                .find("cannot be parsed"),
            std::string::npos);
  EXPECT_NE(open_error(WireBody{std::string(kSealedType) + ";boundary=\"x\"", text})
                .find("cannot be parsed"),
            std::string::npos);
}

// `text` with the first occurrence of `from` replaced by `to`.
std::string replaced(std::string text, std::string_view from, std::string_view to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(EncryptedBody, RefusesMalformedBodiesSayingWhatIsWrong) {
  const std::string good = sealed("<s:Envelope/>").body;  // 13 bytes
  const std::string type(kSealedType);
  const auto error = [&](const std::string& text) { return open_error(WireBody{type, text}); };
  EXPECT_NE(error("").find("part 1: expected the boundary delimiter line"), std::string::npos);
  EXPECT_NE(error(replaced(good, "--Encrypted Boundary\r\n", "--Other\r\n")).find("delimiter"),
            std::string::npos);
  EXPECT_NE(
      error(replaced(good, "\tContent-Type: application/HTTP-SPNEGO-session-encrypted\r\n", ""))
          .find("no Content-Type"),
      std::string::npos);
  EXPECT_NE(error(replaced(good, "application/HTTP-SPNEGO-session-encrypted\r\n",
                           "application/HTTP-Kerberos-session-encrypted\r\n"))
                .find("not the protocol"),
            std::string::npos);
  EXPECT_NE(
      error(replaced(good,
                     "\tOriginalContent: type=application/soap+xml;charset=UTF-8;Length=13\r\n",
                     ""))
          .find("no OriginalContent"),
      std::string::npos);
  for (const char* bad : {"Length=13x", "Length=", "Length=-1", "Length=99999999999",
                          "Length=13;charset=UTF-8", "Length=13;Length=13"}) {
    EXPECT_NE(error(replaced(good, "Length=13", bad)).find("OriginalContent is not"),
              std::string::npos)
        << bad;
  }
  EXPECT_NE(error(replaced(good, "type=application", "kind=application")).find("OriginalContent"),
            std::string::npos);
  EXPECT_NE(error(replaced(good, "\tOriginalContent: type", "\tOriginalContent type"))
                .find("Name: value"),
            std::string::npos);
  EXPECT_NE(error(replaced(good, "Length=13", "Length=14")).find("not followed by a boundary"),
            std::string::npos);
  EXPECT_NE(error(replaced(good, "Length=13", "Length=12")).find("not followed by a boundary"),
            std::string::npos);
  EXPECT_NE(error(replaced(good, "Length=13", "Length=900")).find("shorter than OriginalContent"),
            std::string::npos);
  EXPECT_NE(error(replaced(good, "application/octet-stream", "text/plain"))
                .find("application/octet-stream"),
            std::string::npos);
  EXPECT_NE(
      error(replaced(good, std::string("\x10\x00\x00\x00", 4), std::string("\x00\x00\x00\x00", 4)))
          .find("signature length 0"),
      std::string::npos);
  EXPECT_NE(
      error(replaced(good, std::string("\x10\x00\x00\x00", 4), std::string("\x00\x10\x00\x00", 4)))
          .find("signature length 4096"),
      std::string::npos);
  EXPECT_NE(
      error(replaced(good, std::string("\x10\x00\x00\x00", 4), std::string("\xff\xff\xff\xff", 4)))
          .find("is not between 1 and 1024"),
      std::string::npos);
  EXPECT_NE(
      error(replaced(good, std::string("\x10\x00\x00\x00", 4), std::string("\x20\x00\x00\x00", 4)))
          .find("not followed by a boundary"),
      std::string::npos);
  EXPECT_NE(
      error(replaced(good, std::string("\x10\x00\x00\x00", 4), std::string("\xf0\x03\x00\x00", 4)))
          .find("signature runs past the end"),
      std::string::npos);
  EXPECT_NE(error(replaced(good, "SSSS", "SSSX")).find("cannot unseal: bad signature"),
            std::string::npos);
  EXPECT_NE(error(replaced(good, "--Encrypted Boundary--", "--Encrypted Boundary")).find("CRLF"),
            std::string::npos);
}

TEST(EncryptedBody, RefusesAnUnwrapOfTheWrongLength) {
  const auto shorter = [](std::string_view signature,
                          std::string_view data) -> Result<std::string> {
    auto plain = fake_unwrap(signature, data);
    if (!plain.ok()) return plain;
    return plain->substr(1);
  };
  auto opened = open_encrypted_body(sealed("<e/>"), shorter);
  ASSERT_FALSE(opened.ok());
  EXPECT_NE(opened.status().message().find("unsealed length differs"), std::string::npos);
}

TEST(EncryptedBody, EveryTruncationIsRefusedCleanly) {
  const WireBody body = sealed("<s:Envelope>hello</s:Envelope>");
  // Dropping only the final CRLF is tolerated; any shorter prefix is an error, never a crash.
  for (std::size_t n = 0; n + 2 < body.body.size(); ++n) {
    auto opened =
        open_encrypted_body(WireBody{body.content_type, body.body.substr(0, n)}, fake_unwrap);
    EXPECT_FALSE(opened.ok()) << n;
  }
}

RC_GTEST_PROP(MessageEncryptionProperty, SealThenOpenIsTheIdentity, (const std::string& soap)) {
  auto body =
      seal_body(kSpnegoEncryptedProtocol, WireBody{std::string(kSoapType), soap}, fake_wrap);
  RC_ASSERT(body.ok());
  auto opened = open_encrypted_body(*body, fake_unwrap);
  RC_ASSERT(opened.ok());
  RC_ASSERT(opened->envelope.body == soap);
  RC_ASSERT(opened->envelope.content_type == kSoapType);
}

RC_GTEST_PROP(MessageEncryptionProperty, CorruptedBodiesNeverCrash,
              (std::size_t position, unsigned char byte)) {
  std::string text = sealed("<s:Envelope>hello</s:Envelope>").body;
  text[position % text.size()] = static_cast<char>(byte);
  auto opened = open_encrypted_body(WireBody{std::string(kSealedType), text}, fake_unwrap);
  if (opened.ok()) RC_ASSERT(opened->envelope.body.size() == 30u);
}

RC_GTEST_PROP(MessageEncryptionProperty, GarbageNeverCrashes, (const std::string& text)) {
  auto opened = open_encrypted_body(
      WireBody{std::string(kSealedType), "--Encrypted Boundary\r\n" + text}, fake_unwrap);
  (void)opened;
}

TEST(EncryptedBody, SealRefusesAContentTypeThatWouldBreakTheHeader) {
  auto body = seal_body(kSpnegoEncryptedProtocol,
                        WireBody{"application/soap+xml\r\nX-Evil: 1", "<e/>"}, fake_wrap);
  ASSERT_FALSE(body.ok());
  EXPECT_EQ(body.status().kind(), StatusKind::kInvalidArgument);
}

TEST(EncryptedBody, SealPassesOnAWrapFailure) {
  auto body = seal_body(kSpnegoEncryptedProtocol, WireBody{std::string(kSoapType), "<e/>"},
                        [](std::string_view) -> Result<SealedMessage> {
                          return Status(StatusKind::kProtocol, "no context");
                        });
  ASSERT_FALSE(body.ok());
  EXPECT_EQ(body.status().message(), "no context");
}

}  // namespace
}  // namespace wmi::wsman
