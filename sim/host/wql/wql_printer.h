// The canonical WQL text of a query: what the simulator logs, what the CLI echoes, and the
// inverse of the parser. Keywords upper case; single spaces; strings double-quoted with \\ and \"
// escapes (every other byte as itself); integers in decimal; reals in the shortest form that reads
// back to the same double, always with a '.' or an exponent; an AND/OR operand that is itself an
// AND/OR, and a NOT operand that is one, in parentheses; ASSOCIATORS/REFERENCES clauses in the
// order of wql_association_clauses.h; the source path in WMI syntax with backslashes.
//
// Round trip: parse_query(print_query(q)) == q for every q print_query accepts whose integer
// literals are canonical (int64 only for negative values) and whose source path reads back the
// same through wmi/cim/wmi_path.h. Every parsed query is such a q.
//
// Failure contract: kInvalidArgument when the tree has no WQL form: a class, property or clause
// name that is not an identifier or is a reserved word, a non-finite real, a Null inside a
// comparison, an invalid LIKE pattern, AND/OR with fewer than two operands, NOT without exactly
// one, nesting deeper than kMaxConditionDepth, or a source path format_wmi_path refuses.
// Pure functions; thread-safe.
#pragma once

#include <string>

#include "sim/host/wql/wql_ast.h"
#include "wmi/cim/status.h"

namespace sim::wql {

wmi::Result<std::string> print_query(const Query& query);
wmi::Result<std::string> print_condition(const Condition& condition);
wmi::Result<std::string> print_literal(const Literal& literal);

}  // namespace sim::wql
