// Property: any valid profile survives save → load unchanged, and saving again gives the same
// bytes.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <string>

#include "sim/control/profile.h"
#include "sim/control/profile_keys.h"

namespace sim::control {
namespace {

// Text that JSON carries losslessly: printable ASCII, quotes, backslashes, controls, non-ASCII.
rc::Gen<std::string> note_text() {
  return rc::gen::map(rc::gen::container<std::vector<std::string>>(rc::gen::element<std::string>(
                          "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\x01", "\xc3\xa9",
                          "\xe2\x82\xac", "\xf0\x9f\x98\x80", "[guess]")),
                      [](const std::vector<std::string>& parts) {
                        std::string s;
                        for (const auto& p : parts) s += p;
                        return s;
                      });
}

rc::Gen<std::uint32_t> cim_error_code() {
  return rc::gen::oneOf(rc::gen::inRange<std::uint32_t>(1, 7),
                        rc::gen::inRange<std::uint32_t>(32768, 65536));
}

rc::Gen<MethodDelivery> delivery() {
  return rc::gen::construct<MethodDelivery>(
      rc::gen::element(SuccessDelivery::kImmediate, SuccessDelivery::kJob),
      rc::gen::element(ErrorDelivery::kImmediate, ErrorDelivery::kFailedJob));
}

// A subset of `names`, in their order.
std::vector<std::string> subset_of(const std::vector<std::string>& names) {
  std::vector<std::string> out;
  for (const auto& name : names) {
    if (*rc::gen::arbitrary<bool>()) out.push_back(name);
  }
  return out;
}

rc::Gen<Profile> valid_profile() {
  return rc::gen::exec([] {
    Profile p;
    p.description = *note_text();
    p.vs_reference_point_type_encoding = *rc::gen::element(VsReferencePointTypeEncoding::kLog0Rct1,
                                                           VsReferencePointTypeEncoding::kLog1Rct2);
    p.reference_point_collection_consistency_order =
        *rc::gen::element(ConsistencyLevelOrder::kCrash1App2, ConsistencyLevelOrder::kApp1Crash2);
    for (std::uint32_t* code : {&p.codes.type_unknown,
                                &p.codes.type_dmtf_reserved,
                                &p.codes.type_vendor_specific,
                                &p.codes.log_without_replication,
                                &p.codes.collection_not_found,
                                &p.codes.wrong_collection_class,
                                &p.codes.system_not_found,
                                &p.codes.wrong_system_class,
                                &p.codes.empty_collection,
                                &p.codes.malformed_settings,
                                &p.codes.vhd_disk,
                                &p.codes.configuration_version_too_old,
                                &p.codes.reference_point_limit,
                                &p.codes.export_point_not_found,
                                &p.codes.export_wrong_point_class,
                                &p.codes.export_malformed_settings,
                                &p.codes.export_base_not_found,
                                &p.codes.export_base_foreign,
                                &p.codes.export_base_not_older,
                                &p.codes.export_data_unavailable,
                                &p.codes.export_directory_empty,
                                &p.codes.export_directory_in_use,
                                &p.codes.export_unknown_disk}) {
      *code = *cim_error_code();
    }
    for (std::uint32_t* code :
         {&p.codes.duplicate_collection_id, &p.codes.wrong_member_kind, &p.codes.file_not_found,
          &p.codes.target_snapshot, &p.codes.rct_invalid_id, &p.codes.rct_no_tracking_data,
          &p.codes.rct_tracking_disabled, &p.codes.rct_changed_offline,
          &p.codes.window_outside_disk}) {
      *code = *rc::gen::inRange<std::uint32_t>(32768, 65536);
    }
    p.default_delivery = *delivery();
    for (const std::string_view method : delivery_methods()) {
      if (*rc::gen::arbitrary<bool>()) p.method_delivery[std::string(method)] = *delivery();
    }
    p.job_duration.polls = *rc::gen::inRange<std::uint32_t>(0, 10001);
    p.job_duration.virtual_time = std::chrono::milliseconds(*rc::gen::inRange(0, 86400001));
    p.job_duration.jitter = std::chrono::milliseconds(*rc::gen::inRange(0, 86400001));
    p.time_before_removal = std::chrono::milliseconds(*rc::gen::inRange(1000, 86400001));
    p.job_success_state = *rc::gen::element<std::uint16_t>(7, 32768);
    p.rct_granularity = std::uint64_t{1} << *rc::gen::inRange(12, 29);
    p.rct_max_ranges_per_call = *rc::gen::inRange<std::uint32_t>(1, kMaxRctRangesPerCall + 1);
    p.reference_point_limit_per_vm = *rc::gen::inRange<std::uint32_t>(0, 1000001);
    const std::vector<std::string> keys(std::begin(kServiceKeys), std::end(kServiceKeys));
    auto accepted = subset_of(keys);
    if (accepted.empty()) accepted.push_back("Name");
    p.singleton_selectors = {subset_of(accepted), accepted};
    p.missing_instance_fault = *rc::gen::element(MissingInstanceFault::kResourceNotFound,
                                                 MissingInstanceFault::kInvalidSelectors);
    for (auto& [key, provenance] : p.provenance) {
      provenance.evidence = *rc::gen::element(Evidence::kDoc, Evidence::kMof, Evidence::kSample,
                                              Evidence::kField, Evidence::kGuess);
      provenance.note = *note_text();
    }
    return p;
  });
}

RC_GTEST_PROP(ProfileProperty, SaveLoadRoundTripsAndSavingIsCanonical, ()) {
  const Profile profile = *valid_profile();
  const std::string text = save_profile(profile);
  auto loaded = load_profile(text);
  RC_ASSERT(loaded.ok());
  RC_ASSERT(*loaded == profile);
  RC_ASSERT(save_profile(*loaded) == text);
}

}  // namespace
}  // namespace sim::control
