// ASSOCIATORS OF / REFERENCES OF evaluation over candidate association instances. The host's
// association registry supplies the candidates (instances of association classes whose
// reference-typed properties point at the endpoints); these functions apply the query's clauses.
// They know nothing about class hierarchy: the caller passes `is_a`, which answers whether an
// instance of class `class_name` counts as an instance of `wanted` (by default, the same name in
// any letter case).
//
// ASSOCIATORS OF {S}: for each candidate A whose class is_a AssocClass, each scalar reference
// property P of A that names S (CIM identity; a source path without a namespace matches any
// namespace) and is named Role (if given), and each other scalar reference property Q of A named
// ResultRole (if given) whose target's class is_a ResultClass (if given): one Associator. As in
// WMI, an endpoint is listed once per association that links it to S (no deduplication); order
// follows the candidates, then their properties.
// REFERENCES OF {S}: each candidate whose class is_a ResultClass (if given) and which has a scalar
// reference property naming S, named Role (if given) — listed once however many such properties.
// Null, array and non-reference properties take no part.
//
// KeysOnly does not change which instances qualify and is accepted (the host decides what it
// returns). Failure contract: kInvalidArgument naming the clause for ClassDefsOnly, SchemaOnly,
// RequiredQualifier and RequiredAssocQualifier, which hvsim does not support (it has no class
// objects or qualifiers to offer). Results point into `candidates` and live as long as it does.
// Pure functions; thread-safe.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/host/wql/wql_ast.h"
#include "wmi/cim/instance.h"
#include "wmi/cim/status.h"

namespace sim::wql {

using ClassMatcher = std::function<bool(std::string_view class_name, std::string_view wanted)>;

// The default ClassMatcher: class names equal ignoring ASCII case.
bool same_class_name(std::string_view class_name, std::string_view wanted);

// One endpoint found by ASSOCIATORS OF.
struct Associator {
  wmi::ObjectPath target;            // the endpoint's path, as the association holds it
  const wmi::Instance* association;  // the association instance that links it (in candidates)
  std::string role;                  // the property of `association` naming the source
  std::string result_role;           // the property of `association` naming the target
};

wmi::Result<std::vector<Associator>> filter_associators(const AssociatorsQuery& query,
                                                        std::span<const wmi::Instance> candidates,
                                                        const ClassMatcher& is_a = same_class_name);

wmi::Result<std::vector<const wmi::Instance*>> filter_references(
    const ReferencesQuery& query, std::span<const wmi::Instance> candidates,
    const ClassMatcher& is_a = same_class_name);

}  // namespace sim::wql
