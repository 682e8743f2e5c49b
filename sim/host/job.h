// Job: one Msvm_ConcreteJob — a method call that answered 4096. The call's work is deferred: the
// job commits it (re-checking that it still applies) when it finishes successfully, and never
// runs it when it fails, is cancelled or times out — so a job that does not succeed leaves no
// partial state. Progress follows reads (polls) and virtual time as the profile's job.duration
// says; jobs_table.h moves it. Plain data.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sim/host/class_def.h"
#include "wmi/cim/datetime.h"
#include "wmi/cim/object_path.h"
#include "wmi/cim/return_code.h"

namespace sim::host {

inline constexpr std::uint16_t kJobNew = 2;
inline constexpr std::uint16_t kJobStarting = 3;
inline constexpr std::uint16_t kJobRunning = 4;
inline constexpr std::uint16_t kJobTerminated = 8;
inline constexpr std::uint16_t kJobException = 10;

// How the job will end unless cancelled first.
struct JobPlan {
  enum class Kind { kCommit, kFail, kTimeout } kind = Kind::kCommit;
  std::uint8_t fail_at_percent = 100;  // kFail: the percentage it reaches before failing
  std::uint32_t error_code = 0;        // kFail: the ErrorCode
  std::string error_message;           // kFail: ErrorDescription
};

struct Job {
  std::string instance_id;
  std::uint16_t job_type = 0;
  wmi::ReturnCodeFamily family = wmi::ReturnCodeFamily::kCim;
  std::string method;       // "Msvm_CollectionReferencePointService.CreateReferencePoint"
  std::string owner_class;  // the service that started it (Msvm_OwningJobElement)
  std::string job_class;    // the class it renders as; "" for Msvm_ConcreteJob
  std::string owner_namespace;
  JobPlan plan;
  std::function<MethodOutcome(HostState&)> commit;  // kCommit: the deferred work

  // Progress.
  wmi::TimePoint submitted;
  std::chrono::microseconds run_time{0};  // virtual time it needs (duration + jitter)
  std::uint32_t polls_needed = 0;
  std::uint32_t reads = 0;
  std::uint16_t state = kJobNew;
  std::uint16_t percent = 0;
  wmi::TimePoint last_change;
  std::optional<wmi::TimePoint> finished;

  // Result.
  std::uint32_t error_code = 0;
  std::string error_description;
  std::vector<wmi::ObjectPath> affected;  // namespace-less paths of what it created or changed
  wmi::PropertyList details;              // the job class's own properties, set when it succeeds
};

}  // namespace sim::host
