#include "conformance/oracle/return_codes.h"

#include <gtest/gtest.h>

#include <set>

#include "wmi/cim/return_code.h"

namespace conformance::oracle {
namespace {

TEST(OracleReturnCodes, EveryDocumentedCodeOfEveryMethodIsOutsideTheReservedRanges) {
  for (const auto& [method, codes] : documented_codes()) {
    const ReturnCodeFamily family = *family_of(method);
    for (std::uint32_t code : codes) {
      EXPECT_FALSE(is_reserved(family, code)) << method << " " << code;
      EXPECT_TRUE(is_returnable(family, code)) << method << " " << code;
    }
  }
}

TEST(OracleReturnCodes, DocumentedCodesListEveryModelledMethodOnce) {
  const auto codes = documented_codes();
  EXPECT_EQ(codes.size(), modelled_methods().size());
  EXPECT_TRUE(codes.contains("Msvm_CollectionReferencePointService.CreateReferencePoint"));
  EXPECT_TRUE(codes.contains("Msvm_ImageManagementService.GetVirtualDiskChanges"));
  EXPECT_TRUE(codes.contains("Msvm_CollectionManagementService.AddMember"));
}

TEST(OracleReturnCodes, FamiliesAreTheSpecsLists) {
  EXPECT_EQ(family_codes(ReturnCodeFamily::kCim),
            (std::vector<std::uint32_t>{0, 1, 2, 3, 4, 5, 6, 4096}));
  EXPECT_EQ(family_codes(ReturnCodeFamily::kHyperV),
            (std::vector<std::uint32_t>{0, 4096, 32768, 32769, 32770, 32771, 32772, 32773, 32774,
                                        32775, 32776, 32777, 32778, 32779}));
}

TEST(OracleReturnCodes, FamilyOfFollowsTheSpecTable) {
  EXPECT_EQ(family_of("Msvm_CollectionReferencePointService.CreateReferencePoint"),
            ReturnCodeFamily::kCim);
  EXPECT_EQ(family_of("Msvm_VirtualSystemReferencePointService.CreateReferencePoint"),
            ReturnCodeFamily::kCim);
  EXPECT_EQ(family_of("Msvm_VirtualSystemReferencePointService.DestroyReferencePoint"),
            ReturnCodeFamily::kHyperV);
  EXPECT_EQ(family_of("Msvm_CollectionManagementService.RemoveMemberById"),
            ReturnCodeFamily::kHyperV);
  EXPECT_EQ(family_of("Msvm_CollectionSnapshotService.ConvertToReferencePoint"),
            ReturnCodeFamily::kCim);
  EXPECT_EQ(family_of("Msvm_Nope.Method"), std::nullopt);
  EXPECT_FALSE(is_documented("Msvm_Nope.Method", 0));
}

TEST(OracleReturnCodes, ReservedRangeBoundaries) {
  using enum ReturnCodeFamily;
  EXPECT_FALSE(is_reserved(kCim, 6));
  EXPECT_TRUE(is_reserved(kCim, 7));
  EXPECT_TRUE(is_reserved(kCim, 4095));
  EXPECT_FALSE(is_reserved(kCim, 4096));
  EXPECT_TRUE(is_reserved(kCim, 4097));
  EXPECT_TRUE(is_reserved(kCim, 32767));
  EXPECT_FALSE(is_reserved(kCim, 32768));
  EXPECT_TRUE(is_reserved(kHyperV, 1));
  EXPECT_TRUE(is_reserved(kHyperV, 6));
  EXPECT_FALSE(is_reserved(kHyperV, 32779));
  EXPECT_TRUE(is_returnable(kCim, 65535));  // vendor specific: allowed, not documented
  EXPECT_FALSE(is_returnable(kCim, 65536));
}

// The oracle's own ranges agree with wmi::classify(), written separately from the same spec.
TEST(OracleReturnCodes, ReservedAgreesWithWmiClassify) {
  for (ReturnCodeFamily family : {ReturnCodeFamily::kCim, ReturnCodeFamily::kHyperV}) {
    for (std::uint32_t code = 0; code <= 70000; ++code) {
      const wmi::ReturnCodeClass cls = wmi::classify(family, code);
      const bool wmi_reserved = cls == wmi::ReturnCodeClass::kDmtfReserved ||
                                cls == wmi::ReturnCodeClass::kMethodReserved;
      ASSERT_EQ(is_reserved(family, code), wmi_reserved) << wmi::describe(family, code);
    }
    std::vector<std::uint32_t> named;
    for (const wmi::NamedReturnCode& n : wmi::named_return_codes(family)) named.push_back(n.code);
    EXPECT_EQ(family_codes(family), named);
  }
}

}  // namespace
}  // namespace conformance::oracle
