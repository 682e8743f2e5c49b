#include "sim/control/profile.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "sim/control/profile_keys.h"
#include "sim/storage/change_tracker.h"

namespace sim::control {
namespace {

static_assert(kMinRctGranularity == sim::storage::ChangeTracker::kMinGranularity);
static_assert(kMaxRctGranularity == sim::storage::ChangeTracker::kMaxGranularity);

std::string read_fixture(const std::string& name) {
  std::ifstream in(std::string(HVSIM_SOURCE_DIR) + "/fixtures/profiles/" + name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string with_setting(std::string_view key, std::string_view value,
                         std::string_view evidence = "guess") {
  return R"({"description": "test", "settings": {")" + std::string(key) + R"(": {"value": )" +
         std::string(value) + R"(, "evidence": ")" + std::string(evidence) + R"("}}})";
}

// The message of the failed load of `text`; fails the test when it loads.
std::string load_error(const std::string& text) {
  auto profile = load_profile(text);
  EXPECT_FALSE(profile.ok()) << text;
  if (profile.ok()) return "";
  EXPECT_EQ(profile.status().kind(), wmi::StatusKind::kInvalidArgument);
  return profile.status().message();
}

#define EXPECT_CONTAINS(haystack, needle) \
  EXPECT_NE(std::string(haystack).find(needle), std::string::npos) << (haystack)

struct KeyCase {
  std::string_view key;
  std::string_view valid;  // a non-default value that loads
  std::string_view bad;    // a value that must fail
  std::string_view problem;
};

const KeyCase kKeyCases[] = {
    {"vs_reference_point.type_encoding", R"("log1-rct2")", R"("log2")", "is not one of"},
    {"reference_point_collection.consistency_level_order", R"("app1-crash2")", "1",
     "expected a string"},
    {"create_reference_point.code.type_unknown", "2", "0", "not an error code"},
    {"create_reference_point.code.type_dmtf_reserved", "32768", "7", "DMTF reserved"},
    {"create_reference_point.code.type_vendor_specific", "4", "4096", "job started"},
    {"create_reference_point.code.log_without_replication", "2", "70000", "out of range"},
    {"create_reference_point.code.collection_not_found", "6", "4097", "method reserved"},
    {"create_reference_point.code.wrong_collection_class", "4", "-1", "out of range"},
    {"create_reference_point.code.system_not_found", "5", "3000", "DMTF reserved"},
    {"create_reference_point.code.wrong_system_class", "32769", "0", "not an error code"},
    {"create_reference_point.code.empty_collection", "2", "2.5", "expected an integer"},
    {"create_reference_point.code.malformed_settings", "65535", R"("4")", "expected an integer"},
    {"create_reference_point.code.vhd_disk", "5", "65536", "out of range"},
    {"create_reference_point.code.configuration_version_too_old", "5", "null",
     "expected an integer"},
    {"create_reference_point.code.reference_point_limit", "2", "0", "not an error code"},
    {"collection_management.code.duplicate_collection_id", "32768", "4", "DMTF reserved"},
    {"collection_management.code.wrong_member_kind", "32776", "6", "Hyper-V-family"},
    {"get_virtual_disk_changes.code.file_not_found", "32768", "4", "Hyper-V-family"},
    {"get_virtual_disk_changes.code.target_snapshot", "32770", "4096", "job started"},
    {"get_virtual_disk_changes.code.rct_invalid_id", "32768", "0", "not an error code"},
    {"get_virtual_disk_changes.code.rct_no_tracking_data", "32779", "5", "Hyper-V-family"},
    {"get_virtual_disk_changes.code.rct_tracking_disabled", "32768", "65536", "out of range"},
    {"get_virtual_disk_changes.code.rct_changed_offline", "32775", R"("32775")",
     "expected an integer"},
    {"get_virtual_disk_changes.code.window_outside_disk", "65535", "2", "Hyper-V-family"},
    {"replication.code.system_not_found", "32768", "4", "Hyper-V-family"},
    {"replication.code.wrong_system_class", "32773", "4096", "job started"},
    {"replication.code.collection_not_found", "32776", "0", "not an error code"},
    {"replication.code.wrong_collection_class", "32773", "6", "Hyper-V-family"},
    {"replication.code.empty_collection", "32768", "65536", "out of range"},
    {"replication.code.malformed_settings", "32776", R"("32773")", "expected an integer"},
    {"replication.code.configuration_version_too_old", "32768", "1", "Hyper-V-family"},
    {"replication.code.already_replicating", "32774", "0", "not an error code"},
    {"replication.code.not_replicating", "32768", "2.5", "expected an integer"},
    {"replication.code.initial_replication_type", "32776", "4096", "job started"},
    {"replication.code.resynchronize_not_required", "32773", "null", "expected an integer"},
    {"export_reference_point.code.point_not_found", "32768", "4096", "job started"},
    {"export_reference_point.code.wrong_point_class", "4", "0", "not an error code"},
    {"export_reference_point.code.malformed_settings", "5", "7", "DMTF reserved"},
    {"export_reference_point.code.base_not_found", "6", "4097", "method reserved"},
    {"export_reference_point.code.base_foreign", "5", "70000", "out of range"},
    {"export_reference_point.code.base_not_older", "2", "-1", "out of range"},
    {"export_reference_point.code.data_unavailable", "2", "3000", "DMTF reserved"},
    {"export_reference_point.code.directory_empty", "1", "2.5", "expected an integer"},
    {"export_reference_point.code.directory_in_use", "4", R"("5")", "expected an integer"},
    {"export_reference_point.code.unknown_disk", "65535", "65536", "out of range"},
    {"create_snapshot.code.type_unknown", "5", "0", "not an error code"},
    {"create_snapshot.code.type_reserved", "32768", "7", "DMTF reserved"},
    {"create_snapshot.code.type_vendor_specific", "4", "4096", "job started"},
    {"convert_to_reference_point.code.standard_checkpoint", "5", "70000", "out of range"},
    {"method.delivery", R"({"default": {"success": "job", "error": "failed-job"}})",
     R"({"Msvm_Nope.Method": {"success": "job", "error": "failed-job"}})",
     "is not \"default\" or a method"},
    {"job.duration", R"({"polls": 0, "virtual_ms": 1500, "jitter_ms": 10})", R"({"polls": 10001})",
     "out of range"},
    {"job.time_before_removal_ms", "60000", "999", "out of range"},
    {"job.success_state", "32768", "8", "not a success JobState"},
    {"rct.granularity", R"("2MiB")", "3000", "out of range"},
    {"rct.max_ranges_per_call", "65536", "0", "out of range"},
    {"reference_point.limit_per_vm", "64", "1000001", "out of range"},
    {"wsman.singleton_service_selectors", R"({"required": [], "accepted": ["CreationClassName"]})",
     R"({"required": ["Name"], "accepted": ["CreationClassName"]})", "is not in \"accepted\""},
    {"wsman.missing_instance_fault", R"("invalid-selectors")", R"("not-found")", "is not one of"},
};

TEST(Profile, DefaultIsDocStrict) {
  const Profile profile;
  EXPECT_EQ(profile.vs_reference_point_type_encoding, VsReferencePointTypeEncoding::kLog0Rct1);
  EXPECT_EQ(profile.reference_point_collection_consistency_order,
            ConsistencyLevelOrder::kCrash1App2);
  EXPECT_EQ(profile.codes.log_without_replication, 5u);
  EXPECT_EQ(profile.codes.type_unknown, 4u);
  EXPECT_EQ(profile.codes.type_dmtf_reserved, 4u);
  EXPECT_EQ(profile.codes.type_vendor_specific, 1u);
  EXPECT_EQ(profile.time_before_removal, std::chrono::minutes(5));
  EXPECT_EQ(profile.rct_granularity, 64u * 1024);
  EXPECT_EQ(profile.rct_max_ranges_per_call, 1024u);
  EXPECT_EQ(profile.codes.file_not_found, 32779u);
  EXPECT_EQ(profile.reference_point_limit_per_vm, 0u);
  EXPECT_EQ(profile.job_success_state, 7);
  EXPECT_EQ(profile.missing_instance_fault, MissingInstanceFault::kResourceNotFound);
  for (const std::string_view method : delivery_methods()) {
    const auto dot = method.find('.');
    EXPECT_EQ(profile.delivery_for(method.substr(0, dot), method.substr(dot + 1)),
              (MethodDelivery{SuccessDelivery::kImmediate, ErrorDelivery::kImmediate}));
  }
}

TEST(Profile, EveryKeyHasATestCaseEvidenceAndANote) {
  std::set<std::string_view> tested;
  for (const KeyCase& c : kKeyCases) tested.insert(c.key);
  std::set<std::string_view> keys;
  for (const ProfileKey& key : profile_keys()) {
    keys.insert(key.name);
    EXPECT_FALSE(key.note.empty()) << key.name;
    EXPECT_EQ(find_profile_key(key.name), &key);
  }
  EXPECT_EQ(tested, keys);
  EXPECT_EQ(find_profile_key("no.such.key"), nullptr);
  const auto described = describe_profile_keys();
  ASSERT_EQ(described.size(), profile_keys().size());
  EXPECT_EQ(described[0].name, "vs_reference_point.type_encoding");
  EXPECT_EQ(described[0].default_value, "\"log0-rct1\"");
  EXPECT_EQ(to_string(described[0].evidence), "doc");
  EXPECT_EQ(Profile{}.provenance.size(), profile_keys().size());
}

TEST(Profile, EveryKeyLoadsAValidValueWithItsEvidence) {
  for (const KeyCase& c : kKeyCases) {
    auto profile = load_profile(with_setting(c.key, c.valid, "field"));
    ASSERT_TRUE(profile.ok()) << c.key << ": " << profile.status().to_string();
    EXPECT_NE(*profile, Profile{}) << c.key;
    EXPECT_EQ(profile->provenance_of(c.key).evidence, Evidence::kField) << c.key;
    EXPECT_EQ(profile->provenance_of(c.key).note, find_profile_key(c.key)->note) << c.key;
    // Every other key keeps its default provenance.
    EXPECT_EQ(profile->provenance_of("job.success_state").evidence,
              c.key == "job.success_state" ? Evidence::kField : Evidence::kDoc);
  }
}

TEST(Profile, EveryKeyRejectsABadValueNamingThePointer) {
  for (const KeyCase& c : kKeyCases) {
    const std::string message = load_error(with_setting(c.key, c.bad));
    EXPECT_CONTAINS(message, "profile at /settings/" + std::string(c.key) + "/value");
    EXPECT_CONTAINS(message, c.problem);
  }
}

TEST(Profile, ValuesLandInTheRightFields) {
  auto p = load_profile(R"({"description": "d", "settings": {
      "vs_reference_point.type_encoding": {"value": "log1-rct2", "evidence": "field"},
      "create_reference_point.code.log_without_replication": {"value": 2, "evidence": "guess",
                                                              "note": "seen on a lab host"},
      "rct.granularity": {"value": 2097152, "evidence": "guess"},
      "job.duration": {"value": {"virtual_ms": 1500}, "evidence": "guess"},
      "method.delivery": {"value": {
          "msvm_collectionreferencepointservice.createreferencepoint":
              {"success": "job", "error": "immediate"}}, "evidence": "field"}}})");
  ASSERT_TRUE(p.ok()) << p.status().to_string();
  EXPECT_EQ(p->description, "d");
  EXPECT_EQ(p->vs_reference_point_type_encoding, VsReferencePointTypeEncoding::kLog1Rct2);
  EXPECT_EQ(p->codes.log_without_replication, 2u);
  EXPECT_EQ(p->provenance_of("create_reference_point.code.log_without_replication").note,
            "seen on a lab host");
  EXPECT_EQ(p->rct_granularity, 2u << 20);
  EXPECT_EQ(p->job_duration, (JobDuration{0, std::chrono::milliseconds(1500), {}}));
  // Stored under the canonical spelling, found case-insensitively.
  EXPECT_TRUE(
      p->method_delivery.contains("Msvm_CollectionReferencePointService.CreateReferencePoint"));
  EXPECT_EQ(p->delivery_for("MSVM_COLLECTIONREFERENCEPOINTSERVICE", "CreateReferencePoint"),
            (MethodDelivery{SuccessDelivery::kJob, ErrorDelivery::kImmediate}));
  EXPECT_EQ(p->delivery_for("Msvm_CollectionManagementService", "AddMember"), MethodDelivery{});
  EXPECT_EQ(p->provenance_of("not.a.key"), Provenance{});
}

TEST(Profile, StructuralErrorsAreClear) {
  EXPECT_CONTAINS(load_error("{"), "profile: not valid JSON");
  EXPECT_CONTAINS(load_error("[]"), "profile at /: expected an object, got an array");
  EXPECT_CONTAINS(load_error(R"({"settings": {}})"), "missing required key \"description\"");
  EXPECT_CONTAINS(load_error(R"({"description": "d"})"), "missing required key \"settings\"");
  EXPECT_CONTAINS(load_error(R"({"description": "d", "settings": {}, "extra": 1})"),
                  "profile at /: unknown key \"extra\" (expected one of: description, settings)");
  EXPECT_CONTAINS(load_error(R"({"description": 3, "settings": {}})"),
                  "profile at /description: expected a string, got 3");
  EXPECT_CONTAINS(
      load_error(R"({"description": "d", "settings": {"rct.granularty": {"value": 1}}})"),
      "profile at /settings/rct.granularty: unknown profile key \"rct.granularty\"");
  EXPECT_CONTAINS(load_error(R"({"description": "d", "settings": {"rct.granularity": "64KiB"}})"),
                  "profile at /settings/rct.granularity: expected an object");
  EXPECT_CONTAINS(
      load_error(R"({"description": "d", "settings": {"rct.granularity": {"value": "64KiB"}}})"),
      "profile at /settings/rct.granularity: missing required key \"evidence\"");
  EXPECT_CONTAINS(
      load_error(R"({"description": "d", "settings": {"rct.granularity": {"evidence": "doc"}}})"),
      "missing required key \"value\"");
  EXPECT_CONTAINS(load_error(with_setting("rct.granularity", R"("64KiB")", "rumour")),
                  "/settings/rct.granularity/evidence: \"rumour\" is not one of \"doc\", \"mof\", "
                  "\"sample\", \"field\", \"guess\"");
  EXPECT_CONTAINS(load_error(R"({"description": "d", "description": "e", "settings": {}})"),
                  "profile at /: duplicate key \"description\"");
  EXPECT_CONTAINS(load_error(std::string(100, '[') + std::string(100, ']')),
                  "nested deeper than 32 levels");
}

TEST(Profile, GranularityMustBeAPowerOfTwoInRange) {
  EXPECT_CONTAINS(load_error(with_setting("rct.granularity", R"("96KiB")")),
                  "96KiB is not a power of two");
  EXPECT_CONTAINS(load_error(with_setting("rct.granularity", R"("2KiB")")),
                  "2KiB is out of range [4KiB, 256MiB]");
  EXPECT_CONTAINS(load_error(with_setting("rct.granularity", R"("512MiB")")), "out of range");
  EXPECT_CONTAINS(load_error(with_setting("rct.granularity", R"("64KB")")), "decimal units");
  EXPECT_TRUE(load_profile(with_setting("rct.granularity", R"("4KiB")")).ok());
  EXPECT_TRUE(load_profile(with_setting("rct.granularity", R"("256MiB")")).ok());
}

TEST(Profile, MethodDeliveryErrors) {
  EXPECT_CONTAINS(load_error(with_setting("method.delivery", R"({
      "Msvm_CollectionManagementService.AddMember": {"success": "job", "error": "immediate"},
      "MSVM_COLLECTIONMANAGEMENTSERVICE.ADDMEMBER": {"success": "job", "error": "immediate"}})")),
                  "listed twice");
  EXPECT_CONTAINS(load_error(with_setting("method.delivery", R"({"default": {"success": "job"}})")),
                  "/value/default: missing required key \"error\"");
  EXPECT_CONTAINS(
      load_error(with_setting("method.delivery",
                              R"({"default": {"success": "4096", "error": "immediate"}})")),
      "/value/default/success: \"4096\" is not one of \"immediate\", \"job\"");
  EXPECT_CONTAINS(load_error(with_setting("method.delivery", "[]")), "expected an object");
}

TEST(Profile, SelectorErrors) {
  EXPECT_CONTAINS(load_error(with_setting("wsman.singleton_service_selectors",
                                          R"({"required": [], "accepted": ["InstanceID"]})")),
                  "/value/accepted/0: \"InstanceID\" is not a key of CIM_Service");
  EXPECT_CONTAINS(load_error(with_setting("wsman.singleton_service_selectors",
                                          R"({"required": [], "accepted": ["Name", "Name"]})")),
                  "/value/accepted/1: \"Name\" is listed twice");
  EXPECT_CONTAINS(load_error(with_setting("wsman.singleton_service_selectors",
                                          R"({"required": [], "accepted": []})")),
                  "must name at least one key");
}

TEST(Profile, ShippedDocStrictFixtureIsTheDefault) {
  auto profile = load_profile(read_fixture("doc-strict.json"));
  ASSERT_TRUE(profile.ok()) << profile.status().to_string();
  EXPECT_NE(profile->description.find("doc-strict"), std::string::npos);
  Profile expected;
  expected.description = profile->description;
  EXPECT_EQ(*profile, expected);
}

TEST(Profile, ShippedAsyncJobsFixtureAnswers4096ForEveryMutatingCall) {
  auto profile = load_profile(read_fixture("async-jobs.json"));
  ASSERT_TRUE(profile.ok()) << profile.status().to_string();
  for (const std::string_view method : delivery_methods()) {
    const auto dot = method.find('.');
    const MethodDelivery delivery =
        profile->delivery_for(method.substr(0, dot), method.substr(dot + 1));
    if (method == "Msvm_ImageManagementService.GetVirtualDiskChanges") {
      EXPECT_EQ(delivery, MethodDelivery{}) << "reads change nothing";
    } else {
      EXPECT_EQ(delivery, (MethodDelivery{SuccessDelivery::kJob, ErrorDelivery::kFailedJob}))
          << method;
    }
  }
  EXPECT_GT(profile->job_duration.polls, 1u);
  EXPECT_EQ(profile->provenance_of("method.delivery").evidence, Evidence::kField);
  EXPECT_EQ(profile->codes, ErrorCodes{});
}

TEST(Profile, SaveThenLoadIsTheIdentity) {
  auto async = load_profile(read_fixture("async-jobs.json"));
  ASSERT_TRUE(async.ok());
  for (const Profile& profile : {Profile{}, *async}) {
    const std::string text = save_profile(profile);
    auto loaded = load_profile(text);
    ASSERT_TRUE(loaded.ok()) << loaded.status().to_string();
    EXPECT_EQ(*loaded, profile);
    EXPECT_EQ(save_profile(*loaded), text);
  }
  EXPECT_EQ(save_profile(*async), read_fixture("async-jobs.json"));
}

}  // namespace
}  // namespace sim::control
