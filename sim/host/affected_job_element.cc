// Msvm_AffectedJobElement: a finished job (AffectingElement) and what it created (AffectedElement,
// ElementEffects {5 Create}). The only way to a job's result.
#include "sim/host/cim_paths.h"
#include "sim/host/class_defs.h"
#include "sim/host/class_names.h"
#include "sim/host/host_state.h"
#include "wmi/cim/cim_name.h"

namespace sim::host {

namespace {

constexpr std::string_view kKeys[] = {"AffectedElement", "AffectingElement"};
constexpr std::uint16_t kCreate = 5;

void enumerate(const RenderScope& scope, std::vector<wmi::Instance>& out) {
  const HostState& state = scope.state;
  for (const auto& [id, job] : state.jobs) {
    if (!wmi::iequals(job.owner_namespace, scope.namespace_name)) continue;
    for (const wmi::ObjectPath& element : job.affected) {
      out.push_back(association_instance(scope, cls::kAffectedJobElement,
                                         {"AffectedElement", rescoped(scope, element)},
                                         {"AffectingElement", job_path(scope, job)},
                                         {{"ElementEffects", uint16_array({kCreate})}}));
    }
  }
}

}  // namespace

const ClassDef kAffectedJobElementClass{cls::kAffectedJobElement, "CIM_AffectedJobElement", kKeys,
                                        &enumerate};

}  // namespace sim::host
