#include "sim/cli/target_command.h"

#include <fmt/format.h>

#include <cstdlib>

#include "sim/cli/host_commands.h"
#include "sim/host/argument_typing.h"
#include "sim/host/class_catalog.h"
#include "wmi/cim/cim_name.h"
#include "wmi/wsman/wsman_connection.h"

namespace sim::cli {
namespace {

int report(std::ostream& err, int exit_code, const std::string& message) {
  err << "hvsim: error: " << message << "\n";
  return exit_code;
}

// A reference without a namespace gets `ns`, at every depth.
void complete_namespace(wmi::ObjectPath& path, const std::string& ns) {
  if (path.namespace_name.empty()) path.namespace_name = ns;
  for (wmi::KeyBinding& key : path.keys) {
    if (auto* nested = std::get_if<wmi::ReferenceKey>(&key.value)) {
      wmi::ObjectPath copy = *nested->path;
      complete_namespace(copy, ns);
      nested->path = std::make_shared<const wmi::ObjectPath>(std::move(copy));
    }
  }
}

wmi::CimValue with_namespace(wmi::CimValue value, const std::string& ns) {
  if (value.is_null() || value.type() != wmi::CimType::kReference) return value;
  if (!value.is_array()) {
    wmi::ObjectPath path = *value.as_reference();
    complete_namespace(path, ns);
    return wmi::CimValue(std::move(path));
  }
  std::vector<wmi::CimElement> elements;
  for (const wmi::CimElement& e : value.elements()) {
    wmi::ObjectPath path = std::get<wmi::ObjectPath>(e);
    complete_namespace(path, ns);
    elements.emplace_back(std::move(path));
  }
  return wmi::CimValue::array(wmi::CimType::kReference, std::move(elements)).value();
}

}  // namespace

wmi::Result<wmi::PropertyList> wire_arguments(const wmi::ObjectPath& target,
                                              std::string_view method,
                                              const wmi::PropertyList& params) {
  const auto ns = host::served_namespace(target.namespace_name);
  const host::ClassDef* def =
      ns ? host::find_class(*ns, target.class_name, host::Mutant::kNone) : nullptr;
  const host::MethodSpec* spec = nullptr;
  if (def != nullptr) {
    for (const host::MethodSpec& m : def->methods) {
      if (wmi::iequals(m.name, method)) spec = &m;
    }
  }
  wmi::PropertyList out;
  for (const wmi::Property& given : params) {
    const host::ParamSpec* param = nullptr;
    if (spec != nullptr) {
      for (const host::ParamSpec& p : spec->params) {
        if (p.in && wmi::iequals(p.name, given.name)) param = &p;
      }
    }
    if (param == nullptr) {
      out.push_back(given);
      continue;
    }
    auto typed = host::type_argument(*param, given.value);
    if (!typed.ok()) return wmi::invalid_argument(typed.status().message());
    out.push_back({given.name, with_namespace(std::move(*typed), target.namespace_name)});
  }
  return out;
}

int run_target_command(const CommandLine& command, std::ostream& out, std::ostream& err) {
  const TargetOptions& t = command.target;
  wmi::wsman::WsmanOptions options;
  options.target = t.url;
  auto mode = wmi::wsman::parse_auth_mode(t.auth.empty() ? (t.user.empty() ? "none" : "negotiate")
                                                         : t.auth);
  if (!mode.ok()) return report(err, 2, mode.status().message());
  options.auth = *mode;
  options.user = t.user;
  if (!t.password_env.empty()) {
    const char* password = std::getenv(t.password_env.c_str());
    if (password == nullptr) {
      return report(
          err, 2,
          fmt::format("--password-env: the environment variable {} is not set", t.password_env));
    }
    options.password = password;
  }
  options.ca_file = t.ca_file;
  options.insecure = t.insecure;
  options.service_host = t.service_host;
  options.settings.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(t.timeout);
  auto connection = wmi::wsman::WsmanConnection::open(std::move(options));
  if (!connection.ok()) {
    const bool usage = connection.status().kind() == wmi::StatusKind::kInvalidArgument;
    return report(err, usage ? 2 : 1, connection.status().to_string());
  }
  return run_connection_command(command, **connection, out, err).exit_code;
}

}  // namespace sim::cli
