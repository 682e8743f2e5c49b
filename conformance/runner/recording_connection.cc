#include "conformance/runner/recording_connection.h"

#include <fmt/format.h>

#include "wmi/cim/cim_name.h"
#include "wmi/cim/job_wait.h"
#include "wmi/cim/wmi_path.h"

namespace conformance {
namespace {

constexpr std::size_t kMaxStringShown = 40;

std::string render_value(const wmi::CimValue& value) {
  if (value.is_null()) return "null";
  if (value.is_array()) return fmt::format("[{} elements]", value.elements().size());
  if (const wmi::ObjectPath* path = value.as_reference()) return path->class_name;
  if (const wmi::Instance* instance = value.as_instance()) return instance->class_name();
  if (const std::string* text = value.as_string()) {
    if (text->size() <= kMaxStringShown) return fmt::format("\"{}\"", *text);
    return fmt::format("\"{}...\"", text->substr(0, kMaxStringShown));
  }
  if (auto u = value.as_uint()) return std::to_string(*u);
  if (auto s = value.as_sint()) return std::to_string(*s);
  if (auto b = value.as_bool()) return *b ? "true" : "false";
  return "?";
}

std::string job_key(const wmi::ObjectPath& path) {
  wmi::ObjectPath keyed = path;
  keyed.host.reset();
  keyed.namespace_name = wmi::normalize_namespace(keyed.namespace_name);
  auto text = wmi::format_wmi_path(keyed, wmi::PathStyle::kSlash);
  return text.ok() ? *text : std::string();
}

}  // namespace

std::string render_arguments(const wmi::PropertyList& in) {
  std::string text;
  for (const wmi::Property& property : in) {
    if (!text.empty()) text += ", ";
    text += property.name + "=" + render_value(property.value);
  }
  return text;
}

wmi::Result<wmi::Instance> RecordingConnection::get(const wmi::ObjectPath& path) {
  auto instance = inner_.get(path);
  if (!instance.ok() || pending_jobs_.empty()) return instance;
  const auto pending = pending_jobs_.find(job_key(path));
  if (pending == pending_jobs_.end()) return instance;
  const wmi::CimValue* state = instance->find("JobState");
  const auto job_state = state != nullptr ? state->as_uint() : std::nullopt;
  if (!job_state || !wmi::is_terminal_job_state(static_cast<std::uint16_t>(*job_state))) {
    return instance;
  }
  if (Observation* observation = log_.find(pending->second)) {
    const wmi::CimValue* error_code = instance->find("ErrorCode");
    if (error_code != nullptr && error_code->as_uint()) {
      observation->job_error_code = static_cast<std::uint32_t>(*error_code->as_uint());
    }
  }
  pending_jobs_.erase(pending);
  return instance;
}

wmi::Result<std::vector<wmi::Instance>> RecordingConnection::query(std::string_view namespace_name,
                                                                   std::string_view wql) {
  return inner_.query(namespace_name, wql);
}

wmi::Result<wmi::MethodResult> RecordingConnection::invoke(const wmi::ObjectPath& target,
                                                           std::string_view method,
                                                           const wmi::PropertyList& in) {
  auto result = inner_.invoke(target, method, in);
  Observation observation{.cim_namespace = wmi::normalize_namespace(target.namespace_name),
                          .class_name = target.class_name,
                          .method = std::string(method),
                          .arguments = render_arguments(in),
                          .return_value = std::nullopt,
                          .job_error_code = std::nullopt,
                          .reference_point_type = std::nullopt};
  if (wmi::iequals(method, "CreateReferencePoint")) {
    const wmi::CimValue* type = wmi::find_property(in, "ReferencePointType");
    if (type != nullptr && !type->is_null() && type->as_uint()) {
      observation.reference_point_type = static_cast<std::uint16_t>(*type->as_uint());
    }
  }
  if (result.ok()) observation.return_value = result->return_value;
  const auto handle = log_.record(std::move(observation));
  if (handle && result.ok() && result->return_value == 4096) {
    const wmi::CimValue* job = wmi::find_property(result->out, "Job");
    if (job != nullptr && !job->is_null() && job->as_reference() != nullptr) {
      pending_jobs_[job_key(*job->as_reference())] = *handle;
    }
  }
  return result;
}

wmi::Result<wmi::Identity> RecordingConnection::identify() { return inner_.identify(); }

}  // namespace conformance
