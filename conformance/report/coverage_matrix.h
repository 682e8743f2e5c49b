// conformance::CoverageMatrix: which return codes the run provoked, per ReferencePointType class
// and per "Class.Method", and the status of each cell: the worst verdict (FAIL > WARN > PASS) among
// the assertions whose tests observed that (row, code); NOT-TESTED when nothing observed it.
// Derived from RunResult's observations (calls without a ReturnValue are not cells). Pure;
// thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "conformance/report/run_result.h"

namespace conformance {

struct CoverageMatrix {
  std::string title;                   // e.g. "ReferencePointType class x ReturnValue"
  std::vector<std::string> rows;       // display order
  std::vector<std::uint32_t> columns;  // ascending return codes
  // Cells that something observed or documented; a (row, code) absent here is NOT-TESTED.
  std::map<std::pair<std::string, std::uint32_t>, Verdict> cells;

  Verdict status(const std::string& row, std::uint32_t code) const;
};

// "0", "1", "2", "3..32767" or "32768..65535".
std::string reference_point_type_class(std::uint16_t type);

// Rows: the five ReferencePointType classes, always. Columns: every code observed on a
// CreateReferencePoint call that carried a ReferencePointType.
CoverageMatrix reference_point_type_matrix(const RunResult& run);

// Rows: every observed "Class.Method" plus every RunResult::documented_codes key. Columns: every
// observed or documented code. A 4096 whose job ended also observes the job's ErrorCode (0 for a
// success): under a job-delivering profile that is how 0 and the error codes arrive. A documented
// code nothing observed is NOT-TESTED.
CoverageMatrix method_matrix(const RunResult& run);

}  // namespace conformance
