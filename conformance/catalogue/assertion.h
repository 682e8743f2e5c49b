// conformance::Assertion: one checkable statement of the API contract, as the certification report
// names it. The catalogue (catalogue.h) is the list of them; every conformance test names exactly
// one (conformance_test.h), and an assertion may be checked by several tests. Plain values.
#pragma once

#include <string_view>
#include <vector>

namespace conformance {

// Where the clause comes from (spec/hyperv-backup-api.md's evidence tags). kUnverified: the
// assertion rests on a profile guess; passing it yields WARN, not PASS.
enum class Evidence { kDoc, kMof, kSample, kField, kUnverified };

// The namespaces an assertion applies to.
enum class Namespaces { kBoth, kVirtualizationOnly, kClusterOnly };

// What a target must offer for the assertion to be tested; a missing need makes it NOT-TESTED
// with the need as the reason, never PASS.
struct Needs {
  bool mutation = false;     // creates or changes state (--allow-mutation off a simulator)
  bool data_plane = false;   // writes or reads disk bytes, crashes the host (wmi::DataPlane)
  bool fault_rules = false;  // provokes a code through an injected fault (FaultControl)
  bool replication = false;  // a replication-capable target
};

struct Assertion {
  std::string_view id;         // stable: AREA-TOPIC-NNN, e.g. "CRP-TYPE-001"
  std::string_view statement;  // one line
  std::string_view clause;     // quoted from the spec (empty when unverified)
  Evidence evidence;
  Namespaces namespaces;
  Needs needs;
};

}  // namespace conformance
