// Test-only: a small hand-written RunResult covering every verdict, with hostile strings, for the
// report writer tests. Header-only; the assertions it points to are static.
#pragma once

#include "conformance/report/run_result.h"

namespace conformance::testing {

inline const Assertion kTypeAssertion{"CRP-TYPE-001",
                                      "CreateReferencePoint accepts types 0..2",
                                      "ReferencePointType <2> & \"quoted\" 'values'",
                                      Evidence::kDoc,
                                      Namespaces::kBoth,
                                      {}};
inline const Assertion kJobAssertion{
    "JOB-ERR-002",         "A job that fails has ErrorCode != 0", "",
    Evidence::kUnverified, Namespaces::kVirtualizationOnly,       {}};
inline const Assertion kFailAssertion{
    "CRP-RSV-003",          "Reserved codes are never returned <script>alert(1)</script>",
    "4096..32767 reserved", Evidence::kMof,
    Namespaces::kBoth,      {}};
inline const Assertion kDataAssertion{
    "RCT-QRY-004",    "RCT reports every changed block", "",
    Evidence::kField, Namespaces::kClusterOnly,          Needs{.data_plane = true}};

inline Observation create_reference_point(std::uint16_t type, std::uint32_t code) {
  return Observation{"root/virtualization/v2",
                     "Msvm_CollectionReferencePointService",
                     "CreateReferencePoint",
                     "ReferencePointType=" + std::to_string(type),
                     code,
                     std::nullopt,
                     type};
}

// 1 PASS, 1 WARN, 1 FAIL, 1 NOT-TESTED.
inline RunResult sample_run_result() {
  RunResult run;
  run.target = TargetIdentity{
      "sim:doc-strict", "1.0", "Microsoft <Corp>", "10.0", {"root/v2"}, "doc-strict", "small", ""};
  run.hvconform_version = "0.1.0";
  run.seed = 42;
  run.started_utc = "2026-11-23T16:00:00Z";
  run.seconds = 12.5;
  run.cleanup = {3,
                 5,
                 {"Msvm_ReferencePointCollection.InstanceID=\"<x>\": DestroyReferencePoint "
                  "answered 2"}};
  run.assertions.push_back(AssertionResult{
      &kTypeAssertion,
      Verdict::kPass,
      "",
      {TestOutcome{"Crp.Types",
                   Verdict::kPass,
                   "",
                   0.25,
                   {create_reference_point(0, 4096), create_reference_point(1, 0)}}}});
  run.assertions.push_back(
      AssertionResult{&kJobAssertion,
                      Verdict::kWarn,
                      "rests on an unverified profile guess",
                      {TestOutcome{"Jobs.Error",
                                   Verdict::kPass,
                                   "",
                                   0.5,
                                   {Observation{"root/v2", "Msvm_ConcreteJob", "RequestStateChange",
                                                "", 4096, 32768, std::nullopt}}}}});
  run.assertions.push_back(AssertionResult{
      &kFailAssertion,
      Verdict::kFail,
      "",
      {TestOutcome{"Crp.Reserved",
                   Verdict::kFail,
                   "seed 7 & <shrunk>\ncounterexample: \"x\"",
                   1,
                   {create_reference_point(0, 4097), create_reference_point(40000, 4097)}}}});
  run.assertions.push_back(
      AssertionResult{&kDataAssertion, Verdict::kNotTested, "needs DataPlane", {}});
  run.documented_codes["Msvm_CollectionReferencePointService.CreateReferencePoint"] = {0, 4096,
                                                                                       32775};
  return run;
}

}  // namespace conformance::testing
