// Fault-rule files (fixtures/faults/*.json, or a test's inline text): loading with clear errors and
// saving in a canonical form. Format:
//   {
//     "description": "optional: what the plan is for",
//     "rules": [
//       {
//         "name": "crp-fails-half-way",                        optional
//         "match": {"namespace": "root/virtualization/v2",     optional, each member optional;
//                   "class": "Msvm_CollectionReferencePointService",   empty or absent = any
//                   "method": "CreateReferencePoint",
//                   "instance": "<instance path>"},
//         "action": {"type": "return-code", "code": 2}
//                 | {"type": "fail-job", "at_percent": 50, "error_code": 32768}
//                 | {"type": "delay", "ms": 1500}
//                 | {"type": "job-timeout"}
//                 | {"type": "transport", "fault": "drop" | "http-500" | "http-401"},
//         "probability": 0.25,                                 optional, default 1
//         "skip": 2,                                           optional, default 0
//         "max": 1                                             optional, default unlimited
//       }
//     ]
//   }
// Semantics and limits are those of fault_rules.h. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/control/fault_rules.h"
#include "wmi/cim/status.h"

namespace sim::control {

struct FaultRuleSet {
  std::string description;
  std::vector<FaultRule> rules;
  friend bool operator==(const FaultRuleSet&, const FaultRuleSet&) = default;
};

// Fails with kInvalidArgument naming the JSON pointer and the problem (not JSON, unknown key,
// wrong type, unknown action type, probability outside [0, 1], code 0 or 4096, ...).
wmi::Result<FaultRuleSet> load_fault_rules(std::string_view json_text);

// Canonical JSON text: every match member written, optional members only when set.
// load_fault_rules() reads it back equal, and saving that again gives the same bytes.
std::string save_fault_rules(const FaultRuleSet& rule_set);

}  // namespace sim::control
