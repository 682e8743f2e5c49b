// What the wire benchmark (bench/wsman_bench.cc) sets up and checks in process, through the host
// `hvsim serve` serves (sim::server::Server::host()): the VMs and services to address, a disk with
// changes since an RCT reference point for GetVirtualDiskChanges, and the reference-point churn's
// final check against the host's state.
//
// Setup failures are fatal (must() prints and aborts): a benchmark without its fixture measures
// nothing. Thread-safety: the functions take the host's lock through its public calls; call them
// before or after a load run, not during one.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "bench/wsman_load_client.h"
#include "bench/wsman_scripts.h"
#include "sim/host/host.h"
#include "wmi/cim/object_path.h"
#include "wmi/cim/status.h"

namespace bench {

template <typename T>
T must(wmi::Result<T> result, const char* what) {
  if (!result.ok()) {
    std::fprintf(stderr, "wsman_bench: %s: %s\n", what, result.status().message().c_str());
    std::abort();
  }
  return std::move(*result);
}

// The VMs (Msvm_ComputerSystem with Caption "Virtual Machine"), in ElementName order.
std::vector<wmi::ObjectPath> virtual_machines(sim::host::Host& host);

// The path of the one instance of a service class in root/virtualization/v2.
wmi::ObjectPath singleton(sim::host::Host& host, std::string_view class_name);

// Creates an RCT reference point on `vm` (its first disk), then zero-fills `ranges` 64 KiB blocks
// spread across that disk: GetVirtualDiskChanges since the point answers `ranges` ranges.
ChangesFixture prepare_changes(sim::host::Host& host, const wmi::ObjectPath& service,
                               const wmi::ObjectPath& vm, std::size_t ranges);

// InstanceIDs of every Msvm_VirtualSystemReferencePoint.
std::set<std::string> reference_point_ids(sim::host::Host& host);

struct ChurnCheck {
  std::size_t creates = 0;   // CreateReferencePoint answered 0
  std::size_t destroys = 0;  // DestroyReferencePoint answered 0
  // InstanceIDs answered twice + points left that no client holds + points a client holds that
  // are gone + |creates - destroys - held|.
  std::size_t lost_or_duplicated = 0;
  std::size_t undocumented_faults = 0;  // subcodes outside spec/wsman-wire.md's table
  std::string problem;                  // "" when the run met its target
};

// Judges a churn run: `before` and `after` are reference_point_ids() around it; `expected_ops` is
// what the clients were to send in all.
ChurnCheck check_churn(const std::vector<ChurnLedger>& ledgers, const std::set<std::string>& before,
                       const std::set<std::string>& after, const LoadResult& result,
                       std::size_t expected_ops);

// Destroys, in process, the points the clients still hold (a run cut short), so that the next run
// starts from the same state.
void release_points(sim::host::Host& host, const wmi::ObjectPath& service,
                    std::vector<ChurnLedger>& ledgers);

}  // namespace bench
