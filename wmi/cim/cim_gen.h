// RapidCheck generators for the CIM vocabulary (test-only). Strings are hostile on purpose: quotes,
// backslashes, XML metacharacters, "]]>", non-ASCII UTF-8, control characters, empty, up to 64 KiB.
// Numbers cover each type's full range with extra weight on the boundaries. Reals include ±0, ±inf,
// denormals and the canonical quiet NaN (NaN payloads cannot survive text encodings).
#pragma once

#include <rapidcheck.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "wmi/cim/cim_name.h"
#include "wmi/cim/cim_value.h"
#include "wmi/cim/instance.h"

namespace wmi::gen {

// One UTF-8 encoded code point from a hostile mix (ASCII metacharacters, controls, 2/3/4-byte
// forms).
inline rc::Gen<std::string> hostile_char() {
  return rc::gen::weightedOneOf<std::string>({
      {6, rc::gen::map(rc::gen::inRange<int>(0x20, 0x7f),
                       [](int c) { return std::string(1, char(c)); })},
      {4, rc::gen::element<std::string>("\"", "\\", "'", "<", ">", "&", "]]>", ";", "=", ",", ":",
                                        ".", "@", "{", "}", "/", "*", " ")},
      {1, rc::gen::map(rc::gen::inRange<int>(0x00, 0x20),
                       [](int c) { return std::string(1, char(c)); })},
      {1, rc::gen::element<std::string>("\x7f", "\t", "\n", "\r", "\r\n")},
      {2, rc::gen::element<std::string>("\xc3\xa9", "\xc3\x9f", "\xe2\x82\xac", "\xe6\x97\xa5",
                                        "\xef\xbb\xbf", "\xef\xbf\xbd", "\xf0\x9f\x98\x80")},
  });
}

// Hostile text: usually short, sometimes empty, rarely up to 64 KiB.
inline rc::Gen<std::string> hostile_string() {
  auto joined = [](const std::vector<std::string>& parts) {
    std::string s;
    for (const auto& p : parts) s += p;
    return s;
  };
  return rc::gen::weightedOneOf<std::string>({
      {1, rc::gen::just(std::string())},
      {20, rc::gen::map(rc::gen::container<std::vector<std::string>>(hostile_char()), joined)},
      {1, rc::gen::map(rc::gen::inRange<std::size_t>(1024, 64 * 1024 + 1),
                       [](std::size_t n) { return std::string(n, '"') + "]]><&\\"; })},
  });
}

// A CIM identifier: [A-Za-z_][A-Za-z0-9_]*.
inline rc::Gen<std::string> identifier() {
  return rc::gen::exec([] {
    const std::string first = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_";
    const std::string rest = first + "0123456789";
    std::string s(1, first[*rc::gen::inRange<std::size_t>(0, first.size())]);
    const auto n = *rc::gen::inRange<std::size_t>(0, 24);
    for (std::size_t i = 0; i < n; ++i) s += rest[*rc::gen::inRange<std::size_t>(0, rest.size())];
    return s;
  });
}

// Full range of an integer type, boundaries weighted.
template <typename T>
rc::Gen<T> full_range() {
  using L = std::numeric_limits<T>;
  return rc::gen::weightedOneOf<T>({
      {3, rc::gen::arbitrary<T>()},
      {3, rc::gen::inRange<T>(L::min(), L::max())},
      {1, rc::gen::element<T>(L::min(), L::max(), T{0}, T{1}, static_cast<T>(L::max() - 1))},
  });
}

template <typename T>
rc::Gen<T> any_real() {
  using L = std::numeric_limits<T>;
  return rc::gen::weightedOneOf<T>({
      {4, rc::gen::arbitrary<T>()},
      {1, rc::gen::element<T>(T{0}, -T{0}, L::infinity(), -L::infinity(), L::quiet_NaN(),
                              L::denorm_min(), -L::denorm_min(), L::min(), L::max(), L::lowest(),
                              L::epsilon(), T(0.1), T(1) / T(3))},
  });
}

inline rc::Gen<Datetime> datetime() {
  using namespace std::chrono;
  // Days from 0000-01-01 to 1970-01-01, and from 0000-01-01 to 10000-01-01, in the proleptic
  // Gregorian calendar (400-year cycles of 146,097 days).
  constexpr std::int64_t kYear0ToEpochDays = 719528;
  constexpr std::int64_t kYearsZeroTo9999Days = 146097 * 25;
  constexpr std::int64_t kDayUs = 86400LL * 1000000;
  return rc::gen::oneOf(
      rc::gen::map(rc::gen::tuple(rc::gen::inRange<std::int64_t>(0, kYearsZeroTo9999Days * kDayUs),
                                  rc::gen::inRange<int>(-999, 1000)),
                   [](const auto& t) {
                     const TimePoint local{
                         Microseconds(std::get<0>(t) - kYear0ToEpochDays * kDayUs)};
                     return Datetime(Timestamp{local, static_cast<std::int16_t>(std::get<1>(t))});
                   }),
      rc::gen::map(rc::gen::inRange<std::int64_t>(0, 100000000LL * 86400 * 1000000),
                   [](std::int64_t us) { return Datetime(Interval{Microseconds(us)}); }));
}

// An object path in one of the Hyper-V namespaces; `depth` > 0 allows reference-valued keys.
inline rc::Gen<ObjectPath> object_path(int depth = 1) {
  return rc::gen::exec([depth] {
    ObjectPath p;
    if (*rc::gen::arbitrary<bool>()) {
      p.host = *rc::gen::element<std::string>("HOST", "hv-01.contoso.local", "127.0.0.1", ".");
    }
    p.namespace_name = *rc::gen::element<std::string>("root/virtualization/v2",
                                                      "root/HyperVCluster/v2", "root/cimv2");
    p.class_name = *identifier();
    const auto names = *rc::gen::uniqueBy<std::vector<std::string>>(
        *rc::gen::inRange<std::size_t>(0, 4), identifier(),
        [](const std::string& s) { return ascii_lowered(s); });
    for (const auto& name : names) {
      const int kind = *rc::gen::inRange(0, depth > 0 ? 5 : 4);
      KeyValue v;
      switch (kind) {
        case 0:
          v = *hostile_string();
          break;
        case 1:
          v = *full_range<std::uint64_t>();
          break;
        case 2:
          v = *rc::gen::inRange<std::int64_t>(std::numeric_limits<std::int64_t>::min(), 0);
          break;
        case 3:
          v = *rc::gen::arbitrary<bool>();
          break;
        default: {
          // A reference key names an instance: keys, or the singleton when there are none.
          ObjectPath target = *object_path(depth - 1);
          target.singleton = target.keys.empty();
          v = ReferenceKey{std::make_shared<ObjectPath>(std::move(target))};
          break;
        }
      }
      p.keys.push_back(KeyBinding{name, std::move(v)});
    }
    p.singleton = p.keys.empty() && *rc::gen::arbitrary<bool>();
    return p;
  });
}

rc::Gen<Instance> instance(int depth = 1);

// One element of `type`.
inline rc::Gen<CimElement> element_of(CimType type, int depth = 1) {
  switch (type) {
    case CimType::kBoolean:
      return rc::gen::cast<CimElement>(rc::gen::arbitrary<bool>());
    case CimType::kUint8:
      return rc::gen::cast<CimElement>(full_range<std::uint8_t>());
    case CimType::kSint8:
      return rc::gen::cast<CimElement>(full_range<std::int8_t>());
    case CimType::kUint16:
      return rc::gen::cast<CimElement>(full_range<std::uint16_t>());
    case CimType::kSint16:
      return rc::gen::cast<CimElement>(full_range<std::int16_t>());
    case CimType::kUint32:
      return rc::gen::cast<CimElement>(full_range<std::uint32_t>());
    case CimType::kSint32:
      return rc::gen::cast<CimElement>(full_range<std::int32_t>());
    case CimType::kUint64:
      return rc::gen::cast<CimElement>(full_range<std::uint64_t>());
    case CimType::kSint64:
      return rc::gen::cast<CimElement>(full_range<std::int64_t>());
    case CimType::kReal32:
      return rc::gen::cast<CimElement>(any_real<float>());
    case CimType::kReal64:
      return rc::gen::cast<CimElement>(any_real<double>());
    case CimType::kChar16:
      return rc::gen::map(full_range<std::uint16_t>(),
                          [](std::uint16_t c) { return CimElement(char16_t(c)); });
    case CimType::kString:
      return rc::gen::cast<CimElement>(hostile_string());
    case CimType::kDatetime:
      return rc::gen::cast<CimElement>(datetime());
    case CimType::kReference:
      return rc::gen::cast<CimElement>(object_path(depth));
    case CimType::kInstance:
      return rc::gen::map(instance(depth - 1), [](Instance i) {
        return CimElement(EmbeddedInstance{std::make_shared<const Instance>(std::move(i))});
      });
  }
  return rc::gen::just(CimElement(std::string()));
}

// Any value: null, scalar or array, of any type (embedded instances only while depth > 0).
inline rc::Gen<CimValue> value(int depth = 1) {
  return rc::gen::exec([depth] {
    const int last = depth > 0 ? kCimTypeCount - 1 : kCimTypeCount - 2;
    const auto type = static_cast<CimType>(*rc::gen::inRange(0, last + 1));
    const int shape = *rc::gen::inRange(0, 5);  // 0 null, 1-2 scalar, 3-4 array
    if (shape == 0) return CimValue::null(type, *rc::gen::arbitrary<bool>());
    if (shape <= 2) return CimValue(*element_of(type, depth));
    auto elements =
        *rc::gen::resize(8, rc::gen::container<std::vector<CimElement>>(element_of(type, depth)));
    return std::move(CimValue::array(type, std::move(elements))).value();
  });
}

// An embedded-style instance (no namespace, no path) with uniquely named properties.
inline rc::Gen<Instance> instance(int depth) {
  return rc::gen::exec([depth] {
    const auto names = *rc::gen::uniqueBy<std::vector<std::string>>(
        *rc::gen::inRange<std::size_t>(0, 8), identifier(),
        [](const std::string& s) { return ascii_lowered(s); });
    PropertyList props;
    for (const auto& name : names) props.push_back(Property{name, *value(depth)});
    return Instance(*identifier(), "", std::move(props));
  });
}

// A malformed variant of `valid` for "bad input returns a Status, never crashes" properties: a
// truncation, or one to three edits (delete, insert or replace a character with a hostile one,
// duplicate a span). The result may still be valid by chance; properties must allow for that.
inline rc::Gen<std::string> mutation_of(std::string valid) {
  return rc::gen::exec([valid = std::move(valid)] {
    std::string s = valid;
    if (*rc::gen::inRange(0, 4) == 0) {
      return s.substr(0, *rc::gen::inRange<std::size_t>(0, s.size() + 1));
    }
    const int edits = *rc::gen::inRange(1, 4);
    for (int i = 0; i < edits; ++i) {
      const std::size_t at = *rc::gen::inRange<std::size_t>(0, s.size() + 1);
      const std::size_t end = std::min(s.size(), at + 1);
      switch (*rc::gen::inRange(0, 4)) {
        case 0:
          s.erase(at, end - at);
          break;
        case 1:
          s.insert(at, *hostile_char());
          break;
        case 2:
          s.replace(at, end - at, *hostile_char());
          break;
        default:
          s.insert(at, s.substr(at, *rc::gen::inRange<std::size_t>(0, 16)));
          break;
      }
    }
    return s;
  });
}

}  // namespace wmi::gen
