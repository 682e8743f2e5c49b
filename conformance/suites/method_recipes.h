// Method recipes: for every modelled method (conformance/oracle/return_codes.h) and the job
// methods of spec §6, how to prepare a fresh Session so that a valid call succeeds (a group
// defined, a checkpoint or reference point created, replication started, a job running ...) and
// the in-parameters of that call, plus the inputs or states that the contract or the target's
// profile say answer a specific error code naturally (a missing or wrong-class reference, a
// standard checkpoint to convert, an RCT id the disk never issued ...). The return-code suite
// (method_code_suite.cc) provokes every documented code from these, the codes no input can cause
// through fault rules; CRP-CODE-005 draws random calls from them.
//
// Everything goes through the Session's Connection (and its DataPlane where a state needs one).
// Not synchronised. Nothing throws: a preparation the target refuses is nullopt with `problem`.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "conformance/oracle/profile_expectations.h"
#include "conformance/oracle/return_codes.h"
#include "conformance/target/target.h"
#include "wmi/cim/connection.h"

namespace conformance {

// An input or state that answers `code` by itself (no fault rule).
struct NaturalError {
  std::uint32_t code = 0;
  std::string how;  // "a missing Collection", "a standard checkpoint", ...
  wmi::PropertyList in;
};

// A prepared Session: the call that succeeds on it and its natural errors, all on `target`.
struct PreparedCall {
  wmi::ObjectPath target;  // the service singleton, or the job for Msvm_ConcreteJob's methods
  wmi::PropertyList in;    // a valid call: succeeds (0, or 4096 and a job that succeeds)
  std::vector<NaturalError> natural;
};

struct MethodRecipe {
  std::string_view service;  // e.g. "Msvm_CollectionSnapshotService"
  std::string_view method;   // e.g. "ConvertToReferencePoint"
  wmi::ReturnCodeFamily family;
  // Spec §6's job methods answer at once: no 4096 is documented for them here.
  bool answers_at_once = false;
  // Prepares `session` in `ns` (where `service` is served); `seed` names what it creates.
  std::optional<PreparedCall> (*prepare)(Session& session, std::string_view ns,
                                         const oracle::ProfileExpectations& profile,
                                         std::uint64_t seed, std::string& problem) = nullptr;

  std::string name() const;  // "Class.Method"
};

// Every recipe: one per modelled method and per job method, in oracle::modelled_methods() order,
// the job methods last.
std::span<const MethodRecipe> method_recipes();

// The recipe of "Class.Method"; nullptr when none.
const MethodRecipe* find_recipe(std::string_view method);

// The codes a recipe's method documents: its family's codes (return_codes.h), without 4096 when it
// answers at once.
std::vector<std::uint32_t> documented_codes(const MethodRecipe& recipe);

// A code of the CIM family as the Hyper-V family names the same condition (spec §4: 1 not
// supported -> 32770, 2 failed -> 32768, 3 timeout -> 32772, 4 invalid parameter -> 32773,
// 5 invalid state -> 32775, 6 invalid type -> 32776); other codes unchanged.
std::uint32_t in_family(std::uint32_t cim_code, wmi::ReturnCodeFamily family);

}  // namespace conformance
