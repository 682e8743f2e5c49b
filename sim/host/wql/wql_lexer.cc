#include "sim/host/wql/wql_lexer.h"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cstdint>
#include <limits>
#include <utility>

#include "wmi/cim/cim_name.h"

namespace sim::wql {
namespace {

constexpr bool is_letter(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}
constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_hex_digit(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
constexpr bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

constexpr std::array<std::pair<std::string_view, Keyword>, 14> kKeywords = {{
    {"SELECT", Keyword::kSelect},
    {"FROM", Keyword::kFrom},
    {"WHERE", Keyword::kWhere},
    {"AND", Keyword::kAnd},
    {"OR", Keyword::kOr},
    {"NOT", Keyword::kNot},
    {"LIKE", Keyword::kLike},
    {"IS", Keyword::kIs},
    {"NULL", Keyword::kNull},
    {"TRUE", Keyword::kTrue},
    {"FALSE", Keyword::kFalse},
    {"ASSOCIATORS", Keyword::kAssociators},
    {"REFERENCES", Keyword::kReferences},
    {"OF", Keyword::kOf},
}};

// Printable excerpt of `text` for error messages: at most 24 bytes, other bytes as \xNN.
std::string excerpt(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size() && i < 24; ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x20 && byte < 0x7f) {
      out += text[i];
    } else {
      out += fmt::format("\\x{:02x}", byte);
    }
  }
  if (text.size() > 24) out += "...";
  return out;
}

}  // namespace

Lexer::Lexer(std::string_view query) : text_(query) {
  if (query.size() > kMaxQueryBytes) {
    error_ = wmi::invalid_argument(
        fmt::format("WQL query is {} bytes; the limit is {}", query.size(), kMaxQueryBytes));
  }
}

wmi::Status Lexer::next(Token& token) {
  token = Token();
  if (!error_.ok()) {
    token.kind = TokenKind::kInvalid;
    return error_;
  }
  while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
  token.column = pos_ + 1;
  if (pos_ == text_.size()) return {};
  error_ = scan(token);
  if (!error_.ok()) token.kind = TokenKind::kInvalid;
  return error_;
}

wmi::Status Lexer::scan(Token& token) {
  const char c = text_[pos_];
  if (is_letter(c)) return identifier(token);
  if (c == '\'' || c == '"') return string(token);
  if (c == '{') return path(token);
  const bool sign = (c == '-' || c == '+');
  const std::size_t body = sign ? 1 : 0;
  if ((has(body) && is_digit(peek(body))) ||
      (peek(body) == '.' && has(body + 1) && is_digit(peek(body + 1)))) {
    return number(token);
  }
  return punctuation(token);
}

wmi::Status Lexer::identifier(Token& token) {
  const std::size_t start = pos_;
  while (pos_ < text_.size() && (is_letter(text_[pos_]) || is_digit(text_[pos_]))) ++pos_;
  token.text = std::string(text_.substr(start, pos_ - start));
  token.kind =
      lookup_keyword(token.text, token.keyword) ? TokenKind::kKeyword : TokenKind::kIdentifier;
  return {};
}

wmi::Status Lexer::string(Token& token) {
  const char quote = text_[pos_++];
  token.kind = TokenKind::kString;
  while (pos_ < text_.size()) {
    const char c = text_[pos_];
    if (c == quote) {
      ++pos_;
      return {};
    }
    if (c == '\\') {
      if (!has(1)) break;
      const char escaped = text_[pos_ + 1];
      if (escaped != '\\' && escaped != '\'' && escaped != '"') {
        return syntax_error(pos_ + 1, fmt::format("unknown escape '\\{}' in a string (only "
                                                  "\\\\, \\' and \\\" are allowed)",
                                                  excerpt(text_.substr(pos_ + 1, 1))));
      }
      token.text += escaped;
      pos_ += 2;
      continue;
    }
    token.text += c;
    ++pos_;
  }
  return syntax_error(token.column, "unterminated string");
}

wmi::Status Lexer::path(Token& token) {
  token.kind = TokenKind::kPath;
  const std::size_t start = ++pos_;
  char quote = '\0';
  for (; pos_ < text_.size(); ++pos_) {
    const char c = text_[pos_];
    if (quote != '\0') {
      if (c == '\\') {
        ++pos_;
      } else if (c == quote) {
        quote = '\0';
      }
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '}') {
      token.text = std::string(text_.substr(start, pos_ - start));
      ++pos_;
      return {};
    }
  }
  return syntax_error(token.column, "unterminated object path: expected '}'");
}

wmi::Status Lexer::number(Token& token) {
  token.kind = TokenKind::kNumber;
  const std::size_t start = pos_;
  const bool negative = text_[pos_] == '-';
  if (text_[pos_] == '-' || text_[pos_] == '+') ++pos_;
  const std::size_t digits = pos_;
  bool hex = false;
  bool real = false;
  if (peek() == '0' && (peek(1) == 'x' || peek(1) == 'X')) {
    hex = true;
    pos_ += 2;
    while (pos_ < text_.size() && is_hex_digit(text_[pos_])) ++pos_;
    if (pos_ == digits + 2) return syntax_error(token.column, "expected hex digits after '0x'");
  } else {
    while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
    if (peek() == '.') {
      real = true;
      ++pos_;
      while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
    }
    if (peek() == 'e' || peek() == 'E') {
      real = true;
      ++pos_;
      if (peek() == '+' || peek() == '-') ++pos_;
      if (!is_digit(peek())) return syntax_error(pos_ + 1, "expected digits in the exponent");
      while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
    }
  }
  if (pos_ < text_.size() &&
      (is_letter(text_[pos_]) || is_digit(text_[pos_]) || text_[pos_] == '.')) {
    return syntax_error(token.column, fmt::format("malformed number '{}'",
                                                  excerpt(text_.substr(start, pos_ + 1 - start))));
  }
  const char* first = text_.data() + (hex ? digits + 2 : digits);
  const char* last = text_.data() + pos_;
  if (real) {
    double value = 0;
    const auto [end, ec] = std::from_chars(first, last, value);
    if (ec != std::errc() || end != last) {
      return syntax_error(token.column, "real literal out of range for a double");
    }
    token.number = negative ? -value : value;
    return {};
  }
  std::uint64_t magnitude = 0;
  const auto [end, ec] = std::from_chars(first, last, magnitude, hex ? 16 : 10);
  constexpr std::uint64_t kMinMagnitude = std::uint64_t{1} << 63;  // |INT64_MIN|
  if (ec != std::errc() || end != last || (negative && magnitude > kMinMagnitude)) {
    return syntax_error(token.column, negative ? "integer literal below the int64 range"
                                               : "integer literal above the uint64 range");
  }
  if (!negative || magnitude == 0) {
    token.number = magnitude;
  } else {
    // Two's complement negation in unsigned arithmetic: exact for magnitudes up to 2^63.
    token.number = static_cast<std::int64_t>(~magnitude + 1);
  }
  return {};
}

wmi::Status Lexer::punctuation(Token& token) {
  const char c = text_[pos_];
  const char d = peek(1);
  auto op = [&](CompareOp value, std::size_t length) {
    token.kind = TokenKind::kOperator;
    token.op = value;
    pos_ += length;
    return wmi::Status();
  };
  auto simple = [&](TokenKind kind) {
    token.kind = kind;
    ++pos_;
    return wmi::Status();
  };
  switch (c) {
    case '*':
      return simple(TokenKind::kStar);
    case ',':
      return simple(TokenKind::kComma);
    case '(':
      return simple(TokenKind::kLeftParen);
    case ')':
      return simple(TokenKind::kRightParen);
    case '=':
      return op(CompareOp::kEqual, 1);
    case '!':
      if (d == '=') return op(CompareOp::kNotEqual, 2);
      break;
    case '<':
      if (d == '>') return op(CompareOp::kNotEqual, 2);
      if (d == '=') return op(CompareOp::kLessEqual, 2);
      return op(CompareOp::kLess, 1);
    case '>':
      if (d == '=') return op(CompareOp::kGreaterEqual, 2);
      return op(CompareOp::kGreater, 1);
    default:
      break;
  }
  return syntax_error(token.column,
                      fmt::format("unexpected character '{}'", excerpt(text_.substr(pos_, 1))));
}

wmi::Result<std::vector<Token>> tokenize(std::string_view query) {
  Lexer lexer(query);
  std::vector<Token> tokens;
  while (true) {
    Token token;
    if (wmi::Status s = lexer.next(token); !s.ok()) return s;
    const bool end = token.kind == TokenKind::kEnd;
    tokens.push_back(std::move(token));
    if (end) return tokens;
  }
}

bool lookup_keyword(std::string_view word, Keyword& keyword) {
  for (const auto& [name, value] : kKeywords) {
    if (wmi::iequals(word, name)) {
      keyword = value;
      return true;
    }
  }
  return false;
}

const char* to_string(Keyword keyword) {
  for (const auto& [name, value] : kKeywords) {
    if (value == keyword) return name.data();
  }
  return "?";
}

std::string describe(const Token& token) {
  switch (token.kind) {
    case TokenKind::kEnd:
      return "end of query";
    case TokenKind::kInvalid:
      return "invalid token";
    case TokenKind::kIdentifier:
      return fmt::format("identifier '{}'", excerpt(token.text));
    case TokenKind::kKeyword:
      return fmt::format("keyword {}", to_string(token.keyword));
    case TokenKind::kString:
      return fmt::format("string '{}'", excerpt(token.text));
    case TokenKind::kNumber:
      return "number";
    case TokenKind::kPath:
      return fmt::format("object path {{{}}}", excerpt(token.text));
    case TokenKind::kStar:
      return "'*'";
    case TokenKind::kComma:
      return "','";
    case TokenKind::kLeftParen:
      return "'('";
    case TokenKind::kRightParen:
      return "')'";
    case TokenKind::kOperator:
      return fmt::format("operator '{}'", to_string(token.op));
  }
  return "token";
}

wmi::Status syntax_error(std::size_t column, std::string_view message) {
  return wmi::invalid_argument(fmt::format("WQL syntax error at column {}: {}", column, message));
}

}  // namespace sim::wql
