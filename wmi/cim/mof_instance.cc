#include "wmi/cim/mof_instance.h"

#include <charconv>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "wmi/cim/cim_name.h"
#include "wmi/cim/utf8.h"

namespace wmi {
namespace {

bool is_letter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex_digit(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
int hex_value(char c) {
  if (is_digit(c)) return c - '0';
  return ascii_lower(c) - 'a' + 10;
}

class MofParser {
 public:
  explicit MofParser(std::string_view text) : text_(text) {}

  Result<std::optional<Instance>> document() {
    for (std::size_t i = 0; i < text_.size();) {
      const auto decoded = utf8::decode(text_, i);
      if (!decoded) return error_at(i, "invalid UTF-8");
      i += decoded->length;
    }
    if (auto s = skip_space(); !s.ok()) return s;
    if (pos_ == text_.size()) return std::optional<Instance>();
    auto instance = instance_declaration(0);
    if (!instance.ok()) return instance.status();
    if (auto s = skip_space(); !s.ok()) return s;
    if (peek() == ';') ++pos_;
    if (auto s = skip_space(); !s.ok()) return s;
    if (pos_ != text_.size()) return error("text after the instance");
    return std::optional<Instance>(std::move(instance).value());
  }

 private:
  // ---- lexical helpers

  char peek(std::size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }
  bool at_end() const { return pos_ >= text_.size(); }

  Status error_at(std::size_t at, std::string_view message) const {
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t i = 0; i < at && i < text_.size(); ++i) {
      if (text_[i] == '\n') {
        ++line;
        column = 1;
      } else if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) {
        ++column;
      }
    }
    return invalid_argument("MOF line " + std::to_string(line) + " column " +
                            std::to_string(column) + ": " + std::string(message));
  }
  Status error(std::string_view message) const { return error_at(pos_, message); }

  std::string found() const {
    if (at_end()) return "end of text";
    const auto decoded = utf8::decode(text_, pos_);
    return "'" + std::string(text_.substr(pos_, decoded ? decoded->length : 1)) + "'";
  }

  Status skip_space() {
    while (!at_end()) {
      const char c = peek();
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') {
        ++pos_;
      } else if (c == '/' && peek(1) == '/') {
        while (!at_end() && peek() != '\n') ++pos_;
      } else if (c == '/' && peek(1) == '*') {
        const std::size_t end = text_.find("*/", pos_ + 2);
        if (end == std::string_view::npos) return error("unterminated /* comment");
        pos_ = end + 2;
      } else {
        break;
      }
    }
    return Status();
  }

  Status expect(char c, std::string_view what) {
    if (auto s = skip_space(); !s.ok()) return s;
    if (peek() != c) {
      return error("expected '" + std::string(1, c) + "' " + std::string(what) + ", found " +
                   found());
    }
    ++pos_;
    return Status();
  }

  std::string_view identifier() {
    if (!is_letter(peek())) return {};
    const std::size_t start = pos_;
    while (is_letter(peek()) || is_digit(peek())) ++pos_;
    return text_.substr(start, pos_ - start);
  }

  Result<std::string> required_identifier(std::string_view what) {
    if (auto s = skip_space(); !s.ok()) return s;
    const std::string_view id = identifier();
    if (id.empty()) return error("expected " + std::string(what) + ", found " + found());
    return std::string(id);
  }

  Status keyword(std::string_view word) {
    if (auto s = skip_space(); !s.ok()) return s;
    const std::size_t start = pos_;
    if (!iequals(identifier(), word)) {
      pos_ = start;
      return error("expected '" + std::string(word) + "', found " + found());
    }
    return Status();
  }

  // ---- grammar

  // instance of Class [as $Alias] { (Name = value ;)* }
  Result<Instance> instance_declaration(int depth) {
    if (depth > kMaxMofNesting) {
      return error("instances nested deeper than " + std::to_string(kMaxMofNesting));
    }
    if (auto s = keyword("instance"); !s.ok()) return s;
    if (auto s = keyword("of"); !s.ok()) return s;
    auto class_name = required_identifier("a class name");
    if (!class_name.ok()) return class_name.status();
    if (auto s = skip_space(); !s.ok()) return s;
    const std::size_t before_alias = pos_;
    if (iequals(identifier(), "as")) {
      if (auto s = expect('$', "before the alias"); !s.ok()) return s;
      if (identifier().empty()) return error("expected an alias name, found " + found());
    } else {
      pos_ = before_alias;
    }
    if (auto s = expect('{', "to open the instance body"); !s.ok()) return s;
    PropertyList properties;
    while (true) {
      if (auto s = skip_space(); !s.ok()) return s;
      if (peek() == '}') break;
      if (peek() == '[') return error("qualifiers are not supported in instance text");
      const std::size_t name_at = pos_;
      auto name = required_identifier("a property name or '}'");
      if (!name.ok()) return name.status();
      if (find_property(properties, *name)) {
        return error_at(name_at, "duplicate property \"" + *name + "\"");
      }
      if (auto s = expect('=', "after property \"" + *name + "\""); !s.ok()) return s;
      auto value = this->value(depth);
      if (!value.ok()) return value.status();
      if (auto s = expect(';', "after the value of property \"" + *name + "\""); !s.ok()) {
        return s;
      }
      properties.push_back(Property{std::move(name).value(), std::move(value).value()});
    }
    ++pos_;
    return Instance(std::move(class_name).value(), "", std::move(properties));
  }

  Result<CimValue> value(int depth) {
    if (auto s = skip_space(); !s.ok()) return s;
    if (peek() == '{') return array(depth);
    const std::size_t start = pos_;
    if (is_letter(peek())) {
      const std::string_view word = identifier();
      if (iequals(word, "NULL")) return CimValue::null(CimType::kString);
      pos_ = start;
    }
    auto element = scalar(depth);
    if (!element.ok()) return element.status();
    return CimValue(std::move(element).value());
  }

  Result<CimElement> scalar(int depth) {
    const char c = peek();
    if (c == '"') return string_literal();
    if (c == '\'') return char_literal();
    if (c == '$') return error("aliases are not supported as values");
    if (is_digit(c) || c == '-' || c == '+' || c == '.') return number();
    const std::size_t start = pos_;
    const std::string_view word = identifier();
    if (iequals(word, "TRUE")) return CimElement(true);
    if (iequals(word, "FALSE")) return CimElement(false);
    if (iequals(word, "instance")) {
      pos_ = start;
      auto inner = instance_declaration(depth + 1);
      if (!inner.ok()) return inner.status();
      return CimElement(EmbeddedInstance{std::make_shared<const Instance>(std::move(*inner))});
    }
    pos_ = start;
    if (iequals(word, "NULL")) return error("NULL is not allowed inside an array");
    return error("expected a value, found " + found());
  }

  Result<CimValue> array(int depth) {
    const std::size_t open_at = pos_;
    ++pos_;
    std::vector<CimElement> elements;
    if (auto s = skip_space(); !s.ok()) return s;
    if (peek() == '}') {
      ++pos_;
      return CimValue::array(CimType::kString, {});
    }
    while (true) {
      if (auto s = skip_space(); !s.ok()) return s;
      auto element = scalar(depth);
      if (!element.ok()) return element.status();
      elements.push_back(std::move(element).value());
      if (auto s = skip_space(); !s.ok()) return s;
      if (peek() == '}') break;
      if (auto s = expect(',', "between array elements"); !s.ok()) return s;
    }
    ++pos_;
    return unified_array(std::move(elements), open_at);
  }

  // Types the array by its elements (see the header).
  Result<CimValue> unified_array(std::vector<CimElement> elements, std::size_t open_at) const {
    CimType type = type_of(elements.front());
    for (const CimElement& e : elements) {
      const CimType t = type_of(e);
      if (t == type) continue;
      const bool integers = (t == CimType::kUint64 || t == CimType::kSint64) &&
                            (type == CimType::kUint64 || type == CimType::kSint64);
      if (!integers) {
        return error_at(open_at, "array mixes " + std::string(cim_type_name(type)) + " and " +
                                     std::string(cim_type_name(t)) + " elements");
      }
      type = CimType::kSint64;
    }
    if (type == CimType::kSint64) {
      for (CimElement& e : elements) {
        if (const auto* u = std::get_if<std::uint64_t>(&e)) {
          if (*u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
            return error_at(open_at, "array mixes negative integers and " + std::to_string(*u) +
                                         ", which does not fit sint64");
          }
          e = static_cast<std::int64_t>(*u);
        }
      }
    }
    return CimValue::array(type, std::move(elements));
  }

  Result<CimElement> number() {
    const std::size_t start = pos_;
    bool negative = false;
    if (peek() == '-' || peek() == '+') {
      negative = peek() == '-';
      ++pos_;
    }
    std::uint64_t magnitude = 0;
    if (peek() == '0' && (peek(1) == 'x' || peek(1) == 'X')) {
      pos_ += 2;
      if (!is_hex_digit(peek())) return error("expected hexadecimal digits");
      while (is_hex_digit(peek())) {
        if (magnitude > (std::numeric_limits<std::uint64_t>::max() >> 4)) {
          return error_at(start, "integer does not fit 64 bits");
        }
        magnitude = (magnitude << 4) | static_cast<std::uint64_t>(hex_value(peek()));
        ++pos_;
      }
      if (is_letter(peek()) || is_digit(peek())) return error("malformed number");
      return signed_integer(magnitude, negative, start);
    }
    const std::size_t digits_at = pos_;
    while (is_digit(peek())) ++pos_;
    const std::size_t integer_digits = pos_ - digits_at;
    bool real = false;
    if (peek() == '.') {
      real = true;
      ++pos_;
      const std::size_t fraction_at = pos_;
      while (is_digit(peek())) ++pos_;
      if (pos_ == fraction_at) return error("expected digits after '.'");
    } else if (integer_digits == 0) {
      return error_at(start, "expected a number");
    }
    if (peek() == 'e' || peek() == 'E') {
      real = true;
      ++pos_;
      if (peek() == '+' || peek() == '-') ++pos_;
      const std::size_t exponent_at = pos_;
      while (is_digit(peek())) ++pos_;
      if (pos_ == exponent_at) return error("expected exponent digits");
    }
    if (is_letter(peek())) return error("malformed number");
    const std::string_view literal = text_.substr(digits_at, pos_ - digits_at);
    if (real) {
      double value = 0;
      const auto [end, ec] = std::from_chars(literal.data(), literal.data() + literal.size(), value,
                                             std::chars_format::general);
      if (ec != std::errc() || end != literal.data() + literal.size()) {
        return error_at(start, "real " + std::string(literal) + " is out of range for real64");
      }
      return CimElement(negative ? -value : value);
    }
    if (integer_digits > 1 && literal.front() == '0') {
      return error_at(start, "integer with a leading zero (octal and decimal would disagree)");
    }
    const auto [end, ec] =
        std::from_chars(literal.data(), literal.data() + literal.size(), magnitude);
    if (ec != std::errc() || end != literal.data() + literal.size()) {
      return error_at(start, "integer does not fit 64 bits");
    }
    return signed_integer(magnitude, negative, start);
  }

  Result<CimElement> signed_integer(std::uint64_t magnitude, bool negative,
                                    std::size_t start) const {
    if (!negative) return CimElement(magnitude);
    constexpr std::uint64_t kMinMagnitude = std::uint64_t{1} << 63;
    if (magnitude > kMinMagnitude) return error_at(start, "integer does not fit sint64");
    if (magnitude == kMinMagnitude) return CimElement(std::numeric_limits<std::int64_t>::min());
    return CimElement(-static_cast<std::int64_t>(magnitude));
  }

  // One character of a string or char literal (after escapes), appended as UTF-8.
  Status literal_char(std::string& out, char quote) {
    const std::size_t at = pos_;
    const char c = peek();
    if (at_end() || c == '\n' || c == '\r') {
      return error_at(at, quote == '"' ? "unterminated string" : "unterminated char literal");
    }
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t') {
      return error_at(at, "unescaped control character in a literal");
    }
    if (c != '\\') {
      const auto decoded = utf8::decode(text_, pos_);  // validated up front
      out.append(text_.substr(pos_, decoded->length));
      pos_ += decoded->length;
      return Status();
    }
    ++pos_;
    const char e = peek();
    ++pos_;
    switch (e) {
      case 'b':
        out += '\b';
        return Status();
      case 't':
        out += '\t';
        return Status();
      case 'n':
        out += '\n';
        return Status();
      case 'f':
        out += '\f';
        return Status();
      case 'r':
        out += '\r';
        return Status();
      case '"':
      case '\'':
      case '\\':
        out += e;
        return Status();
      case 'x':
      case 'X': {
        char32_t code = 0;
        int digits = 0;
        while (digits < 4 && is_hex_digit(peek())) {
          code = (code << 4) | static_cast<char32_t>(hex_value(peek()));
          ++pos_;
          ++digits;
        }
        if (digits == 0) return error_at(at, "\\x needs 1 to 4 hexadecimal digits");
        if (code >= 0xD800 && code <= 0xDFFF) {
          return error_at(at, "escape " + utf8::code_point_name(code) + " is a lone surrogate");
        }
        utf8::append(out, code);
        return Status();
      }
      default:
        return error_at(at, "unknown escape \\" + std::string(1, e == '\0' ? '0' : e));
    }
  }

  Result<CimElement> string_literal() {
    std::string out;
    do {
      ++pos_;
      while (peek() != '"') {
        if (auto s = literal_char(out, '"'); !s.ok()) return s;
      }
      ++pos_;
      if (auto s = skip_space(); !s.ok()) return s;
    } while (peek() == '"');
    return CimElement(std::move(out));
  }

  Result<CimElement> char_literal() {
    const std::size_t start = pos_;
    ++pos_;
    std::string out;
    if (peek() == '\'') return error_at(start, "empty char literal");
    if (auto s = literal_char(out, '\''); !s.ok()) return s;
    if (peek() != '\'') return error_at(start, "char literal holds more than one character");
    ++pos_;
    const auto decoded = utf8::decode(out, 0);
    if (decoded->code_point > 0xFFFF) {
      return error_at(start, "char literal " + utf8::code_point_name(decoded->code_point) +
                                 " does not fit char16");
    }
    return CimElement(static_cast<char16_t>(decoded->code_point));
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

Result<std::optional<Instance>> parse_mof_instance(std::string_view text) {
  return MofParser(text).document();
}

}  // namespace wmi
