// Conformance area 1 for the per-VM method: Msvm_VirtualSystemReferencePointService.
// CreateReferencePoint over every ReferencePointType class (0, 1, 2, 3..32767, 32768..65535,
// drawn by RapidCheck) under both vs_reference_point.type_encoding values (log0-rct1, log1-rct2),
// immediate and job delivery (doc-strict, async-jobs), with the profile's codes as shipped or all
// distinct, on each kind of AffectedSystem (sql-01 and web-01; archive-01 with configuration 5.0;
// a missing VM) with or without replication. The ReturnValue (or the failed job's ErrorCode) lies
// in the CIM family's allowed set and is the profile's code for a case that applies; a point
// exists afterwards exactly when the answer is 0 (or the job succeeded) — one new point on that VM,
// of the type the encoding gives, RCT ids parallel to the disks for RCT — and otherwise the model
// is unchanged.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <set>

#include "sim/host/host_test_support.h"

namespace sim::host {
namespace {

using namespace test;

enum class Which { kDocStrict, kAsyncJobs, kDistinct };

control::Profile profile_for(Which which, control::VsReferencePointTypeEncoding encoding) {
  control::Profile p = fixture_profile(which == Which::kAsyncJobs ? "async-jobs" : "doc-strict");
  p.vs_reference_point_type_encoding = encoding;
  if (which != Which::kDistinct) return p;
  std::uint32_t next = 40000;
  for (std::uint32_t* code :
       {&p.codes.type_unknown, &p.codes.type_dmtf_reserved, &p.codes.type_vendor_specific,
        &p.codes.log_without_replication, &p.codes.system_not_found, &p.codes.vhd_disk,
        &p.codes.configuration_version_too_old}) {
    *code = next++;
  }
  return p;
}

// The point type (1 log, 2 RCT) a ReferencePointType value asks for; nullopt when it asks for
// none, with the code that applies in `type_code`.
std::optional<std::uint16_t> asked_type(const control::Profile& p, std::uint16_t value,
                                        std::uint32_t& type_code) {
  const bool log0 =
      p.vs_reference_point_type_encoding == control::VsReferencePointTypeEncoding::kLog0Rct1;
  const std::uint32_t asked = value;
  const std::uint32_t log_value = log0 ? 0 : 1;
  if (asked == log_value) return std::uint16_t{1};
  if (asked == log_value + 1) return std::uint16_t{2};
  if (value >= 32768) {
    type_code = p.codes.type_vendor_specific;
  } else if (value == 0) {
    type_code = p.codes.type_unknown;
  } else {
    type_code = p.codes.type_dmtf_reserved;
  }
  return std::nullopt;
}

bool in_cim_allowed_set(std::uint32_t code) {
  return code <= 6 || code == 4096 || (code >= 32768 && code <= 65535);
}

rc::Gen<std::uint16_t> reference_point_type() {
  return rc::gen::oneOf(
      rc::gen::just<std::uint16_t>(0), rc::gen::just<std::uint16_t>(1),
      rc::gen::just<std::uint16_t>(2), rc::gen::inRange<std::uint16_t>(3, 32768),
      rc::gen::map(rc::gen::inRange<std::uint32_t>(32768, 65536),
                   [](std::uint32_t t) { return static_cast<std::uint16_t>(t); }));
}

RC_GTEST_PROP(VsCreateReferencePointTypeDomain, CodeInAllowedSetAndPointIffSuccess, ()) {
  const std::uint16_t type = *reference_point_type();
  const auto encoding = *rc::gen::element(control::VsReferencePointTypeEncoding::kLog0Rct1,
                                          control::VsReferencePointTypeEncoding::kLog1Rct2);
  const Which which = *rc::gen::element(Which::kDocStrict, Which::kAsyncJobs, Which::kDistinct);
  const std::string_view vm = *rc::gen::element(kSql01, kWeb01, kArchive01, kMissingId);
  const bool replicating = *rc::gen::arbitrary<bool>();
  const control::Profile profile = profile_for(which, encoding);
  HostSetup setup{.profile = profile};
  for (auto& v : setup.inventory.vms) v.replicating = replicating;
  auto host = make_host(std::move(setup));
  const auto before = model_snapshot(*host);

  const auto r = host->invoke(vsrp_service(), "CreateReferencePoint",
                              {{"AffectedSystem", vm_path(vm)},
                               {"ReferencePointSettings", ""},
                               {"ReferencePointType", type}});
  RC_ASSERT(r.ok());
  RC_ASSERT(in_cim_allowed_set(r->return_value));

  // The code, wherever it comes back, and the point made.
  std::uint32_t code = r->return_value;
  std::optional<wmi::ObjectPath> made;
  if (code == 4096) {
    RC_ASSERT(out_reference(*r, "ResultingReferencePoint") == nullptr);
    const wmi::ObjectPath* job = out_reference(*r, "Job");
    RC_ASSERT(job != nullptr);
    const JobTrace trace = poll_job(*host, *job);
    RC_ASSERT(trace.terminal());
    RC_ASSERT(*uint_property(trace.last(), "JobType") == 201u);
    code = static_cast<std::uint32_t>(*uint_property(trace.last(), "ErrorCode"));
    RC_ASSERT((code == 0) == (trace.state() == profile.job_success_state));
    const auto affected = query_or_die(
        *host, kV2,
        "ASSOCIATORS OF {" + path_text(*job) + "} WHERE AssocClass=Msvm_AffectedJobElement");
    RC_ASSERT(affected.size() == (code == 0 ? 1u : 0u));
    if (code == 0) made = *affected[0].path();
  } else {
    RC_ASSERT(out_reference(*r, "Job") == nullptr);
    const wmi::ObjectPath* out = out_reference(*r, "ResultingReferencePoint");
    RC_ASSERT((out != nullptr) == (code == 0));
    if (out != nullptr) made = *out;
  }
  RC_ASSERT(in_cim_allowed_set(code));
  RC_ASSERT(code != 4096u);

  // The oracle: every error case that applies.
  std::set<std::uint32_t> expected;
  std::uint32_t type_code = 0;
  const std::optional<std::uint16_t> point_type = asked_type(profile, type, type_code);
  if (!point_type) expected.insert(type_code);
  if (vm == kMissingId) expected.insert(profile.codes.system_not_found);
  if (vm == kArchive01) {
    expected.insert(profile.codes.configuration_version_too_old);
    if (point_type == 2) expected.insert(profile.codes.vhd_disk);  // its first disk is VHD
  }
  if (point_type == 1 && !replicating && vm != kMissingId) {
    expected.insert(profile.codes.log_without_replication);
  }

  const auto points = query_or_die(*host, kV2, "SELECT * FROM Msvm_VirtualSystemReferencePoint");
  if (!expected.empty()) {
    RC_ASSERT(expected.count(code) == 1u);
    if (expected.size() == 1) RC_ASSERT(code == *expected.begin());
    RC_ASSERT(!made.has_value());
    RC_ASSERT(points.empty());
    RC_ASSERT(snapshot_diff(before, model_snapshot(*host)) == "");
    return;
  }
  RC_ASSERT(code == 0u);
  RC_ASSERT(made.has_value());
  RC_ASSERT(points.size() == 1u);
  const wmi::Instance& point = points[0];
  RC_ASSERT(wmi::same_instance(*point.path(), *made));
  RC_ASSERT(string_property(point, "VirtualSystemIdentifier") == vm);
  RC_ASSERT(*uint_property(point, "ReferencePointType") == *point_type);
  const auto disks = string_array_property(point, "VirtualDiskIdentifiers");
  RC_ASSERT(disks.size() == (vm == kSql01 ? 2u : 1u));
  const auto ids = string_array_property(point, "ResilientChangeTrackingIdentifiers");
  RC_ASSERT(ids.size() == (*point_type == 2 ? disks.size() : 0u));
  RC_ASSERT(*point.find("HasAssociatedData")->as_bool() == (*point_type == 1));
}

}  // namespace
}  // namespace sim::host
