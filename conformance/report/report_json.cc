#include "conformance/report/report_json.h"

#include <nlohmann/json.hpp>

#include "conformance/report/coverage_matrix.h"
#include "conformance/report/report_summary.h"

namespace conformance {
namespace {

using Json = nlohmann::ordered_json;

template <typename T>
Json optional_value(const std::optional<T>& value) {
  return value ? Json(*value) : Json(nullptr);
}

Json observation_json(const Observation& o) {
  return Json{{"namespace", o.cim_namespace},
              {"class", o.class_name},
              {"method", o.method},
              {"arguments", o.arguments},
              {"return_value", optional_value(o.return_value)},
              {"job_error_code", optional_value(o.job_error_code)},
              {"reference_point_type", optional_value(o.reference_point_type)}};
}

Json test_json(const TestOutcome& test) {
  Json evidence = Json::array();
  for (const Observation& o : test.evidence) evidence.push_back(observation_json(o));
  return Json{{"name", test.name},
              {"verdict", verdict_name(test.verdict)},
              {"message", test.message},
              {"seconds", test.seconds},
              {"evidence", std::move(evidence)}};
}

Json assertion_json(const AssertionResult& a) {
  Json tests = Json::array();
  for (const TestOutcome& t : a.tests) tests.push_back(test_json(t));
  const Assertion& spec = *a.assertion;
  return Json{{"id", spec.id},
              {"statement", spec.statement},
              {"clause", spec.clause},
              {"evidence", evidence_name(spec.evidence)},
              {"namespaces", namespaces_name(spec.namespaces)},
              {"needs",
               {{"mutation", spec.needs.mutation},
                {"data_plane", spec.needs.data_plane},
                {"fault_rules", spec.needs.fault_rules},
                {"replication", spec.needs.replication}}},
              {"verdict", verdict_name(a.verdict)},
              {"reason", a.reason},
              {"tests", std::move(tests)}};
}

Json matrix_json(const CoverageMatrix& matrix) {
  Json cells = Json::array();
  for (const std::string& row : matrix.rows) {
    for (std::uint32_t code : matrix.columns) {
      cells.push_back({{"row", row},
                       {"return_value", code},
                       {"status", cell_status_name(matrix.status(row, code))}});
    }
  }
  return Json{{"title", matrix.title},
              {"rows", matrix.rows},
              {"columns", matrix.columns},
              {"cells", std::move(cells)}};
}

}  // namespace

std::string report_json(const RunResult& run) {
  const TargetIdentity& t = run.target;
  Json header{{"target", t.target},
              {"protocol_version", t.protocol_version},
              {"product_vendor", t.product_vendor},
              {"product_version", t.product_version},
              {"namespaces", t.namespaces},
              {"profile", t.profile},
              {"inventory", t.inventory},
              {"mutant", t.mutant},
              {"hvconform_version", run.hvconform_version},
              {"seed", run.seed},
              {"started_utc", run.started_utc},
              {"seconds", run.seconds},
              {"cleanup",
               {{"sessions", run.cleanup.sessions},
                {"removed", run.cleanup.removed},
                {"leftovers", run.cleanup.leftovers}}}};
  VerdictCounts counts = count_verdicts(run);
  Json summary{{"PASS", counts.pass},
               {"FAIL", counts.fail},
               {"WARN", counts.warn},
               {"NOT-TESTED", counts.not_tested},
               {"total", counts.total()}};
  Json assertions = Json::array();
  for (const AssertionResult& a : run.assertions) assertions.push_back(assertion_json(a));
  Json report{{"format", "hvconform-report/1"},
              {"header", std::move(header)},
              {"summary", std::move(summary)},
              {"coverage",
               {{"reference_point_type", matrix_json(reference_point_type_matrix(run))},
                {"method", matrix_json(method_matrix(run))}}},
              {"assertions", std::move(assertions)}};
  return report.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace conformance
