#include "sim/host/host.h"

#include "sim/host/dispatcher.h"
#include "sim/host/host_state.h"

namespace sim::host {

namespace {

// The most one DataPlane read returns: the caller allocates it all at once.
constexpr std::uint64_t kMaxReadBytes = std::uint64_t{1} << 30;

wmi::Status from_storage(const storage::Status& status) {
  if (status.ok()) return {};
  return wmi::invalid_argument(status.error().to_string());
}

// What a DataPlane call that would change `disk` answers when it names a checkpoint's disk.
wmi::Status read_only(const HostState& state, std::string_view disk) {
  if (state.find_snapshot_disk(disk) != nullptr) {
    return wmi::invalid_argument(std::string(disk) +
                                 " is a checkpoint's disk: read-only (its bytes are frozen)");
  }
  return wmi::not_found("no disk " + std::string(disk));
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
  if (found == nullptr) return read_only(*state_, disk);
  return from_storage(found->disk->write(offset, data));
}

wmi::Result<std::vector<std::byte>> Host::read(std::string_view disk, std::uint64_t offset,
                                               std::uint64_t length) {
  std::lock_guard lock(mutex_);
  const VmDisk* found = state_->find_disk(disk);
  const CheckpointDisk* frozen = found == nullptr ? state_->find_snapshot_disk(disk) : nullptr;
  if (found == nullptr && frozen == nullptr) return wmi::not_found("no disk " + std::string(disk));
  if (length > kMaxReadBytes) return wmi::invalid_argument("a read returns at most 1 GiB");
  std::vector<std::byte> out(length);
  const auto status =
      found != nullptr ? found->disk->read(offset, out) : frozen->snapshot->read(offset, out);
  if (auto s = from_storage(status); !s.ok()) return s;
  return out;
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
  if (found == nullptr) return read_only(*state_, disk);
  return from_storage(found->disk->modify_offline(offset, data));
}

wmi::Status Host::resize(std::string_view disk, std::uint64_t new_size) {
  std::lock_guard lock(mutex_);
  VmDisk* found = state_->find_disk(disk);
  if (found == nullptr) return read_only(*state_, disk);
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
