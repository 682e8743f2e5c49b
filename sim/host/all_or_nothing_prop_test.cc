// The all-or-nothing property (spec §4 "error ⇒ no partial state"; DESIGN "no fault can leave
// partial state"), under doc-strict and async-jobs: random sequences of CreateReferencePoint,
// DestroyReferencePoint, AddMember and RemoveMember, each call with a random fault rule installed
// (a return code, a job failing at a random percentage, a job timing out, a delay) and/or a
// cancellation of its job after a random number of polls. After every call:
//   - a call that did not succeed (a non-zero code, or a job ending in anything but the profile's
//     success state) left every instance of `SELECT * FROM CIM_ManagedElement` and of every
//     association class (jobs and their associations aside) exactly as it was;
//   - a call that succeeded did what an obviously-correct model of groups and reference points
//     says (the expected reference points exist on every member, memberships changed), and the
//     host's groups and reference points equal that model's;
//   - the call succeeded exactly when the model says it should (no fault, or a delay, and valid
//     inputs), and a failure carries the fault's code or the profile's code.
// A failing case prints its call sequence as C++ (showValue) to paste into a regression test.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <map>
#include <ostream>
#include <set>
#include <sstream>

#include "sim/host/host_test_support.h"
#include "wmi/cim/cim_name.h"

namespace sim::host {
namespace {

using namespace test;
using std::chrono::milliseconds;

// Groups the sequences work on: the small inventory's plus two more VM groups.
constexpr std::string_view kExtra = "A1B2C3D4-E5F6-4789-8ABC-DEF012345678";  // web-01
constexpr std::string_view kEmpty = "0A1B2C3D-4E5F-4A6B-9C8D-7E6F5A4B3C2D";  // no members

enum class Op { kCreate, kDestroy, kAdd, kRemove };
enum class FaultKind { kNone, kReturnCode, kFailJob, kTimeout, kDelay };

struct Call {
  Op op = Op::kCreate;
  int group = 0;  // kGroups index
  int vm = 0;     // kVms index
  std::uint16_t type = 2;
  int point = 0;  // DestroyReferencePoint: index into the live points (mod count); -1: missing
  FaultKind fault = FaultKind::kNone;
  std::uint32_t fault_code = 0;   // kReturnCode, kFailJob: the code
  std::uint8_t fail_percent = 0;  // kFailJob
  std::uint32_t delay_ms = 0;     // kDelay
  int cancel_after = -1;          // >= 0: RequestStateChange(4) after that many polls of a job
};

// Groups by index: VM groups, then the group of groups, then a missing one.
const std::string_view kGroups[] = {kFinance, kExtra, kEmpty, kProduction, kMissingId};
constexpr int kManagementIndex = 3;
constexpr int kMissingGroupIndex = 4;
const std::string_view kVms[] = {kSql01, kWeb01, kArchive01, kMissingId};
constexpr int kMissingVmIndex = 3;

const char* op_name(Op op) {
  switch (op) {
    case Op::kCreate:
      return "Op::kCreate";
    case Op::kDestroy:
      return "Op::kDestroy";
    case Op::kAdd:
      return "Op::kAdd";
    case Op::kRemove:
      return "Op::kRemove";
  }
  return "?";
}
const char* fault_name(FaultKind f) {
  switch (f) {
    case FaultKind::kNone:
      return "FaultKind::kNone";
    case FaultKind::kReturnCode:
      return "FaultKind::kReturnCode";
    case FaultKind::kFailJob:
      return "FaultKind::kFailJob";
    case FaultKind::kTimeout:
      return "FaultKind::kTimeout";
    case FaultKind::kDelay:
      return "FaultKind::kDelay";
  }
  return "?";
}

// As C++: a shrunk counterexample can be pasted into a regression test.
void showValue(const Call& c, std::ostream& os) {
  os << "Call{" << op_name(c.op) << ", " << c.group << ", " << c.vm << ", " << c.type << ", "
     << c.point << ", " << fault_name(c.fault) << ", " << c.fault_code << ", "
     << int{c.fail_percent} << ", " << c.delay_ms << ", " << c.cancel_after << "}";
}

bool is_cim(Op op) { return op == Op::kCreate || op == Op::kDestroy; }

rc::Gen<Call> call_gen() {
  return rc::gen::exec([] {
    Call c;
    c.op = *rc::gen::weightedElement<Op>(
        {{4, Op::kCreate}, {2, Op::kDestroy}, {2, Op::kAdd}, {2, Op::kRemove}});
    c.group = *rc::gen::weightedElement<int>({{6, 0}, {3, 1}, {1, 2}, {1, 3}, {1, 4}});
    c.vm = *rc::gen::weightedElement<int>({{2, 0}, {2, 1}, {2, 2}, {1, 3}});
    c.type = *rc::gen::weightedElement<std::uint16_t>({{6, 2}, {1, 0}, {1, 1}, {1, 5}, {1, 40000}});
    c.point = *rc::gen::inRange(-1, 4);
    c.fault = *rc::gen::weightedElement<FaultKind>({{4, FaultKind::kNone},
                                                    {1, FaultKind::kReturnCode},
                                                    {2, FaultKind::kFailJob},
                                                    {1, FaultKind::kTimeout},
                                                    {1, FaultKind::kDelay}});
    c.fault_code = is_cim(c.op) ? *rc::gen::inRange<std::uint32_t>(1, 7)
                                : *rc::gen::inRange<std::uint32_t>(32768, 32780);
    c.fail_percent = *rc::gen::inRange<std::uint8_t>(0, 101);
    c.delay_ms = *rc::gen::inRange<std::uint32_t>(1, 600001);
    c.cancel_after = *rc::gen::weightedElement<int>({{3, -1}, {1, 0}, {1, 1}, {1, 2}});
    return c;
  });
}

// --- The reference model: VM groups and their members, reference points and theirs.

struct PointModel {
  std::string group;
  std::multiset<std::string> vms;  // one per member at creation
};

struct Model {
  // Members in the order they joined (the order the host checks them in).
  std::map<std::string, std::vector<std::string>, control::CaseInsensitiveLess> groups;
  std::map<std::string, PointModel, control::CaseInsensitiveLess> points;  // by CollectionID

  static Model initial() {
    Model m;
    m.groups[std::string(kFinance)] = {std::string(kSql01), std::string(kWeb01)};
    m.groups[std::string(kExtra)] = {std::string(kWeb01)};
    m.groups[std::string(kEmpty)] = {};
    return m;
  }
  bool is_vm_group(int g) const { return g != kManagementIndex && g != kMissingGroupIndex; }
  const std::vector<std::string>& members(int g) const {
    return groups.find(std::string(kGroups[g]))->second;
  }
  bool has_member(int g, std::string_view vm) const {
    const auto& m = members(g);
    return std::find(m.begin(), m.end(), vm) != m.end();
  }
  // Whether `c` should succeed on this model (no fault); `point_id` for Destroy.
  bool should_succeed(const Call& c, const std::string& point_id) const {
    switch (c.op) {
      case Op::kCreate:
        return c.type == 2 && is_vm_group(c.group) && !members(c.group).empty() &&
               !has_member(c.group, kArchive01);
      case Op::kDestroy:
        return !point_id.empty() && points.contains(point_id);
      case Op::kAdd:
        return c.vm != kMissingVmIndex && is_vm_group(c.group);
      case Op::kRemove:
        return c.vm != kMissingVmIndex && is_vm_group(c.group) && has_member(c.group, kVms[c.vm]);
    }
    return false;
  }
};

// What the host shows of the same: VM groups' members, points' groups and member VMs.
Model observe(Host& host) {
  Model m;
  for (const auto& g : query_or_die(host, kV2, "SELECT * FROM Msvm_VirtualSystemCollection")) {
    m.groups[string_property(g, "CollectionID")];
  }
  for (const auto& link : query_or_die(host, kV2, "SELECT * FROM Msvm_CollectedVirtualSystems")) {
    const auto* group = link.find("Collection")->as_reference();
    const auto* vm = link.find("Member")->as_reference();
    m.groups[std::get<std::string>(*group->key("CollectionID"))].push_back(
        std::get<std::string>(*vm->key("Name")));
  }
  for (const auto& rpc : query_or_die(host, kV2, "SELECT * FROM Msvm_ReferencePointCollection")) {
    PointModel& p = m.points[string_property(rpc, "CollectionID")];
    p.group = string_property(rpc, "VirtualSystemCollectionId");
    for (const auto& point : query_or_die(host, kV2,
                                          "ASSOCIATORS OF {" + path_text(*rpc.path()) +
                                              "} WHERE AssocClass=Msvm_CollectedReferencePoints")) {
      p.vms.insert(string_property(point, "VirtualSystemIdentifier"));
    }
  }
  return m;
}

std::string describe(const Model& m) {
  std::string out;
  for (const auto& [id, members] : m.groups) {
    out += "group " + id + ":";
    for (const auto& vm : members) out += " " + vm;
    out += "\n";
  }
  for (const auto& [id, p] : m.points) {
    out += "point " + id + " of " + p.group + ":";
    for (const auto& vm : p.vms) out += " " + vm;
    out += "\n";
  }
  return out;
}

bool same(const Model& a, const Model& b) {
  if (a.groups.size() != b.groups.size() || a.points.size() != b.points.size()) return false;
  for (const auto& [id, members] : a.groups) {
    const auto it = b.groups.find(id);
    if (it == b.groups.end()) return false;
    std::multiset<std::string> x(members.begin(), members.end());
    std::multiset<std::string> y(it->second.begin(), it->second.end());
    if (x != y) return false;
  }
  for (const auto& [id, p] : a.points) {
    const auto it = b.points.find(id);
    if (it == b.points.end() || !wmi::iequals(it->second.group, p.group) ||
        it->second.vms != p.vms) {
      return false;
    }
  }
  return true;
}

control::Inventory inventory_with_extra_groups() {
  control::Inventory inventory = small_inventory();
  inventory.groups.push_back(
      {std::string(kExtra), "Extra", control::GroupType::kVirtualMachines, {std::string(kWeb01)}});
  inventory.groups.push_back(
      {std::string(kEmpty), "Empty", control::GroupType::kVirtualMachines, {}});
  return inventory;
}

control::FaultPlan plan_for(const Call& c) {
  if (c.fault == FaultKind::kNone) return {};
  control::FaultRule rule;
  rule.name = "one call";
  rule.match.cim_namespace = std::string(kV2);
  rule.match.class_name = std::string(is_cim(c.op) ? kCrpService : kCmService);
  rule.match.method = c.op == Op::kCreate    ? "CreateReferencePoint"
                      : c.op == Op::kDestroy ? "DestroyReferencePoint"
                      : c.op == Op::kAdd     ? "AddMember"
                                             : "RemoveMember";
  rule.max_fires = 1;
  switch (c.fault) {
    case FaultKind::kReturnCode:
      rule.action = control::ReturnCodeFault{c.fault_code};
      break;
    case FaultKind::kFailJob:
      rule.action = control::FailJobFault{c.fail_percent, c.fault_code};
      break;
    case FaultKind::kTimeout:
      rule.action = control::JobTimeoutFault{};
      break;
    case FaultKind::kDelay:
      rule.action = control::DelayFault{milliseconds(c.delay_ms)};
      break;
    case FaultKind::kNone:
      break;
  }
  return one_rule(std::move(rule));
}

// The profile code (or documented code) the call answers when the model says it fails.
std::uint32_t expected_error(const control::Profile& p, const Call& c, const Model& m) {
  switch (c.op) {
    case Op::kCreate:
      if (c.type == 0) return p.codes.type_unknown;
      if (c.type >= 32768) return p.codes.type_vendor_specific;
      if (c.type > 2) return p.codes.type_dmtf_reserved;
      if (c.group == kMissingGroupIndex) return p.codes.collection_not_found;
      if (c.group == kManagementIndex) return p.codes.wrong_collection_class;
      if (m.members(c.group).empty()) return p.codes.empty_collection;
      // The first member that cannot hold the point decides: archive-01 by its configuration
      // version; any other (none replicates) for a log-based point.
      for (const std::string& vm : m.members(c.group)) {
        if (vm == kArchive01) return p.codes.configuration_version_too_old;
        if (c.type == 1) return p.codes.log_without_replication;
      }
      return 0;
    case Op::kDestroy:
      return 4;
    case Op::kAdd:
      if (c.group == kManagementIndex && c.vm != kMissingVmIndex) return p.codes.wrong_member_kind;
      return 32773;
    case Op::kRemove:
      if (c.group == kManagementIndex && c.vm != kMissingVmIndex) return p.codes.wrong_member_kind;
      return 32773;
  }
  return 0;
}

// Runs `calls` and checks the properties after each; `log` receives each step and, after a
// success, the model and the host's state.
void run_sequence(const control::Profile& profile, const std::vector<Call>& calls,
                  std::ostream& log) {
  auto host = make_host({.profile = profile, .inventory = inventory_with_extra_groups()});
  Model model = Model::initial();
  RC_ASSERT(same(observe(*host), model));

  for (std::size_t step = 0; step < calls.size(); ++step) {
    const Call& c = calls[step];
    log << "step " << step << ": " << rc::toString(c) << "\n";
    host->set_faults(plan_for(c));
    const auto before = model_snapshot(*host);

    // The arguments, and what the model expects.
    std::string point_id;
    wmi::ObjectPath point_path = rpc_path(kMissingId, kFinance);
    if (c.op == Op::kDestroy && c.point >= 0 && !model.points.empty()) {
      auto it = model.points.begin();
      std::advance(it, c.point % static_cast<int>(model.points.size()));
      point_id = it->first;
      point_path = rpc_path(point_id, it->second.group);
    }
    const wmi::ObjectPath group = c.group == kManagementIndex ? management_path(kGroups[c.group])
                                                              : group_path(kGroups[c.group]);
    const wmi::ObjectPath vm = vm_path(kVms[c.vm]);
    const bool valid = model.should_succeed(c, point_id);

    wmi::Result<wmi::MethodResult> r = wmi::Status();
    switch (c.op) {
      case Op::kCreate:
        r = create_reference_point(*host, group, c.type);
        break;
      case Op::kDestroy:
        r = destroy_reference_point(*host, point_path);
        break;
      case Op::kAdd:
        r = member_call(*host, "AddMember", vm, group);
        break;
      case Op::kRemove:
        r = member_call(*host, "RemoveMember", vm, group);
        break;
    }
    RC_ASSERT(r.ok());
    const std::uint32_t rv = r->return_value;

    // Follow the job, cancelling it when told to.
    bool succeeded = rv == 0;
    bool cancelled = false;
    std::uint32_t error = rv;
    std::optional<wmi::ObjectPath> made;  // CreateReferencePoint's result
    if (rv == 0 && c.op == Op::kCreate) {
      const wmi::ObjectPath* out = out_reference(*r, "ResultingReferencePointCollection");
      RC_ASSERT(out != nullptr);
      made = *out;
    }
    if (rv == 4096) {
      const wmi::ObjectPath* job_ref = out_reference(*r, "Job");
      RC_ASSERT(job_ref != nullptr);
      const wmi::ObjectPath job = *job_ref;
      for (int poll = 0; poll < c.cancel_after; ++poll) RC_ASSERT(host->get(job).ok());
      if (c.cancel_after >= 0) {
        const auto cancelled_call = cancel(*host, job);
        RC_ASSERT(cancelled_call.ok());
        RC_ASSERT(cancelled_call->return_value == 0u || cancelled_call->return_value == 4097u);
        cancelled = cancelled_call->return_value == 0;
      }
      const JobTrace trace = poll_job(*host, job);
      RC_ASSERT(trace.terminal());
      succeeded = trace.state() == profile.job_success_state;
      error = static_cast<std::uint32_t>(*uint_property(trace.last(), "ErrorCode"));
      RC_ASSERT((error == 0) == succeeded);
      if (cancelled) RC_ASSERT(trace.state() == 8u);
      const auto results = query_or_die(
          *host, kV2,
          "ASSOCIATORS OF {" + path_text(job) + "} WHERE AssocClass=Msvm_AffectedJobElement");
      if (succeeded && c.op == Op::kCreate) {
        RC_ASSERT(results.size() == 1u);
        made = *results[0].path();
      } else {
        RC_ASSERT(results.empty());
      }
    }

    // Was it supposed to succeed, and with which code otherwise?
    const bool faulted = c.fault != FaultKind::kNone && c.fault != FaultKind::kDelay;
    RC_ASSERT(succeeded == (valid && !faulted && !cancelled));
    if (c.fault == FaultKind::kReturnCode) RC_ASSERT(rv == c.fault_code);
    if (c.fault == FaultKind::kFailJob && !cancelled) {
      RC_ASSERT(rv == 4096u);
      RC_ASSERT(error == c.fault_code);
    }
    if (c.fault == FaultKind::kTimeout && !cancelled) {
      RC_ASSERT(rv == 4096u);
      RC_ASSERT(error == (is_cim(c.op) ? 3u : 32772u));
    }
    if (!faulted && !valid && !cancelled) RC_ASSERT(error == expected_error(profile, c, model));

    if (!succeeded) {
      RC_ASSERT(snapshot_diff(before, model_snapshot(*host)) == "");
      continue;
    }

    // Success: apply it to the model, and check what it made.
    switch (c.op) {
      case Op::kCreate: {
        RC_ASSERT(made.has_value());
        const std::string id = std::get<std::string>(*made->key("CollectionID"));
        RC_ASSERT(!model.points.contains(id));
        PointModel p{std::string(kGroups[c.group]), {}};
        for (const auto& member : model.members(c.group)) p.vms.insert(member);
        model.points[id] = p;
        // One point on every member, reachable from the VM.
        for (const auto& member : model.members(c.group)) {
          const auto of_vm =
              query_or_die(*host, kV2,
                           "ASSOCIATORS OF {" + path_text(vm_path(member)) +
                               "} WHERE AssocClass=Msvm_ReferencePointOfVirtualSystem");
          const auto count = std::count_if(of_vm.begin(), of_vm.end(), [&](const auto& point) {
            return point.class_name() == "Msvm_VirtualSystemReferencePoint" &&
                   string_property(point, "VirtualSystemIdentifier") == member;
          });
          RC_ASSERT(static_cast<std::size_t>(count) == of_vm.size());
          std::size_t expected = 0;
          for (const auto& [pid, pm] : model.points) expected += pm.vms.count(member);
          RC_ASSERT(static_cast<std::size_t>(count) == expected);
        }
        break;
      }
      case Op::kDestroy:
        model.points.erase(point_id);
        break;
      case Op::kAdd:
        if (!model.has_member(c.group, kVms[c.vm])) {
          model.groups[std::string(kGroups[c.group])].push_back(std::string(kVms[c.vm]));
        }
        break;
      case Op::kRemove:
        std::erase(model.groups[std::string(kGroups[c.group])], std::string(kVms[c.vm]));
        break;
    }
    const Model seen = observe(*host);
    log << "model:\n" << describe(model) << "host:\n" << describe(seen);
    RC_ASSERT(same(seen, model));
  }
}

RC_GTEST_PROP(AllOrNothing, DocStrict, ()) {
  const auto calls = *rc::gen::resize(30, rc::gen::container<std::vector<Call>>(call_gen()));
  run_sequence(fixture_profile("doc-strict"), calls, RC_LOG());
}

RC_GTEST_PROP(AllOrNothing, AsyncJobs, ()) {
  const auto calls = *rc::gen::resize(30, rc::gen::container<std::vector<Call>>(call_gen()));
  run_sequence(fixture_profile("async-jobs"), calls, RC_LOG());
}

// Regression: a hand-written sequence through every fault kind, runnable without RapidCheck's
// search (the form a shrunk counterexample takes).
TEST(AllOrNothingRegression, EveryFaultKindOnce) {
  const std::vector<Call> calls = {
      Call{Op::kCreate, 0, 0, 2, 0, FaultKind::kNone, 0, 0, 0, -1},
      Call{Op::kCreate, 0, 0, 2, 0, FaultKind::kFailJob, 2, 50, 0, -1},
      Call{Op::kCreate, 1, 0, 2, 0, FaultKind::kTimeout, 0, 0, 0, -1},
      Call{Op::kDestroy, 0, 0, 2, 0, FaultKind::kReturnCode, 5, 0, 0, -1},
      Call{Op::kAdd, 0, 2, 2, 0, FaultKind::kDelay, 0, 0, 1000, -1},
      Call{Op::kCreate, 0, 0, 2, 0, FaultKind::kNone, 0, 0, 0, -1},
      Call{Op::kRemove, 0, 2, 2, 0, FaultKind::kFailJob, 32768, 0, 0, 1},
      Call{Op::kRemove, 0, 2, 2, 0, FaultKind::kNone, 0, 0, 0, -1},
      Call{Op::kDestroy, 0, 0, 2, 0, FaultKind::kNone, 0, 0, 0, -1},
  };
  for (const char* profile : {"doc-strict", "async-jobs"}) {
    std::ostringstream log;
    try {
      run_sequence(fixture_profile(profile), calls, log);
    } catch (const rc::detail::CaseResult& failure) {
      ADD_FAILURE() << profile << ": " << failure.description << "\n" << log.str();
    }
  }
}

}  // namespace
}  // namespace sim::host
