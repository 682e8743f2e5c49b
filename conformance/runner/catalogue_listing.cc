#include "conformance/runner/catalogue_listing.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "conformance/report/report_summary.h"
#include "sim/host/mutant.h"

namespace conformance {

std::string assertions_text(std::span<const Assertion> assertions) {
  std::string text;
  for (const Assertion& a : assertions) {
    text += fmt::format("{:<14} {:<12} {:<15} {}\n", a.id,
                        fmt::format("[{}]", evidence_name(a.evidence)),
                        namespaces_name(a.namespaces), a.statement);
  }
  return text;
}

std::string assertions_json(std::span<const Assertion> assertions) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const Assertion& a : assertions) {
    list.push_back({{"id", a.id},
                    {"statement", a.statement},
                    {"clause", a.clause},
                    {"evidence", evidence_name(a.evidence)},
                    {"namespaces", namespaces_name(a.namespaces)},
                    {"needs",
                     {{"mutation", a.needs.mutation},
                      {"data_plane", a.needs.data_plane},
                      {"fault_rules", a.needs.fault_rules},
                      {"replication", a.needs.replication}}}});
  }
  return list.dump(2) + "\n";
}

std::string mutants_text() {
  std::string text;
  for (const sim::host::MutantInfo& info : sim::host::all_mutants()) {
    text += fmt::format("{:<36} {}\n", info.name, info.description);
  }
  return text;
}

}  // namespace conformance
