#include "wmi/cim/wmi_path.h"

#include <fmt/format.h>

#include <charconv>
#include <cstdint>
#include <unordered_set>

#include "wmi/cim/cim_name.h"

namespace wmi {
namespace {

constexpr bool is_word_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}
constexpr bool is_separator(char c) { return c == '\\' || c == '/'; }
constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_host_name(std::string_view host) {
  if (host.empty()) return false;
  for (char c : host) {
    if (!is_word_char(c) && c != '.' && c != '-') return false;
  }
  return true;
}

// A namespace-qualified path to an instance: the only shape a quoted key reads back as a reference.
bool is_qualified_instance_path(const ObjectPath& path) {
  return !path.namespace_name.empty() && (path.singleton || !path.keys.empty());
}

// A byte for an error message: itself when printable ASCII, else its value.
std::string shown(char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x20 && byte < 0x7f) return fmt::format("'{}'", c);
  return fmt::format("byte 0x{:02x}", byte);
}

class PathParser {
 public:
  explicit PathParser(std::string_view text) : text_(text) {}

  Result<ObjectPath> parse() {
    if (text_.empty()) return invalid_argument("WMI path is empty");
    ObjectPath path;
    if (Status s = parse_prefix(path); !s.ok()) return s;
    auto class_name = parse_name("class name");
    if (!class_name.ok()) return class_name.status();
    path.class_name = std::move(*class_name);
    if (at_end()) return path;
    if (peek() == '=') {
      ++pos_;
      if (at_end() || peek() != '@') {
        return unexpected("expected '@' after '=' (unnamed keys are not supported)");
      }
      ++pos_;
      path.singleton = true;
      if (!at_end()) return unexpected("expected the end after '=@'");
      return path;
    }
    if (peek() != '.') return unexpected("expected '.', '=@' or the end after the class name");
    ++pos_;
    return parse_keys(std::move(path));
  }

 private:
  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return text_[pos_]; }

  // `what` went wrong at the current position; names the byte found there.
  Status unexpected(std::string_view what) const {
    const std::string found = at_end() ? "the end" : shown(peek());
    return invalid_argument(
        fmt::format("WMI path: {}, found {} at position {}", what, found, pos_));
  }
  Status error_at(std::size_t position, std::string_view what) const {
    return invalid_argument(fmt::format("WMI path: {} at position {}", what, position));
  }

  // "\\HOST\ns:", "//HOST/ns:" or "ns:"; leaves pos_ at 0 for a relative path.
  Status parse_prefix(ObjectPath& path) {
    if (text_.size() >= 2 && is_separator(text_[0]) && is_separator(text_[1])) {
      pos_ = 2;
      const std::size_t start = pos_;
      while (!at_end() && !is_separator(peek()) && peek() != ':') ++pos_;
      std::string_view host = text_.substr(start, pos_ - start);
      if (!is_host_name(host)) {
        return error_at(start, "host must be 1 or more of [A-Za-z0-9._-]");
      }
      if (at_end() || !is_separator(peek())) {
        return unexpected("expected '\\' or '/' after the host");
      }
      ++pos_;
      path.host = std::string(host);
      return parse_namespace(path, pos_);
    }
    std::size_t end = 0;
    while (end < text_.size() && (is_word_char(text_[end]) || is_separator(text_[end]))) ++end;
    if (end < text_.size() && text_[end] == ':') return parse_namespace(path, 0);
    return Status();
  }

  Status parse_namespace(ObjectPath& path, std::size_t start) {
    while (!at_end() && (is_word_char(peek()) || is_separator(peek()))) ++pos_;
    const std::string ns = normalize_namespace(text_.substr(start, pos_ - start));
    if (!is_namespace_name(ns)) {
      return error_at(start, "namespace must be segments of [A-Za-z0-9_] separated by '\\' or '/'");
    }
    if (at_end() || peek() != ':') return unexpected("expected ':' after the namespace");
    ++pos_;
    path.namespace_name = ns;
    return Status();
  }

  Result<std::string> parse_name(std::string_view what) {
    const std::size_t start = pos_;
    while (!at_end() && is_word_char(peek())) ++pos_;
    std::string_view name = text_.substr(start, pos_ - start);
    if (!is_cim_identifier(name)) {
      return error_at(start, fmt::format("expected a {} ([A-Za-z_][A-Za-z0-9_]*)", what));
    }
    return std::string(name);
  }

  Result<ObjectPath> parse_keys(ObjectPath path) {
    std::unordered_set<std::string> lowered_names;
    while (true) {
      const std::size_t name_position = pos_;
      auto name = parse_name("key name");
      if (!name.ok()) return name.status();
      if (!lowered_names.insert(ascii_lowered(*name)).second) {
        return error_at(name_position, fmt::format("duplicate key '{}'", *name));
      }
      if (at_end() || peek() != '=') return unexpected("expected '=' after the key name");
      ++pos_;
      auto value = parse_value();
      if (!value.ok()) return value.status();
      path.keys.push_back(KeyBinding{std::move(*name), std::move(*value)});
      if (at_end()) return path;
      if (peek() != ',') return unexpected("expected ',' or the end after a key value");
      ++pos_;
    }
  }

  Result<KeyValue> parse_value() {
    if (at_end()) return unexpected("expected a key value");
    const char c = peek();
    if (c == '"') return parse_quoted();
    if (c == '-' || is_digit(c)) return parse_number();
    const std::size_t start = pos_;
    while (!at_end() && is_word_char(peek())) ++pos_;
    const std::string_view word = text_.substr(start, pos_ - start);
    if (iequals(word, "TRUE")) return KeyValue(true);
    if (iequals(word, "FALSE")) return KeyValue(false);
    return error_at(start, "expected a key value: a quoted string, a number, TRUE or FALSE");
  }

  Result<KeyValue> parse_number() {
    const std::size_t start = pos_;
    if (peek() == '-') ++pos_;
    const std::size_t digits = pos_;
    while (!at_end() && is_digit(peek())) ++pos_;
    if (pos_ == digits) return unexpected("expected a digit after '-'");
    const char* first = text_.data() + start;
    const char* last = text_.data() + pos_;
    if (text_[start] == '-') {
      std::int64_t value = 0;
      const auto [ptr, ec] = std::from_chars(first, last, value);
      if (ec != std::errc() || ptr != last) {
        return error_at(start, "number is below the signed 64-bit minimum");
      }
      if (value == 0) return KeyValue(std::uint64_t{0});
      return KeyValue(value);
    }
    std::uint64_t value = 0;
    const auto [ptr, ec] = std::from_chars(first, last, value);
    if (ec != std::errc() || ptr != last) {
      return error_at(start, "number is above the unsigned 64-bit maximum");
    }
    return KeyValue(value);
  }

  Result<KeyValue> parse_quoted() {
    const std::size_t open = pos_++;
    std::string value;
    while (true) {
      if (at_end()) return error_at(open, "quoted string is never closed; it opens");
      const char c = text_[pos_++];
      if (c == '"') break;
      if (c != '\\') {
        value += c;
        continue;
      }
      if (at_end()) return error_at(open, "quoted string is never closed; it opens");
      const char escaped = peek();
      if (escaped != '\\' && escaped != '"') {
        return error_at(pos_ - 1, fmt::format("invalid escape '\\' followed by {} (only \\\\ "
                                              "and \\\" are allowed)",
                                              shown(escaped)));
      }
      value += escaped;
      ++pos_;
    }
    auto nested = PathParser(value).parse();
    if (nested.ok() && is_qualified_instance_path(*nested)) {
      return KeyValue(ReferenceKey{std::make_shared<const ObjectPath>(std::move(*nested))});
    }
    return KeyValue(std::move(value));
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

void append_quoted(std::string& out, std::string_view text) {
  out += '"';
  for (char c : text) {
    if (c == '\\' || c == '"') out += '\\';
    out += c;
  }
  out += '"';
}

Status format_into(std::string& out, const ObjectPath& path, PathStyle style) {
  const char sep = style == PathStyle::kBackslash ? '\\' : '/';
  if (path.host) {
    if (!is_host_name(*path.host)) {
      return invalid_argument(
          fmt::format("WMI path: host \"{}\" is not 1 or more of [A-Za-z0-9._-]", *path.host));
    }
    if (path.namespace_name.empty()) {
      return invalid_argument("WMI path: a path with a host needs a namespace");
    }
    out.append(2, sep).append(*path.host) += sep;
  }
  if (!path.namespace_name.empty()) {
    if (!is_namespace_name(path.namespace_name)) {
      return invalid_argument(
          fmt::format("WMI path: namespace \"{}\" is not '/'-separated segments of [A-Za-z0-9_]",
                      path.namespace_name));
    }
    for (char c : path.namespace_name) out += c == '/' ? sep : c;
    out += ':';
  }
  if (!is_cim_identifier(path.class_name)) {
    return invalid_argument(
        fmt::format("WMI path: class name \"{}\" is not an identifier", path.class_name));
  }
  out += path.class_name;
  if (path.singleton) {
    if (!path.keys.empty()) return invalid_argument("WMI path: a singleton path has no keys");
    out += "=@";
    return Status();
  }
  std::unordered_set<std::string> lowered_names;
  for (const KeyBinding& key : path.keys) {
    if (!is_cim_identifier(key.name)) {
      return invalid_argument(
          fmt::format("WMI path: key name \"{}\" is not an identifier", key.name));
    }
    if (!lowered_names.insert(ascii_lowered(key.name)).second) {
      return invalid_argument(fmt::format("WMI path: duplicate key '{}'", key.name));
    }
    out += &key == &path.keys.front() ? '.' : ',';
    out.append(key.name) += '=';
    if (const auto* s = std::get_if<std::string>(&key.value)) {
      append_quoted(out, *s);
    } else if (const auto* u = std::get_if<std::uint64_t>(&key.value)) {
      out += std::to_string(*u);
    } else if (const auto* n = std::get_if<std::int64_t>(&key.value)) {
      out += std::to_string(*n);
    } else if (const auto* b = std::get_if<bool>(&key.value)) {
      out += *b ? "TRUE" : "FALSE";
    } else {
      const auto& target = std::get<ReferenceKey>(key.value).path;
      if (!target || !is_qualified_instance_path(*target)) {
        return invalid_argument(fmt::format(
            "WMI path: reference key '{}' must hold a namespace-qualified instance path",
            key.name));
      }
      std::string nested;
      if (Status s = format_into(nested, *target, style); !s.ok()) return s;
      append_quoted(out, nested);
    }
  }
  return Status();
}

}  // namespace

Result<ObjectPath> parse_wmi_path(std::string_view text) { return PathParser(text).parse(); }

Result<std::string> format_wmi_path(const ObjectPath& path, PathStyle style) {
  std::string out;
  if (Status s = format_into(out, path, style); !s.ok()) return s;
  return out;
}

}  // namespace wmi
