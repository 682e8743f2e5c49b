// ProfileExpectations: what a target's profile promises about the behaviour the spec leaves open
// (spec/hyperv-backup-api.md §9 and the [guess] list in §4), read from a profile's JSON text
// (fixtures/profiles/*.json) independently of sim/control. The suites turn it into expected
// codes, encodings and timings; an expectation whose setting carries evidence "guess" makes the
// assertion resting on it `unverified`.
//
// Format: {"settings": {"<key>": {"value": V, "evidence": "doc|mof|sample|field|guess", ...}}}.
// Keys this file does not know are ignored (the simulator has more). A known key that is missing
// takes the spec's suggested value (the doc-strict profile's). Value type; not synchronised.
// parse_profile_expectations() never throws: malformed input is a wmi::Status naming the key.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "wmi/cim/status.h"

namespace conformance::oracle {

// Per-VM CreateReferencePoint ReferencePointType encoding (spec §4, §9.1).
enum class VsTypeEncoding {
  kLog0Rct1,  // "log0-rct1": 0 = log based, 1 = RCT based [doc+mof]
  kLog1Rct2,  // "log1-rct2": 1 = log based, 2 = RCT based [field]
};

// Msvm_ReferencePointCollection.ConsistencyLevel order (spec §3, §9.2).
enum class ConsistencyOrder {
  kCrash1App2,  // "crash1-app2" [doc]
  kApp1Crash2,  // "app1-crash2", as every other class
};

// How a method delivers its result (spec §9.5).
struct Delivery {
  bool success_via_job = false;       // "job": 4096 + a job ending in success; "immediate": 0
  bool error_via_failed_job = false;  // "failed-job": 4096 + JobState 10 with ErrorCode = code
};

struct JobTiming {
  std::uint32_t polls = 2;  // Get calls until the job is terminal
  std::uint64_t virtual_ms = 0;
  std::uint64_t jitter_ms = 0;
};

struct ProfileExpectations {
  VsTypeEncoding vs_type_encoding = VsTypeEncoding::kLog0Rct1;
  ConsistencyOrder collection_consistency_order = ConsistencyOrder::kCrash1App2;
  Delivery default_delivery;                        // every method not in method_delivery
  std::map<std::string, Delivery> method_delivery;  // "Class.Method" -> its own delivery
  JobTiming job_timing;
  std::uint64_t time_before_removal_ms = 300000;  // 5 minutes [doc]
  std::uint16_t job_success_state = 7;            // Completed [doc]
  std::uint64_t rct_granularity_bytes = 64 * 1024;
  std::uint32_t rct_max_ranges_per_call = 1024;
  std::uint32_t reference_point_limit_per_vm = 0;  // 0: no limit
  // Every "<area>.code.<case>" key, e.g. "create_reference_point.code.type_unknown" -> 4.
  std::map<std::string, std::uint32_t> codes;
  // Every known key read -> its evidence ("doc", "guess", ...); a setting without one counts
  // as "guess". Keys the profile does not set: not listed.
  std::map<std::string, std::string> evidence;

  // The delivery of `method` ("Class.Method").
  Delivery delivery_for(std::string_view method) const;
  // The configured code for `key`; nullopt when the profile does not set it.
  std::optional<std::uint32_t> code(std::string_view key) const;
  // True when `key` was read with evidence "guess" (the assertion is then unverified).
  bool is_guess(std::string_view key) const;
  // The per-VM CreateReferencePoint ReferencePointType values for log based and RCT based.
  std::uint16_t vs_log_type() const;
  std::uint16_t vs_rct_type() const;
};

// Reads a profile's JSON text. Errors (kInvalidArgument) name the offending key, e.g.
// "profile: job.duration.polls: expected an unsigned integer".
wmi::Result<ProfileExpectations> parse_profile_expectations(std::string_view json_text);

}  // namespace conformance::oracle
