// Strict JSON reading shared by the profile, fault-rule and inventory loaders: these files are
// written by hand, so every mistake must come back as one clear line naming the place (a JSON
// pointer) and the problem, never as an exception and never silently ignored.
//
// parse_strict_json rejects what nlohmann::json would otherwise accept quietly: duplicate keys in
// an object (the later one would win), and nesting deeper than kMaxJsonDepth (no loader needs more;
// the limit bounds the work done on hostile input). JsonField is a read-only cursor (a node plus
// its pointer) whose typed accessors check the type and range before reading, so nothing here
// throws. Messages read "<document> at <pointer>: <problem>", e.g.
//   profile at /settings/rct.granularity/value: 3000 is not a power of two
// Thread-safety: pure functions; a JsonField reads a Json that must outlive it.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "wmi/cim/status.h"

namespace sim::control {

// Insertion-ordered, so files are read and written in the order people write them.
using Json = nlohmann::ordered_json;

inline constexpr int kMaxJsonDepth = 32;

// Parses `text`. Fails with kInvalidArgument "<document>: not valid JSON: ..." (with the byte
// position), "<document> at <pointer>: duplicate key ..." or "... nested deeper than 32 levels".
wmi::Result<Json> parse_strict_json(std::string_view text, std::string_view document);

// A name and the value it stands for, for JsonField::choice and the writers.
template <typename E>
struct Named {
  std::string_view name;
  E value;
};

// The name of `value` in `names`; "" when absent.
template <typename E>
std::string_view name_of(std::span<const Named<E>> names, E value) {
  for (const auto& n : names) {
    if (n.value == value) return n.name;
  }
  return {};
}

class JsonField {
 public:
  // The document's root; `document` names it in messages ("profile", "inventory", ...).
  JsonField(const Json& root, std::string_view document) : node_(&root), document_(document) {}

  const Json& node() const { return *node_; }
  // RFC 6901 pointer of this node; "" is the root.
  const std::string& pointer() const { return pointer_; }

  // kInvalidArgument "<document> at <pointer>: <problem>" (pointer "/" for the root).
  wmi::Status error(std::string_view problem) const;

  // Fails unless this is an object whose every key is in `allowed` (message lists them).
  wmi::Status expect_object(std::initializer_list<std::string_view> allowed) const;
  // Fails unless this is an object (any keys).
  wmi::Status expect_any_object() const;
  // Fails unless this is an array.
  wmi::Status expect_array() const;

  // The member `key` of an object, if present. Precondition: this is an object.
  std::optional<JsonField> member(std::string_view key) const;
  // The member `key`; fails "missing required key" when absent. Precondition: this is an object.
  wmi::Result<JsonField> required(std::string_view key) const;
  // Element `index` of an array. Precondition: this is an array and index < size().
  JsonField element(std::size_t index) const;
  // Members of an object, or elements of an array.
  std::size_t size() const { return node_->size(); }

  wmi::Result<std::string> string() const;
  wmi::Result<bool> boolean() const;
  // An integer (no fraction, no exponent form) within [min, max].
  wmi::Result<std::uint64_t> integer(std::uint64_t min, std::uint64_t max) const;
  // Any number within [min, max].
  wmi::Result<double> number(double min, double max) const;
  // A byte count, as a JSON integer or a byte_size.h string ("64KiB"), within [min, max].
  wmi::Result<std::uint64_t> byte_size(std::uint64_t min, std::uint64_t max) const;
  // One of `names`, written as its name.
  template <typename E>
  wmi::Result<E> choice(std::span<const Named<E>> names) const {
    auto text = string();
    if (!text.ok()) return text.status();
    for (const auto& n : names) {
      if (n.name == *text) return n.value;
    }
    std::string expected;
    for (const auto& n : names)
      expected += (expected.empty() ? "\"" : ", \"") + std::string(n.name) + "\"";
    return error("\"" + *text + "\" is not one of " + expected);
  }

 private:
  JsonField(const Json& node, std::string pointer, std::string_view document)
      : node_(&node), pointer_(std::move(pointer)), document_(document) {}
  // "a string", "the number 4.5", ... for "expected X, got Y" messages.
  std::string describe_value() const;

  const Json* node_;
  std::string pointer_;
  std::string_view document_;
};

}  // namespace sim::control
