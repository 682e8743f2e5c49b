#include "conformance/backup_client/backup_client.h"

#include <algorithm>
#include <utility>

#include "wmi/cim/cim_name.h"
#include "wmi/cim/wmi_path.h"

namespace conformance::backup_client {
namespace {

constexpr std::uint32_t kJobStarted = 4096;
constexpr std::uint16_t kRecoveryCheckpoint = 32768;
constexpr std::uint16_t kGroupRecoveryCheckpoint = 2;

wmi::Status failed(std::string message) {
  return wmi::Status(wmi::StatusKind::kProtocol, std::move(message));
}

std::string text_of(const wmi::ObjectPath& path) {
  auto text = wmi::format_wmi_path(path, wmi::PathStyle::kSlash);
  return text.ok() ? *text : path.class_name;
}

std::string string_of(const wmi::Instance& instance, std::string_view name) {
  const wmi::CimValue* value = instance.find(name);
  if (value == nullptr || value->is_null() || value->is_array()) return "";
  const std::string* text = value->as_string();
  return text == nullptr ? "" : *text;
}

// The elements of an array value that hold a T (strings, uint64s); empty for null or a scalar.
template <typename T>
std::vector<T> elements_of(const wmi::CimValue* value) {
  std::vector<T> out;
  if (value == nullptr || value->is_null() || !value->is_array()) return out;
  for (const wmi::CimElement& e : value->elements()) {
    if (const auto* element = std::get_if<T>(&e)) out.push_back(*element);
  }
  return out;
}

std::string key_text(const wmi::ObjectPath& path, std::string_view key) {
  const wmi::KeyValue* value = path.key(key);
  const auto* text = value == nullptr ? nullptr : std::get_if<std::string>(value);
  return text == nullptr ? "" : *text;
}

// "Microsoft:<GUID>\<controller>\0\<n>\L" → "\<controller>\0\<n>\L".
std::string disk_suffix(const std::string& instance_id) {
  const auto at = instance_id.find('\\');
  return at == std::string::npos ? "" : instance_id.substr(at);
}

}  // namespace

BackupClient::BackupClient(wmi::Connection& connection, wmi::DataPlane& data_plane,
                           BackupClientOptions options)
    : connection_(connection), data_plane_(data_plane), options_(std::move(options)) {}

wmi::ObjectPath BackupClient::service(const std::string& ns, std::string_view class_name) const {
  auto found = connection_.query(ns, "SELECT * FROM " + std::string(class_name));
  if (found.ok() && !found->empty() && (*found)[0].path()) return *(*found)[0].path();
  wmi::ObjectPath none;
  none.namespace_name = ns;
  none.class_name = std::string(class_name);
  return none;
}

wmi::Result<std::optional<wmi::ObjectPath>> BackupClient::call(const wmi::ObjectPath& target,
                                                               std::string_view method,
                                                               const wmi::PropertyList& in,
                                                               std::string_view resulting,
                                                               std::string_view resulting_class) {
  auto answer = connection_.invoke(target, method, in);
  if (!answer.ok()) return answer.status();
  const std::string what = std::string(method);
  if (answer->return_value == 0) {
    const wmi::CimValue* out = wmi::find_property(answer->out, resulting);
    if (resulting.empty() || out == nullptr || out->is_null())
      return std::optional<wmi::ObjectPath>();
    const wmi::ObjectPath* path = out->as_reference();
    if (path == nullptr) return failed(what + ": " + std::string(resulting) + " is no reference");
    return std::optional<wmi::ObjectPath>(*path);
  }
  if (answer->return_value != kJobStarted) {
    return failed(what + " returned " + std::to_string(answer->return_value));
  }
  const wmi::CimValue* job_value = wmi::find_property(answer->out, "Job");
  const wmi::ObjectPath* job =
      job_value == nullptr || job_value->is_null() ? nullptr : job_value->as_reference();
  if (job == nullptr) return failed(what + " returned 4096 without a Job");
  auto done = wmi::wait_for_job(connection_, *job, options_.poll);
  if (!done.ok()) return done.status();
  const wmi::CimValue* state = done->find("JobState");
  const auto job_state = state == nullptr || state->is_null() ? std::nullopt : state->as_uint();
  if (job_state != 7u) {
    const wmi::CimValue* code = done->find("ErrorCode");
    const auto error = code == nullptr || code->is_null() ? std::nullopt : code->as_uint();
    return failed(what + " job ended in state " + std::to_string(job_state.value_or(0)) +
                  " with ErrorCode " + std::to_string(error.value_or(0)));
  }
  if (resulting_class.empty()) return std::optional<wmi::ObjectPath>();
  auto affected =
      connection_.query(job->namespace_name, "ASSOCIATORS OF {" + text_of(*job) +
                                                 "} WHERE AssocClass=Msvm_AffectedJobElement");
  if (!affected.ok()) return affected.status();
  for (const wmi::Instance& element : *affected) {
    if (wmi::iequals(element.class_name(), resulting_class) && element.path()) {
      return std::optional<wmi::ObjectPath>(*element.path());
    }
  }
  return failed(what + " job affected no " + std::string(resulting_class));
}

wmi::Result<wmi::ObjectPath> BackupClient::take_checkpoint(const wmi::ObjectPath& vm) {
  auto made = call(service(options_.control_namespace, "Msvm_VirtualSystemSnapshotService"),
                   "CreateSnapshot",
                   {{"AffectedSystem", vm},
                    {"SnapshotSettings", std::string()},
                    {"SnapshotType", kRecoveryCheckpoint}},
                   "ResultingSnapshot", "Msvm_VirtualSystemSettingData");
  if (!made.ok()) return made.status();
  if (!made->has_value()) return failed("CreateSnapshot named no checkpoint");
  return **made;
}

wmi::Result<BackupClient::CheckpointRead> BackupClient::read_checkpoint(
    const wmi::ObjectPath& checkpoint) {
  // The checkpoint's disks, and the live disk each one froze.
  const std::string checkpoint_id = key_text(checkpoint, "InstanceID");
  auto checkpoint_settings = connection_.get(checkpoint);
  if (!checkpoint_settings.ok()) return checkpoint_settings.status();
  CheckpointRead out;
  out.vm_guid = string_of(*checkpoint_settings, "VirtualSystemIdentifier");
  auto sasds =
      connection_.query(options_.host_namespace, "SELECT * FROM Msvm_StorageAllocationSettingData");
  if (!sasds.ok()) return sasds.status();
  std::vector<std::string> frozen;  // the checkpoint's SASD InstanceIDs (DataPlane names)
  std::vector<std::string> live_paths;
  for (const wmi::Instance& sasd : *sasds) {
    const std::string id = string_of(sasd, "InstanceID");
    if (!wmi::iequals(id.substr(0, checkpoint_id.size() + 1), checkpoint_id + "\\")) continue;
    frozen.push_back(id);
    out.live_ids.push_back("Microsoft:" + out.vm_guid + disk_suffix(id));
  }
  for (const std::string& live_id : out.live_ids) {
    const auto live = std::find_if(sasds->begin(), sasds->end(), [&](const wmi::Instance& sasd) {
      return wmi::iequals(string_of(sasd, "InstanceID"), live_id);
    });
    const auto paths = live == sasds->end() ? std::vector<std::string>()
                                            : elements_of<std::string>(live->find("HostResource"));
    if (paths.empty()) return failed("no live disk for " + live_id);
    live_paths.push_back(paths[0]);
  }
  if (frozen.empty()) return failed("checkpoint " + checkpoint_id + " has no disks");

  const Chain* chain = chains_.count(out.vm_guid) ? &chains_.at(out.vm_guid) : nullptr;
  out.full = chain == nullptr || chain->images.size() != frozen.size();
  const wmi::ObjectPath ims = service(options_.host_namespace, "Msvm_ImageManagementService");
  for (std::size_t i = 0; i < frozen.size(); ++i) {
    if (out.full) {
      const wmi::Status copied = read_whole(frozen[i], i, out);
      if (!copied.ok()) return copied;
      continue;
    }
    const std::uint64_t size = chain->images[i].size();
    for (std::uint64_t offset = 0; offset < size;) {
      auto answer = connection_.invoke(ims, "GetVirtualDiskChanges",
                                       {{"Path", live_paths[i]},
                                        {"LimitId", chain->rct_ids.at(i)},
                                        {"TargetSnapshotId", std::string()},
                                        {"ByteOffset", offset},
                                        {"ByteLength", size - offset}});
      if (!answer.ok()) return answer.status();
      if (answer->return_value != 0) {
        return failed("GetVirtualDiskChanges returned " + std::to_string(answer->return_value));
      }
      const wmi::CimValue* processed = wmi::find_property(answer->out, "ProcessedByteLength");
      const std::uint64_t processed_length =
          processed == nullptr || processed->is_null() ? 0 : processed->as_uint().value_or(0);
      const auto offsets =
          elements_of<std::uint64_t>(wmi::find_property(answer->out, "ChangedByteOffsets"));
      const auto lengths =
          elements_of<std::uint64_t>(wmi::find_property(answer->out, "ChangedByteLengths"));
      if (processed_length == 0 || offsets.size() != lengths.size()) {
        return failed("GetVirtualDiskChanges answered no progress");
      }
      for (std::size_t r = 0; r < offsets.size(); ++r) {
        if (offsets[r] + lengths[r] > size) return failed("a changed range past the disk's end");
        auto bytes = data_plane_.read(frozen[i], offsets[r], lengths[r]);
        if (!bytes.ok()) return bytes.status();
        out.pieces.push_back({i, offsets[r], std::move(*bytes)});
      }
      offset += processed_length;
    }
  }
  return out;
}

wmi::Result<std::uint64_t> BackupClient::disk_size(const std::string& disk) {
  // The DataPlane refuses a read past the end with kInvalidArgument; the API shows no size. Probe
  // 4 KiB blocks (aligned for 512- and 4096-byte sectors) by doubling, then bisect between the
  // last readable block and the first unreadable one, then probe the last 4 KiB by 512-byte
  // sectors (refused on a 4096-byte-sector disk, whose size is a block multiple anyway).
  constexpr std::uint64_t kBlock = 4096;
  constexpr std::uint64_t kSector = 512;
  const auto readable = [&](std::uint64_t offset, std::uint64_t length) -> wmi::Result<bool> {
    auto bytes = data_plane_.read(disk, offset, length);
    if (bytes.ok()) return true;
    if (bytes.status().kind() == wmi::StatusKind::kInvalidArgument) return false;
    return bytes.status();
  };
  auto first = readable(0, kBlock);
  if (!first.ok()) return first.status();
  if (!*first) return failed("cannot read " + disk);
  std::uint64_t good = 0;  // block `good` is readable, block `bad` is not
  std::uint64_t bad = 1;
  for (;;) {
    auto ok = readable(bad * kBlock, kBlock);
    if (!ok.ok()) return ok.status();
    if (!*ok) break;
    good = bad;
    bad *= 2;
  }
  while (bad - good > 1) {
    const std::uint64_t middle = good + (bad - good) / 2;
    auto ok = readable(middle * kBlock, kBlock);
    if (!ok.ok()) return ok.status();
    (*ok ? good : bad) = middle;
  }
  std::uint64_t size = (good + 1) * kBlock;
  for (std::uint64_t sector = 0; sector + 1 < kBlock / kSector; ++sector, size += kSector) {
    auto ok = readable(size, kSector);
    if (!ok.ok()) return ok.status();
    if (!*ok) break;
  }
  return size;
}

wmi::Status BackupClient::read_whole(const std::string& disk, std::size_t index,
                                     CheckpointRead& out) {
  auto size = disk_size(disk);
  if (!size.ok()) return size.status();
  constexpr std::uint64_t kChunk = std::uint64_t{1} << 20;
  for (std::uint64_t at = 0; at < *size; at += kChunk) {
    auto bytes = data_plane_.read(disk, at, std::min(kChunk, *size - at));
    if (!bytes.ok()) return bytes.status();
    out.pieces.push_back({index, at, std::move(*bytes)});
  }
  return {};
}

wmi::Result<std::vector<std::string>> BackupClient::rct_ids_of(const wmi::ObjectPath& point,
                                                               const CheckpointRead& read) {
  auto point_instance = connection_.get(point);
  if (!point_instance.ok()) return point_instance.status();
  const auto disk_ids = elements_of<std::string>(point_instance->find("VirtualDiskIdentifiers"));
  const auto rct_ids =
      elements_of<std::string>(point_instance->find("ResilientChangeTrackingIdentifiers"));
  std::vector<std::string> ids;
  for (const std::string& live_id : read.live_ids) {
    const auto at = std::find_if(disk_ids.begin(), disk_ids.end(),
                                 [&](const std::string& d) { return wmi::iequals(d, live_id); });
    const auto index = static_cast<std::size_t>(at - disk_ids.begin());
    if (at == disk_ids.end() || index >= rct_ids.size()) {
      return failed("the point names no RCT id for " + live_id);
    }
    ids.push_back(rct_ids[index]);
  }
  return ids;
}

void BackupClient::commit(CheckpointRead& read, std::vector<std::string> rct_ids) {
  Chain& chain = chains_[read.vm_guid];
  if (read.full) chain.images.assign(read.live_ids.size(), {});
  for (Piece& piece : read.pieces) {
    std::vector<std::byte>& image = chain.images[piece.disk];
    if (read.full) {
      image.insert(image.end(), piece.bytes.begin(), piece.bytes.end());
    } else {
      std::copy(piece.bytes.begin(), piece.bytes.end(),
                image.begin() + static_cast<std::ptrdiff_t>(piece.offset));
    }
  }
  chain.live_ids = read.live_ids;
  chain.rct_ids = std::move(rct_ids);
}

const std::vector<std::vector<std::byte>>& BackupClient::images(const std::string& vm_guid) const {
  static const std::vector<std::vector<std::byte>> kNone;
  const auto it = chains_.find(vm_guid);
  return it == chains_.end() ? kNone : it->second.images;
}

const std::vector<std::string>& BackupClient::disk_ids(const std::string& vm_guid) const {
  static const std::vector<std::string> kNone;
  const auto it = chains_.find(vm_guid);
  return it == chains_.end() ? kNone : it->second.live_ids;
}

wmi::Status BackupClient::back_up(const wmi::ObjectPath& checkpoint) {
  auto read = read_checkpoint(checkpoint);
  if (!read.ok()) return read.status();
  auto point = call(service(options_.control_namespace, "Msvm_VirtualSystemSnapshotService"),
                    "ConvertToReferencePoint",
                    {{"AffectedSnapshot", checkpoint}, {"ReferencePointSettings", std::string()}},
                    "ResultingReferencePoint", "Msvm_VirtualSystemReferencePoint");
  if (!point.ok()) return point.status();
  if (!point->has_value()) return failed("ConvertToReferencePoint named no point");
  auto ids = rct_ids_of(**point, *read);
  if (!ids.ok()) return ids.status();
  const auto previous = chains_.count(read->vm_guid) ? chains_[read->vm_guid].point : std::nullopt;
  commit(*read, std::move(*ids));
  chains_[read->vm_guid].point = **point;
  if (previous && !options_.keep_old_points) {
    stale_points_.push_back({*previous, /*collection=*/false});
  }
  destroy_stale_points();
  return {};
}

void BackupClient::destroy_stale_points() {
  std::vector<StalePoint> kept;
  for (const StalePoint& stale : stale_points_) {
    const wmi::ObjectPath destroyer =
        stale.collection
            ? service(options_.control_namespace, "Msvm_CollectionReferencePointService")
            : service(options_.host_namespace, "Msvm_VirtualSystemReferencePointService");
    const std::string parameter =
        stale.collection ? "AffectedReferencePointCollection" : "AffectedReferencePoint";
    if (!call(destroyer, "DestroyReferencePoint", {{parameter, stale.path}}, "", "").ok()) {
      kept.push_back(stale);
    }
  }
  stale_points_ = std::move(kept);
}

wmi::Result<wmi::ObjectPath> BackupClient::take_group_checkpoint(const wmi::ObjectPath& group) {
  auto made =
      call(service(options_.control_namespace, "Msvm_CollectionSnapshotService"), "CreateSnapshot",
           {{"Collection", group},
            {"SnapshotSettings", std::string()},
            {"SnapshotType", kGroupRecoveryCheckpoint}},
           "ResultingSnapshotCollection", "Msvm_SnapshotCollection");
  if (!made.ok()) return made.status();
  if (!made->has_value()) return failed("CreateSnapshot named no snapshot collection");
  return **made;
}

wmi::Status BackupClient::back_up_group(const wmi::ObjectPath& snapshot_collection) {
  auto members = connection_.query(options_.control_namespace,
                                   "ASSOCIATORS OF {" + text_of(snapshot_collection) +
                                       "} WHERE AssocClass=Msvm_CollectedSnapshots");
  if (!members.ok()) return members.status();
  std::vector<CheckpointRead> reads;
  for (const wmi::Instance& member : *members) {
    if (!member.path()) return failed("a collected snapshot without a path");
    auto read = read_checkpoint(*member.path());
    if (!read.ok()) return read.status();
    reads.push_back(std::move(*read));
  }
  if (reads.empty()) return failed("the snapshot collection has no members");
  auto rpc = call(service(options_.control_namespace, "Msvm_CollectionSnapshotService"),
                  "ConvertToReferencePoint", {{"AffectedSnapshotCollection", snapshot_collection}},
                  "ResultingReferencePointCollection", "Msvm_ReferencePointCollection");
  if (!rpc.ok()) return rpc.status();
  if (!rpc->has_value()) return failed("ConvertToReferencePoint named no collection");
  auto points = connection_.query(
      options_.control_namespace,
      "ASSOCIATORS OF {" + text_of(**rpc) + "} WHERE AssocClass=Msvm_CollectedReferencePoints");
  if (!points.ok()) return points.status();
  std::vector<std::vector<std::string>> ids;
  for (const CheckpointRead& read : reads) {
    const auto point = std::find_if(points->begin(), points->end(), [&](const wmi::Instance& p) {
      return wmi::iequals(string_of(p, "VirtualSystemIdentifier"), read.vm_guid);
    });
    if (point == points->end() || !point->path()) return failed("no point for " + read.vm_guid);
    auto point_ids = rct_ids_of(*point->path(), read);
    if (!point_ids.ok()) return point_ids.status();
    ids.push_back(std::move(*point_ids));
  }
  for (std::size_t i = 0; i < reads.size(); ++i) commit(reads[i], std::move(ids[i]));
  if (last_group_point_ && !options_.keep_old_points) {
    stale_points_.push_back({*last_group_point_, /*collection=*/true});
  }
  last_group_point_ = **rpc;
  destroy_stale_points();
  return {};
}

wmi::Status BackupClient::abandon_group(const wmi::ObjectPath& snapshot_collection) {
  auto destroyed =
      call(service(options_.control_namespace, "Msvm_CollectionSnapshotService"), "DestroySnapshot",
           {{"AffectedSnapshotCollection", snapshot_collection}}, "", "");
  return destroyed.ok() ? wmi::Status() : destroyed.status();
}

wmi::Status BackupClient::abandon(const wmi::ObjectPath& checkpoint) {
  auto destroyed = call(service(options_.control_namespace, "Msvm_VirtualSystemSnapshotService"),
                        "DestroySnapshot", {{"AffectedSnapshot", checkpoint}}, "", "");
  return destroyed.ok() ? wmi::Status() : destroyed.status();
}

}  // namespace conformance::backup_client
