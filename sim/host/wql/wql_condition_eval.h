// Evaluation of a SELECT's WHERE condition against one CIM instance, and the SELECT projection.
//
// WMI semantics, with hvsim's choices where WMI leaves room:
//   - Property names match case-insensitively. A property missing from the instance, or null,
//     makes every comparison and LIKE false; IS NULL is true for it, IS NOT NULL false.
//   - Arrays: WQL has no array comparisons. A non-null array makes every comparison and LIKE
//     false (IS NULL false, IS NOT NULL true); a null array is null.
//   - The literal is coerced to the property's declared CimType. When it cannot be, or the
//     operator does not apply to the type, the comparison is false — for every operator,
//     including <> (`Name <> 5` is false for a string Name).
//       integer types, char16   integer literals compare exactly, as mathematical integers (a
//                               uint16 against 70000: = false, <> true, < true); TRUE/FALSE as
//                               1/0; a real literal compares with the value converted to double;
//                               a string literal that reads as a WQL integer ("5", "0x10", "-3")
//                               as that integer
//       real32, real64          integer and real literals, as doubles; NaN compares false with
//                               everything
//       boolean                 = and <> only, with TRUE/FALSE, the integers 1/0 (any other
//                               integer is unequal), or the strings "TRUE"/"FALSE" in any case
//       string                  string literals, case-insensitively (ASCII letters fold; bytes
//                               compare unsigned), ordering included
//       datetime                string literals holding a DMTF datetime (wmi/cim/dmtf_datetime.h):
//                               timestamps by instant (UTC), intervals by length; never a
//                               timestamp with an interval
//       reference               = and <> only, with a string literal holding an object path
//                               (wql_path.h), compared as CIM identity; a path without a
//                               namespace matches the property's path in any namespace
//       embedded instance       never compares
//   - LIKE applies to string properties only (wql_like.h); other types never match.
//   - NOT, AND, OR are the Boolean operators over these two-valued results.
// Recursion follows the condition's nesting (bounded for parsed conditions). Pure functions;
// thread-safe.
#pragma once

#include "sim/host/wql/wql_ast.h"
#include "wmi/cim/instance.h"

namespace sim::wql {

// Whether `instance` satisfies `condition`.
bool matches(const Condition& condition, const wmi::Instance& instance);

// The instance `query` selects from `instance`: for SELECT *, a copy; otherwise only the listed
// properties, in the listed order, each once (the first listing wins), spelled as the instance
// spells them; listed properties the instance lacks are left out. Class, namespace and path are
// kept.
wmi::Instance project(const SelectQuery& query, const wmi::Instance& instance);

}  // namespace sim::wql
