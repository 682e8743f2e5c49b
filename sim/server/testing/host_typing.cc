#include "sim/server/testing/host_typing.h"

#include <map>
#include <mutex>
#include <string>

namespace sim::server::testing {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

struct Learned {
  host::Host* source = nullptr;
  std::mutex mutex;
  std::map<std::string, std::map<std::string, wmi::wsman::DeclaredType>> classes;

  const std::map<std::string, wmi::wsman::DeclaredType>& of(std::string_view class_name) {
    const std::string key = lower(class_name);
    auto found = classes.find(key);
    if (found != classes.end() && !found->second.empty()) return found->second;
    auto& properties = classes[key];
    for (std::string_view ns : host::kServedNamespaces) {
      auto instances = source->query(ns, "SELECT * FROM " + std::string(class_name));
      if (!instances.ok()) continue;
      for (const wmi::Instance& instance : *instances) {
        for (const wmi::Property& p : instance.properties()) {
          properties.emplace(lower(p.name),
                             wmi::wsman::DeclaredType{p.value.type(), p.value.is_array()});
        }
      }
    }
    return properties;
  }
};

}  // namespace

wmi::wsman::InstanceTyping learned_typing(host::Host& host) {
  auto learned = std::make_shared<Learned>();
  learned->source = &host;
  return [learned](std::string_view owner,
                   std::string_view name) -> std::optional<wmi::wsman::DeclaredType> {
    std::lock_guard lock(learned->mutex);
    const auto& properties = learned->of(owner);
    auto found = properties.find(lower(name));
    if (found == properties.end()) return std::nullopt;
    return found->second;
  };
}

}  // namespace sim::server::testing
