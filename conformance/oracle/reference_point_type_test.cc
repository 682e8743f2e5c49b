#include "conformance/oracle/reference_point_type.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <fstream>
#include <sstream>

#include "conformance/oracle/return_codes.h"

namespace conformance::oracle {
namespace {

ProfileExpectations profile(const std::string& name) {
  std::ifstream in(std::string(HVSIM_SOURCE_DIR) + "/fixtures/profiles/" + name);
  std::stringstream text;
  text << in.rdbuf();
  wmi::Result<ProfileExpectations> r = parse_profile_expectations(text.str());
  EXPECT_TRUE(r.ok()) << r.status().to_string();
  return r.ok() ? *r : ProfileExpectations{};
}

TEST(OracleReferencePointType, ClassesCoverTheDomainInOrder) {
  std::uint32_t next = 0;
  for (const TypeRange& r : reference_point_type_classes()) {
    EXPECT_EQ(r.first, next);
    next = std::uint32_t{r.last} + 1;
  }
  EXPECT_EQ(next, 65536u);
}

RC_GTEST_PROP(OracleReferencePointType, ClassifyAgreesWithTheRanges, (std::uint16_t type)) {
  const TypeClass cls = classify_reference_point_type(type);
  for (const TypeRange& r : reference_point_type_classes()) {
    RC_ASSERT((r.type_class == cls) == (type >= r.first && type <= r.last));
  }
}

TEST(OracleReferencePointType, OnlyLogAndRctOnAValidGroupSucceed) {
  const ProfileExpectations p = profile("doc-strict.json");
  for (const TypeRange& r : reference_point_type_classes()) {
    const bool on =
        expect_collection_create(r.type_class, CollectionState::kValidReplicationOn, p).succeeds;
    const bool off =
        expect_collection_create(r.type_class, CollectionState::kValidReplicationOff, p).succeeds;
    EXPECT_EQ(on, r.type_class == TypeClass::kLogBased || r.type_class == TypeClass::kRctBased)
        << to_string(r.type_class);
    EXPECT_EQ(off, r.type_class == TypeClass::kRctBased) << to_string(r.type_class);
  }
}

TEST(OracleReferencePointType, DefectiveStatesFailForEveryTypeWithTheProfilesCodes) {
  const ProfileExpectations p = profile("doc-strict.json");
  for (const TypeRange& r : reference_point_type_classes()) {
    for (CollectionState state : all_collection_states()) {
      const CreateExpectation e = expect_collection_create(r.type_class, state, p);
      const bool valid = state == CollectionState::kValidReplicationOff ||
                         state == CollectionState::kValidReplicationOn;
      if (!valid) {
        EXPECT_FALSE(e.succeeds) << to_string(r.type_class) << " / " << to_string(state);
      }
      EXPECT_EQ(e.succeeds, e.error_codes.empty()) << to_string(state);
      if (!e.succeeds) {
        EXPECT_TRUE(e.unverified);  // every defect code is a [guess]
      }
      for (std::uint32_t code : e.error_codes) {
        EXPECT_TRUE(
            is_documented("Msvm_CollectionReferencePointService.CreateReferencePoint", code));
        EXPECT_NE(code, 0u);
        EXPECT_NE(code, 4096u);
      }
    }
  }
}

TEST(OracleReferencePointType, DocStrictExamples) {
  const ProfileExpectations p = profile("doc-strict.json");
  using enum TypeClass;
  using enum CollectionState;
  EXPECT_EQ(expect_collection_create(kUnknown, kValidReplicationOn, p).error_codes,
            (std::set<std::uint32_t>{4}));
  EXPECT_EQ(expect_collection_create(kVendorSpecific, kEmptyGroup, p).error_codes,
            (std::set<std::uint32_t>{1, 5}));
  EXPECT_EQ(expect_collection_create(kRctBased, kVhdDisk, p).error_codes,
            (std::set<std::uint32_t>{1}));
  EXPECT_EQ(expect_collection_create(kLogBased, kVhdDisk, p).error_codes,
            (std::set<std::uint32_t>{5}));
  EXPECT_EQ(expect_collection_create(kLogBased, kWrongClassReference, p).error_codes,
            (std::set<std::uint32_t>{6}));
  const CreateExpectation rct = expect_collection_create(kRctBased, kValidReplicationOff, p);
  EXPECT_EQ(allowed_return_values(rct, p), (std::set<std::uint32_t>{0}));
  EXPECT_TRUE(allowed_job_error_codes(rct, p).empty());
  const CreateExpectation bad = expect_collection_create(kDmtfReserved, kValidReplicationOff, p);
  EXPECT_EQ(allowed_return_values(bad, p), (std::set<std::uint32_t>{4}));
}

TEST(OracleReferencePointType, AsyncJobsDeliversThroughJobs) {
  const ProfileExpectations p = profile("async-jobs.json");
  using enum TypeClass;
  using enum CollectionState;
  const CreateExpectation ok = expect_collection_create(kRctBased, kValidReplicationOff, p);
  EXPECT_EQ(allowed_return_values(ok, p), (std::set<std::uint32_t>{4096}));
  EXPECT_EQ(allowed_job_error_codes(ok, p), (std::set<std::uint32_t>{0}));
  const CreateExpectation bad = expect_collection_create(kUnknown, kMissingCollection, p);
  EXPECT_EQ(allowed_return_values(bad, p), (std::set<std::uint32_t>{4096}));
  EXPECT_EQ(allowed_job_error_codes(bad, p), (std::set<std::uint32_t>{4}));
}

}  // namespace
}  // namespace conformance::oracle
