#include "conformance/suites/rct_calls.h"

#include "conformance/suites/collection_calls.h"
#include "conformance/suites/suite_calls.h"

namespace conformance::suites {
namespace {

std::string disk_path(Session& session, const std::string& sasd_instance_id) {
  wmi::ObjectPath sasd;
  sasd.namespace_name = std::string(kV2);
  sasd.class_name = "Msvm_StorageAllocationSettingData";
  sasd.keys = {{"InstanceID", sasd_instance_id}};
  const auto instance = session.connection().get(sasd);
  if (!instance.ok()) return {};
  const auto resource = strings_of(*instance, "HostResource");
  return resource.empty() ? std::string() : resource.front();
}

std::optional<std::vector<std::uint64_t>> uint64s(const wmi::PropertyList& properties,
                                                  std::string_view name) {
  const wmi::CimValue* value = wmi::find_property(properties, name);
  if (value == nullptr || value->is_null() || !value->is_array()) return std::nullopt;
  std::vector<std::uint64_t> out;
  for (const wmi::CimElement& element : value->elements()) {
    const auto* number = std::get_if<std::uint64_t>(&element);
    if (number == nullptr) return std::nullopt;
    out.push_back(*number);
  }
  return out;
}

}  // namespace

std::vector<PointDisk> point_disks(Session& session) {
  std::vector<PointDisk> out;
  for (const wmi::Instance& point :
       all_of(session.connection(), kV2, "Msvm_VirtualSystemReferencePoint")) {
    const wmi::CimValue* instance_id = point.find("InstanceID");
    const std::string id = instance_id && instance_id->as_string() ? *instance_id->as_string() : "";
    const auto disks = strings_of(point, "VirtualDiskIdentifiers");
    const auto rct_ids = strings_of(point, "ResilientChangeTrackingIdentifiers");
    for (std::size_t i = 0; i < disks.size(); ++i) {
      out.push_back({id, disk_path(session, disks[i]), i < rct_ids.size() ? rct_ids[i] : ""});
    }
  }
  return out;
}

std::vector<std::string> group_disks(Session& session, const wmi::ObjectPath& group) {
  const std::vector<PointDisk> before = point_disks(session);
  if (create_group_point(session, group, 2) != 0) return {};
  std::vector<std::string> out;
  for (const PointDisk& disk : point_disks(session)) {
    bool old = false;
    for (const PointDisk& seen : before) old = old || seen.point_id == disk.point_id;
    if (!old && !disk.path.empty()) out.push_back(disk.path);
  }
  return out;
}

std::vector<wmi::ObjectPath> group_points(Session& session) {
  std::vector<wmi::ObjectPath> out;
  for (const wmi::Instance& point :
       all_of(session.connection(), kV2, "Msvm_ReferencePointCollection")) {
    if (point.path()) out.push_back(*point.path());
  }
  return out;
}

std::uint32_t create_group_point(Session& session, const wmi::ObjectPath& group,
                                 std::uint16_t type) {
  const auto service = service_path(session.connection(), kV2, kCollectionRpService);
  if (!service) return 2;
  return settled_code(session, *service, "CreateReferencePoint",
                      {{"Collection", group},
                       {"ReferencePointSettings", std::string()},
                       {"ReferencePointType", type}});
}

std::uint32_t destroy_group_point(Session& session, const wmi::ObjectPath& point) {
  const auto service = service_path(session.connection(), kV2, kCollectionRpService);
  if (!service) return 2;
  return settled_code(session, *service, "DestroyReferencePoint",
                      {{"AffectedReferencePointCollection", point}});
}

ChangesAnswer disk_changes(Session& session, const std::string& path, const std::string& rct_id,
                           oracle::ByteRange window) {
  ChangesAnswer out;
  const auto service = service_path(session.connection(), kV2, kImageManagementService);
  if (!service) {
    out.problem = "no Msvm_ImageManagementService";
    return out;
  }
  std::uint64_t offset = window.offset;
  do {
    const CallOutcome answer = call_and_settle(session, *service, "GetVirtualDiskChanges",
                                               {{"Path", path},
                                                {"LimitId", rct_id},
                                                {"TargetSnapshotId", std::string()},
                                                {"ByteOffset", offset},
                                                {"ByteLength", window.end() - offset}});
    if (!answer.transport.ok()) {
      out.problem = "the call failed: " + answer.transport.to_string();
      return out;
    }
    if (answer.effective_code() != 0) {
      out.code = answer.effective_code();
      return out;
    }
    const wmi::CimValue* processed = wmi::find_property(answer.out, "ProcessedByteLength");
    const auto offsets = uint64s(answer.out, "ChangedByteOffsets");
    const auto lengths = uint64s(answer.out, "ChangedByteLengths");
    if (processed == nullptr || !processed->as_uint() || !offsets || !lengths ||
        offsets->size() != lengths->size()) {
      out.problem = "ProcessedByteLength / ChangedByteOffsets / ChangedByteLengths malformed";
      return out;
    }
    const std::uint64_t done = *processed->as_uint();
    if (done == 0 || done > window.end() - offset) {
      out.problem = "ProcessedByteLength " + std::to_string(done) + " for a window of " +
                    std::to_string(window.end() - offset);
      return out;
    }
    out.processed.push_back(done);
    out.largest_page =
        std::max<std::uint32_t>(out.largest_page, static_cast<std::uint32_t>(offsets->size()));
    for (std::size_t i = 0; i < offsets->size(); ++i) {
      const oracle::ByteRange range{(*offsets)[i], (*lengths)[i]};
      if (range.offset < offset || range.end() > offset + done) {
        out.problem = "range [" + std::to_string(range.offset) + ", +" +
                      std::to_string(range.length) + ") outside the processed part of the page";
      }
      out.ranges.push_back(range);
    }
    offset += done;
  } while (offset < window.end());
  return out;
}

}  // namespace conformance::suites
