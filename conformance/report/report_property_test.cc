// Properties over random RunResults: the summary counts equal the verdict counts, and every
// assertion id appears in all three outputs. RapidCheck prints the seed of a failing run.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <deque>
#include <nlohmann/json.hpp>

#include "conformance/report/report_html.h"
#include "conformance/report/report_json.h"
#include "conformance/report/report_junit.h"
#include "conformance/report/report_summary.h"

namespace conformance {
namespace {

// ASCII including markup and control characters, so escaping is exercised.
rc::Gen<std::string> printable_string() {
  return rc::gen::container<std::string>(rc::gen::inRange<char>('\x01', '~' + 1));
}

// Owns the strings and Assertions a generated RunResult points into.
struct GeneratedRun {
  std::deque<std::string> strings;
  std::deque<Assertion> catalogue;
  RunResult run;
};

Verdict any_verdict() {
  return *rc::gen::element(Verdict::kPass, Verdict::kFail, Verdict::kWarn, Verdict::kNotTested);
}

void generate(GeneratedRun& g) {
  g.run.target.target = *printable_string();
  g.run.seed = *rc::gen::arbitrary<std::uint64_t>();
  int count = *rc::gen::inRange(0, 12);
  for (int i = 0; i < count; ++i) {
    std::string area = *rc::gen::element<std::string>("CRP", "JOB", "RCT", "NS", "LOG");
    const std::string& id = g.strings.emplace_back(fmt::format("{}-GEN-{:03}", area, i));
    const std::string& statement = g.strings.emplace_back(*printable_string());
    const std::string& clause = g.strings.emplace_back(*printable_string());
    const Assertion& a = g.catalogue.emplace_back(
        Assertion{id, statement, clause, Evidence::kDoc, Namespaces::kBoth, {}});
    AssertionResult result{&a, any_verdict(), *printable_string(), {}};
    int tests = *rc::gen::inRange(0, 3);
    for (int t = 0; t < tests; ++t) {
      Observation o{"root/v2",
                    "Msvm_C",
                    *printable_string(),
                    "",
                    *rc::gen::inRange<std::uint32_t>(0, 5),
                    std::nullopt,
                    *rc::gen::arbitrary<std::uint16_t>()};
      result.tests.push_back(
          TestOutcome{fmt::format("Gen.T{}", t), any_verdict(), *printable_string(), 0.5, {o}});
    }
    g.run.assertions.push_back(std::move(result));
  }
}

RC_GTEST_PROP(ReportProperty, SummaryCountsEqualTheVerdictCountsInEveryFormat, ()) {
  GeneratedRun g;
  generate(g);
  VerdictCounts expected;
  for (const AssertionResult& a : g.run.assertions) {
    expected.pass += a.verdict == Verdict::kPass;
    expected.fail += a.verdict == Verdict::kFail;
    expected.warn += a.verdict == Verdict::kWarn;
    expected.not_tested += a.verdict == Verdict::kNotTested;
  }
  nlohmann::json j = nlohmann::json::parse(report_json(g.run));
  RC_ASSERT(j["summary"]["PASS"] == expected.pass);
  RC_ASSERT(j["summary"]["FAIL"] == expected.fail);
  RC_ASSERT(j["summary"]["WARN"] == expected.warn);
  RC_ASSERT(j["summary"]["NOT-TESTED"] == expected.not_tested);
  std::string html = report_html(g.run);
  RC_ASSERT(html.find("<p id=\"summary\">" + summary_line(expected) + "</p>") != std::string::npos);
  wmi::Result<std::string> junit = report_junit(g.run);
  RC_ASSERT(junit.ok());
  RC_ASSERT(junit->find(fmt::format("tests=\"{}\" failures=\"{}\" skipped=\"{}\"", expected.total(),
                                    expected.fail, expected.not_tested)) != std::string::npos);
}

RC_GTEST_PROP(ReportProperty, EveryAssertionIdAppearsInAllThreeOutputsAndTheXmlParses, ()) {
  GeneratedRun g;
  generate(g);
  nlohmann::json j = nlohmann::json::parse(report_json(g.run));
  std::string html = report_html(g.run);
  wmi::Result<std::string> junit = report_junit(g.run);
  RC_ASSERT(junit.ok());
  xmlDoc* doc = xmlReadMemory(junit->data(), static_cast<int>(junit->size()), "junit.xml", nullptr,
                              XML_PARSE_NONET);
  RC_ASSERT(doc != nullptr);
  xmlFreeDoc(doc);
  RC_ASSERT(j["assertions"].size() == g.run.assertions.size());
  for (std::size_t i = 0; i < g.run.assertions.size(); ++i) {
    std::string id(g.run.assertions[i].assertion->id);
    RC_ASSERT(j["assertions"][i]["id"] == id);
    RC_ASSERT(html.find("<section id=\"" + id + "\">") != std::string::npos);
    RC_ASSERT(junit->find("name=\"" + id + "\"") != std::string::npos);
  }
}

}  // namespace
}  // namespace conformance
