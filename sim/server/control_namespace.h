// The control namespace root/hvsim: the simulator's own controls — the DataPlane, a host crash,
// the clock and the fault rules — as CIM classes, so that a WS-Man client of `hvsim serve
// --enable-control` can drive them over the wire (docs/formats/control-namespace.md).
//
// ControlledHost is a wmi::Connection decorator over a sim::host::Host: it answers get, query and
// invoke in root/hvsim itself and passes every other call to the Host unchanged, so the Hyper-V
// namespaces never see root/hvsim and, without the decorator (no --enable-control), root/hvsim does
// not exist (the Host answers kNotFound for a namespace it does not serve).
//
//   HvSim_DiskIo      Write, WriteZeroes, Read, Resize, ModifyOffline   (the Host's DataPlane)
//   HvSim_Host        Crash
//   HvSim_Clock       Now, Advance                                      (the ScaledClock)
//   HvSim_FaultRules  Install (fault-rule JSON, fault_rules_json.h), Clear
//
// Each class is a keyless singleton: its path has no keys (over WS-Man, the class ResourceURI and
// no SelectorSet); Get returns its one instance and `SELECT * FROM <class>` in root/hvsim lists it.
// Answers:
//   - unknown class in root/hvsim: kNotFound for get and invoke, kInvalidArgument in a query (as
//     the Host answers for a class its namespaces lack); any other query than SELECT * FROM <class>
//     is kInvalidArgument;
//   - any selector: w:InvalidSelectors; unknown method: a:ActionNotSupported (wsman_faults.h);
//   - a parameter the method does not declare, given twice, of the wrong type, missing, or unusable
//     on its own (bad base64, a Read longer than kMaxTransferBytes, fault rules that do not load):
//     w:InvalidParameter, and nothing changes;
//   - a well-formed call the host refuses (no such disk, offset outside it or not sector-aligned,
//     a read-only disk, the clock would overflow): ReturnValue != 0 with the reason in the
//     out-parameter Error, and nothing changes. 0 on success.
// Method arguments may come typed (in process) or as text (over the wire), converted strictly
// (sim/host/argument_typing.h). Fault rules never apply to root/hvsim calls, so Clear always works.
//
// Thread-safety: every method may be called from several threads at once. The Host locks itself
// and the ScaledClock is atomic; the decorator's own state is one atomic counter.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "sim/control/scaled_clock.h"
#include "sim/host/host.h"
#include "wmi/cim/connection.h"

namespace sim::server {

inline constexpr std::string_view kControlNamespace = "root/hvsim";

// The most bytes one Read returns and one Write or ModifyOffline carries (16 MiB); more is
// w:InvalidParameter.
inline constexpr std::uint64_t kMaxTransferBytes = std::uint64_t{16} << 20;

// ReturnValues of the control methods (Hyper-V's method return codes).
inline constexpr std::uint32_t kControlCompleted = 0;
inline constexpr std::uint32_t kControlFailed = 32768;            // anything else
inline constexpr std::uint32_t kControlInvalidParameter = 32773;  // the host refused the values
inline constexpr std::uint32_t kControlNotFound = 32779;          // no such disk

class ControlledHost final : public wmi::Connection {
 public:
  // Serves root/hvsim over `host`, whose clock must be `clock` (Host::clock() is the same object):
  // kInvalidArgument otherwise, or when either is null.
  static wmi::Result<std::unique_ptr<ControlledHost>> create(
      std::shared_ptr<host::Host> host, std::shared_ptr<control::ScaledClock> clock);

  wmi::Result<wmi::Instance> get(const wmi::ObjectPath& path) override;
  wmi::Result<std::vector<wmi::Instance>> query(std::string_view namespace_name,
                                                std::string_view wql) override;
  wmi::Result<wmi::MethodResult> invoke(const wmi::ObjectPath& target, std::string_view method,
                                        const wmi::PropertyList& in) override;
  wmi::Result<wmi::Identity> identify() override;

  host::Host& host() { return *host_; }

 private:
  ControlledHost(std::shared_ptr<host::Host> host, std::shared_ptr<control::ScaledClock> clock);

  wmi::Instance instance_of(std::string_view class_name) const;

  std::shared_ptr<host::Host> host_;
  std::shared_ptr<control::ScaledClock> clock_;
  std::atomic<std::uint64_t> crashes_{0};  // HvSim_Host.CrashCount
};

// True when `namespace_name` names root/hvsim (any case, '\' or '/').
bool is_control_namespace(std::string_view namespace_name);

}  // namespace sim::server
