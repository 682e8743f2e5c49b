#include "conformance/oracle/profile_expectations.h"

#include <nlohmann/json.hpp>

#include <limits>
#include <utility>

namespace conformance::oracle {
namespace {

using nlohmann::json;

wmi::Status bad(std::string_view key, std::string_view what) {
  return wmi::invalid_argument("profile: " + std::string(key) + ": " + std::string(what));
}

// Reads an unsigned integer no larger than `max` into `out`.
template <typename T>
wmi::Status read_unsigned(const json& v, std::string_view key, T& out) {
  if (!v.is_number_unsigned() || v.get<std::uint64_t>() > std::numeric_limits<T>::max()) {
    return bad(
        key, "expected an unsigned integer up to " + std::to_string(std::numeric_limits<T>::max()));
  }
  out = static_cast<T>(v.get<std::uint64_t>());
  return {};
}

// Reads a string that must be one of the pairs' names.
template <typename E, std::size_t N>
wmi::Status read_named(const json& v, std::string_view key,
                       const std::pair<std::string_view, E> (&names)[N], E& out) {
  std::string allowed;
  if (v.is_string()) {
    for (const auto& [name, value] : names) {
      if (v.get<std::string>() == name) {
        out = value;
        return {};
      }
    }
  }
  for (const auto& [name, value] : names)
    allowed += (allowed.empty() ? "" : ", ") + std::string(name);
  return bad(key, "expected one of " + allowed);
}

constexpr std::pair<std::string_view, VsTypeEncoding> kEncodings[] = {
    {"log0-rct1", VsTypeEncoding::kLog0Rct1}, {"log1-rct2", VsTypeEncoding::kLog1Rct2}};
constexpr std::pair<std::string_view, ConsistencyOrder> kOrders[] = {
    {"crash1-app2", ConsistencyOrder::kCrash1App2}, {"app1-crash2", ConsistencyOrder::kApp1Crash2}};
constexpr std::pair<std::string_view, bool> kSuccessDeliveries[] = {{"immediate", false},
                                                                    {"job", true}};
constexpr std::pair<std::string_view, bool> kErrorDeliveries[] = {{"immediate", false},
                                                                  {"failed-job", true}};

wmi::Status read_delivery(const json& v, const std::string& key, Delivery& out) {
  if (!v.is_object()) return bad(key, "expected an object with \"success\" and \"error\"");
  if (!v.contains("success")) return bad(key + ".success", "missing");
  if (!v.contains("error")) return bad(key + ".error", "missing");
  if (wmi::Status s =
          read_named(v["success"], key + ".success", kSuccessDeliveries, out.success_via_job);
      !s.ok()) {
    return s;
  }
  return read_named(v["error"], key + ".error", kErrorDeliveries, out.error_via_failed_job);
}

wmi::Status read_method_delivery(const json& v, std::string_view key, ProfileExpectations& out) {
  if (!v.is_object()) return bad(key, "expected an object of method -> delivery");
  for (const auto& [method, delivery] : v.items()) {
    const std::string item_key = std::string(key) + "." + method;
    Delivery d;
    if (wmi::Status s = read_delivery(delivery, item_key, d); !s.ok()) return s;
    if (method == "default") {
      out.default_delivery = d;
    } else {
      out.method_delivery[method] = d;
    }
  }
  return {};
}

wmi::Status read_job_timing(const json& v, std::string_view key, JobTiming& out) {
  if (!v.is_object()) return bad(key, "expected an object with polls, virtual_ms, jitter_ms");
  const std::string k(key);
  for (const char* field : {"polls", "virtual_ms", "jitter_ms"}) {
    if (!v.contains(field)) return bad(k + "." + field, "missing");
  }
  if (wmi::Status s = read_unsigned(v["polls"], k + ".polls", out.polls); !s.ok()) return s;
  if (wmi::Status s = read_unsigned(v["virtual_ms"], k + ".virtual_ms", out.virtual_ms); !s.ok()) {
    return s;
  }
  return read_unsigned(v["jitter_ms"], k + ".jitter_ms", out.jitter_ms);
}

// "64KiB", "1MiB", "4096B" or a plain integer of bytes; a power of two.
wmi::Status read_granularity(const json& v, std::string_view key, std::uint64_t& out) {
  std::uint64_t bytes = 0;
  if (v.is_number_unsigned()) {
    bytes = v.get<std::uint64_t>();
  } else if (v.is_string()) {
    const std::string text = v.get<std::string>();
    std::size_t digits = 0;
    while (digits < text.size() && digits < 12 && text[digits] >= '0' && text[digits] <= '9') {
      ++digits;
    }
    const std::string unit = text.substr(digits);
    std::uint64_t scale = unit == "B" ? 1 : unit == "KiB" ? 1024 : unit == "MiB" ? 1024 * 1024 : 0;
    if (digits == 0 || scale == 0) return bad(key, "expected a size such as \"64KiB\"");
    bytes = std::stoull(text.substr(0, digits)) * scale;
  } else {
    return bad(key, "expected a size such as \"64KiB\"");
  }
  if (bytes == 0 || (bytes & (bytes - 1)) != 0) return bad(key, "expected a power of two");
  out = bytes;
  return {};
}

// Reads one known setting into `out`; nullopt when this reader does not know `key`.
std::optional<wmi::Status> read_setting(const std::string& key, const json& value,
                                        ProfileExpectations& out) {
  if (key == "vs_reference_point.type_encoding") {
    return read_named(value, key, kEncodings, out.vs_type_encoding);
  }
  if (key == "reference_point_collection.consistency_level_order") {
    return read_named(value, key, kOrders, out.collection_consistency_order);
  }
  if (key == "method.delivery") return read_method_delivery(value, key, out);
  if (key == "job.duration") return read_job_timing(value, key, out.job_timing);
  if (key == "job.time_before_removal_ms") {
    return read_unsigned(value, key, out.time_before_removal_ms);
  }
  if (key == "job.success_state") return read_unsigned(value, key, out.job_success_state);
  if (key == "rct.granularity") return read_granularity(value, key, out.rct_granularity_bytes);
  if (key == "rct.max_ranges_per_call") {
    return read_unsigned(value, key, out.rct_max_ranges_per_call);
  }
  if (key == "reference_point.limit_per_vm") {
    return read_unsigned(value, key, out.reference_point_limit_per_vm);
  }
  if (key.find(".code.") != std::string::npos) {
    std::uint16_t code = 0;  // every ReturnValue ValueMap ends at 65535
    if (wmi::Status s = read_unsigned(value, key, code); !s.ok()) return s;
    out.codes[key] = code;
    return wmi::Status();
  }
  return std::nullopt;
}

}  // namespace

Delivery ProfileExpectations::delivery_for(std::string_view method) const {
  auto it = method_delivery.find(std::string(method));
  return it == method_delivery.end() ? default_delivery : it->second;
}

std::optional<std::uint32_t> ProfileExpectations::code(std::string_view key) const {
  auto it = codes.find(std::string(key));
  if (it == codes.end()) return std::nullopt;
  return it->second;
}

bool ProfileExpectations::is_guess(std::string_view key) const {
  auto it = evidence.find(std::string(key));
  return it != evidence.end() && it->second == "guess";
}

std::uint16_t ProfileExpectations::vs_log_type() const {
  return vs_type_encoding == VsTypeEncoding::kLog0Rct1 ? 0 : 1;
}

std::uint16_t ProfileExpectations::vs_rct_type() const {
  return vs_type_encoding == VsTypeEncoding::kLog0Rct1 ? 1 : 2;
}

wmi::Result<ProfileExpectations> parse_profile_expectations(std::string_view json_text) {
  const json doc = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return wmi::invalid_argument("profile: not valid JSON");
  if (!doc.is_object() || !doc.contains("settings") || !doc["settings"].is_object()) {
    return bad("settings", "expected an object of key -> {\"value\": ...}");
  }
  ProfileExpectations out;
  for (const auto& [key, setting] : doc["settings"].items()) {
    const bool has_value = setting.is_object() && setting.contains("value");
    std::optional<wmi::Status> s = read_setting(key, has_value ? setting["value"] : json(), out);
    if (!s) continue;  // a key the spec does not define: ignored
    if (!has_value) return bad(key, "expected an object with a \"value\"");
    if (!s->ok()) return *s;
    if (setting.contains("evidence")) {
      if (!setting["evidence"].is_string()) return bad(key + ".evidence", "expected a string");
      out.evidence[key] = setting["evidence"].get<std::string>();
    } else {
      out.evidence[key] = "guess";  // a setting without evidence rests on nothing documented
    }
  }
  return out;
}

}  // namespace conformance::oracle
