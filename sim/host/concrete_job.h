// What Msvm_ConcreteJob shares with its subclasses (the reference-point export jobs): rendering a
// job with the base class's properties plus the subclass's own (null until the job succeeds and
// sets them, Job::details), listing and finding the jobs of one class, and the job methods
// (RequestStateChange, GetError, GetErrorEx). Each job is an instance of exactly one class
// (Job::job_class). Pure functions over HostState.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "sim/host/class_def.h"
#include "sim/host/job.h"

namespace sim::host {

// A property a job subclass adds to Msvm_ConcreteJob's.
struct JobProperty {
  std::string_view name;
  wmi::CimType type;
  bool is_array = false;
};

wmi::Instance render_job(const RenderScope& scope, const Job& job,
                         std::span<const JobProperty> own_properties);
// Every job of exactly `job_class` in the scope's namespace.
void enumerate_jobs(const RenderScope& scope, std::string_view job_class,
                    std::span<const JobProperty> own_properties, std::vector<wmi::Instance>& out);
// The job at `path` when it is of exactly `job_class` in the scope's namespace.
std::optional<wmi::Instance> find_job(const RenderScope& scope, std::string_view job_class,
                                      std::span<const JobProperty> own_properties,
                                      const wmi::ObjectPath& path);

// RequestStateChange, GetError and GetErrorEx, as every job class declares them.
extern const std::span<const MethodSpec> kJobMethods;

}  // namespace sim::host
