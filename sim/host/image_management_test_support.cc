#include "sim/host/image_management_test_support.h"

#include <gtest/gtest.h>

namespace sim::host::test {

namespace {

std::optional<std::vector<std::uint64_t>> uint64_elements(const wmi::CimValue* value) {
  if (value == nullptr || !value->is_array() || value->type() != wmi::CimType::kUint64) {
    return std::nullopt;
  }
  std::vector<std::uint64_t> out;
  out.reserve(value->elements().size());
  for (const wmi::CimElement& e : value->elements()) out.push_back(std::get<std::uint64_t>(e));
  return out;
}

}  // namespace

wmi::ObjectPath ims_service(std::string_view ns) { return service_path(kImsService, ns); }

wmi::Result<wmi::MethodResult> get_virtual_disk_changes(
    wmi::Connection& c, std::string_view path, std::string_view limit_id, std::uint64_t byte_offset,
    std::uint64_t byte_length, std::string_view target_snapshot_id, std::string_view ns) {
  return c.invoke(ims_service(ns), "GetVirtualDiskChanges",
                  {{"Path", std::string(path)},
                   {"LimitId", std::string(limit_id)},
                   {"TargetSnapshotId", std::string(target_snapshot_id)},
                   {"ByteOffset", byte_offset},
                   {"ByteLength", byte_length}});
}

std::optional<DiskChanges> changes_of(const wmi::MethodResult& result) {
  const wmi::CimValue* processed = out_value(result, "ProcessedByteLength");
  if (processed == nullptr || processed->is_array() || processed->is_null() ||
      processed->type() != wmi::CimType::kUint64) {
    return std::nullopt;
  }
  const auto offsets = uint64_elements(out_value(result, "ChangedByteOffsets"));
  const auto lengths = uint64_elements(out_value(result, "ChangedByteLengths"));
  if (!offsets || !lengths || offsets->size() != lengths->size()) return std::nullopt;
  DiskChanges changes;
  changes.processed_length = *processed->as_uint();
  for (std::size_t i = 0; i < offsets->size(); ++i) {
    changes.ranges.push_back({(*offsets)[i], (*lengths)[i]});
  }
  return changes;
}

std::vector<SealedDisk> sealed_disks(wmi::Connection& c, std::string_view ns) {
  std::vector<SealedDisk> out;
  for (const wmi::Instance& point :
       query_or_die(c, ns, "SELECT * FROM Msvm_VirtualSystemReferencePoint")) {
    const auto disks = string_array_property(point, "VirtualDiskIdentifiers");
    const auto ids = string_array_property(point, "ResilientChangeTrackingIdentifiers");
    EXPECT_EQ(disks.size(), ids.size()) << "parallel arrays";
    for (std::size_t i = 0; i < disks.size() && i < ids.size(); ++i) {
      wmi::ObjectPath sasd;
      sasd.namespace_name = std::string(ns);
      sasd.class_name = "Msvm_StorageAllocationSettingData";
      sasd.keys = {{"InstanceID", disks[i]}};
      auto instance = c.get(sasd);
      EXPECT_TRUE(instance.ok()) << disks[i] << ": " << instance.status().to_string();
      if (!instance.ok()) continue;
      const auto resource = string_array_property(*instance, "HostResource");
      EXPECT_EQ(resource.size(), 1u) << disks[i];
      if (resource.empty()) continue;
      out.push_back(
          {string_property(point, "VirtualSystemIdentifier"), disks[i], resource[0], ids[i]});
    }
  }
  return out;
}

std::string disk_path_ending(wmi::Connection& c, std::string_view suffix, std::string_view ns) {
  for (const wmi::Instance& sasd :
       query_or_die(c, ns, "SELECT * FROM Msvm_StorageAllocationSettingData")) {
    for (const std::string& path : string_array_property(sasd, "HostResource")) {
      if (path.ends_with(suffix)) return path;
    }
  }
  return {};
}

}  // namespace sim::host::test
