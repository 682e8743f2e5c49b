// The life of Msvm_ConcreteJob instances on the host's clock (spec §6): start, progress on reads
// and virtual time, finish (committing the deferred work, or failing without touching anything),
// cancel, and removal TimeBeforeRemoval after finishing.
//
// Progress: a job needs `polls` reads and `virtual_ms` + jitter of clock time (profile
// job.duration). Its fraction done is min(reads / polls, elapsed / run time); until done, reads
// show 3 Starting while PercentComplete is 0 and 4 Running after, PercentComplete being the
// fraction (at most 99, never decreasing); 2 New is the state no read has seen yet. When done it
// commits: success ends in the profile's success state with PercentComplete 100 and ErrorCode 0; a
// commit whose re-check fails ends in 10 Exception with that code. A planned failure ends in 10 at
// its percentage; a planned timeout runs until four times its polls and ends in 10 with the
// family's timeout code.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "sim/host/host_state.h"

namespace sim::host {

// Creates a job for `method` (called on `owner_class` in `namespace_name`) that will end as
// `plan` says, and brings it as far as the clock allows before anyone has read it (a job with no
// polls and no virtual time finishes at once). Returns its InstanceID.
std::string start_job(HostState& state, const MethodSpec& method, std::string_view owner_class,
                      std::string_view namespace_name, JobPlan plan,
                      std::function<MethodOutcome(HostState&)> commit);

// One read of the job (a Get, or its appearance in a query result): counts a poll and moves it.
void observe_job(HostState& state, Job& job);

// RequestStateChange(4): a job that has not finished ends in 8 Terminated and its work is never
// done. Returns 0, or 4097 (invalid state transition) when it had already finished.
std::uint32_t cancel_job(HostState& state, Job& job);

// Removes jobs whose TimeBeforeRemoval has passed since they finished.
void remove_expired_jobs(HostState& state);

bool job_succeeded(const HostState& state, const Job& job);

}  // namespace sim::host
