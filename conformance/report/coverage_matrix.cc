#include "conformance/report/coverage_matrix.h"

#include "conformance/report/report_summary.h"

namespace conformance {
namespace {

// Raises the cell to `verdict` if that is worse than what it holds; creates it otherwise.
void observe(CoverageMatrix& matrix, const std::string& row, std::uint32_t code, Verdict verdict) {
  auto [it, inserted] = matrix.cells.try_emplace({row, code}, verdict);
  if (!inserted && verdict_severity(verdict) > verdict_severity(it->second)) it->second = verdict;
}

void fill_columns(CoverageMatrix& matrix, const std::set<std::uint32_t>& extra_codes) {
  std::set<std::uint32_t> codes = extra_codes;
  for (const auto& [key, verdict] : matrix.cells) codes.insert(key.second);
  matrix.columns.assign(codes.begin(), codes.end());
}

}  // namespace

std::optional<Verdict> CoverageMatrix::status(const std::string& row, std::uint32_t code) const {
  if (auto it = cells.find({row, code}); it != cells.end()) return it->second;
  if (documented.contains({row, code})) return Verdict::kNotTested;
  return std::nullopt;
}

std::string_view cell_status_name(std::optional<Verdict> status) {
  return status ? verdict_name(*status) : "N/A";
}

std::string reference_point_type_class(std::uint16_t type) {
  if (type <= 2) return std::to_string(type);
  if (type <= 32767) return "3..32767";
  return "32768..65535";
}

CoverageMatrix reference_point_type_matrix(const RunResult& run) {
  CoverageMatrix matrix;
  matrix.title = "ReferencePointType class \u00d7 ReturnValue";
  matrix.rows = {"0", "1", "2", "3..32767", "32768..65535"};
  for (const AssertionResult& a : run.assertions) {
    for (const TestOutcome& test : a.tests) {
      for (const Observation& o : test.evidence) {
        if (!o.return_value || !o.reference_point_type) continue;
        observe(matrix, reference_point_type_class(*o.reference_point_type), *o.return_value,
                a.verdict);
      }
    }
  }
  fill_columns(matrix, {});
  return matrix;
}

CoverageMatrix method_matrix(const RunResult& run) {
  CoverageMatrix matrix;
  matrix.title = "Class.Method \u00d7 ReturnValue";
  std::set<std::string> rows;
  std::set<std::uint32_t> documented;
  for (const auto& [method, codes] : run.documented_codes) {
    rows.insert(method);
    documented.insert(codes.begin(), codes.end());
    for (std::uint32_t code : codes) matrix.documented.emplace(method, code);
  }
  for (const AssertionResult& a : run.assertions) {
    for (const TestOutcome& test : a.tests) {
      for (const Observation& o : test.evidence) {
        if (!o.return_value) continue;
        std::string row = o.class_name + "." + o.method;
        rows.insert(row);
        observe(matrix, row, *o.return_value, a.verdict);
        // A 4096 answers through its job (spec §9.5, "failed-job" delivery): the terminal job's
        // ErrorCode is the code the call gave, 0 for a success.
        if (*o.return_value == 4096 && o.job_error_code) {
          observe(matrix, row, *o.job_error_code, a.verdict);
        }
      }
    }
  }
  matrix.rows.assign(rows.begin(), rows.end());
  fill_columns(matrix, documented);
  return matrix;
}

}  // namespace conformance
