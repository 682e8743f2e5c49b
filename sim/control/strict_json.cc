#include "sim/control/strict_json.h"

#include <set>
#include <utility>
#include <vector>

#include "sim/control/byte_size.h"

namespace sim::control {

namespace {

// Thrown by the parse callback and caught in parse_strict_json; never leaves this file.
struct Rejected {
  std::string message;
};

std::string escape_pointer_token(std::string_view key) {
  std::string out;
  for (const char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string json_quoted(std::string_view text) {
  // Keys come from parsed JSON (valid UTF-8); dump() adds the quotes and escapes controls.
  return Json(std::string(text)).dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace

wmi::Result<Json> parse_strict_json(std::string_view text, std::string_view document) {
  // One entry per open container: the keys seen so far (objects), or nullopt (arrays), plus the
  // pointer of the container, for messages.
  struct Open {
    std::optional<std::set<std::string, std::less<>>> keys;
    std::string pointer;
    std::string last_key;
    std::size_t next_index = 0;
  };
  std::vector<Open> open;
  // The pointer of the value starting now; in an array this also counts the element.
  auto child_pointer = [&]() -> std::string {
    if (open.empty()) return "";
    Open& parent = open.back();
    if (parent.keys) return parent.pointer + "/" + escape_pointer_token(parent.last_key);
    return parent.pointer + "/" + std::to_string(parent.next_index++);
  };
  auto callback = [&](int depth, nlohmann::detail::parse_event_t event, Json& parsed) -> bool {
    using Event = nlohmann::detail::parse_event_t;
    switch (event) {
      case Event::object_start:
      case Event::array_start: {
        std::string pointer = child_pointer();
        if (depth >= kMaxJsonDepth) {
          throw Rejected{std::string(document) + " at " + (pointer.empty() ? "/" : pointer) +
                         ": nested deeper than " + std::to_string(kMaxJsonDepth) + " levels"};
        }
        Open entry;
        entry.pointer = std::move(pointer);
        if (event == Event::object_start) entry.keys.emplace();
        open.push_back(std::move(entry));
        break;
      }
      case Event::object_end:
      case Event::array_end:
        if (!open.empty()) open.pop_back();
        break;
      case Event::key: {
        Open& object = open.back();
        const std::string& key = parsed.get_ref<const std::string&>();
        if (!object.keys->insert(key).second) {
          throw Rejected{std::string(document) + " at " +
                         (object.pointer.empty() ? "/" : object.pointer) + ": duplicate key " +
                         json_quoted(key)};
        }
        object.last_key = key;
        break;
      }
      case Event::value:
        child_pointer();
        break;
    }
    return true;
  };
  try {
    return Json::parse(text.begin(), text.end(), callback, /*allow_exceptions=*/true,
                       /*ignore_comments=*/false);
  } catch (const Rejected& rejected) {
    return wmi::invalid_argument(rejected.message);
  } catch (const Json::exception& e) {
    return wmi::invalid_argument(std::string(document) + ": not valid JSON: " + e.what());
  }
}

wmi::Status JsonField::error(std::string_view problem) const {
  return wmi::invalid_argument(std::string(document_) + " at " +
                               (pointer_.empty() ? std::string("/") : pointer_) + ": " +
                               std::string(problem));
}

std::string JsonField::describe_value() const {
  std::string text = node_->dump(-1, ' ', false, Json::error_handler_t::replace);
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  switch (node_->type()) {
    case Json::value_t::object:
      return "an object";
    case Json::value_t::array:
      return "an array";
    case Json::value_t::string:
      return "the string " + text;
    case Json::value_t::null:
      return "null";
    default:
      return text;
  }
}

wmi::Status JsonField::expect_any_object() const {
  if (!node_->is_object()) return error("expected an object, got " + describe_value());
  return {};
}

wmi::Status JsonField::expect_object(std::initializer_list<std::string_view> allowed) const {
  if (auto status = expect_any_object(); !status.ok()) return status;
  for (const auto& [key, value] : node_->items()) {
    bool known = false;
    for (const std::string_view name : allowed) known = known || name == key;
    if (known) continue;
    std::string expected;
    for (const std::string_view name : allowed) {
      expected += (expected.empty() ? "" : ", ") + std::string(name);
    }
    return error("unknown key " + json_quoted(key) + " (expected one of: " + expected + ")");
  }
  return {};
}

wmi::Status JsonField::expect_array() const {
  if (!node_->is_array()) return error("expected an array, got " + describe_value());
  return {};
}

std::optional<JsonField> JsonField::member(std::string_view key) const {
  const auto it = node_->find(key);
  if (it == node_->end()) return std::nullopt;
  return JsonField(*it, pointer_ + "/" + escape_pointer_token(key), document_);
}

wmi::Result<JsonField> JsonField::required(std::string_view key) const {
  if (auto found = member(key)) return *found;
  return error("missing required key " + json_quoted(key));
}

JsonField JsonField::element(std::size_t index) const {
  return JsonField((*node_)[index], pointer_ + "/" + std::to_string(index), document_);
}

wmi::Result<std::string> JsonField::string() const {
  if (!node_->is_string()) return error("expected a string, got " + describe_value());
  return node_->get_ref<const std::string&>();
}

wmi::Result<bool> JsonField::boolean() const {
  if (!node_->is_boolean()) return error("expected true or false, got " + describe_value());
  return node_->get<bool>();
}

wmi::Result<std::uint64_t> JsonField::integer(std::uint64_t min, std::uint64_t max) const {
  const std::string range = "[" + std::to_string(min) + ", " + std::to_string(max) + "]";
  if (node_->is_number_unsigned()) {
    const auto value = node_->get<std::uint64_t>();
    if (value >= min && value <= max) return value;
    return error(std::to_string(value) + " is out of range " + range);
  }
  if (node_->is_number_integer()) return error(describe_value() + " is out of range " + range);
  return error("expected an integer in " + range + ", got " + describe_value());
}

wmi::Result<double> JsonField::number(double min, double max) const {
  if (!node_->is_number()) return error("expected a number, got " + describe_value());
  const auto value = node_->get<double>();
  if (value >= min && value <= max) return value;
  return error(describe_value() + " is out of range [" + Json(min).dump() + ", " +
               Json(max).dump() + "]");
}

wmi::Result<std::uint64_t> JsonField::byte_size(std::uint64_t min, std::uint64_t max) const {
  std::uint64_t value = 0;
  if (node_->is_string()) {
    auto parsed = parse_byte_size(node_->get_ref<const std::string&>());
    if (!parsed.ok()) return error(parsed.status().message());
    value = *parsed;
  } else if (node_->is_number_unsigned()) {
    value = node_->get<std::uint64_t>();
  } else {
    return error("expected a byte size (an integer or a string such as \"64GiB\"), got " +
                 describe_value());
  }
  if (value < min || value > max) {
    return error(format_byte_size(value) + " is out of range [" + format_byte_size(min) + ", " +
                 format_byte_size(max) + "]");
  }
  return value;
}

}  // namespace sim::control
