#include "conformance/suites/random_recipe_call.h"

#include <rapidcheck.h>

#include "conformance/oracle/return_codes.h"
#include "conformance/suites/collection_states.h"
#include "conformance/suites/method_recipes.h"
#include "conformance/suites/recipe_setup.h"

namespace conformance {
namespace {

// `in` with each parameter, at random, kept or replaced by a value of the same CIM type that is
// often wrong: a missing, wrong-class or other reference, an empty or malformed string, any
// uint16.
wmi::PropertyList often_wrong(wmi::PropertyList in, std::string_view ns,
                              const std::vector<wmi::ObjectPath>& references) {
  for (wmi::Property& property : in) {
    if (*rc::gen::inRange(0, 3) == 0) continue;  // keep a third of them valid
    switch (property.value.type()) {
      case wmi::CimType::kReference:
        property.value = *rc::gen::elementOf(references);
        break;
      case wmi::CimType::kString:
        property.value = *rc::gen::element<std::string>(
            "", "not an instance", "<INSTANCE CLASSNAME=\"Msvm_Unknown\"/>", std::string(kFinance),
            "C:\\Missing\\missing.vhdx", "H:\\" + std::string(ns));
        break;
      default:
        property.value = std::uint64_t{*rc::gen::arbitrary<std::uint16_t>()};
        break;
    }
  }
  return in;
}

}  // namespace

RandomCall random_recipe_call(std::uint64_t seed) {
  std::vector<const MethodRecipe*> modelled;
  for (const MethodRecipe& recipe : method_recipes()) {
    if (oracle::family_of(recipe.name())) modelled.push_back(&recipe);
  }
  const MethodRecipe& recipe = **rc::gen::elementOf(modelled);
  RandomCall call{current_target().open(seed), "", recipe.name(), {}, {}};
  std::vector<std::string> serving;
  for (const std::string& ns : current_target().namespaces()) {
    if (service_path(call.session->connection(), ns, recipe.service)) serving.push_back(ns);
  }
  RC_PRE(!serving.empty());
  call.ns = *rc::gen::elementOf(serving);
  std::string problem;
  const auto profile = target_profile(problem);
  if (!profile) RC_FAIL(problem);
  const auto prepared = recipe.prepare(*call.session, call.ns, *profile, seed, problem);
  if (!prepared) RC_FAIL(call.method + " in " + call.ns + ": " + problem);
  call.target = prepared->target;
  std::vector<wmi::ObjectPath> references = {
      missing_instance(call.ns, "Msvm_VirtualSystemCollection", "CollectionID", seed)};
  for (std::string_view vm : {kSql01, kArchive01}) {
    if (auto path = vm_in(*call.session, call.ns, vm, problem)) references.push_back(*path);
  }
  for (const wmi::Property& property : prepared->in) {
    if (const wmi::ObjectPath* path = property.value.as_reference()) references.push_back(*path);
  }
  switch (*rc::gen::inRange(0, 3)) {
    case 0:
      call.in = prepared->in;
      break;
    case 1: {
      if (prepared->natural.empty()) {
        call.in = prepared->in;
      } else {
        call.in = prepared->natural[*rc::gen::inRange<std::size_t>(0, prepared->natural.size())].in;
      }
      break;
    }
    default:
      call.in = often_wrong(prepared->in, call.ns, references);
      break;
  }
  return call;
}

}  // namespace conformance
