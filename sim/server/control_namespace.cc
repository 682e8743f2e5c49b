#include "sim/server/control_namespace.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <limits>
#include <span>
#include <string>
#include <utility>
#include <variant>

#include "sim/control/clock.h"
#include "sim/control/fault_rules_json.h"
#include "sim/host/argument_typing.h"
#include "sim/host/class_def.h"
#include "sim/host/wql/wql_parser.h"
#include "sim/host/wsman_faults.h"
#include "wmi/cim/cim_name.h"
#include "wmi/cim/dmtf_datetime.h"

namespace sim::server {

namespace {

using wmi::CimType;
using wmi::CimValue;

// ---------------------------------------------------------------------------------------------
// Base64 (RFC 4648 §4, standard alphabet, padded), strictly: no spaces or line breaks, '=' only
// as the final one or two characters, and the unused bits of the last character zero — so every
// byte sequence has exactly one accepted text.

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64_encode(std::span<const std::byte> bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const auto v = (std::to_integer<std::uint32_t>(bytes[i]) << 16) |
                   (std::to_integer<std::uint32_t>(bytes[i + 1]) << 8) |
                   std::to_integer<std::uint32_t>(bytes[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    std::uint32_t v = std::to_integer<std::uint32_t>(bytes[i]) << 16;
    if (rest == 2) v |= std::to_integer<std::uint32_t>(bytes[i + 1]) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += rest == 2 ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

int sextet(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

std::string shown(char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x21 && byte < 0x7F) return fmt::format("'{}'", c);
  return fmt::format("byte 0x{:02X}", byte);
}

// The bytes `text` encodes; the reason otherwise (for a w:InvalidParameter message).
std::variant<std::vector<std::byte>, std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) {
    return fmt::format("{} characters is not a multiple of 4 (padded base64, RFC 4648)",
                       text.size());
  }
  std::size_t padding = 0;
  if (!text.empty() && text.back() == '=') padding = text[text.size() - 2] == '=' ? 2 : 1;
  std::vector<std::byte> out;
  out.reserve(text.size() / 4 * 3 - padding);
  const std::size_t data_chars = text.size() - padding;
  std::uint32_t bits = 0;
  int bit_count = 0;
  for (std::size_t i = 0; i < data_chars; ++i) {
    const int v = sextet(text[i]);
    if (v < 0) {
      return fmt::format(
          "{} at offset {} is not a base64 character (A-Z a-z 0-9 + / and final "
          "'=' padding only; no spaces or line breaks)",
          shown(text[i]), i);
    }
    bits = (bits << 6) | static_cast<std::uint32_t>(v);
    bit_count += 6;
    if (bit_count >= 8) {
      bit_count -= 8;
      out.push_back(static_cast<std::byte>((bits >> bit_count) & 0xFF));
    }
  }
  // What remains are the unused low bits of the last character: 2 (one '=') or 4 (two).
  if (bit_count > 0 && (bits & ((1u << bit_count) - 1)) != 0) {
    return fmt::format(
        "the character before the padding at offset {} has non-zero unused bits "
        "(not the canonical encoding)",
        data_chars - 1);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The classes.

constexpr std::string_view kDiskIo = "HvSim_DiskIo";
constexpr std::string_view kHost = "HvSim_Host";
constexpr std::string_view kClock = "HvSim_Clock";
constexpr std::string_view kFaultRules = "HvSim_FaultRules";

// What a control method works with: the host, its clock and the crash counter.
struct Context {
  host::Host& host;
  control::ScaledClock& clock;
  std::atomic<std::uint64_t>& crashes;
};

// The typed in-parameters of a call (argument_typing.h), in declaration order.
struct Args {
  std::string_view class_name;
  std::string_view method;
  const wmi::PropertyList& typed;

  // A required parameter's value; w:InvalidParameter when the caller left it out (or sent null).
  wmi::Result<const CimValue*> required(std::string_view name) const {
    const CimValue* value = wmi::find_property(typed, name);
    if (value == nullptr || value->is_null()) {
      return host::invalid_parameter(
          fmt::format("{}.{}: parameter {} is required", class_name, method, name));
    }
    return value;
  }
  wmi::Result<std::string> string(std::string_view name) const {
    auto value = required(name);
    if (!value.ok()) return value.status();
    // Typing keeps an embedded instance given for a string parameter as it came.
    const std::string* text = (*value)->as_string();
    if (text == nullptr) return refuse(name, "an embedded instance is not a valid string");
    return *text;
  }
  wmi::Result<std::uint64_t> uint(std::string_view name) const {
    auto value = required(name);
    if (!value.ok()) return value.status();
    return *(*value)->as_uint();
  }
  wmi::Status refuse(std::string_view name, const std::string& why) const {
    return host::invalid_parameter(
        fmt::format("{}.{}: parameter {}: {}", class_name, method, name, why));
  }
};

using Handler = wmi::Result<wmi::PropertyList> (*)(Context&, const Args&, std::uint32_t& code);

struct ControlMethod {
  std::string_view name;
  std::span<const host::ParamSpec> params;
  // Fills the out-parameters it sets and the ReturnValue (`code`, 0 unless it sets one); a
  // Status when the call is refused before anything happens (w:InvalidParameter).
  Handler handler;
};

struct ControlClass {
  std::string_view name;
  std::span<const ControlMethod> methods;
};

constexpr host::ParamSpec in(std::string_view name, CimType type) {
  return host::ParamSpec{name, type, true, false, false};
}
constexpr host::ParamSpec out(std::string_view name, CimType type) {
  return host::ParamSpec{name, type, false, true, false};
}

constexpr host::ParamSpec kErrorOut = out("Error", CimType::kString);

// The ReturnValue and Error for a refused DataPlane or clock call.
std::uint32_t code_of(const wmi::Status& status) {
  switch (status.kind()) {
    case wmi::StatusKind::kNotFound:
      return kControlNotFound;
    case wmi::StatusKind::kInvalidArgument:
      return kControlInvalidParameter;
    default:
      return kControlFailed;
  }
}

// The out-parameters of a call that ended with `status`: nothing (code 0) or Error.
wmi::PropertyList ended(const wmi::Status& status, std::uint32_t& code) {
  if (status.ok()) return {};
  code = code_of(status);
  return {{"Error", CimValue(status.message())}};
}

// Data: base64 text, decoded and bounded.
wmi::Result<std::vector<std::byte>> data_argument(const Args& args) {
  auto text = args.string("Data");
  if (!text.ok()) return text.status();
  // Refuse an oversized payload before decoding it.
  if (text->size() / 4 * 3 > kMaxTransferBytes + 2) {
    return args.refuse("Data", fmt::format("carries more than {} bytes (16 MiB), the most one "
                                           "call takes",
                                           kMaxTransferBytes));
  }
  auto decoded = base64_decode(*text);
  if (auto* why = std::get_if<std::string>(&decoded)) return args.refuse("Data", *why);
  auto bytes = std::get<std::vector<std::byte>>(std::move(decoded));
  if (bytes.size() > kMaxTransferBytes) {
    return args.refuse("Data", fmt::format("carries {} bytes, more than {} (16 MiB), the most "
                                           "one call takes",
                                           bytes.size(), kMaxTransferBytes));
  }
  return bytes;
}

// --- HvSim_DiskIo

constexpr host::ParamSpec kWriteParams[] = {in("Disk", CimType::kString),
                                            in("Offset", CimType::kUint64),
                                            in("Data", CimType::kString), kErrorOut};
constexpr host::ParamSpec kWriteZeroesParams[] = {in("Disk", CimType::kString),
                                                  in("Offset", CimType::kUint64),
                                                  in("Length", CimType::kUint64), kErrorOut};
constexpr host::ParamSpec kReadParams[] = {
    in("Disk", CimType::kString), in("Offset", CimType::kUint64), in("Length", CimType::kUint64),
    out("Data", CimType::kString), kErrorOut};
constexpr host::ParamSpec kResizeParams[] = {in("Disk", CimType::kString),
                                             in("NewSize", CimType::kUint64), kErrorOut};

template <wmi::Status (host::Host::*Write)(std::string_view, std::uint64_t,
                                           std::span<const std::byte>)>
wmi::Result<wmi::PropertyList> write_like(Context& c, const Args& args, std::uint32_t& code) {
  auto disk = args.string("Disk");
  if (!disk.ok()) return disk.status();
  auto offset = args.uint("Offset");
  if (!offset.ok()) return offset.status();
  auto data = data_argument(args);
  if (!data.ok()) return data.status();
  return ended((c.host.*Write)(*disk, *offset, *data), code);
}

wmi::Result<wmi::PropertyList> write_zeroes(Context& c, const Args& args, std::uint32_t& code) {
  auto disk = args.string("Disk");
  if (!disk.ok()) return disk.status();
  auto offset = args.uint("Offset");
  if (!offset.ok()) return offset.status();
  auto length = args.uint("Length");
  if (!length.ok()) return length.status();
  return ended(c.host.write_zeroes(*disk, *offset, *length), code);
}

wmi::Result<wmi::PropertyList> read(Context& c, const Args& args, std::uint32_t& code) {
  auto disk = args.string("Disk");
  if (!disk.ok()) return disk.status();
  auto offset = args.uint("Offset");
  if (!offset.ok()) return offset.status();
  auto length = args.uint("Length");
  if (!length.ok()) return length.status();
  if (*length > kMaxTransferBytes) {
    return args.refuse("Length", fmt::format("{} is more than {} (16 MiB), the most one Read "
                                             "returns; read in pieces",
                                             *length, kMaxTransferBytes));
  }
  auto bytes = c.host.read(*disk, *offset, *length);
  if (!bytes.ok()) return ended(bytes.status(), code);
  return wmi::PropertyList{{"Data", CimValue(base64_encode(*bytes))}};
}

wmi::Result<wmi::PropertyList> resize(Context& c, const Args& args, std::uint32_t& code) {
  auto disk = args.string("Disk");
  if (!disk.ok()) return disk.status();
  auto size = args.uint("NewSize");
  if (!size.ok()) return size.status();
  return ended(c.host.resize(*disk, *size), code);
}

constexpr ControlMethod kDiskIoMethods[] = {
    {"Write", kWriteParams, &write_like<&host::Host::write>},
    {"WriteZeroes", kWriteZeroesParams, &write_zeroes},
    {"Read", kReadParams, &read},
    {"Resize", kResizeParams, &resize},
    {"ModifyOffline", kWriteParams, &write_like<&host::Host::modify_offline>},
};

// --- HvSim_Host

constexpr host::ParamSpec kCrashParams[] = {kErrorOut};

wmi::Result<wmi::PropertyList> crash(Context& c, const Args&, std::uint32_t& code) {
  const wmi::Status status = c.host.crash_host();
  if (status.ok()) c.crashes.fetch_add(1, std::memory_order_relaxed);
  return ended(status, code);
}

constexpr ControlMethod kHostMethods[] = {{"Crash", kCrashParams, &crash}};

// --- HvSim_Clock

constexpr host::ParamSpec kNowParams[] = {out("Now", CimType::kDatetime), kErrorOut};
constexpr host::ParamSpec kAdvanceParams[] = {in("Milliseconds", CimType::kUint64),
                                              out("Now", CimType::kDatetime), kErrorOut};

CimValue timestamp(wmi::TimePoint t) { return CimValue(wmi::Datetime(wmi::timestamp_from_utc(t))); }

wmi::Result<wmi::PropertyList> now(Context& c, const Args&, std::uint32_t&) {
  return wmi::PropertyList{{"Now", timestamp(c.clock.now())}};
}

wmi::Result<wmi::PropertyList> advance(Context& c, const Args& args, std::uint32_t& code) {
  auto ms = args.uint("Milliseconds");
  if (!ms.ok()) return ms.status();
  // More than int64 microseconds holds cannot fit before year 10000 either; the clock refuses
  // the rest (the only refusal a non-negative duration can get).
  constexpr std::uint64_t kMaxMilliseconds =
      static_cast<std::uint64_t>(std::numeric_limits<wmi::Microseconds::rep>::max() / 1000);
  const bool fits = *ms <= kMaxMilliseconds &&
                    c.clock.advance(std::chrono::milliseconds(*ms), control::kLatestInstant).ok();
  const wmi::Status status =
      fits ? wmi::Status()
           : wmi::invalid_argument(fmt::format(
                 "advancing by {} ms would pass 9999-12-31T23:59:59.999999Z, the last instant a "
                 "CIM datetime can hold",
                 *ms));
  wmi::PropertyList result = ended(status, code);
  result.push_back({"Now", timestamp(c.clock.now())});
  return result;
}

constexpr ControlMethod kClockMethods[] = {{"Now", kNowParams, &now},
                                           {"Advance", kAdvanceParams, &advance}};

// --- HvSim_FaultRules

constexpr host::ParamSpec kInstallParams[] = {in("Rules", CimType::kString),
                                              out("RuleCount", CimType::kUint32), kErrorOut};
constexpr host::ParamSpec kClearParams[] = {kErrorOut};

wmi::Result<wmi::PropertyList> install(Context& c, const Args& args, std::uint32_t&) {
  auto text = args.string("Rules");
  if (!text.ok()) return text.status();
  auto rule_set = control::load_fault_rules(*text);
  if (!rule_set.ok()) return args.refuse("Rules", rule_set.status().message());
  const auto count = static_cast<std::uint32_t>(rule_set->rules.size());
  auto plan = control::FaultPlan::create(std::move(rule_set->rules));
  if (!plan.ok()) return args.refuse("Rules", plan.status().message());
  c.host.set_faults(std::move(*plan));
  return wmi::PropertyList{{"RuleCount", CimValue(count)}};
}

wmi::Result<wmi::PropertyList> clear(Context& c, const Args&, std::uint32_t&) {
  c.host.set_faults(control::FaultPlan());
  return wmi::PropertyList{};
}

constexpr ControlMethod kFaultRuleMethods[] = {{"Install", kInstallParams, &install},
                                               {"Clear", kClearParams, &clear}};

constexpr ControlClass kClasses[] = {
    {kDiskIo, kDiskIoMethods},
    {kHost, kHostMethods},
    {kClock, kClockMethods},
    {kFaultRules, kFaultRuleMethods},
};

const ControlClass* find_class(std::string_view name) {
  for (const ControlClass& c : kClasses) {
    if (wmi::iequals(c.name, name)) return &c;
  }
  return nullptr;
}

wmi::Status unknown_class(std::string_view name) {
  return wmi::not_found(
      fmt::format("class {} does not exist in {}", name, std::string(kControlNamespace)));
}

// Keyless singletons take no selectors.
wmi::Status check_selectors(const ControlClass& c, const wmi::ObjectPath& path) {
  if (path.keys.empty()) return {};
  std::string names;
  for (const wmi::KeyBinding& key : path.keys) {
    if (!names.empty()) names += ", ";
    names += key.name;
  }
  return host::invalid_selectors(
      fmt::format("{} is a keyless singleton in {}: address it with no selectors (got {})", c.name,
                  kControlNamespace, names));
}

wmi::ObjectPath singleton_path(std::string_view class_name) {
  wmi::ObjectPath path;
  path.namespace_name = std::string(kControlNamespace);
  path.class_name = std::string(class_name);
  path.singleton = true;
  return path;
}

// Every out-parameter of `method`: those `set` holds, the rest null.
wmi::PropertyList out_parameters(const ControlMethod& method, const wmi::PropertyList& set) {
  wmi::PropertyList result;
  for (const host::ParamSpec& param : method.params) {
    if (!param.out) continue;
    const CimValue* value = wmi::find_property(set, param.name);
    result.push_back({std::string(param.name),
                      value != nullptr ? *value : CimValue::null(param.type, param.is_array)});
  }
  return result;
}

}  // namespace

bool is_control_namespace(std::string_view namespace_name) {
  return wmi::iequals(wmi::normalize_namespace(namespace_name), kControlNamespace);
}

wmi::Result<std::unique_ptr<ControlledHost>> ControlledHost::create(
    std::shared_ptr<host::Host> host, std::shared_ptr<control::ScaledClock> clock) {
  if (!host || !clock) {
    return wmi::invalid_argument("control namespace: needs a host and its scaled clock");
  }
  if (static_cast<const control::Clock*>(clock.get()) != &host->clock()) {
    return wmi::invalid_argument(
        "control namespace: the scaled clock is not the host's clock (HostOptions::clock)");
  }
  return std::unique_ptr<ControlledHost>(new ControlledHost(std::move(host), std::move(clock)));
}

ControlledHost::ControlledHost(std::shared_ptr<host::Host> host,
                               std::shared_ptr<control::ScaledClock> clock)
    : host_(std::move(host)), clock_(std::move(clock)) {}

wmi::Instance ControlledHost::instance_of(std::string_view class_name) const {
  wmi::PropertyList properties;
  if (class_name == kDiskIo) {
    properties.push_back({"MaxTransferLength", CimValue(kMaxTransferBytes)});
  } else if (class_name == kHost) {
    properties.push_back({"CrashCount", CimValue(crashes_.load(std::memory_order_relaxed))});
  } else if (class_name == kClock) {
    properties.push_back({"Now", timestamp(clock_->now())});
    properties.push_back({"TimeScale", CimValue(clock_->factor())});
    properties.push_back(
        {"Advanced", CimValue(wmi::Datetime(wmi::interval_from(clock_->advanced())))});
  } else if (class_name == kFaultRules) {
    const std::vector<control::RuleCounters> counters = host_->fault_counters();
    std::vector<wmi::CimElement> matched;
    std::vector<wmi::CimElement> fired;
    for (const control::RuleCounters& c : counters) {
      matched.emplace_back(c.matched);
      fired.emplace_back(c.fired);
    }
    properties.push_back({"RuleCount", CimValue(static_cast<std::uint32_t>(counters.size()))});
    properties.push_back({"Matched", *CimValue::array(CimType::kUint64, std::move(matched))});
    properties.push_back({"Fired", *CimValue::array(CimType::kUint64, std::move(fired))});
  }
  wmi::Instance instance(std::string(class_name), std::string(kControlNamespace),
                         std::move(properties));
  instance.set_path(singleton_path(class_name));
  return instance;
}

wmi::Result<wmi::Instance> ControlledHost::get(const wmi::ObjectPath& path) {
  if (!is_control_namespace(path.namespace_name)) return host_->get(path);
  const ControlClass* c = find_class(path.class_name);
  if (c == nullptr) return unknown_class(path.class_name);
  if (auto s = check_selectors(*c, path); !s.ok()) return s;
  return instance_of(c->name);
}

wmi::Result<std::vector<wmi::Instance>> ControlledHost::query(std::string_view namespace_name,
                                                              std::string_view wql) {
  if (!is_control_namespace(namespace_name)) return host_->query(namespace_name, wql);
  auto parsed = wql::parse_query(wql);
  if (!parsed.ok()) return parsed.status();
  const auto* select = std::get_if<wql::SelectQuery>(&*parsed);
  if (select == nullptr || !select->properties.empty() || select->where.has_value()) {
    return wmi::invalid_argument(fmt::format(
        "{} answers only SELECT * FROM <class> (one of HvSim_DiskIo, HvSim_Host, HvSim_Clock, "
        "HvSim_FaultRules)",
        kControlNamespace));
  }
  const ControlClass* c = find_class(select->class_name);
  if (c == nullptr) {
    return wmi::invalid_argument(fmt::format("WQL names class {}, which {} does not serve",
                                             select->class_name, kControlNamespace));
  }
  return std::vector<wmi::Instance>{instance_of(c->name)};
}

wmi::Result<wmi::MethodResult> ControlledHost::invoke(const wmi::ObjectPath& target,
                                                      std::string_view method,
                                                      const wmi::PropertyList& in) {
  if (!is_control_namespace(target.namespace_name)) return host_->invoke(target, method, in);
  const ControlClass* c = find_class(target.class_name);
  if (c == nullptr) return unknown_class(target.class_name);
  const auto found =
      std::find_if(c->methods.begin(), c->methods.end(),
                   [&](const ControlMethod& m) { return wmi::iequals(m.name, method); });
  if (found == c->methods.end()) {
    return host::action_not_supported(fmt::format("{} has no method {}", c->name, method));
  }
  if (auto s = check_selectors(*c, target); !s.ok()) return s;
  host::MethodSpec spec{};
  spec.name = found->name;
  spec.family = wmi::ReturnCodeFamily::kHyperV;
  spec.params = found->params;
  auto typed = host::type_arguments(spec, in);
  if (!typed.ok()) return typed.status();

  Context context{*host_, *clock_, crashes_};
  std::uint32_t code = kControlCompleted;
  auto set = found->handler(context, Args{c->name, found->name, *typed}, code);
  if (!set.ok()) return set.status();
  return wmi::MethodResult{code, out_parameters(*found, *set)};
}

wmi::Result<wmi::Identity> ControlledHost::identify() { return host_->identify(); }

}  // namespace sim::server
