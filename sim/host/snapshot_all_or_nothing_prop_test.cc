// The all-or-nothing property for checkpoints (spec §4 "error ⇒ no partial state"), under
// doc-strict and async-jobs: random sequences of the two snapshot services' methods (per-VM
// CreateSnapshot / DestroySnapshot / ConvertToReferencePoint; per-group CreateSnapshot /
// ConvertToReferencePoint / DestroySnapshot / ApplySnapshot) on random targets, each with a random
// fault rule (none, a return code, a job failing at a random percentage, a job timing out). After
// every call:
//   - a call that did not succeed (a non-zero code, or a job ending in anything but JobState 7)
//     left every instance (checkpoints, their disks, snapshot collections, reference points and
//     every association; jobs aside) exactly as it was;
//   - without a fault, the call succeeded exactly when its inputs were valid (a per-VM recovery
//     checkpoint of archive-01 and conversions of standard checkpoints are refused);
//   - a successful call other than ApplySnapshot (which changes bytes, not instances) changed the
//     model.
// A failing case prints its call sequence (showValue).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <ostream>

#include "sim/host/snapshot_test_support.h"

namespace sim::host {
namespace {

using namespace test;

enum class Op {
  kVmCreate,
  kVmDestroy,
  kVmConvert,
  kGroupCreate,
  kGroupConvert,
  kGroupDestroy,
  kGroupApply
};
enum class Fault { kNone, kReturnCode, kFailJob, kTimeout };

struct Call {
  Op op = Op::kVmCreate;
  int vm = 0;  // kVms index (per-VM create)
  std::uint16_t type = 0;
  int target = 0;  // index into the existing checkpoints / snapshot collections (modulo)
  Fault fault = Fault::kNone;
};

constexpr std::string_view kVms[] = {kSql01, kWeb01, kArchive01};

void showValue(const Call& c, std::ostream& os) {
  os << "Call{op " << static_cast<int>(c.op) << ", vm " << c.vm << ", type " << c.type
     << ", target " << c.target << ", fault " << static_cast<int>(c.fault) << "}";
}

rc::Gen<Call> gen_call() {
  return rc::gen::exec([] {
    Call c;
    c.op =
        *rc::gen::element(Op::kVmCreate, Op::kVmCreate, Op::kVmDestroy, Op::kVmConvert,
                          Op::kGroupCreate, Op::kGroupConvert, Op::kGroupDestroy, Op::kGroupApply);
    c.vm = *rc::gen::inRange(0, 3);
    c.type = c.op == Op::kVmCreate
                 ? *rc::gen::element<std::uint16_t>(2, 3, 32768, 32768, 0, 4, 32769)
                 : *rc::gen::element<std::uint16_t>(1, 2, 2, 0, 3, 32768);
    c.target = *rc::gen::inRange(0, 4);
    c.fault = *rc::gen::weightedElement<Fault>(
        {{6, Fault::kNone}, {1, Fault::kReturnCode}, {1, Fault::kFailJob}, {1, Fault::kTimeout}});
    return c;
  });
}

std::string_view method_of(Op op) {
  switch (op) {
    case Op::kVmCreate:
    case Op::kGroupCreate:
      return "CreateSnapshot";
    case Op::kVmDestroy:
    case Op::kGroupDestroy:
      return "DestroySnapshot";
    case Op::kVmConvert:
    case Op::kGroupConvert:
      return "ConvertToReferencePoint";
    case Op::kGroupApply:
      return "ApplySnapshot";
  }
  return "";
}

bool per_vm(Op op) { return op == Op::kVmCreate || op == Op::kVmDestroy || op == Op::kVmConvert; }

control::FaultPlan plan_for(const Call& c) {
  if (c.fault == Fault::kNone) return {};
  control::FaultRule rule;
  rule.match.class_name = std::string(per_vm(c.op) ? kVsssService : kCssService);
  rule.match.method = std::string(method_of(c.op));
  rule.max_fires = 1;
  if (c.fault == Fault::kReturnCode) rule.action = control::ReturnCodeFault{2};
  if (c.fault == Fault::kFailJob) rule.action = control::FailJobFault{40, 2};
  if (c.fault == Fault::kTimeout) rule.action = control::JobTimeoutFault{};
  return one_rule(std::move(rule));
}

// Runs the call; true when it succeeded (0, or 4096 and a job ending in 7). `valid` says whether
// its inputs were acceptable.
bool run(Host& host, const Call& c, bool& valid) {
  const auto checkpoints = query_or_die(host, kV2,
                                        "SELECT * FROM Msvm_VirtualSystemSettingData WHERE "
                                        "VirtualSystemType <> 'Microsoft:Hyper-V:System:Realized'");
  const auto collections = query_or_die(host, kV2, "SELECT * FROM Msvm_SnapshotCollection");
  wmi::Result<wmi::MethodResult> r = wmi::Status();
  const auto pick = [&](const std::vector<wmi::Instance>& from) -> const wmi::Instance* {
    return from.empty() ? nullptr : &from[static_cast<std::size_t>(c.target) % from.size()];
  };
  const wmi::CimValue none = wmi::CimValue::null(wmi::CimType::kReference);
  switch (c.op) {
    case Op::kVmCreate:
      valid = c.type == 2 || c.type == 3 || (c.type == 32768 && kVms[c.vm] != kArchive01);
      r = create_snapshot(host, vm_path(kVms[c.vm]), c.type);
      break;
    case Op::kVmDestroy:
    case Op::kVmConvert: {
      const wmi::Instance* target = pick(checkpoints);
      valid = target != nullptr &&
              (c.op == Op::kVmDestroy || string_property(*target, "VirtualSystemType") ==
                                             "Microsoft:Hyper-V:Snapshot:Recovery");
      const wmi::CimValue ref = target == nullptr ? none : wmi::CimValue(*target->path());
      r = c.op == Op::kVmDestroy ? destroy_snapshot(host, ref) : convert_snapshot(host, ref);
      break;
    }
    case Op::kGroupCreate:
      valid = c.type == 1 || c.type == 2;
      r = create_group_snapshot(host, group_path(kFinance), c.type);
      break;
    case Op::kGroupConvert:
    case Op::kGroupDestroy:
    case Op::kGroupApply: {
      const wmi::Instance* target = pick(collections);
      const wmi::CimValue ref = target == nullptr ? none : wmi::CimValue(*target->path());
      std::size_t recovery_members = 0;
      std::size_t members = 0;
      if (target != nullptr) {
        for (const auto& member : query_or_die(host, kV2,
                                               "ASSOCIATORS OF {" + path_text(*target->path()) +
                                                   "} WHERE AssocClass=Msvm_CollectedSnapshots")) {
          ++members;
          recovery_members +=
              string_property(member, "VirtualSystemType") == "Microsoft:Hyper-V:Snapshot:Recovery";
        }
      }
      // A group's checkpoints are all of one type; a group emptied member by member (per-VM
      // destroys and converts) converts no more.
      valid = target != nullptr &&
              (c.op != Op::kGroupConvert || (members > 0 && recovery_members == members));
      r = group_snapshot_call(
          host, method_of(c.op),
          c.op == Op::kGroupApply ? "SnapshotCollection" : "AffectedSnapshotCollection", ref);
      break;
    }
  }
  RC_ASSERT(r.ok());
  if (r->return_value == 0) return true;
  if (r->return_value != 4096) return false;
  const wmi::ObjectPath* job = out_reference(*r, "Job");
  RC_ASSERT(job != nullptr);
  const JobTrace trace = poll_job(host, *job, std::chrono::milliseconds(200), 400);
  RC_ASSERT(trace.terminal());
  return trace.state() == 7u;
}

void check_sequence(const std::string& profile) {
  const auto calls = *rc::gen::resize(12, rc::gen::container<std::vector<Call>>(gen_call()));
  auto host = make_host({.profile = fixture_profile(profile)});
  for (const Call& c : calls) {
    host->set_faults(plan_for(c));
    const auto before = model_snapshot(*host);
    bool valid = false;
    const bool ok = run(*host, c, valid);
    host->set_faults({});
    const auto after = model_snapshot(*host);
    if (!ok) {
      RC_ASSERT(snapshot_diff(before, after) == "");
    } else if (c.op != Op::kGroupApply) {  // an apply changes bytes, not instances
      RC_ASSERT(snapshot_diff(before, after) != "");
    }
    if (c.fault == Fault::kNone) RC_ASSERT(ok == valid);
    if (c.fault == Fault::kReturnCode || c.fault == Fault::kFailJob || c.fault == Fault::kTimeout) {
      RC_ASSERT(!ok);
    }
  }
}

RC_GTEST_PROP(SnapshotAllOrNothing, DocStrict, ()) { check_sequence("doc-strict"); }
RC_GTEST_PROP(SnapshotAllOrNothing, AsyncJobs, ()) { check_sequence("async-jobs"); }

}  // namespace
}  // namespace sim::host
