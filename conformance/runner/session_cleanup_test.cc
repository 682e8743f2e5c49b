// The session clean-up (conformance/suites/session_cleanup.h) on a simulator whose sessions share
// one host, as on a real target: whatever random mix of groups, memberships, reference points,
// checkpoints and replication a session creates, once it ends the host shows what it showed
// before, and nothing is left behind.
#include "conformance/suites/session_cleanup.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <fmt/format.h>

#include "conformance/oracle/namespace_classes.h"
#include "conformance/runner/repo_file.h"
#include "conformance/runner/sim_target.h"
#include "conformance/suites/collection_calls.h"
#include "conformance/suites/rct_calls.h"
#include "conformance/suites/suite_calls.h"

namespace conformance {
namespace {

using oracle::kClusterNamespace;
using oracle::kVirtualizationNamespace;

std::unique_ptr<SimTarget> shared_sim_target(const std::string& profile, EvidenceLog& log) {
  const auto read = [](const std::string& path) {
    auto text = read_text_file(*resolve_repo_file(path));
    return text.ok() ? *text : std::string();
  };
  auto target = SimTarget::create({.profile_name = profile,
                                   .profile_json = read("fixtures/profiles/" + profile + ".json"),
                                   .inventory_json = read("fixtures/inventories/small.json"),
                                   .shared_host = true},
                                  log);
  return target.ok() ? std::move(*target) : nullptr;
}

// Everything the host shows of the kinds a session may create, in both namespaces.
std::string host_state(Session& session) {
  std::string state;
  for (std::string_view ns : {kVirtualizationNamespace, kClusterNamespace}) {
    const PointSnapshot points = snapshot_points(session.connection(), ns);
    for (const auto* set : {&points.collection_points, &points.vm_points, &points.memberships}) {
      for (const std::string& path : *set) state += path + "\n";
    }
    for (std::string_view cls : {"Msvm_VirtualSystemCollection", "Msvm_SnapshotCollection",
                                 "Msvm_VirtualSystemSettingData"}) {
      for (const wmi::Instance& instance : suites::all_of(session.connection(), ns, cls)) {
        if (instance.path()) state += path_text(*instance.path()) + "\n";
      }
    }
    for (const wmi::Instance& vm :
         suites::all_of(session.connection(), ns, "Msvm_ComputerSystem")) {
      state += fmt::format("{} ReplicationState {}\n", vm.path() ? path_text(*vm.path()) : "?",
                           suites::uint_of(vm, "ReplicationState").value_or(0));
    }
  }
  return state;
}

std::optional<wmi::ObjectPath> checkpoint_of(Session& session, std::string_view vm) {
  wmi::Connection& c = session.connection();
  const auto service =
      service_path(c, kVirtualizationNamespace, "Msvm_VirtualSystemSnapshotService");
  const auto system = find_instance(c, kVirtualizationNamespace, "Msvm_ComputerSystem", "Name", vm);
  if (!service || !system) return std::nullopt;
  const CallOutcome created = call_and_settle(session, *service, "CreateSnapshot",
                                              {{"AffectedSystem", *system},
                                               {"SnapshotSettings", std::string()},
                                               {"SnapshotType", std::uint64_t{32768}}});
  return created.succeeded() ? system : std::nullopt;
}

RC_GTEST_PROP(SessionCleanup, ASharedHostShowsWhatItShowedBeforeTheSession, ()) {
  const std::string profile = *rc::gen::element<std::string>("doc-strict", "async-jobs");
  EvidenceLog log;
  auto sim = shared_sim_target(profile, log);
  RC_ASSERT(sim != nullptr);
  suites::CleaningTarget cleaning(*sim);
  auto observer = sim->open(0);
  const std::string before = host_state(*observer);
  {
    auto session = cleaning.open(0);
    std::string problem;
    const std::string ns = *rc::gen::element<std::string>(std::string(kVirtualizationNamespace),
                                                          std::string(kClusterNamespace));
    if (*rc::gen::arbitrary<bool>()) {
      RC_ASSERT(start_replication(*session, kWeb01, problem));
    }
    const auto group = define_vm_group(*session, ns, guid_from(*rc::gen::arbitrary<int>()),
                                       {kSql01, kWeb01}, problem);
    RC_ASSERT(group.has_value());
    for (int i = *rc::gen::inRange(0, 3); i > 0; --i) {
      RC_ASSERT(suites::create_group_point(*session, *group, 2) == 0u);
    }
    // A second checkpoint of the same VM depends on the first: removing the first takes it along.
    for (int i = *rc::gen::inRange(0, 3); i > 0; --i) {
      RC_ASSERT(checkpoint_of(*session, kSql01).has_value());
    }
    if (*rc::gen::arbitrary<bool>()) {
      const auto finance = find_instance(session->connection(), ns, "Msvm_VirtualSystemCollection",
                                         "CollectionID", kFinance);
      const auto vm =
          find_instance(session->connection(), ns, "Msvm_ComputerSystem", "Name", kArchive01);
      const auto service = service_path(session->connection(), ns, kCollectionManagementService);
      RC_ASSERT(finance && vm && service);
      RC_ASSERT(call_and_settle(*session, *service, "AddMember",
                                {{"Member", *vm}, {"Collection", *finance}})
                    .succeeded());
    }
    RC_ASSERT(host_state(*observer) != before);
  }
  RC_ASSERT(cleaning.sessions() == 1u);
  RC_ASSERT(cleaning.removed() > 0u);
  for (const std::string& leftover : cleaning.leftovers()) RC_LOG() << leftover << "\n";
  RC_ASSERT(cleaning.leftovers().empty());
  RC_ASSERT(host_state(*observer) == before);
}

}  // namespace
}  // namespace conformance
