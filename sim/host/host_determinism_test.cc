// Determinism (DESIGN "Clock and randomness"): two hosts with the same seed given the same calls
// answer identically — ReturnValues, out-parameters, job progress, fault decisions, every instance
// including jobs and their timestamps — and a different seed gives different GUIDs. The random
// call sequences come from RapidCheck (which prints its seed); they run under a profile where
// every random stream matters: async-jobs (jobs with jitter), fault rules with probability 1/2.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <regex>
#include <set>

#include "sim/host/host_test_support.h"
#include "wmi/cim/cim_xml.h"

namespace sim::host {
namespace {

using namespace test;
using std::chrono::milliseconds;

enum class Step { kDefine, kCreate, kDestroy, kAdd, kPollJobs, kAdvance, kCancelNewest };

struct Action {
  Step step = Step::kDefine;
  int index = 0;  // which group / VM / point
  std::uint32_t amount = 0;
};

// As C++, for pasting a counterexample into a regression test.
void showValue(const Action& a, std::ostream& os) {
  static const char* const kNames[] = {"kDefine",   "kCreate",  "kDestroy",     "kAdd",
                                       "kPollJobs", "kAdvance", "kCancelNewest"};
  os << "Action{Step::" << kNames[static_cast<int>(a.step)] << ", " << a.index << ", " << a.amount
     << "}";
}

rc::Gen<Action> action_gen() {
  return rc::gen::exec([] {
    Action a;
    a.step = *rc::gen::element(Step::kDefine, Step::kCreate, Step::kDestroy, Step::kAdd,
                               Step::kPollJobs, Step::kAdvance, Step::kCancelNewest);
    a.index = *rc::gen::inRange(0, 8);
    a.amount = *rc::gen::inRange<std::uint32_t>(0, 5000);
    return a;
  });
}

control::FaultPlan coin_flip_faults() {
  std::vector<control::FaultRule> rules;
  control::FaultRule fail;
  fail.match.method = "CreateReferencePoint";
  fail.action = control::FailJobFault{40, 2};
  fail.probability = 0.5;
  rules.push_back(fail);
  control::FaultRule delay;
  delay.match.method = "AddMember";
  delay.action = control::DelayFault{milliseconds(700)};
  delay.probability = 0.5;
  rules.push_back(delay);
  return *control::FaultPlan::create(std::move(rules));
}

std::string render_result(const wmi::Result<wmi::MethodResult>& r) {
  if (!r.ok()) return "status " + r.status().to_string();
  return "rv " + std::to_string(r->return_value) + " " +
         render(wmi::Instance("__PARAMETERS", "", r->out));
}

// Everything the host shows in v2, jobs included.
std::vector<std::string> everything(Host& host) {
  std::vector<std::string> out;
  for (const auto& i : query_or_die(host, kV2, "SELECT * FROM CIM_ManagedElement")) {
    out.push_back(render(i));
  }
  for (std::string_view assoc : association_classes(kV2)) {
    for (const auto& i : query_or_die(host, kV2, "SELECT * FROM " + std::string(assoc))) {
      out.push_back(render(i));
    }
  }
  return out;
}

// Runs `actions` on a fresh host with `seed` and returns the transcript.
std::vector<std::string> transcript(std::uint64_t seed, const std::vector<Action>& actions) {
  auto host = make_host(
      {.profile = fixture_profile("async-jobs"), .seed = seed, .faults = coin_flip_faults()});
  std::vector<std::string> out;
  std::vector<wmi::ObjectPath> groups = {group_path(kFinance)};
  std::vector<wmi::ObjectPath> jobs;
  auto record = [&](const wmi::Result<wmi::MethodResult>& r) {
    out.push_back(render_result(r));
    if (r.ok()) {
      if (const auto* job = out_reference(*r, "Job")) jobs.push_back(*job);
      if (const auto* group = out_reference(*r, "DefinedCollection")) groups.push_back(*group);
    }
  };
  // Always one fresh GUID first.
  record(define_collection(*host, "first", "", 0));
  for (const Action& a : actions) {
    switch (a.step) {
      case Step::kDefine:
        record(define_collection(*host, "g" + std::to_string(a.index), "", 0));
        break;
      case Step::kCreate:
        record(create_reference_point(*host, groups[a.index % groups.size()]));
        break;
      case Step::kDestroy: {
        const auto points = query_or_die(*host, kV2, "SELECT * FROM Msvm_ReferencePointCollection");
        record(destroy_reference_point(*host, points.empty()
                                                  ? rpc_path(kMissingId, kFinance)
                                                  : *points[a.index % points.size()].path()));
        break;
      }
      case Step::kAdd: {
        const std::string_view vms[] = {kSql01, kWeb01, kArchive01};
        record(member_call(*host, "AddMember", vm_path(vms[a.index % 3]),
                           groups[a.index % groups.size()]));
        break;
      }
      case Step::kPollJobs:
        for (const auto& job : jobs) {
          auto seen = host->get(job);
          out.push_back(seen.ok() ? render(*seen) : seen.status().to_string());
        }
        break;
      case Step::kAdvance:
        (void)host->virtual_clock()->advance(milliseconds(a.amount) * 100);
        out.push_back("advanced");
        break;
      case Step::kCancelNewest:
        if (!jobs.empty()) record(cancel(*host, jobs.back()));
        break;
    }
  }
  for (std::string& line : everything(*host)) out.push_back(std::move(line));
  return out;
}

RC_GTEST_PROP(HostDeterminism, SameSeedSameCallsSameEverything, (std::uint64_t seed)) {
  const auto actions = *rc::gen::resize(40, rc::gen::container<std::vector<Action>>(action_gen()));
  const auto a = transcript(seed, actions);
  const auto b = transcript(seed, actions);
  RC_ASSERT(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    RC_LOG() << "line " << i << "\n  " << a[i] << "\n  " << b[i] << "\n";
    RC_ASSERT(a[i] == b[i]);
  }
}

// The GUIDs a transcript line holds.
std::set<std::string> guids_in(const std::vector<std::string>& lines) {
  static const std::regex kGuid("[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}");
  std::set<std::string> out;
  for (const auto& line : lines) {
    for (auto it = std::sregex_iterator(line.begin(), line.end(), kGuid);
         it != std::sregex_iterator(); ++it) {
      out.insert(it->str());
    }
  }
  return out;
}

RC_GTEST_PROP(HostDeterminism, DifferentSeedDifferentGuids, (std::uint64_t seed)) {
  const auto actions = *rc::gen::container<std::vector<Action>>(action_gen());
  const auto a = transcript(seed, actions);
  const auto b = transcript(seed + 1, actions);
  // The first line is DefineCollection with an empty Id: a fresh GUID from each seed.
  RC_ASSERT(a[0] != b[0]);
  // Every GUID the host made (the inventory's aside) differs between the two runs.
  std::set<std::string> fixed;
  for (const auto& vm : small_inventory().vms) fixed.insert(vm.guid);
  for (const auto& g : small_inventory().groups) fixed.insert(g.id);
  fixed.insert(std::string(kMissingId));
  fixed.insert("83F8638B-8DCA-4152-9EDA-2CA8B33039B4");  // the SCSI controller in disk ids
  std::set<std::string> made_a;
  std::set<std::string> made_b;
  for (const auto& g : guids_in(a)) {
    if (!fixed.contains(g)) made_a.insert(g);
  }
  for (const auto& g : guids_in(b)) {
    if (!fixed.contains(g)) made_b.insert(g);
  }
  RC_ASSERT(!made_a.empty());
  for (const auto& g : made_a) {
    RC_LOG() << "made by both seeds: " << g << "\n";
    RC_ASSERT(!made_b.contains(g));
  }
}

TEST(HostDeterminismFixed, SameSeedSameIdsFromAFixedSequence) {
  const std::uint64_t seed = test_seed("HostDeterminismFixed.SameSeedSameIdsFromAFixedSequence");
  const std::vector<Action> actions = {
      {Step::kCreate, 0, 0},       {Step::kPollJobs, 0, 0}, {Step::kAdvance, 0, 30},
      {Step::kPollJobs, 0, 0},     {Step::kDefine, 1, 0},   {Step::kAdd, 1, 0},
      {Step::kCancelNewest, 0, 0}, {Step::kCreate, 1, 0},   {Step::kAdvance, 0, 4000},
      {Step::kPollJobs, 0, 0},     {Step::kDestroy, 0, 0},  {Step::kPollJobs, 0, 0},
  };
  EXPECT_EQ(transcript(seed, actions), transcript(seed, actions));
  EXPECT_NE(transcript(seed, actions), transcript(seed ^ 0x9E3779B97F4A7C15ull, actions));
}

}  // namespace
}  // namespace sim::host
