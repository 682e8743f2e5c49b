// The faults real hosts and hvsim send (fixtures/wire) read back as the Status kinds of
// fault_status.h, with their detail kept.
#include "wmi/wsman/fault_status.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "wmi/cim/wsman_faults.h"
#include "wmi/wsman/response_codec.h"

namespace wmi::wsman {
namespace {

namespace fs = std::filesystem;
const fs::path kWire = fs::path(HVSIM_SOURCE_DIR) / "fixtures" / "wire";

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

FaultResponse fault_in(std::string_view envelope) {
  auto response = decode_response(envelope, "application/soap+xml;charset=UTF-8", {});
  EXPECT_TRUE(response.ok()) << response.status().to_string();
  if (!response.ok()) return {};
  const auto* fault = std::get_if<FaultResponse>(&response->body);
  EXPECT_NE(fault, nullptr);
  return fault ? *fault : FaultResponse{};
}

TEST(FaultStatus, EachFaultOfTheTableHasItsKind) {
  const std::pair<WsmanFault, StatusKind> cases[] = {
      {WsmanFault::kDestinationUnreachable, StatusKind::kNotFound},
      {WsmanFault::kInvalidSelectors, StatusKind::kFault},
      {WsmanFault::kActionNotSupported, StatusKind::kFault},
      {WsmanFault::kCannotProcessFilter, StatusKind::kInvalidArgument},
      {WsmanFault::kInvalidEnumerationContext, StatusKind::kFault},
      {WsmanFault::kEncodingLimit, StatusKind::kFault},
      {WsmanFault::kSchemaValidationError, StatusKind::kFault},
      {WsmanFault::kInvalidParameter, StatusKind::kInvalidArgument},
      {WsmanFault::kTimedOut, StatusKind::kFault},
      {WsmanFault::kAccessDenied, StatusKind::kAuth},
      {WsmanFault::kInternalError, StatusKind::kFault},
  };
  for (const auto& [fault, kind] : cases) {
    const Status sent = wsman_fault(fault, "what went wrong");
    const Status read = status_of_fault(FaultResponse{*sent.fault(), "HV01"});
    EXPECT_EQ(read.kind(), kind) << info(fault).subcode;
    ASSERT_TRUE(read.fault().has_value());
    EXPECT_EQ(*read.fault(), *sent.fault());
    EXPECT_EQ(read.message(), "what went wrong (from HV01)");
  }
}

TEST(FaultStatus, AFaultWithoutTextIsNamedByItsSubcode) {
  const Status read = status_of_fault(FaultResponse{FaultDetail{"s:Sender", "w:Odd", 0, ""}, ""});
  EXPECT_EQ(read.kind(), StatusKind::kFault);
  EXPECT_EQ(read.message(), "w:Odd");
}

TEST(FaultStatus, RecordedWindowsFaults) {
  // Enumerate with WQL on an unknown class, Windows Server 2008 R2 (WinRb/WinRM).
  const Status unknown_class =
      status_of_fault(fault_in(read_file(kWire / "winrb" / "mock_wsman_fault.xml")));
  EXPECT_EQ(unknown_class.kind(), StatusKind::kInvalidArgument);
  EXPECT_EQ(unknown_class.fault()->subcode, "n:CannotProcessFilter");
  EXPECT_EQ(unknown_class.fault()->wsman_code, 2150858778u);
  EXPECT_EQ(unknown_class.message(),
            "The specified class does not exist in the given namespace. (from localhost)");

  // A shell quota fault with an MSFT_WmiError detail: outside the table, kept as a fault.
  const Status quota =
      status_of_fault(fault_in(read_file(kWire / "winrb" / "stubs_wmi_error_v2.xml")));
  EXPECT_EQ(quota.kind(), StatusKind::kFault);
  EXPECT_EQ(quota.fault()->subcode, "w:QuotaLimit");
  EXPECT_EQ(quota.fault()->wsman_code, 2150859173u);
}

TEST(FaultStatus, HvsimsRecordedFaults) {
  // The answers fixtures/wire/requests/*.expect records for hvsim serve, as the endpoint writes
  // them.
  const std::pair<WsmanFault, StatusKind> cases[] = {
      {WsmanFault::kInvalidSelectors, StatusKind::kFault},               // 17_fault_bad_selector
      {WsmanFault::kDestinationUnreachable, StatusKind::kNotFound},      // 18_fault_unknown_class
      {WsmanFault::kCannotProcessFilter, StatusKind::kInvalidArgument},  // 19, 20
  };
  for (const auto& [fault, kind] : cases) {
    auto envelope = encode_response(
        Response{"uuid:1", "uuid:2", fault_response(wsman_fault(fault, "x"), "localhost")});
    ASSERT_TRUE(envelope.ok());
    EXPECT_EQ(status_of_fault(fault_in(*envelope)).kind(), kind) << info(fault).subcode;
  }
}

}  // namespace
}  // namespace wmi::wsman
