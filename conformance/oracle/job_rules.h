// The Msvm_ConcreteJob rules of spec §6 the job suite checks a target's jobs against: the
// JobState values, which states are terminal and successful, which changes a client may observe
// between two polls, PercentComplete and ErrorCode consistency, and removal after
// TimeBeforeRemoval. Pure functions; thread-safe.
//
// Clients poll (spec §6: every 100 ms-1 s), so a change seen between two Gets may skip states:
// legal_transition(from, to) is "to is reachable from from" in the state graph below, which is
// the CIM_ConcreteJob life cycle: New -> Starting -> Running -> {Completed, Completed with
// warnings, Terminated, Killed, Exception}, Running <-> Suspended / Service / Query Pending,
// Running -> Shutting Down -> the same ends. No state is reachable from a terminal one.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace conformance::oracle {

enum JobState : std::uint16_t {
  kJobNew = 2,
  kJobStarting = 3,
  kJobRunning = 4,
  kJobSuspended = 5,
  kJobShuttingDown = 6,
  kJobCompleted = 7,
  kJobTerminated = 8,
  kJobKilled = 9,
  kJobException = 10,
  kJobService = 11,
  kJobQueryPending = 12,
  kJobCompletedWithWarnings = 32768,  // [sample]
};

// Every JobState value spec §6 names, ascending.
std::span<const std::uint16_t> known_job_states();
bool is_known_job_state(std::uint16_t state);
std::string_view job_state_name(std::uint16_t state);  // "Completed"; "" when unknown

// Terminal: 7, 8, 9, 10, 32768 (spec §6: "until a terminal state (7, 8, 9, 10, 32768)").
bool is_terminal(std::uint16_t state);
// Success: 7 Completed, 32768 Completed with warnings [sample].
bool is_success(std::uint16_t state);

// True when a poll that saw `from` may next see `to` (equal states included). False for unknown
// states, and for any change out of a terminal state.
bool legal_transition(std::uint16_t from, std::uint16_t to);

// spec §6 "ErrorCode (0 iff success)": a successful job has ErrorCode 0, a failed terminal job
// (8, 9, 10) a non-zero one, and a job still in progress 0 (no error yet).
bool error_code_consistent(std::uint16_t state, std::uint32_t error_code);

// PercentComplete lies in 0..100 and never goes down between two polls.
bool percent_complete_legal(std::optional<std::uint16_t> previous, std::uint16_t next);

// Whether a job that finished at `finished_ms` may still be visible at `now_ms` (true before
// TimeBeforeRemoval has passed) and must be gone (after it), spec §6: "finished jobs disappear
// after it". Exactly at the boundary either is allowed.
bool may_still_exist(std::uint64_t finished_ms, std::uint64_t now_ms,
                     std::uint64_t time_before_removal_ms);
bool must_be_removed(std::uint64_t finished_ms, std::uint64_t now_ms,
                     std::uint64_t time_before_removal_ms);

}  // namespace conformance::oracle
