// Fuzz target: parse_query on arbitrary bytes. Oracle: a parsed query prints, the printed text
// parses to an equal query, and printing that gives the same text. Parsed queries are then
// evaluated (WHERE against a fixed instance with one property of each scalar type, projection,
// ASSOCIATORS/REFERENCES filtering over fixed associations) to reach the evaluator with every
// shape the parser can produce; evaluation has no oracle here beyond not crashing.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "sim/host/wql/wql_association_filter.h"
#include "sim/host/wql/wql_condition_eval.h"
#include "sim/host/wql/wql_parser.h"
#include "sim/host/wql/wql_printer.h"
#include "wmi/cim/fuzz/fuzz_check.h"
#include "wmi/cim/wmi_path.h"

namespace {

wmi::ObjectPath path(std::string_view text) { return wmi::parse_wmi_path(text).value(); }

const wmi::Instance& sample_instance() {
  static const wmi::Instance instance = [] {
    wmi::Instance i("Msvm_ComputerSystem", "root/virtualization/v2",
                    {{"Name", "5C2F4E71-0B43-4B2E-A0B5-76E0C7F1F1A1"},
                     {"ElementName", "vm_01"},
                     {"EnabledState", std::uint16_t{2}},
                     {"OnTimeInMilliseconds", std::uint64_t{123456789}},
                     {"Offset", std::int32_t{-5}},
                     {"Ratio", 0.5},
                     {"Enabled", true},
                     {"Letter", char16_t{'C'}},
                     {"Description", wmi::CimValue::null(wmi::CimType::kString)},
                     {"InstallDate", wmi::Datetime(wmi::Interval{})},
                     {"Host", path("root/virtualization/v2:Msvm_ComputerSystem.Name=\"HOST\"")}});
    i.set_path(path("root/virtualization/v2:Msvm_ComputerSystem.Name=\"x\""));
    return i;
  }();
  return instance;
}

const std::vector<wmi::Instance>& sample_associations() {
  static const std::vector<wmi::Instance> associations = {
      wmi::Instance("Msvm_CollectedVirtualSystems", "root/virtualization/v2",
                    {{"Collection", path("root/virtualization/v2:Msvm_VirtualSystemCollection."
                                         "CollectionID=\"g\"")},
                     {"Member", path("root/virtualization/v2:Msvm_ComputerSystem.Name=\"x\"")}}),
  };
  return associations;
}

void evaluate(const sim::wql::Query& query) {
  if (const auto* select = std::get_if<sim::wql::SelectQuery>(&query)) {
    if (select->where) (void)sim::wql::matches(*select->where, sample_instance());
    (void)sim::wql::project(*select, sample_instance());
  } else if (const auto* assoc = std::get_if<sim::wql::AssociatorsQuery>(&query)) {
    (void)sim::wql::filter_associators(*assoc, sample_associations());
  } else {
    (void)sim::wql::filter_references(std::get<sim::wql::ReferencesQuery>(query),
                                      sample_associations());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = sim::wql::parse_query(text);
  if (!parsed.ok()) {
    wmi::fuzz::require(!parsed.status().message().empty(), "a WQL error must say what is wrong");
    return 0;
  }
  auto printed = sim::wql::print_query(*parsed);
  wmi::fuzz::require(printed.ok(), "a parsed WQL query must print");
  auto reparsed = sim::wql::parse_query(*printed);
  wmi::fuzz::require(reparsed.ok(), "a printed WQL query must parse");
  wmi::fuzz::require(*reparsed == *parsed, "WQL print/parse round trip must be the identity");
  auto reprinted = sim::wql::print_query(*reparsed);
  wmi::fuzz::require(reprinted.ok() && *reprinted == *printed, "WQL printing must be canonical");
  evaluate(*parsed);
  return 0;
}
