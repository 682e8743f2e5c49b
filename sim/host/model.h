// The simulated host's typed state: VMs and their disks, VM groups, reference points. Instances
// are rendered from it on demand (one file per CIM class), so memory follows the model, not the
// number of CIM properties. Plain data; owned and serialised by HostState.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/control/inventory.h"
#include "sim/control/profile.h"
#include "sim/storage/replica_log.h"
#include "sim/storage/virtual_disk.h"
#include "wmi/cim/datetime.h"

namespace sim::host {

// ASCII case-insensitive ordering of string keys: the order control::CaseInsensitiveLess gives
// (tolower in the "C" locale folds only A-Z), inlined — the model's maps compare long keys with
// long common prefixes ("Microsoft:<GUID>..."), and a libc call per character dominated lookups.
struct KeyLess {
  using is_transparent = void;
  static constexpr unsigned char fold(char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u >= 'A' && u <= 'Z') ? static_cast<unsigned char>(u - 'A' + 'a') : u;
  }
  bool operator()(std::string_view a, std::string_view b) const {
    const std::size_t n = a.size() < b.size() ? a.size() : b.size();
    for (std::size_t i = 0; i < n; ++i) {
      const unsigned char x = fold(a[i]);
      const unsigned char y = fold(b[i]);
      if (x != y) return x < y;
    }
    return a.size() < b.size();
  }
};

// Ordered by CIM string-key identity (ASCII case-insensitive), so iteration is deterministic.
template <typename T>
using KeyedMap = std::map<std::string, T, KeyLess>;

struct VmDisk {
  std::string instance_id;  // Msvm_StorageAllocationSettingData.InstanceID
  std::string path;         // HostResource[0]
  std::unique_ptr<storage::VirtualDisk> disk;
  std::unique_ptr<storage::ReplicaLog> replica_log;  // only while the VM replicates
};

// A VM's Hyper-V Replica relationship as primary (replication.h has its operations and the state
// it reports). Created by CreateReplicationRelationship; StartReplication attaches a replica log to
// every disk (VmDisk::replica_log), which then decides whether a resynchronization is required.
struct Replication {
  // When StartReplication ran (LastReplicationTime); set: the disks carry replica logs.
  std::optional<wmi::TimePoint> started;
};

struct Vm {
  std::string guid;  // Msvm_ComputerSystem.Name
  std::string name;  // ElementName
  std::uint16_t enabled_state = 2;
  control::ConfigurationVersion configuration_version;
  std::vector<VmDisk> disks;
  std::optional<Replication> replication;  // none: ReplicationMode 0, not replicating
  // InstanceID of the checkpoint the VM runs from (its newest, or the last applied); "" for none.
  // The next checkpoint taken depends on it (vm_snapshots.h).
  std::string current_checkpoint;
};

struct Collection {
  std::string id;  // CollectionID
  std::string name;
  control::GroupType type = control::GroupType::kVirtualMachines;
  std::vector<std::string> members;  // VM GUIDs (kVirtualMachines) or collection ids
};

// Msvm_CollectionReferencePointSettingData.ConsistencyLevel, as asked for.
enum class Consistency : std::uint8_t { kUnknown = 0, kApplication = 1, kCrash = 2 };

inline constexpr std::uint16_t kLogBased = 1;
inline constexpr std::uint16_t kRctBased = 2;

// One VM's reference point (Msvm_VirtualSystemReferencePoint).
struct VmReferencePoint {
  std::string instance_id;
  std::string vm_guid;
  std::string collection_id;       // its Msvm_ReferencePointCollection; "" when taken on its own
  std::uint16_t type = kRctBased;  // 1 log, 2 RCT
  Consistency consistency = Consistency::kApplication;
  std::vector<std::string> disk_ids;        // VmDisk::instance_id, parallel to the next two
  std::vector<std::string> rct_ids;         // RCT-based only
  std::vector<storage::LogMark> log_marks;  // log-based only
  // Each disk's bytes at the point (copy-on-write; parallel to disk_ids): what an export reads.
  // A converted recovery checkpoint hands over its disk snapshots.
  std::vector<std::shared_ptr<storage::DiskSnapshot>> frozen_disks;
  bool data_removed = false;  // RemoveAssociatedData ran
};

// A group's reference point (Msvm_ReferencePointCollection).
struct ReferencePointCollection {
  std::string id;
  std::string vs_collection_id;
  std::uint16_t type = kRctBased;
  Consistency consistency = Consistency::kApplication;
  wmi::TimePoint created;
  std::vector<std::string> members;  // VmReferencePoint instance ids
};

}  // namespace sim::host
