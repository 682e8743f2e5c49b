#include "conformance/suites/collection_calls.h"

#include <chrono>
#include <random>
#include <thread>

#include <fmt/format.h>

#include "wmi/cim/job_wait.h"
#include "wmi/cim/wmi_path.h"

namespace conformance {
namespace {

constexpr std::string_view kVirtualizationNamespace = "root/virtualization/v2";

std::string string_of(const wmi::Instance& instance, std::string_view name) {
  const wmi::CimValue* value = instance.find(name);
  if (value == nullptr || value->is_null() || value->as_string() == nullptr) return {};
  return *value->as_string();
}

// Path texts of every instance `wql` yields in `ns`; false (with `problem`) when it fails.
bool collect_paths(wmi::Connection& connection, std::string_view ns, std::string_view wql,
                   std::set<std::string>& out, std::string& problem) {
  const auto instances = connection.query(ns, wql);
  if (!instances.ok()) {
    problem = std::string(wql) + " in " + std::string(ns) + ": " + instances.status().to_string();
    return false;
  }
  for (const wmi::Instance& instance : *instances) {
    out.insert(instance.path() ? path_text(*instance.path()) : "<no path>");
  }
  return true;
}

// Path texts of the instances of `class_name` in `ns` that `keep` accepts, each followed by
// "=" and its `state` property when `state` is not empty. A class `ns` does not serve (kNotFound,
// or kInvalidArgument: "WQL names a class the namespace does not have") yields nothing; another
// failure sets `problem`.
void collect_served(wmi::Connection& connection, std::string_view ns, std::string_view class_name,
                    std::string_view state, bool (*keep)(const wmi::Instance&),
                    std::set<std::string>& out, std::string& problem) {
  const auto instances = connection.query(ns, "SELECT * FROM " + std::string(class_name));
  if (!instances.ok()) {
    const wmi::StatusKind kind = instances.status().kind();
    const bool absent =
        kind == wmi::StatusKind::kNotFound || kind == wmi::StatusKind::kInvalidArgument;
    if (!absent && problem.empty()) {
      problem = std::string(class_name) + " in " + std::string(ns) + ": " +
                instances.status().to_string();
    }
    return;
  }
  for (const wmi::Instance& instance : *instances) {
    if (!keep(instance)) continue;
    std::string text = instance.path() ? path_text(*instance.path()) : "<no path>";
    if (!state.empty()) {
      const wmi::CimValue* value = instance.find(state);
      const auto number = value == nullptr || value->is_null() ? std::nullopt : value->as_uint();
      text += "=" + (number ? std::to_string(*number) : std::string("null"));
    }
    out.insert(std::move(text));
  }
}

bool any_instance(const wmi::Instance&) { return true; }

// A checkpoint: VirtualSystemType "Microsoft:Hyper-V:Snapshot:..." (a VM's own settings are
// "Microsoft:Hyper-V:System:Realized").
bool is_checkpoint(const wmi::Instance& settings) {
  return string_of(settings, "VirtualSystemType").find(":Snapshot") != std::string::npos;
}

std::string added(const std::set<std::string>& before, const std::set<std::string>& after,
                  std::string_view kind) {
  std::string text;
  for (const std::string& path : after) {
    if (!before.contains(path)) text += fmt::format(" +{} {}", kind, path);
  }
  for (const std::string& path : before) {
    if (!after.contains(path)) text += fmt::format(" -{} {}", kind, path);
  }
  return text;
}

}  // namespace

std::string path_text(const wmi::ObjectPath& path) {
  auto text = wmi::format_wmi_path(path, wmi::PathStyle::kSlash);
  return text.ok() ? *text : "<unprintable path>";
}

std::optional<wmi::ObjectPath> service_path(wmi::Connection& connection, std::string_view ns,
                                            std::string_view service) {
  const auto instances = connection.query(ns, "SELECT * FROM " + std::string(service));
  if (!instances.ok() || instances->size() != 1 || !instances->front().path()) return std::nullopt;
  return *instances->front().path();
}

std::optional<wmi::ObjectPath> find_instance(wmi::Connection& connection, std::string_view ns,
                                             std::string_view class_name, std::string_view key,
                                             std::string_view value) {
  const auto instances = connection.query(ns, "SELECT * FROM " + std::string(class_name));
  if (!instances.ok()) return std::nullopt;
  for (const wmi::Instance& instance : *instances) {
    if (instance.path() && string_of(instance, key) == value) return *instance.path();
  }
  return std::nullopt;
}

wmi::ObjectPath path_with_key(std::string_view ns, std::string_view class_name,
                              std::string_view key, std::string_view value) {
  wmi::ObjectPath path;
  path.namespace_name = std::string(ns);
  path.class_name = std::string(class_name);
  path.keys = {{std::string(key), std::string(value)}};
  return path;
}

bool CallOutcome::job_succeeded() const {
  if (!final_job) return false;
  const wmi::CimValue* state = final_job->find("JobState");
  const auto value = state == nullptr || state->is_null() ? std::nullopt : state->as_uint();
  return value == 7u || value == 32768u;
}

std::optional<std::uint32_t> CallOutcome::job_error_code() const {
  if (!final_job) return std::nullopt;
  const wmi::CimValue* code = final_job->find("ErrorCode");
  if (code == nullptr || code->is_null() || !code->as_uint()) return std::nullopt;
  return static_cast<std::uint32_t>(*code->as_uint());
}

std::uint32_t CallOutcome::effective_code() const {
  if (return_value != 4096) return return_value;
  if (job_succeeded()) return 0;
  const auto code = job_error_code();
  return code && *code != 0 ? *code : 2u;
}

std::string CallOutcome::describe() const {
  if (!transport.ok()) return "transport: " + transport.to_string();
  std::string text = fmt::format("ReturnValue {}", return_value);
  if (return_value != 4096) return text;
  if (!final_job) return text + ", job not followed: " + job_problem;
  const wmi::CimValue* state = final_job->find("JobState");
  const auto job_state = state == nullptr || state->is_null() ? std::nullopt : state->as_uint();
  return text + fmt::format(", job JobState {} ErrorCode {}, {} affected element(s)",
                            job_state ? std::to_string(*job_state) : "null",
                            job_error_code() ? std::to_string(*job_error_code()) : "null",
                            affected.size());
}

CallOutcome call_and_settle(Session& session, const wmi::ObjectPath& target,
                            std::string_view method, const wmi::PropertyList& in) {
  CallOutcome outcome;
  wmi::Connection& connection = session.connection();
  auto result = connection.invoke(target, method, in);
  if (!result.ok()) {
    outcome.transport = result.status();
    return outcome;
  }
  outcome.return_value = result->return_value;
  outcome.out = std::move(result->out);
  const wmi::CimValue* job = wmi::find_property(outcome.out, "Job");
  if (job != nullptr && !job->is_null() && job->as_reference() != nullptr) {
    outcome.job = *job->as_reference();
  }
  if (outcome.return_value != 4096) return outcome;
  if (!outcome.job) {
    outcome.job_problem = "4096 without a Job out-reference";
    return outcome;
  }
  wmi::PollPolicy policy;
  policy.wait = [&session](std::chrono::milliseconds ms) {
    if (!session.advance_clock(static_cast<std::uint64_t>(ms.count()))) {
      std::this_thread::sleep_for(ms);
    }
  };
  auto finished = wmi::wait_for_job(connection, *outcome.job, policy);
  if (!finished.ok()) {
    outcome.job_problem = "waiting for the job: " + finished.status().to_string();
    return outcome;
  }
  outcome.final_job = std::move(*finished);
  const std::string ns =
      outcome.job->namespace_name.empty() ? target.namespace_name : outcome.job->namespace_name;
  const std::string wql =
      "ASSOCIATORS OF {" + path_text(*outcome.job) + "} WHERE AssocClass=Msvm_AffectedJobElement";
  auto affected = connection.query(wmi::normalize_namespace(ns), wql);
  if (!affected.ok()) {
    outcome.job_problem = wql + ": " + affected.status().to_string();
  } else {
    outcome.affected = std::move(*affected);
  }
  return outcome;
}

std::uint32_t settled_code(Session& session, const wmi::ObjectPath& target, std::string_view method,
                           const wmi::PropertyList& in) {
  const CallOutcome outcome = call_and_settle(session, target, method, in);
  return outcome.transport.ok() ? outcome.effective_code() : 2;
}

std::optional<wmi::ObjectPath> define_vm_group(Session& session, std::string_view ns,
                                               std::string_view id,
                                               const std::vector<std::string_view>& members,
                                               std::string& problem) {
  wmi::Connection& connection = session.connection();
  const auto service = service_path(connection, ns, kCollectionManagementService);
  if (!service) {
    problem = "no Msvm_CollectionManagementService in " + std::string(ns);
    return std::nullopt;
  }
  const CallOutcome defined = call_and_settle(
      session, *service, "DefineCollection",
      {{"Name", "conformance group"}, {"Id", std::string(id)}, {"Type", std::uint16_t{0}}});
  if (!defined.succeeded()) {
    problem = "DefineCollection: " + defined.describe();
    return std::nullopt;
  }
  auto group = find_instance(connection, ns, "Msvm_VirtualSystemCollection", "CollectionID", id);
  if (!group) {
    problem = "the defined group " + std::string(id) + " is not enumerable";
    return std::nullopt;
  }
  for (std::string_view vm : members) {
    const auto system = find_instance(connection, ns, "Msvm_ComputerSystem", "Name", vm);
    if (!system) {
      problem = "no VM " + std::string(vm) + " in " + std::string(ns);
      return std::nullopt;
    }
    const CallOutcome added_member = call_and_settle(session, *service, "AddMember",
                                                     {{"Member", *system}, {"Collection", *group}});
    if (!added_member.succeeded()) {
      problem = "AddMember " + std::string(vm) + ": " + added_member.describe();
      return std::nullopt;
    }
  }
  return group;
}

bool start_replication(Session& session, std::string_view vm, std::string& problem) {
  wmi::Connection& connection = session.connection();
  const auto service = service_path(connection, kVirtualizationNamespace, kReplicationService);
  const auto system =
      find_instance(connection, kVirtualizationNamespace, "Msvm_ComputerSystem", "Name", vm);
  if (!service || !system) {
    problem = "no Msvm_ReplicationService or no VM " + std::string(vm);
    return false;
  }
  const CallOutcome created =
      call_and_settle(session, *service, "CreateReplicationRelationship",
                      {{"ComputerSystem", *system}, {"ReplicationSettingData", std::string()}});
  if (!created.succeeded()) {
    problem = "CreateReplicationRelationship: " + created.describe();
    return false;
  }
  const CallOutcome started = call_and_settle(session, *service, "StartReplication",
                                              {{"ComputerSystem", *system},
                                               {"InitialReplicationType", std::uint16_t{1}},
                                               {"InitialReplicationExportLocation", ""}});
  if (!started.succeeded()) {
    problem = "StartReplication: " + started.describe();
    return false;
  }
  return true;
}

PointSnapshot snapshot_points(wmi::Connection& connection, std::string_view ns) {
  PointSnapshot snapshot;
  collect_paths(connection, ns, "SELECT * FROM Msvm_ReferencePointCollection",
                snapshot.collection_points, snapshot.problem) &&
      collect_paths(connection, ns, "SELECT * FROM Msvm_VirtualSystemReferencePoint",
                    snapshot.vm_points, snapshot.problem) &&
      collect_paths(connection, ns, "SELECT * FROM Msvm_CollectedVirtualSystems",
                    snapshot.memberships, snapshot.problem);
  collect_served(connection, ns, "Msvm_VirtualSystemSettingData", "", &is_checkpoint,
                 snapshot.checkpoints, snapshot.problem);
  collect_served(connection, ns, "Msvm_SnapshotCollection", "", &any_instance,
                 snapshot.snapshot_collections, snapshot.problem);
  collect_served(connection, ns, "Msvm_ReplicationRelationship", "ReplicationState", &any_instance,
                 snapshot.replications, snapshot.problem);
  collect_served(connection, ns, "Msvm_VirtualSystemCollection", "ReplicationState", &any_instance,
                 snapshot.replications, snapshot.problem);
  return snapshot;
}

std::string describe_difference(const PointSnapshot& before, const PointSnapshot& after) {
  return added(before.collection_points, after.collection_points, "collection point") +
         added(before.vm_points, after.vm_points, "per-VM point") +
         added(before.memberships, after.memberships, "membership") +
         added(before.checkpoints, after.checkpoints, "checkpoint") +
         added(before.snapshot_collections, after.snapshot_collections, "snapshot collection") +
         added(before.replications, after.replications, "replication");
}

std::optional<std::multiset<std::string>> member_vms_of_point(wmi::Connection& connection,
                                                              const wmi::ObjectPath& point,
                                                              std::string& problem) {
  const std::string wql =
      "ASSOCIATORS OF {" + path_text(point) + "} WHERE AssocClass=Msvm_CollectedReferencePoints";
  const auto members = connection.query(wmi::normalize_namespace(point.namespace_name), wql);
  if (!members.ok()) {
    problem = wql + ": " + members.status().to_string();
    return std::nullopt;
  }
  std::multiset<std::string> vms;
  for (const wmi::Instance& member : *members) {
    vms.insert(string_of(member, "VirtualSystemIdentifier"));
  }
  return vms;
}

std::string guid_from(std::uint64_t seed) {
  std::mt19937_64 random(seed);
  const std::uint64_t a = random(), b = random();
  return fmt::format("{:08X}-{:04X}-{:04X}-{:04X}-{:012X}", a >> 32, (a >> 16) & 0xFFFF, a & 0xFFFF,
                     b >> 48, b & 0xFFFFFFFFFFFFull);
}

}  // namespace conformance
