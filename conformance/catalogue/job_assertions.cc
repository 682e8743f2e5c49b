// Area 3, jobs (spec §6): what a client polling Msvm_ConcreteJob may rely on — the JobState life
// cycle, PercentComplete, ErrorCode against the outcome, GetErrorEx, cancellation and removal
// after TimeBeforeRemoval. The rules themselves are conformance/oracle/job_rules.h.
#include "conformance/catalogue/catalogue.h"

namespace conformance {
namespace {

const Assertion kJobAssertions[] = {
    {.id = "JOB-STATE-001",
     .statement =
         "every change of JobState a poll sees follows the CIM_ConcreteJob life cycle, and "
         "a job reaches a terminal state",
     .clause = "[doc] JobState (2 new, 3 starting, 4 running, ... 7 completed, 8 terminated, 9 "
               "killed, 10 exception ...). Clients poll ... until a terminal state (7, 8, 9, 10, "
               "32768). (spec §6)",
     .evidence = Evidence::kDoc,
     .namespaces = Namespaces::kVirtualizationOnly,
     .needs = {.mutation = true}},
    {.id = "JOB-STATE-002",
     .statement = "PercentComplete lies in 0..100 and never decreases between polls",
     .clause = "[doc] PercentComplete 0-100 (spec §6)",
     .evidence = Evidence::kDoc,
     .namespaces = Namespaces::kVirtualizationOnly,
     .needs = {.mutation = true}},
    {.id = "JOB-STATE-003",
     .statement = "ErrorCode is 0 exactly when the job succeeds: 0 while running and on 7/32768, "
                  "non-zero on 8/9/10, and a failed job carries the code that failed it",
     .clause = "[doc] ErrorCode (0 iff success) (spec §6)",
     .evidence = Evidence::kDoc,
     .namespaces = Namespaces::kVirtualizationOnly,
     .needs = {.mutation = true}},
    {.id = "JOB-STATE-004",
     .statement = "GetErrorEx on a failed job returns at least one embedded Msvm_Error, each "
                  "well-formed CIM-XML with a Message and a CIMStatusCode",
     .clause = "[doc] GetErrorEx (embedded Msvm_Error instances as CIM-XML: Message, MessageID, "
               "ErrorSource, CIMStatusCode, PerceivedSeverity...) (spec §6)",
     .evidence = Evidence::kDoc,
     .namespaces = Namespaces::kVirtualizationOnly,
     .needs = {.mutation = true, .fault_rules = true}},
    {.id = "JOB-STATE-005",
     .statement = "RequestStateChange(4) on a running job ends it in a failed terminal state with "
                  "nothing of its work left behind (no reference point on any member)",
     .clause = "[doc] Methods: RequestStateChange(4 = terminate) to cancel (spec §6)",
     .evidence = Evidence::kDoc,
     .namespaces = Namespaces::kVirtualizationOnly,
     .needs = {.mutation = true, .fault_rules = true}},
    {.id = "JOB-STATE-006",
     .statement = "a finished job stays readable until TimeBeforeRemoval has passed and is gone "
                  "after it",
     .clause = "[doc] TimeBeforeRemoval = 5 minutes (finished jobs disappear after it) (spec §6)",
     .evidence = Evidence::kDoc,
     .namespaces = Namespaces::kVirtualizationOnly,
     .needs = {.mutation = true, .fault_rules = true}},
};

}  // namespace

std::span<const Assertion> job_assertions() { return kJobAssertions; }

}  // namespace conformance
