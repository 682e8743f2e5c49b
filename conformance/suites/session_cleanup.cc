#include "conformance/suites/session_cleanup.h"

#include <string_view>

#include "conformance/suites/collection_calls.h"
#include "conformance/suites/suite_calls.h"

namespace conformance::suites {
namespace {

// One kind of object the suites create, and how to remove an instance of it.
struct Kind {
  std::string_view name;
  std::string_view wql;
  std::string_view service;  // in the instance's namespace
  std::string_view method;
  std::string_view parameter;  // takes the instance's path; "" for a membership (removal_arguments)
  std::string_view type_prefix = {};  // only instances whose VirtualSystemType starts so
};

// Dependants first: removing a collection point removes its per-VM points, a group's members
// leave before the group goes.
constexpr Kind kKinds[] = {
    {"collection point", "SELECT * FROM Msvm_ReferencePointCollection",
     "Msvm_CollectionReferencePointService", "DestroyReferencePoint",
     "AffectedReferencePointCollection"},
    {"per-VM point", "SELECT * FROM Msvm_VirtualSystemReferencePoint",
     "Msvm_VirtualSystemReferencePointService", "DestroyReferencePoint", "AffectedReferencePoint"},
    {"snapshot collection", "SELECT * FROM Msvm_SnapshotCollection",
     "Msvm_CollectionSnapshotService", "DestroySnapshot", "AffectedSnapshotCollection"},
    {"checkpoint", "SELECT * FROM Msvm_VirtualSystemSettingData",
     "Msvm_VirtualSystemSnapshotService", "DestroySnapshot", "AffectedSnapshot",
     "Microsoft:Hyper-V:Snapshot"},
    {"membership", "SELECT * FROM Msvm_CollectedVirtualSystems", "Msvm_CollectionManagementService",
     "RemoveMember", ""},
    {"VM group", "SELECT * FROM Msvm_VirtualSystemCollection", "Msvm_CollectionManagementService",
     "DestroyCollection", "Collection"},
};

bool has_type_prefix(const wmi::Instance& instance, std::string_view prefix) {
  const wmi::CimValue* type = instance.find("VirtualSystemType");
  return type != nullptr && type->as_string() != nullptr && type->as_string()->starts_with(prefix);
}

// The instances of `kind` in `ns`.
std::vector<wmi::Instance> instances_of(wmi::Connection& connection, std::string_view ns,
                                        const Kind& kind) {
  auto found = connection.query(ns, kind.wql);
  std::vector<wmi::Instance> out;
  if (!found.ok()) return out;  // a class the namespace lacks
  for (wmi::Instance& instance : *found) {
    if (!instance.path()) continue;
    if (!kind.type_prefix.empty() && !has_type_prefix(instance, kind.type_prefix)) continue;
    out.push_back(std::move(instance));
  }
  return out;
}

std::string key(std::string_view ns, const Kind& kind) {
  return std::string(ns) + "|" + std::string(kind.name);
}

// The arguments that remove `instance` of `kind`: a membership (Msvm_CollectedVirtualSystems,
// keys Collection and Member) by RemoveMember(Member, Collection), the rest by their path.
wmi::PropertyList removal_arguments(const Kind& kind, const wmi::Instance& instance) {
  if (!kind.parameter.empty()) return {{std::string(kind.parameter), *instance.path()}};
  wmi::PropertyList in;
  for (std::string_view key : {"Member", "Collection"}) {
    if (const wmi::CimValue* value = instance.find(key)) in.push_back({std::string(key), *value});
  }
  return in;
}

}  // namespace

CleanupLedger::CleanupLedger(Session& session, std::vector<std::string> namespaces)
    : session_(session), namespaces_(std::move(namespaces)) {
  for (const std::string& ns : namespaces_) {
    for (const Kind& kind : kKinds) {
      auto& paths = baseline_[key(ns, kind)];
      for (const wmi::Instance& instance : instances_of(session_.connection(), ns, kind)) {
        paths.insert(path_text(*instance.path()));
      }
    }
  }
  for (const wmi::Instance& vm : all_of(session_.connection(), kV2, "Msvm_ComputerSystem")) {
    if (vm.path())
      replication_states_[path_text(*vm.path())] = uint_of(vm, "ReplicationState").value_or(0);
  }
}

CleanupLedger::Outcome CleanupLedger::undo() {
  Outcome outcome;
  if (FaultControl* faults = session_.fault_control()) faults->clear();
  wmi::Connection& connection = session_.connection();
  const auto remove = [&](const wmi::ObjectPath& service, std::string_view method,
                          const wmi::PropertyList& in, const std::string& what) {
    const CallOutcome answer = call_and_settle(session_, service, method, in);
    if (answer.succeeded()) {
      ++outcome.removed;
    } else {
      outcome.leftovers.push_back(what + ": " + std::string(method) + ": " + answer.describe());
    }
  };
  for (const Kind& kind : kKinds) {
    for (const std::string& ns : namespaces_) {
      const std::set<std::string>& before = baseline_[key(ns, kind)];
      const auto service = service_path(connection, ns, kind.service);
      for (const wmi::Instance& instance : instances_of(connection, ns, kind)) {
        const std::string what = path_text(*instance.path());
        if (before.contains(what)) continue;
        // Removing an earlier one may have taken this one with it (a checkpoint's dependants).
        if (!connection.get(*instance.path()).ok()) continue;
        if (!service) {
          outcome.leftovers.push_back(what + ": no " + std::string(kind.service));
          continue;
        }
        remove(*service, kind.method, removal_arguments(kind, instance), what);
      }
    }
  }
  const auto replication = service_path(connection, kV2, kReplicationService);
  for (const wmi::Instance& vm : all_of(connection, kV2, "Msvm_ComputerSystem")) {
    if (!vm.path() || !replication) continue;
    const std::string what = path_text(*vm.path());
    const auto before = replication_states_.find(what);
    if (before == replication_states_.end() || before->second != 0) continue;
    if (uint_of(vm, "ReplicationState").value_or(0) == 0) continue;
    remove(*replication, "RemoveReplicationRelationship", {{"ComputerSystem", *vm.path()}},
           what + " (replication)");
  }
  return outcome;
}

// A Session that undoes its changes when destroyed and reports to its CleaningTarget.
class CleaningSession final : public Session {
 public:
  CleaningSession(CleaningTarget& owner, std::unique_ptr<Session> inner)
      : owner_(owner), inner_(std::move(inner)), ledger_(*inner_, owner.namespaces()) {}
  ~CleaningSession() override {
    if (owner_.on_cleanup_) owner_.on_cleanup_(true);
    CleanupLedger::Outcome outcome = ledger_.undo();
    if (owner_.on_cleanup_) owner_.on_cleanup_(false);
    ++owner_.sessions_;
    owner_.removed_ += outcome.removed;
    for (std::string& leftover : outcome.leftovers)
      owner_.leftovers_.push_back(std::move(leftover));
  }

  wmi::Connection& connection() override { return inner_->connection(); }
  wmi::DataPlane* data_plane() override { return inner_->data_plane(); }
  FaultControl* fault_control() override { return inner_->fault_control(); }
  bool advance_clock(std::uint64_t ms) override { return inner_->advance_clock(ms); }

 private:
  CleaningTarget& owner_;
  std::unique_ptr<Session> inner_;
  CleanupLedger ledger_;
};

std::unique_ptr<Session> CleaningTarget::open(std::uint64_t seed) {
  return std::make_unique<CleaningSession>(*this, inner_.open(seed));
}

}  // namespace conformance::suites
