// What a method's ReturnValue means, for `hvsim invoke`: each Hyper-V method uses one of two
// return-code families (spec/hyperv-backup-api.md §4; wmi/cim/return_code.h), and the family
// decides what a code is called. wmi::Connection does not say which family a method uses, so this
// keeps the spec's table: the Hyper-V family for Msvm_CollectionManagementService,
// Msvm_ImageManagementService and the per-VM reference-point methods other than
// CreateReferencePoint; the CIM family for everything else. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "wmi/cim/return_code.h"

namespace sim::cli {

// The family of `class_name`.`method` (names compared case-insensitively).
wmi::ReturnCodeFamily return_code_family(std::string_view class_name, std::string_view method);

// What `code` means for that method: its name in the family ("Invalid parameter"), or where it
// lies when the family does not name it ("DMTF reserved in the CIM family").
std::string return_value_meaning(std::string_view class_name, std::string_view method,
                                 std::uint32_t code);

}  // namespace sim::cli
