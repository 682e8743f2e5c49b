// Msvm_OwningJobElement: the service that started a job (OwningElement) and the job
// (OwnedElement), in the job's namespace.
#include "sim/host/cim_paths.h"
#include "sim/host/class_defs.h"
#include "sim/host/class_names.h"
#include "sim/host/host_state.h"
#include "wmi/cim/cim_name.h"

namespace sim::host {

namespace {

constexpr std::string_view kKeys[] = {"OwningElement", "OwnedElement"};

void enumerate(const RenderScope& scope, std::vector<wmi::Instance>& out) {
  const HostState& state = scope.state;
  for (const auto& [id, job] : state.jobs) {
    if (!wmi::iequals(job.owner_namespace, scope.namespace_name)) continue;
    out.push_back(association_instance(scope, cls::kOwningJobElement,
                                       {"OwningElement", service_path(scope, job.owner_class)},
                                       {"OwnedElement", job_path(scope, job)}));
  }
}

}  // namespace

const ClassDef kOwningJobElementClass{cls::kOwningJobElement, "CIM_OwningJobElement", kKeys,
                                      &enumerate};

}  // namespace sim::host
