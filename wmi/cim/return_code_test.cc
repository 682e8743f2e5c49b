// The two ReturnValue families of spec §4: names, range classification, descriptions.
#include "wmi/cim/return_code.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <limits>

namespace wmi {
namespace {

constexpr auto kCim = ReturnCodeFamily::kCim;
constexpr auto kHyperV = ReturnCodeFamily::kHyperV;

TEST(ReturnCode, CimFamilyNamesMatchSpec) {
  EXPECT_EQ(return_code_name(kCim, 0), "Completed with no error");
  EXPECT_EQ(return_code_name(kCim, 1), "Not supported");
  EXPECT_EQ(return_code_name(kCim, 2), "Failed");
  EXPECT_EQ(return_code_name(kCim, 3), "Timeout");
  EXPECT_EQ(return_code_name(kCim, 4), "Invalid parameter");
  EXPECT_EQ(return_code_name(kCim, 5), "Invalid state");
  EXPECT_EQ(return_code_name(kCim, 6), "Invalid type");
  EXPECT_EQ(return_code_name(kCim, 4096), "Method parameters checked - job started");
  EXPECT_EQ(return_code_name(kCim, 7), "");
  EXPECT_EQ(return_code_name(kCim, 32768), "");
  EXPECT_EQ(named_return_codes(kCim).size(), 8u);
}

TEST(ReturnCode, HyperVFamilyNamesMatchSpec) {
  EXPECT_EQ(return_code_name(kHyperV, 0), "Completed with no error");
  EXPECT_EQ(return_code_name(kHyperV, 4096), "Method parameters checked - job started");
  EXPECT_EQ(return_code_name(kHyperV, 32768), "Failed");
  EXPECT_EQ(return_code_name(kHyperV, 32769), "Access denied");
  EXPECT_EQ(return_code_name(kHyperV, 32770), "Not supported");
  EXPECT_EQ(return_code_name(kHyperV, 32771), "Status is unknown");
  EXPECT_EQ(return_code_name(kHyperV, 32772), "Timeout");
  EXPECT_EQ(return_code_name(kHyperV, 32773), "Invalid parameter");
  EXPECT_EQ(return_code_name(kHyperV, 32774), "System is in use");
  EXPECT_EQ(return_code_name(kHyperV, 32775), "Invalid state for this operation");
  EXPECT_EQ(return_code_name(kHyperV, 32776), "Incorrect data type");
  EXPECT_EQ(return_code_name(kHyperV, 32777), "System is not available");
  EXPECT_EQ(return_code_name(kHyperV, 32778), "Out of memory");
  EXPECT_EQ(return_code_name(kHyperV, 32779), "File not found");
  EXPECT_EQ(return_code_name(kHyperV, 1), "");
  EXPECT_EQ(return_code_name(kHyperV, 32780), "");
  EXPECT_EQ(named_return_codes(kHyperV).size(), 14u);
}

TEST(ReturnCode, EnumsAgreeWithTables) {
  EXPECT_EQ(return_code_name(kCim, static_cast<std::uint32_t>(CimReturnCode::kInvalidType)),
            "Invalid type");
  EXPECT_EQ(return_code_name(kHyperV, static_cast<std::uint32_t>(HyperVReturnCode::kFileNotFound)),
            "File not found");
  EXPECT_EQ(
      return_code_name(kHyperV, static_cast<std::uint32_t>(HyperVReturnCode::kIncorrectDataType)),
      "Incorrect data type");
}

TEST(ReturnCode, CimFamilyRangeBoundaries) {
  EXPECT_EQ(classify(kCim, 0), ReturnCodeClass::kSuccess);
  EXPECT_EQ(classify(kCim, 1), ReturnCodeClass::kError);
  EXPECT_EQ(classify(kCim, 6), ReturnCodeClass::kError);
  EXPECT_EQ(classify(kCim, 7), ReturnCodeClass::kDmtfReserved);
  EXPECT_EQ(classify(kCim, 4095), ReturnCodeClass::kDmtfReserved);
  EXPECT_EQ(classify(kCim, 4096), ReturnCodeClass::kJobStarted);
  EXPECT_EQ(classify(kCim, 4097), ReturnCodeClass::kMethodReserved);
  EXPECT_EQ(classify(kCim, 32767), ReturnCodeClass::kMethodReserved);
  EXPECT_EQ(classify(kCim, 32768), ReturnCodeClass::kVendorSpecific);
  EXPECT_EQ(classify(kCim, 32779), ReturnCodeClass::kVendorSpecific);
  EXPECT_EQ(classify(kCim, 65535), ReturnCodeClass::kVendorSpecific);
  EXPECT_EQ(classify(kCim, 65536), ReturnCodeClass::kOutOfRange);
  EXPECT_EQ(classify(kCim, std::numeric_limits<std::uint32_t>::max()),
            ReturnCodeClass::kOutOfRange);
}

TEST(ReturnCode, HyperVFamilyRangeBoundaries) {
  EXPECT_EQ(classify(kHyperV, 0), ReturnCodeClass::kSuccess);
  EXPECT_EQ(classify(kHyperV, 1), ReturnCodeClass::kDmtfReserved);
  EXPECT_EQ(classify(kHyperV, 6), ReturnCodeClass::kDmtfReserved);
  EXPECT_EQ(classify(kHyperV, 4095), ReturnCodeClass::kDmtfReserved);
  EXPECT_EQ(classify(kHyperV, 4096), ReturnCodeClass::kJobStarted);
  EXPECT_EQ(classify(kHyperV, 4097), ReturnCodeClass::kMethodReserved);
  EXPECT_EQ(classify(kHyperV, 32767), ReturnCodeClass::kMethodReserved);
  EXPECT_EQ(classify(kHyperV, 32768), ReturnCodeClass::kError);
  EXPECT_EQ(classify(kHyperV, 32779), ReturnCodeClass::kError);
  EXPECT_EQ(classify(kHyperV, 32780), ReturnCodeClass::kVendorSpecific);
  EXPECT_EQ(classify(kHyperV, 65535), ReturnCodeClass::kVendorSpecific);
  EXPECT_EQ(classify(kHyperV, 65536), ReturnCodeClass::kOutOfRange);
}

TEST(ReturnCode, DescribeNamesKnownCodesAndPlacesOthers) {
  EXPECT_EQ(describe(kCim, 4), "4 Invalid parameter");
  EXPECT_EQ(describe(kHyperV, 32773), "32773 Invalid parameter");
  EXPECT_EQ(describe(kCim, 7), "7 (DMTF reserved in the CIM family)");
  EXPECT_EQ(describe(kHyperV, 2), "2 (DMTF reserved in the Hyper-V family)");
  EXPECT_EQ(describe(kCim, 5000), "5000 (method reserved in the CIM family)");
  EXPECT_EQ(describe(kHyperV, 32790), "32790 (vendor specific in the Hyper-V family)");
  EXPECT_EQ(describe(kCim, 70000), "70000 (out of range in the CIM family)");
}

TEST(ReturnCode, ClassNamesAreDistinct) {
  EXPECT_EQ(to_string(ReturnCodeClass::kSuccess), "success");
  EXPECT_EQ(to_string(ReturnCodeClass::kJobStarted), "job started");
  EXPECT_EQ(to_string(ReturnCodeClass::kError), "error");
  EXPECT_EQ(to_string(ReturnCodeClass::kDmtfReserved), "DMTF reserved");
  EXPECT_EQ(to_string(ReturnCodeClass::kMethodReserved), "method reserved");
  EXPECT_EQ(to_string(ReturnCodeClass::kVendorSpecific), "vendor specific");
  EXPECT_EQ(to_string(ReturnCodeClass::kOutOfRange), "out of range");
}

rc::Gen<std::uint32_t> any_code() {
  return rc::gen::weightedOneOf<std::uint32_t>({
      {2, rc::gen::arbitrary<std::uint32_t>()},
      {3, rc::gen::inRange<std::uint32_t>(0, 65537)},
      {1, rc::gen::element<std::uint32_t>(0, 1, 6, 7, 4095, 4096, 4097, 32767, 32768, 32779, 32780,
                                          65535, 65536, 0xffffffffu)},
  });
}

// The classification follows the range table in return_code.h for every uint32, in both families.
RC_GTEST_PROP(ReturnCode, ClassifyMatchesRangeTable, ()) {
  const std::uint32_t code = *any_code();
  const bool hyperv = *rc::gen::arbitrary<bool>();
  const auto family = hyperv ? kHyperV : kCim;
  ReturnCodeClass expected;
  if (code == 0) {
    expected = ReturnCodeClass::kSuccess;
  } else if (code == 4096) {
    expected = ReturnCodeClass::kJobStarted;
  } else if (code > 65535) {
    expected = ReturnCodeClass::kOutOfRange;
  } else if (!hyperv && code <= 6) {
    expected = ReturnCodeClass::kError;
  } else if (code < 4096) {
    expected = ReturnCodeClass::kDmtfReserved;
  } else if (code < 32768) {
    expected = ReturnCodeClass::kMethodReserved;
  } else if (hyperv && code <= 32779) {
    expected = ReturnCodeClass::kError;
  } else {
    expected = ReturnCodeClass::kVendorSpecific;
  }
  RC_ASSERT(classify(family, code) == expected);
}

// A code has a name exactly when it is success, job started or an error of its family, and the
// description always starts with the number.
RC_GTEST_PROP(ReturnCode, NamedExactlyWhenDefined, ()) {
  const std::uint32_t code = *any_code();
  const auto family = *rc::gen::element(kCim, kHyperV);
  const ReturnCodeClass cls = classify(family, code);
  const bool defined = cls == ReturnCodeClass::kSuccess || cls == ReturnCodeClass::kJobStarted ||
                       cls == ReturnCodeClass::kError;
  RC_ASSERT(return_code_name(family, code).empty() != defined);
  RC_ASSERT(describe(family, code).rfind(std::to_string(code), 0) == 0u);
}

}  // namespace
}  // namespace wmi
