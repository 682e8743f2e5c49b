#include "sim/host/host_state.h"

#include <fmt/format.h>

#include <algorithm>

#include "sim/host/host.h"
#include "sim/host/replication.h"
#include "sim/storage/guid.h"
#include "wmi/cim/cim_name.h"

namespace sim::host {

namespace {

// The SCSI controller part of a disk's InstanceID (Microsoft:<VM>\<controller>\<slot>\<n>\L).
constexpr std::string_view kScsiController = "83F8638B-8DCA-4152-9EDA-2CA8B33039B4";

storage::DiskFormat to_storage(control::DiskFormat format) {
  return format == control::DiskFormat::kVhd ? storage::DiskFormat::kVhd
                                             : storage::DiskFormat::kVhdx;
}

wmi::Status storage_failure(const std::string& where, const storage::Error& error) {
  return wmi::invalid_argument(where + ": " + error.to_string());
}

}  // namespace

wmi::Status build_model(HostState& state, const control::Inventory& inventory, std::uint64_t seed) {
  if (auto s = control::validate_inventory(inventory); !s.ok()) return s;
  control::RandomStream disk_ids = state.streams.stream(control::stream::kStorage);
  state.host_name = inventory.host_name;
  state.vms.reserve(inventory.vms.size());
  for (const control::VmInventory& vm_inventory : inventory.vms) {
    Vm vm{vm_inventory.guid,
          vm_inventory.name,
          vm_inventory.enabled_state,
          vm_inventory.configuration_version,
          {},
          std::nullopt,
          {}};
    for (std::size_t i = 0; i < vm_inventory.disks.size(); ++i) {
      const control::DiskInventory& d = vm_inventory.disks[i];
      const std::string extension = d.format == control::DiskFormat::kVhd ? "vhd" : "vhdx";
      VmDisk disk;
      disk.instance_id = fmt::format("Microsoft:{}\\{}\\0\\{}\\L", vm.guid, kScsiController, i);
      disk.path = fmt::format("C:\\Hyper-V\\{}\\Disk{}.{}", vm.guid, i, extension);
      std::mt19937_64 guid_engine(disk_ids());
      auto created = storage::VirtualDisk::create(
          storage::DiskSpec{d.size, d.logical_sector_size, to_storage(d.format),
                            storage::Guid::random(guid_engine), disk_ids() ^ seed});
      if (!created.ok()) return storage_failure(disk.path, created.error());
      disk.disk = std::move(*created);
      if (d.format == control::DiskFormat::kVhdx) {
        const auto granularity = d.tracking_granularity.value_or(state.profile.rct_granularity);
        if (auto s = disk.disk->change_tracker().enable(granularity); !s.ok()) {
          return storage_failure(disk.path, s.error());
        }
      }
      vm.disks.push_back(std::move(disk));
    }
    if (vm_inventory.replicating) {
      create_relationship(vm);
      start_replication(vm, state.now());
    }
    state.vms.push_back(std::move(vm));
  }
  // Indexed only once `vms` stops growing: the indices view its strings and hold disk addresses.
  std::size_t disk_count = 0;
  for (const Vm& vm : state.vms) disk_count += vm.disks.size();
  state.vm_index_.reserve(state.vms.size());
  state.disk_index_.reserve(2 * disk_count);
  for (std::size_t i = 0; i < state.vms.size(); ++i) state.vm_index_.emplace(state.vms[i].guid, i);
  for (Vm& vm : state.vms) {
    for (VmDisk& disk : vm.disks) {
      state.disk_index_.emplace(disk.instance_id, &disk);
      state.disk_index_.emplace(disk.path, &disk);
    }
  }
  for (const control::GroupInventory& group : inventory.groups) {
    state.collections.emplace(group.id,
                              Collection{group.id, group.name, group.type, group.members});
  }
  return {};
}

HostState::HostState(HostOptions& options)
    : profile(std::move(options.profile)),
      clock(options.clock ? std::move(options.clock) : std::make_shared<control::VirtualClock>()),
      streams(options.seed),
      ids(streams.stream(control::stream::kIds)),
      job_timing(streams.stream(control::stream::kJobTiming)),
      fault_draws(streams.stream(control::stream::kFaults)),
      faults(std::move(options.faults)),
      mutant(options.mutant) {}

wmi::Result<std::unique_ptr<HostState>> HostState::create(HostOptions options) {
  std::unique_ptr<HostState> state(new HostState(options));
  if (auto s = build_model(*state, options.inventory, options.seed); !s.ok()) return s;
  return state;
}

std::size_t HostState::FoldedHash::operator()(std::string_view key) const {
  std::uint64_t hash = 0xCBF29CE484222325ull;  // FNV-1a over the folded bytes
  for (const char c : key) {
    hash ^= static_cast<unsigned char>(wmi::ascii_lower(c));
    hash *= 0x100000001B3ull;
  }
  return static_cast<std::size_t>(hash);
}

bool HostState::FoldedEqual::operator()(std::string_view a, std::string_view b) const {
  return wmi::iequals(a, b);
}

Vm* HostState::find_vm(std::string_view guid) {
  const auto it = vm_index_.find(guid);
  return it == vm_index_.end() ? nullptr : &vms[it->second];
}
const Vm* HostState::find_vm(std::string_view guid) const {
  return const_cast<HostState*>(this)->find_vm(guid);
}

VmDisk* HostState::find_disk(std::string_view name) {
  const auto it = disk_index_.find(name);
  return it == disk_index_.end() ? nullptr : it->second;
}

const VmDisk* HostState::find_disk(std::string_view name) const {
  return const_cast<HostState*>(this)->find_disk(name);
}

std::vector<const Vm*> HostState::members_of(const Collection& group) const {
  std::vector<const Vm*> out;
  for (const std::string& guid : group.members) {
    if (const Vm* vm = find_vm(guid)) out.push_back(vm);
  }
  return out;
}

}  // namespace sim::host

namespace sim::host {

const CheckpointDisk* HostState::find_snapshot_disk(std::string_view name) const {
  // InstanceID "Microsoft:<checkpoint GUID>\..." or path "...\Snapshots\<checkpoint GUID>\...":
  // either names its checkpoint, whose few disks are then compared.
  constexpr std::string_view kPrefix = "Microsoft:";
  constexpr std::string_view kSnapshots = "\\Snapshots\\";
  std::string key;
  if (name.size() > kPrefix.size() && wmi::iequals(name.substr(0, kPrefix.size()), kPrefix)) {
    key = std::string(name.substr(0, name.find('\\')));
  } else {
    std::string folded(name);
    std::transform(folded.begin(), folded.end(), folded.begin(),
                   [](char c) { return static_cast<char>(KeyLess::fold(c)); });
    const std::size_t at = folded.find("\\snapshots\\");
    if (at == std::string::npos) return nullptr;
    const std::string_view rest = name.substr(at + kSnapshots.size());
    key = std::string(kPrefix) + std::string(rest.substr(0, rest.find('\\')));
  }
  const auto it = checkpoints.find(key);
  if (it == checkpoints.end()) return nullptr;
  for (const CheckpointDisk& disk : it->second.disks) {
    if (wmi::iequals(disk.instance_id, name) || wmi::iequals(disk.path, name)) return &disk;
  }
  return nullptr;
}

}  // namespace sim::host
