#include "sim/host/host.h"

#include <algorithm>

#include "sim/host/dispatcher.h"
#include "sim/host/host_state.h"

namespace sim::host {

namespace {

// The most one DataPlane read returns: the caller allocates it all at once.
constexpr std::uint64_t kMaxReadBytes = std::uint64_t{1} << 30;
// The piece a non-zero fill writes at a time (a multiple of every sector size).
constexpr std::uint64_t kFillPiece = std::uint64_t{16} << 20;

wmi::Status from_storage(const storage::Status& status) {
  if (status.ok()) return {};
  return wmi::invalid_argument(status.error().to_string());
}

// What a DataPlane call that would change `name` answers when it names no VM disk: a checkpoint's
// disk or an exported file is read-only; anything else is not found.
wmi::Status no_live_disk(const HostState& state, std::string_view name) {
  if (state.find_snapshot_disk(name) != nullptr) {
    return wmi::invalid_argument(std::string(name) +
                                 " is a checkpoint's disk: read-only (its bytes are frozen)");
  }
  if (state.files.find(name) != nullptr) {
    return wmi::invalid_argument(std::string(name) + " is an exported file: exports are read-only");
  }
  return wmi::not_found("no disk " + std::string(name));
}

}  // namespace

Host::Host(std::unique_ptr<HostState> state) : state_(std::move(state)) {}
Host::~Host() = default;

wmi::Result<std::unique_ptr<Host>> Host::create(HostOptions options) {
  auto state = HostState::create(std::move(options));
  if (!state.ok()) return state.status();
  return std::unique_ptr<Host>(new Host(std::move(*state)));
}

wmi::Result<wmi::Instance> Host::get(const wmi::ObjectPath& path) {
  std::lock_guard lock(mutex_);
  return dispatch_get(*state_, path);
}

wmi::Result<std::vector<wmi::Instance>> Host::query(std::string_view namespace_name,
                                                    std::string_view wql) {
  std::lock_guard lock(mutex_);
  return dispatch_query(*state_, namespace_name, wql);
}

wmi::Result<wmi::MethodResult> Host::invoke(const wmi::ObjectPath& target, std::string_view method,
                                            const wmi::PropertyList& in) {
  std::lock_guard lock(mutex_);
  return dispatch_invoke(*state_, target, method, in);
}

wmi::Result<wmi::Identity> Host::identify() {
  return wmi::Identity{"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd", "hvsim",
                       "hvsim simulated Hyper-V host"};
}

wmi::Status Host::write(std::string_view disk, std::uint64_t offset,
                        std::span<const std::byte> data) {
  std::lock_guard lock(mutex_);
  VmDisk* found = state_->find_disk(disk);
  if (found == nullptr) return no_live_disk(*state_, disk);
  return from_storage(found->disk->write(offset, data));
}

wmi::Status Host::write_zeroes(std::string_view disk, std::uint64_t offset, std::uint64_t length) {
  std::lock_guard lock(mutex_);
  VmDisk* found = state_->find_disk(disk);
  if (found == nullptr) return no_live_disk(*state_, disk);
  return from_storage(found->disk->write_zeroes(offset, length));
}

wmi::Status Host::fill(std::string_view disk, std::uint64_t offset, std::uint64_t length,
                       std::byte value, bool offline) {
  std::lock_guard lock(mutex_);
  VmDisk* found = state_->find_disk(disk);
  if (found == nullptr) return no_live_disk(*state_, disk);
  storage::VirtualDisk& target = *found->disk;
  if (auto s = target.check_range(offset, length); !s) return from_storage(s);
  if (value == std::byte{0}) {
    return from_storage(offline ? target.modify_offline_zeroes(offset, length)
                                : target.write_zeroes(offset, length));
  }
  const std::vector<std::byte> piece(std::min(length, kFillPiece), value);
  for (std::uint64_t done = 0; done < length;) {
    const std::span<const std::byte> data(piece.data(), std::min(kFillPiece, length - done));
    const storage::Status s =
        offline ? target.modify_offline(offset + done, data) : target.write(offset + done, data);
    if (!s) return from_storage(s);  // cannot happen: the whole range was checked
    done += data.size();
  }
  return {};
}

wmi::Status Host::check_read(std::string_view disk, std::uint64_t offset,
                             std::uint64_t length) const {
  std::lock_guard lock(mutex_);
  if (const VmDisk* found = state_->find_disk(disk)) {
    return from_storage(found->disk->check_range(offset, length));
  }
  if (const CheckpointDisk* frozen = state_->find_snapshot_disk(disk)) {
    return from_storage(frozen->snapshot->check_range(offset, length));
  }
  if (const HostFile* file = state_->files.find(disk)) return file->check_range(offset, length);
  return wmi::not_found("no disk, checkpoint disk or exported file " + std::string(disk));
}

wmi::Result<std::vector<std::byte>> Host::read(std::string_view disk, std::uint64_t offset,
                                               std::uint64_t length) {
  std::lock_guard lock(mutex_);
  if (length > kMaxReadBytes) return wmi::invalid_argument("a read returns at most 1 GiB");
  const VmDisk* found = state_->find_disk(disk);
  const CheckpointDisk* frozen = found ? nullptr : state_->find_snapshot_disk(disk);
  const HostFile* file = found || frozen ? nullptr : state_->files.find(disk);
  if (!found && !frozen && !file) {
    return wmi::not_found("no disk, checkpoint disk or exported file " + std::string(disk));
  }
  std::vector<std::byte> out(length);
  const wmi::Status status = found    ? from_storage(found->disk->read(offset, out))
                             : frozen ? from_storage(frozen->snapshot->read(offset, out))
                                      : file->read(offset, out);
  if (!status.ok()) return status;
  return out;
}

wmi::Result<std::uint64_t> Host::file_size(std::string_view path) const {
  std::lock_guard lock(mutex_);
  const HostFile* file = state_->files.find(path);
  if (file == nullptr) return wmi::not_found("no exported file " + std::string(path));
  return file->size;
}

std::vector<std::pair<std::string, std::uint64_t>> Host::list_files(
    std::string_view directory) const {
  std::lock_guard lock(mutex_);
  std::vector<std::pair<std::string, std::uint64_t>> out;
  for (const HostFile* file : state_->files.under(directory))
    out.emplace_back(file->path, file->size);
  return out;
}

wmi::Result<RestoredDisk> Host::restore_export(std::span<const std::string> chain,
                                               std::string_view disk) const {
  std::lock_guard lock(mutex_);
  return restore_disk(state_->files, chain, disk);
}

wmi::Status Host::crash_host() {
  std::lock_guard lock(mutex_);
  for (Vm& vm : state_->vms) {
    for (VmDisk& disk : vm.disks) disk.disk->host_crash();
  }
  return {};
}

wmi::Status Host::modify_offline(std::string_view disk, std::uint64_t offset,
                                 std::span<const std::byte> data) {
  std::lock_guard lock(mutex_);
  VmDisk* found = state_->find_disk(disk);
  if (found == nullptr) return no_live_disk(*state_, disk);
  return from_storage(found->disk->modify_offline(offset, data));
}

wmi::Status Host::resize(std::string_view disk, std::uint64_t new_size) {
  std::lock_guard lock(mutex_);
  VmDisk* found = state_->find_disk(disk);
  if (found == nullptr) return no_live_disk(*state_, disk);
  // Hyper-V edits no disk of a VM that has checkpoints (its disk is the tip of a differencing
  // chain); reference points do not hold a disk's size.
  for (const auto& [id, checkpoint] : state_->checkpoints) {
    const Vm* owner = state_->find_vm(checkpoint.vm_guid);
    for (const VmDisk& vm_disk : owner->disks) {
      if (&vm_disk == found) {
        return wmi::invalid_argument(std::string(disk) + " cannot be resized while checkpoint " +
                                     id + " of its VM exists");
      }
    }
  }
  return from_storage(found->disk->resize(new_size));
}

const control::Clock& Host::clock() const { return *state_->clock; }

control::VirtualClock* Host::virtual_clock() {
  return dynamic_cast<control::VirtualClock*>(state_->clock.get());
}

void Host::set_faults(control::FaultPlan faults) {
  std::lock_guard lock(mutex_);
  state_->faults = std::move(faults);
}

std::vector<control::RuleCounters> Host::fault_counters() const {
  std::lock_guard lock(mutex_);
  std::vector<control::RuleCounters> out;
  for (std::size_t i = 0; i < state_->faults.rules().size(); ++i) {
    out.push_back(state_->faults.counters(i));
  }
  return out;
}

}  // namespace sim::host
