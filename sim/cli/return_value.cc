#include "sim/cli/return_value.h"

#include <fmt/format.h>

#include <algorithm>

namespace sim::cli {
namespace {

bool same_name(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
    return lower(x) == lower(y);
  });
}

}  // namespace

wmi::ReturnCodeFamily return_code_family(std::string_view class_name, std::string_view method) {
  if (same_name(class_name, "Msvm_CollectionManagementService") ||
      same_name(class_name, "Msvm_ImageManagementService")) {
    return wmi::ReturnCodeFamily::kHyperV;
  }
  if (same_name(class_name, "Msvm_VirtualSystemReferencePointService") &&
      !same_name(method, "CreateReferencePoint")) {
    return wmi::ReturnCodeFamily::kHyperV;
  }
  return wmi::ReturnCodeFamily::kCim;
}

std::string return_value_meaning(std::string_view class_name, std::string_view method,
                                 std::uint32_t code) {
  const wmi::ReturnCodeFamily family = return_code_family(class_name, method);
  const std::string_view name = wmi::return_code_name(family, code);
  if (!name.empty()) return std::string(name);
  return fmt::format("{} in the {} family", wmi::to_string(wmi::classify(family, code)),
                     wmi::to_string(family));
}

}  // namespace sim::cli
