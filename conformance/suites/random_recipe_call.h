// A random call of a modelled method for CRP-CODE-005 ("no call ever returns a reserved code"),
// drawn inside a RapidCheck property: a method with a recipe (method_recipes.h) and a family in
// conformance/oracle/return_codes.h, a namespace whose service has it, a fresh session prepared
// by the recipe, and the call's arguments — the valid ones, one of the recipe's natural errors, or
// each parameter at random kept or replaced by an often wrong value of its CIM type (a missing,
// wrong-class or other reference; an empty, malformed or foreign string; any uint16).
//
// Not synchronised. Must run inside a RapidCheck property: draws with *rc::gen, discards (RC_PRE)
// when no namespace serves the drawn method, fails (RC_FAIL) when the recipe's set-up is refused.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "conformance/target/target.h"
#include "wmi/cim/connection.h"

namespace conformance {

struct RandomCall {
  std::unique_ptr<Session> session;
  std::string ns;
  std::string method;  // "Class.Method"
  wmi::ObjectPath target;
  wmi::PropertyList in;
};

RandomCall random_recipe_call(std::uint64_t seed);

}  // namespace conformance
