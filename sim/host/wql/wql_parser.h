// The WQL parser: query text → Query (wql_ast.h). The subset the simulator answers:
//
//   query        = select | associators | references
//   select       = SELECT ( "*" | property { "," property } ) FROM class [ WHERE condition ]
//   condition    = conjunction { OR conjunction }
//   conjunction  = unary { AND unary }                       AND binds tighter than OR
//   unary        = NOT unary | "(" condition ")" | predicate  NOT binds tighter than AND
//   predicate    = property op literal | literal op property
//                | property LIKE string                      pattern syntax in wql_like.h
//                | property IS [ NOT ] NULL
//   op           = "=" | "<>" | "!=" | "<" | ">" | "<=" | ">="
//   literal      = string | integer | real | TRUE | FALSE | NULL
//                  (NULL only with = and <>, meaning IS NULL and IS NOT NULL)
//   associators  = ASSOCIATORS OF path [ WHERE aclause { aclause } ]
//   aclause      = AssocClass "=" class | ResultClass "=" class | Role "=" property
//                | ResultRole "=" property | RequiredQualifier "=" name
//                | RequiredAssocQualifier "=" name | ClassDefsOnly | SchemaOnly | KeysOnly
//   references   = REFERENCES OF path [ WHERE rclause { rclause } ]
//   rclause      = ResultClass "=" class | Role "=" property | RequiredQualifier "=" name
//                | ClassDefsOnly | SchemaOnly | KeysOnly
//   path         = "{" object path "}"                        wql_path.h (single quotes allowed)
// Tokens (keywords in any case, string escapes, numbers) are defined in wql_lexer.h. Clause names
// of ASSOCIATORS/REFERENCES are matched in any case and are not reserved words; each may appear
// at most once; ClassDefsOnly excludes ResultClass and SchemaOnly (WMI reports those combinations
// as invalid queries). Comparing two properties, arithmetic and the `.` operator on embedded
// objects are not part of the subset.
//
// Failure contract: kInvalidArgument "WQL syntax error at column C: …" (C is the 1-based byte
// offset of the offending token) for every lexical error, an unexpected token (saying what was
// expected), an unknown statement or clause keyword, a duplicate or conflicting clause, an empty
// property list, an invalid LIKE pattern or object path, NULL with an ordering operator, trailing
// tokens, nesting deeper than kMaxConditionDepth, or a query longer than kMaxQueryBytes.
// Never throws; recursion depth is bounded by kMaxConditionDepth. Pure function; thread-safe.
#pragma once

#include <string_view>

#include "sim/host/wql/wql_ast.h"
#include "wmi/cim/status.h"

namespace sim::wql {

wmi::Result<Query> parse_query(std::string_view text);

}  // namespace sim::wql
