#include "wmi/wsman/encrypted_body.h"

#include <fmt/format.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include "wmi/wsman/auth_header.h"

namespace wmi::wsman {
namespace {

// Bounds on what an attacker controls: the longest signature (an NTLM signature is 16 bytes, a
// Kerberos AES wrap header 60; anything far larger is garbage), header lines in a part, and a
// boundary (RFC 2046: 1 to 70 characters).
constexpr std::size_t kMaxSignatureBytes = 1024;
constexpr std::size_t kMaxPartHeaders = 16;
constexpr std::size_t kMaxBoundaryBytes = 70;
constexpr std::string_view kOctetStream = "application/octet-stream";

char lower_ascii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals_ascii(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower_ascii(a[i]) != lower_ascii(b[i])) return false;
  }
  return true;
}

Status malformed(std::string_view what) {
  return Status(StatusKind::kProtocol, fmt::format("multipart/encrypted body: {}", what));
}

bool has_control(std::string_view text) {
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) return true;
  }
  return false;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = lower_ascii(c);
  return out;
}

struct ContentTypeParams {
  std::string media_type;  // lower case
  std::optional<std::string> protocol;
  std::optional<std::string> boundary;
};

// "type/subtype; name=value; name="quoted value"" (RFC 9110 section 8.3.1); nullopt when malformed.
std::optional<ContentTypeParams> parse_content_type(std::string_view value) {
  ContentTypeParams out;
  std::size_t pos = value.find(';');
  out.media_type = lower(trim_ows(value.substr(0, pos)));
  if (out.media_type.empty()) return std::nullopt;
  while (pos != std::string_view::npos && pos < value.size()) {
    ++pos;  // past ';'
    while (pos < value.size() && (value[pos] == ' ' || value[pos] == '\t')) ++pos;
    if (pos == value.size()) break;  // a trailing ';'
    const std::size_t eq = value.find('=', pos);
    if (eq == std::string_view::npos) return std::nullopt;
    const std::string name = lower(trim_ows(value.substr(pos, eq - pos)));
    if (name.empty()) return std::nullopt;
    pos = eq + 1;
    std::string param;
    if (pos < value.size() && value[pos] == '"') {
      ++pos;
      bool closed = false;
      while (pos < value.size()) {
        const char c = value[pos++];
        if (c == '"') {
          closed = true;
          break;
        }
        if (c == '\\') {
          if (pos == value.size()) return std::nullopt;
          param += value[pos++];
        } else {
          param += c;
        }
      }
      if (!closed) return std::nullopt;
      while (pos < value.size() && (value[pos] == ' ' || value[pos] == '\t')) ++pos;
      if (pos < value.size() && value[pos] != ';') return std::nullopt;
    } else {
      const std::size_t end = value.find(';', pos);
      param = std::string(trim_ows(
          value.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos)));
      pos = end;
    }
    if (name == "protocol") {
      if (out.protocol) return std::nullopt;
      out.protocol = std::move(param);
    } else if (name == "boundary") {
      if (out.boundary) return std::nullopt;
      out.boundary = std::move(param);
    }
  }
  return out;
}

// A cursor over the body that never reads past its end.
class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}
  std::size_t left() const { return text_.size() - pos_; }
  bool at_end() const { return pos_ == text_.size(); }
  bool starts_with(std::string_view s) const { return text_.substr(pos_).substr(0, s.size()) == s; }
  bool consume(std::string_view s) {
    if (!starts_with(s)) return false;
    pos_ += s.size();
    return true;
  }
  std::string_view take(std::size_t n) {
    const std::string_view out = text_.substr(pos_, n);
    pos_ += out.size();
    return out;
  }
  // The rest of the current line, without its CRLF; nullopt when no CRLF follows.
  std::optional<std::string_view> line() {
    const std::size_t end = text_.find("\r\n", pos_);
    if (end == std::string_view::npos) return std::nullopt;
    const std::string_view out = text_.substr(pos_, end - pos_);
    pos_ = end + 2;
    return out;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

// "Name: value" with optional leading whitespace (the parts' header lines start with a tab).
std::optional<std::pair<std::string, std::string_view>> header_line(std::string_view line) {
  line = trim_ows(line);
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  return std::make_pair(lower(trim_ows(line.substr(0, colon))), trim_ows(line.substr(colon + 1)));
}

std::optional<std::size_t> parse_length(std::string_view digits) {
  if (digits.empty() || digits.size() > 10) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (value > std::numeric_limits<std::uint32_t>::max()) return std::nullopt;
  return static_cast<std::size_t>(value);
}

struct OriginalContent {
  std::string type;
  std::size_t length = 0;
};

// "type=application/soap+xml;charset=UTF-8;Length=123"
std::optional<OriginalContent> parse_original_content(std::string_view value) {
  OriginalContent out;
  bool have_type = false;
  bool have_length = false;
  std::size_t pos = 0;
  while (pos <= value.size()) {
    const std::size_t end = value.find(';', pos);
    const std::string_view segment = trim_ows(
        value.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos));
    pos = end == std::string_view::npos ? value.size() + 1 : end + 1;
    if (segment.empty()) continue;
    const std::size_t eq = segment.find('=');
    const std::string name = lower(trim_ows(segment.substr(0, eq)));
    if (!have_type) {
      if (name != "type" || eq == std::string_view::npos) return std::nullopt;
      out.type = std::string(trim_ows(segment.substr(eq + 1)));
      if (out.type.empty()) return std::nullopt;
      have_type = true;
    } else if (name == "length" && eq != std::string_view::npos) {
      if (have_length) return std::nullopt;
      auto length = parse_length(trim_ows(segment.substr(eq + 1)));
      if (!length) return std::nullopt;
      out.length = *length;
      have_length = true;
    } else {
      if (have_length) return std::nullopt;  // nothing but Length ends it
      out.type += ";";
      out.type += segment;
    }
  }
  if (!have_type || !have_length) return std::nullopt;
  return out;
}

bool known_protocol(std::string_view protocol) {
  return iequals_ascii(protocol, kSpnegoEncryptedProtocol) ||
         iequals_ascii(protocol, kKerberosEncryptedProtocol);
}

}  // namespace

bool is_encrypted_content_type(std::string_view content_type) {
  const std::size_t semicolon = content_type.find(';');
  return iequals_ascii(trim_ows(content_type.substr(0, semicolon)), "multipart/encrypted");
}

Result<OpenedBody> open_encrypted_body(const WireBody& body, const UnwrapFunction& unwrap) {
  const auto params = parse_content_type(body.content_type);
  if (!params) return malformed("the Content-Type cannot be parsed");
  if (params->media_type != "multipart/encrypted") {
    return malformed(fmt::format("the Content-Type is {}, not multipart/encrypted",
                                 params->media_type == "multipart/x-multi-encrypted"
                                     ? "multipart/x-multi-encrypted (CredSSP chunking)"
                                     : "another type"));
  }
  if (!params->protocol) return malformed("the Content-Type has no protocol parameter");
  if (!known_protocol(*params->protocol)) {
    return malformed(fmt::format("unsupported protocol (only {} and {})", kSpnegoEncryptedProtocol,
                                 kKerberosEncryptedProtocol));
  }
  if (!params->boundary || params->boundary->empty() ||
      params->boundary->size() > kMaxBoundaryBytes || has_control(*params->boundary)) {
    return malformed("the Content-Type has no usable boundary parameter");
  }
  const std::string delimiter = "--" + *params->boundary;

  OpenedBody out;
  out.protocol = *params->protocol;
  Reader in(body.body);
  std::size_t part = 0;
  for (;;) {
    ++part;
    const auto where = [&](std::string_view what) {
      return malformed(fmt::format("part {}: {}", part, what));
    };
    if (!in.consume(delimiter) || !in.consume("\r\n")) {
      return where("expected the boundary delimiter line");
    }
    // The header part: its lines up to the next delimiter line.
    std::optional<std::string> part_type;
    std::optional<OriginalContent> original;
    std::size_t headers = 0;
    for (;;) {
      if (in.starts_with(delimiter)) break;
      const auto line = in.line();
      if (!line) return where("a header line does not end with CRLF");
      if (++headers > kMaxPartHeaders) return where("too many header lines");
      const auto header = header_line(*line);
      if (!header) return where("a header line is not \"Name: value\"");
      if (header->first == "content-type") {
        if (part_type) return where("two Content-Type headers");
        part_type = std::string(header->second);
      } else if (header->first == "originalcontent") {
        if (original) return where("two OriginalContent headers");
        original = parse_original_content(header->second);
        if (!original) {
          return where("OriginalContent is not \"type=<content type>;Length=<decimal>\"");
        }
      }
    }
    if (!part_type) return where("the header part has no Content-Type");
    if (!iequals_ascii(*part_type, out.protocol)) {
      return where("the header part's Content-Type is not the protocol");
    }
    if (!original) return where("the header part has no OriginalContent");
    if (part == 1) {
      out.envelope.content_type = original->type;
    } else if (!iequals_ascii(original->type, out.envelope.content_type)) {
      return where("OriginalContent type differs from the first part's");
    }

    // The data part: one header line, then the binary immediately.
    if (!in.consume(delimiter) || !in.consume("\r\n")) {
      return where("expected the data part's delimiter line");
    }
    const auto data_line = in.line();
    if (!data_line) return where("the data part's Content-Type line does not end with CRLF");
    const auto data_header = header_line(*data_line);
    if (!data_header || data_header->first != "content-type" ||
        !iequals_ascii(data_header->second, kOctetStream)) {
      return where("the data part does not start with Content-Type: application/octet-stream");
    }
    if (in.left() < 4) return where("the data part is shorter than its signature length");
    const std::string_view length_bytes = in.take(4);
    const std::uint32_t signature_length =
        static_cast<std::uint32_t>(static_cast<unsigned char>(length_bytes[0])) |
        static_cast<std::uint32_t>(static_cast<unsigned char>(length_bytes[1])) << 8 |
        static_cast<std::uint32_t>(static_cast<unsigned char>(length_bytes[2])) << 16 |
        static_cast<std::uint32_t>(static_cast<unsigned char>(length_bytes[3])) << 24;
    if (signature_length == 0 || signature_length > kMaxSignatureBytes) {
      return where(fmt::format("signature length {} is not between 1 and {}", signature_length,
                               kMaxSignatureBytes));
    }
    if (in.left() < signature_length) return where("the signature runs past the end of the body");
    const std::string_view signature = in.take(signature_length);
    if (in.left() < original->length) {
      return where(fmt::format("the sealed data is shorter than OriginalContent Length {}",
                               original->length));
    }
    const std::string_view sealed = in.take(original->length);
    if (!in.starts_with(delimiter)) {
      return where(
          "the sealed data is not followed by a boundary delimiter (its length must equal "
          "OriginalContent Length)");
    }
    auto plain = unwrap(signature, sealed);
    if (!plain.ok()) {
      return Status(StatusKind::kProtocol,
                    fmt::format("multipart/encrypted body: part {}: cannot unseal: {}", part,
                                plain.status().message()));
    }
    if (plain->size() != original->length) {
      return where("the unsealed length differs from OriginalContent Length");
    }
    out.envelope.body += *plain;

    if (in.consume(delimiter + "--")) {
      in.consume("\r\n");
      if (!in.at_end()) return where("data follows the closing delimiter");
      return out;
    }
    // Another header-part/data-part pair follows, from this delimiter line on.
  }
}

Result<WireBody> seal_body(std::string_view protocol, const WireBody& plain,
                           const WrapFunction& wrap) {
  if (has_control(plain.content_type) || has_control(protocol)) {
    return invalid_argument("cannot seal a body: its Content-Type has a control character");
  }
  if (plain.body.size() > std::numeric_limits<std::uint32_t>::max()) {
    return invalid_argument("cannot seal a body longer than 4 GiB");
  }
  auto sealed = wrap(plain.body);
  if (!sealed.ok()) return sealed.status();
  if (sealed->signature.size() > std::numeric_limits<std::uint32_t>::max()) {
    return invalid_argument("cannot seal a body: signature too long");
  }
  const std::string delimiter = fmt::format("--{}", kEncryptedBoundary);
  const auto signature_length = static_cast<std::uint32_t>(sealed->signature.size());

  WireBody out;
  out.content_type = fmt::format("multipart/encrypted;protocol=\"{}\";boundary=\"{}\"", protocol,
                                 kEncryptedBoundary);
  std::string& body = out.body;
  body.reserve(plain.body.size() + sealed->signature.size() + 256);
  body += delimiter;
  body += "\r\n\tContent-Type: ";
  body += protocol;
  body += fmt::format("\r\n\tOriginalContent: type={};Length={}\r\n", plain.content_type,
                      plain.body.size());
  body += delimiter;
  body += "\r\n\tContent-Type: application/octet-stream\r\n";
  body += static_cast<char>(signature_length & 0xFF);
  body += static_cast<char>((signature_length >> 8) & 0xFF);
  body += static_cast<char>((signature_length >> 16) & 0xFF);
  body += static_cast<char>((signature_length >> 24) & 0xFF);
  body += sealed->signature;
  body += sealed->sealed;
  body += delimiter;
  body += "--\r\n";
  return out;
}

}  // namespace wmi::wsman
