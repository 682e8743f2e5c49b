// Conformance area 1 on the simulator: CreateReferencePoint over every ReferencePointType class
// (0, 1, 2, 3..32767, 32768..65535, drawn by RapidCheck) × valid and invalid collection states
// (Finance; a missing id; a null reference; the group of groups; an empty group; Finance with
// archive-01 in it; malformed settings), under doc-strict, async-jobs and a profile whose codes are
// all distinct. The ReturnValue (or the failed job's ErrorCode) lies in the CIM family's allowed
// set and is the profile's code for a case that applies; the call succeeds exactly when no case
// applies (type 2 on a valid group), and then leaves one RCT-based point per member with parallel
// disk and RCT-id arrays; otherwise the model is unchanged.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <regex>
#include <set>

#include "sim/host/host_test_support.h"

namespace sim::host {
namespace {

using namespace test;

constexpr std::string_view kEmptyGroup = "6E4A2C10-8B3D-4F5E-9A7B-1C2D3E4F5A6B";

enum class Target { kFinance, kMissing, kNull, kManagement, kEmpty, kWithArchive, kMalformed };
enum class Which { kDocStrict, kAsyncJobs, kDistinct };

control::Profile profile_for(Which which) {
  switch (which) {
    case Which::kDocStrict:
      return fixture_profile("doc-strict");
    case Which::kAsyncJobs:
      return fixture_profile("async-jobs");
    case Which::kDistinct:
      break;
  }
  control::Profile p = fixture_profile("doc-strict");
  std::uint32_t next = 40000;
  for (std::uint32_t* code :
       {&p.codes.type_unknown, &p.codes.type_dmtf_reserved, &p.codes.type_vendor_specific,
        &p.codes.log_without_replication, &p.codes.collection_not_found,
        &p.codes.wrong_collection_class, &p.codes.empty_collection, &p.codes.malformed_settings,
        &p.codes.vhd_disk, &p.codes.configuration_version_too_old}) {
    *code = next++;
  }
  return p;
}

// The codes of every error case that applies to (type, target).
std::set<std::uint32_t> applicable(const control::ErrorCodes& codes, std::uint16_t type,
                                   Target target) {
  std::set<std::uint32_t> out;
  if (type == 0) out.insert(codes.type_unknown);
  if (type >= 3 && type < 32768) out.insert(codes.type_dmtf_reserved);
  if (type >= 32768) out.insert(codes.type_vendor_specific);
  switch (target) {
    case Target::kMissing:
    case Target::kNull:
      out.insert(codes.collection_not_found);
      break;
    case Target::kManagement:
      out.insert(codes.wrong_collection_class);
      break;
    case Target::kEmpty:
      out.insert(codes.empty_collection);
      break;
    case Target::kMalformed:
      out.insert(codes.malformed_settings);
      break;
    case Target::kWithArchive:
      out.insert(codes.configuration_version_too_old);
      break;
    case Target::kFinance:
      break;
  }
  // No member replicates: a log-based point fails on the first member that has members at all.
  const bool has_members =
      target == Target::kFinance || target == Target::kWithArchive || target == Target::kMalformed;
  if (type == 1 && has_members) out.insert(codes.log_without_replication);
  return out;
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

const std::regex kRctIdShape(
    "rctX:[0-9a-f]{8}:[0-9a-f]{4}:[0-9a-f]{4}:[0-9a-f]{4}:[0-9a-f]{12}:[0-9A-Fa-f]{8}");

RC_GTEST_PROP(CreateReferencePointTypeDomain, CodeInAllowedSetAndSideEffectsMatch, ()) {
  const std::uint16_t type = *reference_point_type();
  const Target target =
      *rc::gen::element(Target::kFinance, Target::kMissing, Target::kNull, Target::kManagement,
                        Target::kEmpty, Target::kWithArchive, Target::kMalformed);
  const Which which = *rc::gen::element(Which::kDocStrict, Which::kAsyncJobs, Which::kDistinct);
  const control::Profile profile = profile_for(which);
  auto host = make_host({.profile = profile});

  // Set-up calls (their own results are not the subject here).
  if (target == Target::kEmpty) {
    auto d = define_collection(*host, "Empty", kEmptyGroup, 0);
    RC_ASSERT(d.ok());
  }
  if (target == Target::kWithArchive) {
    auto a = member_call(*host, "AddMember", vm_path(kArchive01), group_path(kFinance));
    RC_ASSERT(a.ok());
  }
  // Let set-up jobs (async-jobs) finish.
  for (const auto& job : query_or_die(*host, kV2, "SELECT * FROM Msvm_ConcreteJob")) {
    RC_ASSERT(poll_job(*host, *job.path()).terminal());
  }
  const auto before = model_snapshot(*host);

  wmi::CimValue collection;
  switch (target) {
    case Target::kMissing:
      collection = group_path(kMissingId);
      break;
    case Target::kNull:
      collection = wmi::CimValue::null(wmi::CimType::kReference);
      break;
    case Target::kManagement:
      collection = management_path(kProduction);
      break;
    case Target::kEmpty:
      collection = group_path(kEmptyGroup);
      break;
    default:
      collection = group_path(kFinance);
  }
  const wmi::CimValue settings = target == Target::kMalformed ? "not settings" : "";
  auto r = host->invoke(crp_service(), "CreateReferencePoint",
                        {{"Collection", collection},
                         {"ReferencePointSettings", settings},
                         {"ReferencePointType", type}});
  RC_ASSERT(r.ok());
  RC_ASSERT(in_cim_allowed_set(r->return_value));

  // The code, wherever it comes back.
  std::uint32_t code = r->return_value;
  std::optional<wmi::ObjectPath> result;
  if (code == 4096) {
    RC_ASSERT(out_reference(*r, "ResultingReferencePointCollection") == nullptr);
    const wmi::ObjectPath* job = out_reference(*r, "Job");
    RC_ASSERT(job != nullptr);
    const JobTrace trace = poll_job(*host, *job);
    RC_ASSERT(trace.terminal());
    code = static_cast<std::uint32_t>(*uint_property(trace.last(), "ErrorCode"));
    RC_ASSERT((code == 0) == (trace.state() == profile.job_success_state));
    const auto made = query_or_die(
        *host, kV2,
        "ASSOCIATORS OF {" + path_text(*job) + "} WHERE AssocClass=Msvm_AffectedJobElement");
    RC_ASSERT(made.size() == (code == 0 ? 1u : 0u));
    if (code == 0) result = *made[0].path();
  } else {
    RC_ASSERT(out_reference(*r, "Job") == nullptr);
    if (code == 0) {
      const wmi::ObjectPath* out = out_reference(*r, "ResultingReferencePointCollection");
      RC_ASSERT(out != nullptr);
      result = *out;
    }
  }
  RC_ASSERT(in_cim_allowed_set(code));
  RC_ASSERT(code != 4096u);

  const std::set<std::uint32_t> expected = applicable(profile.codes, type, target);
  if (expected.empty()) {
    RC_ASSERT(code == 0u);
  } else {
    RC_ASSERT(expected.count(code) == 1u);
    if (expected.size() == 1) RC_ASSERT(code == *expected.begin());
    RC_ASSERT(snapshot_diff(before, model_snapshot(*host)) == "");
    return;
  }

  // Success: type 2 on Finance (sql-01 with 2 disks, web-01 with 1).
  RC_ASSERT(type == 2);
  RC_ASSERT(result.has_value());
  const auto points = query_or_die(
      *host, kV2,
      "ASSOCIATORS OF {" + path_text(*result) + "} WHERE AssocClass=Msvm_CollectedReferencePoints");
  RC_ASSERT(points.size() == 2u);
  std::set<std::string> vms;
  for (const auto& point : points) {
    const std::string vm = string_property(point, "VirtualSystemIdentifier");
    vms.insert(vm);
    RC_ASSERT(*uint_property(point, "ReferencePointType") == 2u);
    const auto disks = string_array_property(point, "VirtualDiskIdentifiers");
    const auto ids = string_array_property(point, "ResilientChangeTrackingIdentifiers");
    RC_ASSERT(disks.size() == (vm == kSql01 ? 2u : 1u));
    RC_ASSERT(ids.size() == disks.size());
    for (const auto& id : ids) RC_ASSERT(std::regex_match(id, kRctIdShape));
  }
  RC_ASSERT(vms == (std::set<std::string>{std::string(kSql01), std::string(kWeb01)}));
}

}  // namespace
}  // namespace sim::host
