// sim::host::Host: the simulated Hyper-V host. It answers wmi::Connection for
// root/virtualization/v2 and root/HyperVCluster/v2 (and serves wmi::DataPlane), built from an
// inventory and driven by a profile, a clock, a seed and fault rules — nothing global.
//
// Every get, query and invoke goes through one dispatch choke point (dispatcher.h): namespace and
// class resolution, selector validation, argument typing, fault rules, then the class's handler.
// Same options and same calls ⇒ identical ids, codes, jobs and results.
//
// Thread-safety: every public method locks one mutex, so a Host may be shared across threads (the
// WS-Man server does); calls are serialised.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string_view>

#include "sim/control/clock.h"
#include "sim/control/fault_rules.h"
#include "sim/control/inventory.h"
#include "sim/control/profile.h"
#include "sim/host/export_restore.h"
#include "sim/host/mutant.h"
#include "wmi/cim/connection.h"
#include "wmi/cim/data_plane.h"

namespace sim::host {

inline constexpr std::string_view kVirtualizationNamespace = "root/virtualization/v2";
inline constexpr std::string_view kClusterNamespace = "root/HyperVCluster/v2";
inline constexpr std::array<std::string_view, 2> kServedNamespaces{kVirtualizationNamespace,
                                                                   kClusterNamespace};

struct HostOptions {
  control::Profile profile;  // doc-strict unless told otherwise
  control::Inventory inventory;
  std::uint64_t seed = 1;
  // The only source of "now". Null: a VirtualClock at control::kDefaultEpoch, owned by the host.
  std::shared_ptr<control::Clock> clock;
  control::FaultPlan faults;
  // Test-only deliberately broken behaviour (mutant.h); kNone everywhere but hvconform --mutant.
  Mutant mutant = Mutant::kNone;
};

class HostState;

class Host final : public wmi::Connection, public wmi::DataPlane {
 public:
  // Fails with kInvalidArgument when the inventory breaks validate_inventory's rules.
  static wmi::Result<std::unique_ptr<Host>> create(HostOptions options);
  ~Host() override;

  // wmi::Connection.
  wmi::Result<wmi::Instance> get(const wmi::ObjectPath& path) override;
  wmi::Result<std::vector<wmi::Instance>> query(std::string_view namespace_name,
                                                std::string_view wql) override;
  wmi::Result<wmi::MethodResult> invoke(const wmi::ObjectPath& target, std::string_view method,
                                        const wmi::PropertyList& in) override;
  wmi::Result<wmi::Identity> identify() override;

  // wmi::DataPlane. `disk` names a VM's disk by its Msvm_StorageAllocationSettingData InstanceID
  // or HostResource path; a checkpoint's disk (reads its frozen bytes) or, for read, a file an
  // export wrote (host_files.h; any byte range inside it). Checkpoint disks and exported files are
  // read-only: write, modify_offline and resize refuse them with kInvalidArgument. A VM's disk
  // cannot be resized while the VM has a checkpoint (kInvalidArgument).
  wmi::Status write(std::string_view disk, std::uint64_t offset,
                    std::span<const std::byte> data) override;
  wmi::Result<std::vector<std::byte>> read(std::string_view disk, std::uint64_t offset,
                                           std::uint64_t length) override;
  wmi::Status crash_host() override;
  wmi::Status modify_offline(std::string_view disk, std::uint64_t offset,
                             std::span<const std::byte> data) override;
  wmi::Status resize(std::string_view disk, std::uint64_t new_size) override;
  // Beside the data plane: zeros over a VM disk's range — a guest's zero fill, a tracked change
  // that stores no payload (sim::storage::VirtualDisk::write_zeroes). Same rules as write.
  wmi::Status write_zeroes(std::string_view disk, std::uint64_t offset, std::uint64_t length);
  // Fills [offset, offset + length) of a VM disk with `value` (`offline`: behind the tracker's
  // back, as modify_offline). The whole range is checked first, so a refused fill changes nothing
  // and its error names this offset and length. A zero fill stores no payload whatever its
  // length; any other value is written in pieces of bounded size.
  wmi::Status fill(std::string_view disk, std::uint64_t offset, std::uint64_t length,
                   std::byte value, bool offline);
  // What reading [offset, offset + length) of `disk` (any name read takes) would refuse, checked
  // without reading and without read's 1 GiB cap: a caller reading in pieces checks first.
  wmi::Status check_read(std::string_view disk, std::uint64_t offset, std::uint64_t length) const;

  // The size of an exported file (the configuration's size is what a restore reads first).
  // kNotFound when no file has that path.
  wmi::Result<std::uint64_t> file_size(std::string_view path) const;
  // The exported files under `directory` (path and size), in path order.
  std::vector<std::pair<std::string, std::uint64_t>> list_files(std::string_view directory) const;
  // Rebuilds `disk` from a chain of export directories (export_restore.h).
  wmi::Result<RestoredDisk> restore_export(std::span<const std::string> chain,
                                           std::string_view disk) const;

  const control::Clock& clock() const;
  // The virtual clock when the host runs on one (the default), else nullptr. Advancing it is how
  // tests and the CLI let jobs' virtual time pass.
  control::VirtualClock* virtual_clock();
  // Replaces the fault rules (counters start at zero).
  void set_faults(control::FaultPlan faults);
  // How often each rule matched and fired so far, in rule order.
  std::vector<control::RuleCounters> fault_counters() const;

 private:
  explicit Host(std::unique_ptr<HostState> state);

  mutable std::mutex mutex_;
  std::unique_ptr<HostState> state_;
};

}  // namespace sim::host
