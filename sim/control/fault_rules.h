// sim::control fault rules: scoped, counted, seeded faults that the simulated host's dispatch choke
// point consults before a service runs, so that no fault can leave partial state.
//
// A FaultRule is
//   match        namespace, class, method, instance path; an empty field matches anything.
//                Namespace, class and method compare ASCII case-insensitively (CIM names are) and
//                the namespace's '\' and '/' are the same separator; the instance path (as the
//                dispatcher formats it) must be equal byte for byte. A Get or query is a call with
//                an empty method, so a rule naming a method matches only invocations of it.
//                A rule also matches only calls its action can apply to (action_applies): a Get
//                or query takes only delays and transport faults, a method that never starts a
//                job also takes return codes, and a job-starting method takes every action.
//   action       return a ReturnValue | start a job that fails at N % with ErrorCode E | delay the
//                call by a virtual duration | start a job that never finishes and times out |
//                transport fault (drop the connection, HTTP 500, HTTP 401).
//   probability  in [0, 1]; skip: matching calls to let through first; max_fires: how many times
//                the rule may fire (none: unlimited).
//
// FaultPlan::decide walks the rules in order. A rule that matches the call counts it (matched);
// it fires when more than `skip` calls have matched it, it has fired fewer than `max_fires` times,
// and its probability draw succeeds. The first rule that fires wins and the rules after it are not
// consulted; a rule that matches but does not fire passes the call on to the next rule. A draw is
// taken from the caller's fault stream exactly when a rule with 0 < probability < 1 gets that far,
// so the same seed and the same calls give the same decisions.
//
// Thread-safety: FaultRule is a value; a FaultPlan is mutated by decide() and is not synchronised
// (the host's dispatch serialises calls).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sim/control/random_streams.h"
#include "wmi/cim/status.h"

namespace sim::control {

struct FaultMatch {
  std::string cim_namespace;  // e.g. "root/virtualization/v2"
  std::string class_name;     // e.g. "Msvm_CollectionReferencePointService"
  std::string method;         // e.g. "CreateReferencePoint"
  std::string instance_path;  // the target instance's path
  friend bool operator==(const FaultMatch&, const FaultMatch&) = default;
};

// A Get or query; a method that always answers at once; a method that may answer 4096 (a job).
enum class CallKind { kRead, kMethod, kJobMethod };

// The call FaultPlan::decide is asked about; method is empty for a Get or a query.
struct CallDescription {
  std::string_view cim_namespace;
  std::string_view class_name;
  std::string_view method;
  std::string_view instance_path;
  CallKind kind;
};

// The method returns `code` at once (any code but 0 and 4096; reserved codes are allowed so that
// clients' handling of them can be tested).
struct ReturnCodeFault {
  std::uint32_t code = 2;
  friend bool operator==(const ReturnCodeFault&, const ReturnCodeFault&) = default;
};
// The method answers 4096; the job runs to `at_percent` % and ends in JobState 10 with
// ErrorCode `error_code` (1..65535: ErrorCode is a uint16), undoing everything it did.
struct FailJobFault {
  std::uint8_t at_percent = 50;  // 0..100
  std::uint32_t error_code = 2;
  friend bool operator==(const FailJobFault&, const FailJobFault&) = default;
};
// The call takes `delay` of virtual time (1 ms .. 1 day) before it proceeds normally.
struct DelayFault {
  std::chrono::milliseconds delay{1000};
  friend bool operator==(const DelayFault&, const DelayFault&) = default;
};
// The method answers 4096 and its job stops progressing; it ends with the family's timeout code.
struct JobTimeoutFault {
  friend bool operator==(const JobTimeoutFault&, const JobTimeoutFault&) = default;
};
enum class TransportFaultKind { kDrop, kHttp500, kHttp401 };
// The request never reaches the service: the connection drops, or HTTP 500 / 401 comes back.
struct TransportFault {
  TransportFaultKind kind = TransportFaultKind::kDrop;
  friend bool operator==(const TransportFault&, const TransportFault&) = default;
};

using FaultAction =
    std::variant<ReturnCodeFault, FailJobFault, DelayFault, JobTimeoutFault, TransportFault>;

struct FaultRule {
  std::string name;  // for reports; may be empty
  FaultMatch match;
  FaultAction action;
  double probability = 1.0;
  std::uint64_t skip = 0;
  std::optional<std::uint64_t> max_fires;  // at least 1 when present
  friend bool operator==(const FaultRule&, const FaultRule&) = default;
};

// Ok when `rule` obeys the limits above; otherwise kInvalidArgument naming the rule and the field.
wmi::Status validate_fault_rule(const FaultRule& rule);

// True when `match` selects `call` (matching rules above).
bool fault_matches(const FaultMatch& match, const CallDescription& call);

// True when `action` can happen to a call of `kind` (matching rules above).
bool action_applies(const FaultAction& action, CallKind kind);

struct FaultDecision {
  std::size_t rule_index;
  FaultAction action;
};

struct RuleCounters {
  std::uint64_t matched = 0;
  std::uint64_t fired = 0;
  friend bool operator==(const RuleCounters&, const RuleCounters&) = default;
};

class FaultPlan {
 public:
  FaultPlan() = default;  // no rules: nothing ever fires

  // Fails with kInvalidArgument (the first invalid rule, by index and name).
  static wmi::Result<FaultPlan> create(std::vector<FaultRule> rules);

  // The action that fires for `call`, if any; updates the counters (see the header comment).
  std::optional<FaultDecision> decide(const CallDescription& call, RandomStream& fault_stream);

  const std::vector<FaultRule>& rules() const { return rules_; }
  // Precondition: rule_index < rules().size().
  const RuleCounters& counters(std::size_t rule_index) const { return counters_[rule_index]; }
  void reset_counters();

 private:
  std::vector<FaultRule> rules_;
  std::vector<RuleCounters> counters_;
};

}  // namespace sim::control
