#include "conformance/oracle/return_codes.h"

#include <algorithm>

namespace conformance::oracle {
namespace {

using enum wmi::ReturnCodeFamily;

// spec §4 table; the family column is quoted from it. The replication services are not in the
// table: their codes come from the Hyper-V (vendor) family, as the profiles' replication.code.*
// values (32768 and up) assume, and as Msvm_ReplicationService pages list.
constexpr MethodFamily kMethods[] = {
    // CollectionReferencePointService: "CIM" (seed method and its siblings).
    {"Msvm_CollectionReferencePointService.CreateReferencePoint", kCim},
    {"Msvm_CollectionReferencePointService.DestroyReferencePoint", kCim},
    {"Msvm_CollectionReferencePointService.ExportReferencePoint", kCim},
    {"Msvm_CollectionReferencePointService.RemoveAssociatedData", kCim},
    // VirtualSystemReferencePointService: Create is "CIM", the others "Hyper-V".
    {"Msvm_VirtualSystemReferencePointService.CreateReferencePoint", kCim},
    {"Msvm_VirtualSystemReferencePointService.DestroyReferencePoint", kHyperV},
    {"Msvm_VirtualSystemReferencePointService.ExportReferencePoint", kHyperV},
    {"Msvm_VirtualSystemReferencePointService.ImportReferencePointMetadata", kHyperV},
    {"Msvm_VirtualSystemReferencePointService.RemoveAssociatedData", kHyperV},
    // VirtualSystemSnapshotService: "CIM".
    {"Msvm_VirtualSystemSnapshotService.CreateSnapshot", kCim},
    {"Msvm_VirtualSystemSnapshotService.ConvertToReferencePoint", kCim},
    {"Msvm_VirtualSystemSnapshotService.DestroySnapshot", kCim},
    // CollectionSnapshotService: "CIM".
    {"Msvm_CollectionSnapshotService.CreateSnapshot", kCim},
    {"Msvm_CollectionSnapshotService.ConvertToReferencePoint", kCim},
    {"Msvm_CollectionSnapshotService.DestroySnapshot", kCim},
    {"Msvm_CollectionSnapshotService.ApplySnapshot", kCim},
    {"Msvm_CollectionSnapshotService.ExportSnapshot", kCim},
    // CollectionManagementService: "Hyper-V".
    {"Msvm_CollectionManagementService.DefineCollection", kHyperV},
    {"Msvm_CollectionManagementService.AddMember", kHyperV},
    {"Msvm_CollectionManagementService.RemoveMember", kHyperV},
    {"Msvm_CollectionManagementService.RemoveMemberById", kHyperV},
    {"Msvm_CollectionManagementService.RenameCollection", kHyperV},
    {"Msvm_CollectionManagementService.DestroyCollection", kHyperV},
    // ImageManagementService: "Hyper-V".
    {"Msvm_ImageManagementService.GetVirtualDiskChanges", kHyperV},
    // Replication (v2 per VM, cluster per group): vendor family.
    {"Msvm_ReplicationService.CreateReplicationRelationship", kHyperV},
    {"Msvm_ReplicationService.StartReplication", kHyperV},
    {"Msvm_ReplicationService.RemoveReplicationRelationship", kHyperV},
    {"Msvm_ReplicationService.Resynchronize", kHyperV},
    {"Msvm_CollectionReplicationService.CreateReplicationRelationship", kHyperV},
    {"Msvm_CollectionReplicationService.StartReplication", kHyperV},
    {"Msvm_CollectionReplicationService.RemoveReplicationRelationship", kHyperV},
    {"Msvm_CollectionReplicationService.Resynchronize", kHyperV},
};

constexpr std::uint32_t kJobStarted = 4096;
constexpr std::uint32_t kVendorFirst = 32768;
constexpr std::uint32_t kHyperVLastNamed = 32779;  // 32779 file not found
constexpr std::uint32_t kValueMapMax = 65535;

}  // namespace

std::span<const MethodFamily> modelled_methods() { return kMethods; }

std::optional<ReturnCodeFamily> family_of(std::string_view method) {
  for (const MethodFamily& m : kMethods) {
    if (m.method == method) return m.family;
  }
  return std::nullopt;
}

std::vector<std::uint32_t> family_codes(ReturnCodeFamily family) {
  std::vector<std::uint32_t> codes{0};
  std::vector<std::uint32_t> errors = family_error_codes(family);
  codes.insert(codes.end(), errors.begin(), errors.end());
  codes.push_back(kJobStarted);
  std::sort(codes.begin(), codes.end());
  return codes;
}

std::vector<std::uint32_t> family_error_codes(ReturnCodeFamily family) {
  std::vector<std::uint32_t> codes;
  if (family == kCim) {
    for (std::uint32_t c = 1; c <= 6; ++c) codes.push_back(c);  // 1 not supported .. 6 invalid type
  } else {
    for (std::uint32_t c = kVendorFirst; c <= kHyperVLastNamed; ++c) codes.push_back(c);
  }
  return codes;
}

bool is_reserved(ReturnCodeFamily family, std::uint32_t code) {
  const std::uint32_t first_dmtf_reserved = family == kCim ? 7 : 1;
  if (code >= first_dmtf_reserved && code < kJobStarted) return true;  // DMTF reserved
  return code > kJobStarted && code < kVendorFirst;                    // method reserved
}

bool is_returnable(ReturnCodeFamily family, std::uint32_t code) {
  return code <= kValueMapMax && !is_reserved(family, code);
}

bool is_documented(std::string_view method, std::uint32_t code) {
  std::optional<ReturnCodeFamily> family = family_of(method);
  if (!family) return false;
  std::vector<std::uint32_t> codes = family_codes(*family);
  return std::binary_search(codes.begin(), codes.end(), code);
}

std::map<std::string, std::vector<std::uint32_t>> documented_codes() {
  std::map<std::string, std::vector<std::uint32_t>> out;
  for (const MethodFamily& m : kMethods) out.emplace(std::string(m.method), family_codes(m.family));
  return out;
}

}  // namespace conformance::oracle
