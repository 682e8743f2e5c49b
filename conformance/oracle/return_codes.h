// The ReturnValues the contract documents for every modelled method, derived from
// spec/hyperv-backup-api.md §1 and §4 alone (never from sim/). Each method uses exactly one
// family [doc]; the conformance suites check a target's answers against these tables and the
// report lists documented_codes() as the rows of its method x return-code matrix.
//
// Pure functions over constant tables; thread-safe. Nothing here fails: an unknown method name
// yields std::nullopt / an empty list.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "wmi/cim/return_code.h"

namespace conformance::oracle {

using wmi::ReturnCodeFamily;

// One modelled method, "Class.Method", and the family its page states.
struct MethodFamily {
  std::string_view method;  // e.g. "Msvm_CollectionReferencePointService.CreateReferencePoint"
  ReturnCodeFamily family;
};

// Every modelled method (spec §4 table, plus the replication methods the profiles configure),
// in a fixed order.
std::span<const MethodFamily> modelled_methods();

// The family of `method` ("Class.Method"); nullopt when the method is not modelled.
std::optional<ReturnCodeFamily> family_of(std::string_view method);

// The codes a method of `family` may return, ascending (spec §4):
//   CIM:     0, 1..6, 4096
//   Hyper-V: 0, 4096, 32768..32779
std::vector<std::uint32_t> family_codes(ReturnCodeFamily family);

// The error codes of `family` (family_codes() without 0 and 4096).
std::vector<std::uint32_t> family_error_codes(ReturnCodeFamily family);

// True when `code` lies in a range `family` reserves and so is never returned (spec §1, §4):
//   CIM:     7..4095 (DMTF reserved), 4097..32767 (method reserved)
//   Hyper-V: 1..4095 (the family does not use the DMTF codes), 4097..32767 (method reserved)
// Codes above 65535 lie outside every ValueMap: see is_returnable().
bool is_reserved(ReturnCodeFamily family, std::uint32_t code);

// True when a conforming method of `family` may return `code`: not reserved and within uint16
// ValueMap range (vendor-specific codes 32768..65535 are allowed, not documented).
bool is_returnable(ReturnCodeFamily family, std::uint32_t code);

// True when `code` is a documented code of `method` (in family_codes() of its family).
bool is_documented(std::string_view method, std::uint32_t code);

// "Class.Method" -> its documented codes, ascending, for every modelled method.
std::map<std::string, std::vector<std::uint32_t>> documented_codes();

}  // namespace conformance::oracle
