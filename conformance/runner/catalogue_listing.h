// What `hvconform --list-assertions [--json]` and `--list-mutants` print. The JSON form is an
// array of {"id", "statement", "clause", "evidence" ("doc"|"mof"|"sample"|"field"|"unverified"),
// "namespaces" ("both"|"virtualization-only"|"cluster-only"), "needs": {"mutation", "data_plane",
// "fault_rules", "replication"}} in catalogue order. Pure functions; thread-safe.
#pragma once

#include <span>
#include <string>

#include "conformance/catalogue/assertion.h"

namespace conformance {

// One assertion per line: id, evidence, namespaces, statement.
std::string assertions_text(std::span<const Assertion> assertions);
std::string assertions_json(std::span<const Assertion> assertions);

// One mutant per line: name and description (sim/host/mutant.h's table).
std::string mutants_text();

}  // namespace conformance
