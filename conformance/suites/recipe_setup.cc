#include "conformance/suites/recipe_setup.h"

#include <fmt/format.h>

#include "conformance/suites/provoked_call.h"
#include "wmi/cim/cim_name.h"

namespace conformance {
namespace {

// Calls `method` of the `service` singleton in `ns` and settles it; "" in `problem` unless the
// service is missing or the call does not succeed.
CallOutcome settled_call(Session& session, std::string_view ns, std::string_view service,
                         std::string_view method, const wmi::PropertyList& in,
                         std::string& problem) {
  const auto target = service_path(session.connection(), ns, service);
  if (!target) {
    problem = fmt::format("no {} in {}", service, ns);
    return {};
  }
  CallOutcome outcome = call_and_settle(session, *target, method, in);
  if (!outcome.succeeded()) problem = fmt::format("{}.{}: {}", service, method, outcome.describe());
  return outcome;
}

// The reference `name` / AffectedElement of `class_name` of a successful settled call.
std::optional<wmi::ObjectPath> created(const CallOutcome& outcome, std::string_view name,
                                       std::string_view class_name, std::string& problem) {
  if (!problem.empty()) return std::nullopt;
  auto path = result_reference(outcome, name, class_name);
  if (!path) problem = fmt::format("{} names no {}", outcome.describe(), class_name);
  return path;
}

}  // namespace

std::optional<PreparedCall> call_on(const Setup& s, std::string_view service,
                                    wmi::PropertyList in) {
  if (!s.problem.empty()) return std::nullopt;
  const auto target = service_path(s.session.connection(), s.ns, service);
  if (!target) {
    s.problem = fmt::format("no {} in {}", service, s.ns);
    return std::nullopt;
  }
  return PreparedCall{*target, std::move(in), {}};
}

void add_natural(const Setup& s, std::optional<PreparedCall>& call, std::string_view key,
                 wmi::ReturnCodeFamily family, std::string how, wmi::PropertyList in) {
  const auto code = s.profile.code(key);
  if (!call || !code) return;
  call->natural.push_back({in_family(*code, family), std::move(how), std::move(in)});
}

wmi::PropertyList with(wmi::PropertyList in, std::string_view name, wmi::CimValue value) {
  for (wmi::Property& property : in) {
    if (property.name == name) property.value = std::move(value);
  }
  return in;
}

std::string export_directory(std::uint64_t seed) {
  return "C:\\ConformanceExports\\" + guid_from(seed + 7);
}

std::optional<wmi::ObjectPath> inventory_group(const Setup& s) {
  auto group = find_instance(s.session.connection(), s.ns, "Msvm_VirtualSystemCollection",
                             "CollectionID", kFinance);
  if (!group && s.problem.empty()) s.problem = "no inventory group finance in " + std::string(s.ns);
  return group;
}

std::optional<wmi::ObjectPath> result_reference(const CallOutcome& outcome, std::string_view name,
                                                std::string_view class_name) {
  if (!outcome.succeeded()) return std::nullopt;
  if (outcome.return_value == 0) {
    const wmi::CimValue* value = wmi::find_property(outcome.out, name);
    const wmi::ObjectPath* path = value == nullptr ? nullptr : value->as_reference();
    return path == nullptr ? std::nullopt : std::optional<wmi::ObjectPath>(*path);
  }
  for (const wmi::Instance& element : outcome.affected) {
    if (element.path() && wmi::iequals(element.path()->class_name, class_name)) {
      return *element.path();
    }
  }
  return std::nullopt;
}

wmi::ObjectPath missing_instance(std::string_view ns, std::string_view class_name,
                                 std::string_view key, std::uint64_t seed) {
  return path_with_key(ns, class_name, key, guid_from(seed ^ 0x5EEDu));
}

std::optional<wmi::ObjectPath> vm_in(Session& session, std::string_view ns, std::string_view vm,
                                     std::string& problem) {
  auto path = find_instance(session.connection(), ns, "Msvm_ComputerSystem", "Name", vm);
  if (!path) problem = fmt::format("no VM {} in {}", vm, ns);
  return path;
}

std::optional<wmi::ObjectPath> fresh_group(Session& session, std::string_view ns,
                                           const std::vector<std::string_view>& members,
                                           std::uint64_t seed, std::string& problem) {
  return define_vm_group(session, ns, guid_from(seed), members, problem);
}

std::optional<wmi::ObjectPath> group_point(Session& session, std::string_view ns,
                                           const wmi::ObjectPath& group, std::string& problem) {
  const CallOutcome outcome =
      settled_call(session, ns, kCollectionRpService, "CreateReferencePoint",
                   {{"Collection", group},
                    {"ReferencePointSettings", ""},
                    {"ReferencePointType", std::uint16_t{2}}},
                   problem);
  return created(outcome, "ResultingReferencePointCollection", "Msvm_ReferencePointCollection",
                 problem);
}

std::optional<wmi::ObjectPath> vm_point(Session& session, std::string_view ns,
                                        const wmi::ObjectPath& vm, std::uint16_t rct_type,
                                        std::string& problem) {
  const CallOutcome outcome = settled_call(session, ns, kVmRpService, "CreateReferencePoint",
                                           {{"AffectedSystem", vm},
                                            {"ReferencePointSettings", ""},
                                            {"ReferencePointType", std::uint64_t{rct_type}}},
                                           problem);
  return created(outcome, "ResultingReferencePoint", "Msvm_VirtualSystemReferencePoint", problem);
}

std::optional<wmi::ObjectPath> vm_checkpoint(Session& session, std::string_view ns,
                                             const wmi::ObjectPath& vm, std::uint16_t type,
                                             std::string& problem) {
  const CallOutcome outcome = settled_call(
      session, ns, kVmSnapshotService, "CreateSnapshot",
      {{"AffectedSystem", vm}, {"SnapshotSettings", ""}, {"SnapshotType", std::uint64_t{type}}},
      problem);
  return created(outcome, "ResultingSnapshot", "Msvm_VirtualSystemSettingData", problem);
}

std::optional<wmi::ObjectPath> group_checkpoint(Session& session, std::string_view ns,
                                                const wmi::ObjectPath& group, std::uint16_t type,
                                                std::string& problem) {
  const CallOutcome outcome = settled_call(
      session, ns, kCollectionSnapshotService, "CreateSnapshot",
      {{"Collection", group}, {"SnapshotSettings", ""}, {"SnapshotType", std::uint64_t{type}}},
      problem);
  return created(outcome, "ResultingSnapshotCollection", "Msvm_SnapshotCollection", problem);
}

bool replicate(Session& session, std::string_view ns, std::string_view service,
               const wmi::ObjectPath& system, bool start, std::string& problem) {
  const bool group = service == kCollectionReplicationService;
  const std::string subject = group ? "Collection" : "ComputerSystem";
  settled_call(session, ns, service, "CreateReplicationRelationship",
               {{subject, system},
                {group ? "CollectionReplicationSettingData" : "ReplicationSettingData", ""}},
               problem);
  if (!problem.empty() || !start) return problem.empty();
  settled_call(session, ns, service, "StartReplication",
               {{subject, system},
                {"InitialReplicationType", std::uint16_t{1}},
                {"InitialReplicationExportLocation", ""}},
               problem);
  return problem.empty();
}

std::optional<wmi::ObjectPath> provoked_job(Session& session, std::string_view ns, bool failed,
                                            std::uint64_t seed, std::string& problem) {
  auto group = fresh_group(session, ns, {kSql01}, seed, problem);
  const auto service = service_path(session.connection(), ns, kCollectionRpService);
  if (!group || !service || session.fault_control() == nullptr) {
    if (problem.empty()) problem = "no collection service or no FaultControl in " + std::string(ns);
    return std::nullopt;
  }
  const std::string rule =
      failed ? fail_job_rule(kCollectionRpService, "CreateReferencePoint", 50, 2)
             : fmt::format(R"({{"rules": [{{"match": {{"class": "{}", "method": "{}"}}, )"
                           R"("action": {{"type": "job-timeout"}}}}]}})",
                           kCollectionRpService, "CreateReferencePoint");
  if (const wmi::Status installed = session.fault_control()->install(rule); !installed.ok()) {
    problem = rule + ": " + installed.to_string();
    return std::nullopt;
  }
  const wmi::PropertyList in = {{"Collection", *group},
                                {"ReferencePointSettings", ""},
                                {"ReferencePointType", std::uint16_t{2}}};
  std::optional<wmi::ObjectPath> job;
  if (failed) {
    job = call_and_settle(session, *service, "CreateReferencePoint", in).job;
  } else if (auto answer = session.connection().invoke(*service, "CreateReferencePoint", in);
             answer.ok()) {
    const wmi::CimValue* value = wmi::find_property(answer->out, "Job");
    if (value != nullptr && value->as_reference() != nullptr) job = *value->as_reference();
  }
  session.fault_control()->clear();
  if (!job) problem = "CreateReferencePoint under " + rule + " started no job";
  return job;
}

}  // namespace conformance
