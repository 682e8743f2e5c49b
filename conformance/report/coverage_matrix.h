// conformance::CoverageMatrix: which return codes the run provoked, per ReferencePointType class
// and per "Class.Method", and the status of each cell: the worst verdict (FAIL > WARN > PASS) among
// the assertions whose tests observed that (row, code); NOT-TESTED when nothing observed a cell the
// contract documents; no status (not applicable) for a code neither documented for the row nor
// observed, e.g. a CIM-family code on a Hyper-V-family method.
// Derived from RunResult's observations (calls without a ReturnValue are not cells). Pure;
// thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "conformance/report/run_result.h"

namespace conformance {

struct CoverageMatrix {
  std::string title;                   // e.g. "ReferencePointType class x ReturnValue"
  std::vector<std::string> rows;       // display order
  std::vector<std::uint32_t> columns;  // ascending return codes
  // Cells that something observed.
  std::map<std::pair<std::string, std::uint32_t>, Verdict> cells;
  // Cells the contract documents: unobserved, they are NOT-TESTED.
  std::set<std::pair<std::string, std::uint32_t>> documented;

  // The cell's verdict; nullopt when the cell is neither observed nor documented.
  std::optional<Verdict> status(const std::string& row, std::uint32_t code) const;
};

// verdict_name() of a cell's status, or "N/A" for a cell without one.
std::string_view cell_status_name(std::optional<Verdict> status);

// "0", "1", "2", "3..32767" or "32768..65535".
std::string reference_point_type_class(std::uint16_t type);

// Rows: the five ReferencePointType classes, always. Columns: every code observed on a
// CreateReferencePoint call that carried a ReferencePointType. No cell is documented: a class
// answers one code per collection state, so an unobserved cell is N/A, not a gap.
CoverageMatrix reference_point_type_matrix(const RunResult& run);

// Rows: every observed "Class.Method" plus every RunResult::documented_codes key. Columns: every
// observed or documented code. A 4096 whose job ended also observes the job's ErrorCode (0 for a
// success): under a job-delivering profile that is how 0 and the error codes arrive. A documented
// code nothing observed is NOT-TESTED; a code neither documented for the row nor observed has no
// status.
CoverageMatrix method_matrix(const RunResult& run);

}  // namespace conformance
