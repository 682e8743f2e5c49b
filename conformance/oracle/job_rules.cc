#include "conformance/oracle/job_rules.h"

#include <algorithm>
#include <vector>

namespace conformance::oracle {
namespace {

constexpr std::uint16_t kKnown[] = {kJobNew,        kJobStarting,     kJobRunning,
                                    kJobSuspended,  kJobShuttingDown, kJobCompleted,
                                    kJobTerminated, kJobKilled,       kJobException,
                                    kJobService,    kJobQueryPending, kJobCompletedWithWarnings};

struct Edge {
  std::uint16_t from, to;
};

// The direct changes of the CIM_ConcreteJob life cycle (header comment). A job may be
// terminated or killed from any live state, and fail (Exception) once it has started.
constexpr Edge kEdges[] = {
    {kJobNew, kJobStarting},
    {kJobNew, kJobTerminated},
    {kJobNew, kJobKilled},
    {kJobStarting, kJobRunning},
    {kJobStarting, kJobTerminated},
    {kJobStarting, kJobKilled},
    {kJobStarting, kJobException},
    {kJobRunning, kJobSuspended},
    {kJobRunning, kJobShuttingDown},
    {kJobRunning, kJobService},
    {kJobRunning, kJobQueryPending},
    {kJobRunning, kJobCompleted},
    {kJobRunning, kJobCompletedWithWarnings},
    {kJobRunning, kJobTerminated},
    {kJobRunning, kJobKilled},
    {kJobRunning, kJobException},
    {kJobSuspended, kJobRunning},
    {kJobSuspended, kJobTerminated},
    {kJobSuspended, kJobKilled},
    {kJobService, kJobRunning},
    {kJobService, kJobTerminated},
    {kJobService, kJobKilled},
    {kJobService, kJobException},
    {kJobQueryPending, kJobRunning},
    {kJobQueryPending, kJobTerminated},
    {kJobQueryPending, kJobKilled},
    {kJobQueryPending, kJobException},
    {kJobShuttingDown, kJobCompleted},
    {kJobShuttingDown, kJobCompletedWithWarnings},
    {kJobShuttingDown, kJobTerminated},
    {kJobShuttingDown, kJobKilled},
    {kJobShuttingDown, kJobException},
};

bool reachable(std::uint16_t from, std::uint16_t to) {
  std::vector<std::uint16_t> seen{from}, frontier{from};
  while (!frontier.empty()) {
    const std::uint16_t at = frontier.back();
    frontier.pop_back();
    if (at == to) return true;
    for (const Edge& e : kEdges) {
      if (e.from == at && std::find(seen.begin(), seen.end(), e.to) == seen.end()) {
        seen.push_back(e.to);
        frontier.push_back(e.to);
      }
    }
  }
  return false;
}

}  // namespace

std::span<const std::uint16_t> known_job_states() { return kKnown; }

bool is_known_job_state(std::uint16_t state) {
  return std::find(std::begin(kKnown), std::end(kKnown), state) != std::end(kKnown);
}

std::string_view job_state_name(std::uint16_t state) {
  switch (state) {
    case kJobNew:
      return "New";
    case kJobStarting:
      return "Starting";
    case kJobRunning:
      return "Running";
    case kJobSuspended:
      return "Suspended";
    case kJobShuttingDown:
      return "Shutting Down";
    case kJobCompleted:
      return "Completed";
    case kJobTerminated:
      return "Terminated";
    case kJobKilled:
      return "Killed";
    case kJobException:
      return "Exception";
    case kJobService:
      return "Service";
    case kJobQueryPending:
      return "Query Pending";
    case kJobCompletedWithWarnings:
      return "Completed with warnings";
    default:
      return "";
  }
}

bool is_terminal(std::uint16_t state) {
  return state == kJobCompleted || state == kJobTerminated || state == kJobKilled ||
         state == kJobException || state == kJobCompletedWithWarnings;
}

bool is_success(std::uint16_t state) {
  return state == kJobCompleted || state == kJobCompletedWithWarnings;
}

bool legal_transition(std::uint16_t from, std::uint16_t to) {
  if (!is_known_job_state(from) || !is_known_job_state(to)) return false;
  if (from == to) return true;
  if (is_terminal(from)) return false;
  return reachable(from, to);
}

bool error_code_consistent(std::uint16_t state, std::uint32_t error_code) {
  if (is_terminal(state) && !is_success(state)) return error_code != 0;
  return error_code == 0;
}

bool percent_complete_legal(std::optional<std::uint16_t> previous, std::uint16_t next) {
  if (next > 100) return false;
  return !previous || next >= *previous;
}

bool may_still_exist(std::uint64_t finished_ms, std::uint64_t now_ms,
                     std::uint64_t time_before_removal_ms) {
  return now_ms <= finished_ms + time_before_removal_ms;
}

bool must_be_removed(std::uint64_t finished_ms, std::uint64_t now_ms,
                     std::uint64_t time_before_removal_ms) {
  return now_ms > finished_ms + time_before_removal_ms;
}

}  // namespace conformance::oracle
