// Keeps the return-code area complete: runs hvconform against the simulator under both profiles
// with --report and checks report.json's method x return-code matrix: every documented code
// (conformance/oracle/return_codes.h, and the CIM codes of spec §6's job methods, which answer at
// once) of every method the target serves is a tested cell, and the run has no FAIL. A method the
// target does not serve shows in the evidence as a call without a ReturnValue
// (a:ActionNotSupported) and no cell. HVCONFORM is the hvconform binary (set by CMake).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "conformance/oracle/return_codes.h"

namespace conformance {
namespace {

using Codes = std::map<std::string, std::vector<std::uint32_t>>;

// The rows the return-code suites must fill, with their documented codes.
Codes rows_to_fill() {
  Codes rows = oracle::documented_codes();
  std::vector<std::uint32_t> at_once = oracle::family_codes(wmi::ReturnCodeFamily::kCim);
  std::erase(at_once, 4096u);
  rows["Msvm_ConcreteJob.RequestStateChange"] = at_once;
  rows["Msvm_ConcreteJob.GetErrorEx"] = at_once;
  return rows;
}

// Runs hvconform on `target` with --report and returns report.json.
nlohmann::json run_report(const std::string& target) {
  const std::filesystem::path dir =
      std::filesystem::path(::testing::TempDir()) /
      ("method_coverage_" + std::to_string(std::hash<std::string>{}(target)));
  std::filesystem::remove_all(dir);
  const std::string command = std::string(HVCONFORM) + " --target " + target +
                              " --seed 7 --report " + dir.string() + " > " +
                              (dir.string() + ".log") + " 2>&1";
  const int status = std::system(command.c_str());
  EXPECT_EQ(status, 0) << command << " (see " << dir.string() << ".log)";
  std::ifstream in(dir / "report.json");
  if (!in) {
    ADD_FAILURE() << "no report.json in " << dir;
    return {};
  }
  return nlohmann::json::parse(in, nullptr, false);
}

void expect_every_documented_code_tested(const std::string& target) {
  const nlohmann::json report = run_report(target);
  ASSERT_TRUE(report.is_object()) << target;
  EXPECT_EQ(report["summary"]["FAIL"], 0) << target;
  std::map<std::pair<std::string, std::uint32_t>, std::string> cells;
  for (const nlohmann::json& cell : report["coverage"]["method"]["cells"]) {
    cells[{cell["row"].get<std::string>(), cell["return_value"].get<std::uint32_t>()}] =
        cell["status"].get<std::string>();
  }
  std::set<std::string> refused;  // "Class.Method" called without a ReturnValue
  for (const nlohmann::json& assertion : report["assertions"]) {
    for (const nlohmann::json& test : assertion["tests"]) {
      for (const nlohmann::json& call : test["evidence"]) {
        if (call["return_value"].is_null()) {
          refused.insert(call["class"].get<std::string>() + "." +
                         call["method"].get<std::string>());
        }
      }
    }
  }
  for (const auto& [row, codes] : rows_to_fill()) {
    bool any = false;
    for (std::uint32_t code : codes) {
      const auto cell = cells.find({row, code});
      any = any || (cell != cells.end() && cell->second != "NOT-TESTED");
    }
    if (!any && refused.contains(row)) continue;  // not served by this target
    for (std::uint32_t code : codes) {
      const auto cell = cells.find({row, code});
      const std::string status = cell == cells.end() ? "NOT-TESTED" : cell->second;
      EXPECT_NE(status, "NOT-TESTED") << target << ": " << row << " x " << code;
    }
  }
}

TEST(MethodCoverage, EveryDocumentedCodeTestedUnderDocStrict) {
  expect_every_documented_code_tested("sim:doc-strict");
}

TEST(MethodCoverage, EveryDocumentedCodeTestedUnderAsyncJobs) {
  expect_every_documented_code_tested("sim:async-jobs");
}

}  // namespace
}  // namespace conformance
