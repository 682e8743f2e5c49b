#include "conformance/oracle/profile_expectations.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "conformance/oracle/return_codes.h"

namespace conformance::oracle {
namespace {

std::string read_fixture(const std::string& name) {
  std::ifstream in(std::string(HVSIM_SOURCE_DIR) + "/fixtures/profiles/" + name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

ProfileExpectations parse_ok(const std::string& text) {
  wmi::Result<ProfileExpectations> r = parse_profile_expectations(text);
  EXPECT_TRUE(r.ok()) << r.status().to_string();
  return r.ok() ? *r : ProfileExpectations{};
}

constexpr std::string_view kCreate = "Msvm_CollectionReferencePointService.CreateReferencePoint";

TEST(OracleProfileExpectations, ReadsDocStrict) {
  const ProfileExpectations p = parse_ok(read_fixture("doc-strict.json"));
  EXPECT_EQ(p.vs_type_encoding, VsTypeEncoding::kLog0Rct1);
  EXPECT_EQ(p.vs_log_type(), 0);
  EXPECT_EQ(p.vs_rct_type(), 1);
  EXPECT_EQ(p.collection_consistency_order, ConsistencyOrder::kCrash1App2);
  EXPECT_FALSE(p.delivery_for(kCreate).success_via_job);
  EXPECT_FALSE(p.delivery_for(kCreate).error_via_failed_job);
  EXPECT_EQ(p.job_timing.polls, 2u);
  EXPECT_EQ(p.time_before_removal_ms, 300000u);
  EXPECT_EQ(p.job_success_state, 7);
  EXPECT_EQ(p.rct_granularity_bytes, 64u * 1024);
  EXPECT_EQ(p.rct_max_ranges_per_call, 1024u);
  EXPECT_EQ(p.reference_point_limit_per_vm, 0u);
  EXPECT_EQ(p.code("create_reference_point.code.type_unknown"), 4u);
  EXPECT_EQ(p.code("create_reference_point.code.type_vendor_specific"), 1u);
  EXPECT_EQ(p.code("get_virtual_disk_changes.code.file_not_found"), 32779u);
  EXPECT_EQ(p.code("no.such.code"), std::nullopt);
  EXPECT_TRUE(p.is_guess("create_reference_point.code.type_unknown"));
  EXPECT_FALSE(p.is_guess("vs_reference_point.type_encoding"));
}

TEST(OracleProfileExpectations, ReadsAsyncJobs) {
  const ProfileExpectations p = parse_ok(read_fixture("async-jobs.json"));
  EXPECT_TRUE(p.delivery_for(kCreate).success_via_job);
  EXPECT_TRUE(p.delivery_for(kCreate).error_via_failed_job);
  const Delivery changes = p.delivery_for("Msvm_ImageManagementService.GetVirtualDiskChanges");
  EXPECT_FALSE(changes.success_via_job);
  EXPECT_FALSE(changes.error_via_failed_job);
  EXPECT_EQ(p.job_timing.polls, 3u);
  EXPECT_EQ(p.job_timing.virtual_ms, 2000u);
  EXPECT_EQ(p.job_timing.jitter_ms, 500u);
}

// Every configured code of a shipped profile is a documented error code of the family its
// area's methods use (create_reference_point and export_reference_point codes: CIM; the
// collection management, GetVirtualDiskChanges and replication codes: Hyper-V).
TEST(OracleProfileExpectations, ShippedCodesAreDocumentedErrorsOfTheirFamily) {
  for (const char* name : {"doc-strict.json", "async-jobs.json"}) {
    const ProfileExpectations p = parse_ok(read_fixture(name));
    EXPECT_FALSE(p.codes.empty());
    for (const auto& [key, code] : p.codes) {
      const bool cim = key.starts_with("create_reference_point.") ||
                       key.starts_with("export_reference_point.") ||
                       key.starts_with("create_snapshot.") ||
                       key.starts_with("convert_to_reference_point.");
      const std::vector<std::uint32_t> errors =
          family_error_codes(cim ? ReturnCodeFamily::kCim : ReturnCodeFamily::kHyperV);
      EXPECT_NE(std::find(errors.begin(), errors.end(), code), errors.end())
          << name << ": " << key << " = " << code;
    }
  }
}

TEST(OracleProfileExpectations, MissingKeysTakeTheSpecDefaultsAndUnknownKeysAreIgnored) {
  const ProfileExpectations p =
      parse_ok(R"({"settings": {"sim.only.thing": {"value": [1, 2]}, "other": 3}})");
  EXPECT_EQ(p.vs_type_encoding, VsTypeEncoding::kLog0Rct1);
  EXPECT_EQ(p.time_before_removal_ms, 300000u);
  EXPECT_TRUE(p.codes.empty());
  EXPECT_TRUE(p.evidence.empty());
}

TEST(OracleProfileExpectations, ReadsTheFieldEncoding) {
  const ProfileExpectations p = parse_ok(
      R"({"settings": {"vs_reference_point.type_encoding": {"value": "log1-rct2", "evidence": "field"}}})");
  EXPECT_EQ(p.vs_log_type(), 1);
  EXPECT_EQ(p.vs_rct_type(), 2);
}

struct Malformed {
  const char* json;
  const char* key_named;
};

TEST(OracleProfileExpectations, RejectsMalformedTextNamingTheKey) {
  const Malformed cases[] = {
      {R"({"settings": )", "JSON"},
      {R"([])", "settings"},
      {R"({"settings": []})", "settings"},
      {R"({"settings": {"vs_reference_point.type_encoding": {"value": "log2-rct3"}}})",
       "vs_reference_point.type_encoding"},
      {R"({"settings": {"vs_reference_point.type_encoding": "log0-rct1"}})",
       "vs_reference_point.type_encoding"},
      {R"({"settings": {"reference_point_collection.consistency_level_order": {"value": 1}}})",
       "reference_point_collection.consistency_level_order"},
      {R"({"settings": {"job.time_before_removal_ms": {"value": -1}}})",
       "job.time_before_removal_ms"},
      {R"({"settings": {"job.success_state": {"value": 70000}}})", "job.success_state"},
      {R"({"settings": {"job.duration": {"value": {"polls": 2, "virtual_ms": 0}}}})",
       "job.duration.jitter_ms"},
      {R"({"settings": {"job.duration": {"value": {"polls": "2", "virtual_ms": 0, "jitter_ms": 0}}}})",
       "job.duration.polls"},
      {R"({"settings": {"method.delivery": {"value": {"default": {"success": "later", "error": "immediate"}}}}})",
       "method.delivery.default.success"},
      {R"({"settings": {"method.delivery": {"value": {"default": {"success": "job"}}}}})",
       "method.delivery.default.error"},
      {R"({"settings": {"rct.granularity": {"value": "48KiB"}}})", "rct.granularity"},
      {R"({"settings": {"rct.granularity": {"value": "64 KB"}}})", "rct.granularity"},
      {R"({"settings": {"create_reference_point.code.vhd_disk": {"value": 65536}}})",
       "create_reference_point.code.vhd_disk"},
      {R"({"settings": {"create_reference_point.code.vhd_disk": {"value": "1"}}})",
       "create_reference_point.code.vhd_disk"},
      {R"({"settings": {"reference_point.limit_per_vm": {"value": 1, "evidence": 2}}})",
       "reference_point.limit_per_vm.evidence"},
  };
  for (const Malformed& c : cases) {
    wmi::Result<ProfileExpectations> r = parse_profile_expectations(c.json);
    ASSERT_FALSE(r.ok()) << c.json;
    EXPECT_EQ(r.status().kind(), wmi::StatusKind::kInvalidArgument) << c.json;
    EXPECT_NE(r.status().message().find(c.key_named), std::string::npos)
        << c.json << " -> " << r.status().message();
  }
}

}  // namespace
}  // namespace conformance::oracle
