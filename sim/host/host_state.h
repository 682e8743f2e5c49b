// HostState: everything a simulated host is — the model (VMs, disks, groups, reference points),
// its jobs, and what drives it (profile, clock, random streams, fault rules). Services and class
// renderers read and change it; the Host locks around every call, so it is never shared between
// threads unsynchronised.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sim/control/clock.h"
#include "sim/control/fault_rules.h"
#include "sim/control/profile.h"
#include "sim/control/random_streams.h"
#include "sim/host/host_files.h"
#include "sim/host/job.h"
#include "sim/host/model.h"
#include "sim/host/mutant.h"
#include "sim/host/vm_snapshots.h"
#include "wmi/cim/status.h"

namespace sim::host {

struct HostOptions;

class HostState {
 public:
  // Builds the model from the options' inventory (validated first).
  static wmi::Result<std::unique_ptr<HostState>> create(HostOptions options);

  control::Profile profile;
  std::shared_ptr<control::Clock> clock;
  control::RandomStreams streams;
  control::RandomStream ids;         // GUIDs of groups, reference points, jobs
  control::RandomStream job_timing;  // job duration jitter
  control::RandomStream fault_draws;
  control::FaultPlan faults;
  Mutant mutant = Mutant::kNone;  // test-only broken behaviour (mutant.h); kNone in production

  std::string host_name;
  std::vector<Vm> vms;  // inventory order
  KeyedMap<Collection> collections;
  KeyedMap<ReferencePointCollection> reference_point_collections;
  KeyedMap<VmReferencePoint> vm_reference_points;
  KeyedMap<Job> jobs;
  HostFiles files;                                    // what exports wrote (host_files.h)
  KeyedMap<Checkpoint> checkpoints;                   // by InstanceID
  KeyedMap<SnapshotCollection> snapshot_collections;  // by CollectionID

  wmi::TimePoint now() const { return clock->now(); }

  Vm* find_vm(std::string_view guid);
  const Vm* find_vm(std::string_view guid) const;
  // A disk by its InstanceID or HostResource path.
  VmDisk* find_disk(std::string_view name);
  const VmDisk* find_disk(std::string_view name) const;
  // A checkpoint's disk by its InstanceID or HostResource path; nullptr when none.
  const CheckpointDisk* find_snapshot_disk(std::string_view name) const;
  // The VMs whose disks a VM group's reference point covers: the group's members, in order.
  std::vector<const Vm*> members_of(const Collection& group) const;

  // A fresh uppercase GUID from the ids stream.
  std::string new_guid() { return ids.guid(true); }

 private:
  // ASCII case-insensitive hashing and equality of string keys (CIM string-key identity).
  struct FoldedHash {
    std::size_t operator()(std::string_view key) const;
  };
  struct FoldedEqual {
    bool operator()(std::string_view a, std::string_view b) const;
  };
  template <typename T>
  using Index = std::unordered_map<std::string_view, T, FoldedHash, FoldedEqual>;

  HostState(HostOptions& options);
  // Keys view the model's own strings, and disk addresses stay valid: VMs and their disks are
  // fixed at creation (built once `vms` stops growing).
  Index<std::size_t> vm_index_;  // guid → index in vms
  Index<VmDisk*> disk_index_;    // InstanceID and path → disk
  friend wmi::Status build_model(HostState& state, const control::Inventory& inventory,
                                 std::uint64_t seed);
};

}  // namespace sim::host
