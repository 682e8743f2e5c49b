// Test support for sim/host: hosts built from the shipped fixtures
// (fixtures/inventories/small.json, fixtures/profiles/*.json, read from HVSIM_SOURCE_DIR),
// object-path builders for the small inventory's VMs, groups and services, method-call shorthands,
// job polling on the virtual clock, and a rendering of the model's instances for all-or-nothing
// comparisons. Test-only; not synchronised. Functions that read files abort the test binary with a
// message when the fixture is missing or malformed (a broken checkout, not a test result).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/control/fault_rules.h"
#include "sim/control/inventory.h"
#include "sim/control/profile.h"
#include "sim/host/host.h"
#include "sim/host/host_state.h"
#include "wmi/cim/connection.h"

namespace sim::host::test {

inline constexpr std::string_view kV2 = kVirtualizationNamespace;
inline constexpr std::string_view kCluster = kClusterNamespace;

// fixtures/inventories/small.json.
inline constexpr std::string_view kHostName = "HV-HOST-01";
inline constexpr std::string_view kSql01 = "D253BD21-5401-450B-BB44-63660F5A3E14";       // 2 VHDX
inline constexpr std::string_view kWeb01 = "76025F59-0F17-4B48-8F74-15952224C2B7";       // 1 VHDX
inline constexpr std::string_view kArchive01 = "F4B69DC0-2CCF-4617-9EED-C8ADD7F3D26E";   // 5.0, VHD
inline constexpr std::string_view kFinance = "17941B31-5A9C-49EB-A8FA-AF67311F9463";     // sql, web
inline constexpr std::string_view kProduction = "337EB5A3-1167-4403-8EF7-42AE37DAAACA";  // groups
// An id no fixture uses.
inline constexpr std::string_view kMissingId = "00000000-0000-4000-8000-000000000000";

inline constexpr std::string_view kCrpService = "Msvm_CollectionReferencePointService";
inline constexpr std::string_view kCmService = "Msvm_CollectionManagementService";
inline constexpr std::string_view kVsrpService = "Msvm_VirtualSystemReferencePointService";

// Text of a file under the source tree ("fixtures/profiles/async-jobs.json").
std::string read_source_file(std::string_view relative_path);
control::Inventory small_inventory();
// fixtures/profiles/<name>.json ("doc-strict", "async-jobs").
control::Profile fixture_profile(std::string_view name);

struct HostSetup {
  control::Profile profile = fixture_profile("doc-strict");
  control::Inventory inventory = small_inventory();
  std::uint64_t seed = 1;
  control::FaultPlan faults;
  Mutant mutant = Mutant::kNone;
};
std::unique_ptr<Host> make_host(HostSetup setup = {});
// The same host state without the Host wrapper, for tests that must look below the CIM surface
// (RCT granularity through a change query); drive it with dispatcher.h.
std::unique_ptr<HostState> make_state(HostSetup setup = {});
// A fault plan of one rule (aborts on an invalid rule: a test bug).
control::FaultPlan one_rule(control::FaultRule rule);

// Paths (host-less, in `ns`).
wmi::ObjectPath service_path(std::string_view class_name, std::string_view ns = kV2);
wmi::ObjectPath crp_service(std::string_view ns = kV2);
wmi::ObjectPath cm_service(std::string_view ns = kV2);
wmi::ObjectPath vsrp_service(std::string_view ns = kV2);
wmi::ObjectPath vm_path(std::string_view guid, std::string_view ns = kV2);
wmi::ObjectPath group_path(std::string_view id, std::string_view ns = kV2);
wmi::ObjectPath management_path(std::string_view id, std::string_view ns = kV2);
wmi::ObjectPath rpc_path(std::string_view id, std::string_view vs_collection_id,
                         std::string_view ns = kV2);
wmi::ObjectPath job_path(std::string_view instance_id, std::string_view ns = kV2);

// Calls.
wmi::Result<wmi::MethodResult> create_reference_point(wmi::Connection& c,
                                                      const wmi::ObjectPath& collection,
                                                      std::uint16_t type = 2,
                                                      wmi::CimValue settings = "",
                                                      std::string_view ns = kV2);
wmi::Result<wmi::MethodResult> destroy_reference_point(wmi::Connection& c,
                                                       const wmi::ObjectPath& rpc,
                                                       std::string_view ns = kV2);
// Msvm_VirtualSystemReferencePointService.CreateReferencePoint on `system` (type 1: RCT under
// doc-strict's log0-rct1 encoding).
wmi::Result<wmi::MethodResult> create_vm_reference_point(wmi::Connection& c,
                                                         const wmi::CimValue& system,
                                                         std::uint16_t type = 1,
                                                         wmi::CimValue settings = "",
                                                         std::string_view ns = kV2);
// Msvm_VirtualSystemReferencePointService.`method` (DestroyReferencePoint, RemoveAssociatedData)
// with AffectedReferencePoint = `point`.
wmi::Result<wmi::MethodResult> vm_reference_point_call(wmi::Connection& c, std::string_view method,
                                                       const wmi::CimValue& point,
                                                       std::string_view ns = kV2);
wmi::Result<wmi::MethodResult> define_collection(wmi::Connection& c, std::string_view name,
                                                 std::string_view id, std::uint16_t type,
                                                 std::string_view ns = kV2);
wmi::Result<wmi::MethodResult> member_call(wmi::Connection& c, std::string_view method,
                                           const wmi::ObjectPath& member,
                                           const wmi::ObjectPath& collection,
                                           std::string_view ns = kV2);
wmi::Result<wmi::MethodResult> cancel(wmi::Connection& c, const wmi::ObjectPath& job);

// The call's MethodResult; a failed gtest expectation (naming the Status) and ReturnValue
// kNoResult when the call did not reach the method.
inline constexpr std::uint32_t kNoResult = 0xFFFFFFFF;
wmi::MethodResult value_or_fail(const wmi::Result<wmi::MethodResult>& result);

// The out-parameter `name` as a reference, or nullptr (absent, null or not a reference).
const wmi::ObjectPath* out_reference(const wmi::MethodResult& result, std::string_view name);
const wmi::CimValue* out_value(const wmi::MethodResult& result, std::string_view name);

// An integer property, or nullopt.
std::optional<std::uint64_t> uint_property(const wmi::Instance& instance, std::string_view name);
std::string string_property(const wmi::Instance& instance, std::string_view name);
std::vector<std::string> string_array_property(const wmi::Instance& instance,
                                               std::string_view name);

// Every Get of a job until it is terminal (or `max_polls`), the clock advanced by `interval`
// between Gets. Empty when the first Get fails (status in `error`).
struct JobTrace {
  std::vector<wmi::Instance> seen;
  wmi::Status error;
  bool terminal() const;
  const wmi::Instance& last() const { return seen.back(); }
  std::uint16_t state() const;
};
JobTrace poll_job(Host& host, const wmi::ObjectPath& job,
                  std::chrono::milliseconds interval = std::chrono::milliseconds(100),
                  int max_polls = 2000);

// Every instance of the namespace except jobs and what only jobs make
// (Msvm_ConcreteJob, Msvm_AffectedJobElement, Msvm_OwningJobElement), each rendered as its path
// and CIM-XML, sorted: `SELECT * FROM CIM_ManagedElement` plus every association class. The query
// reads jobs, so it counts as a poll of every unfinished job: take it when none is running.
std::vector<std::string> model_snapshot(Host& host, std::string_view ns = kV2);
// "" when equal; otherwise the lines only in `before` ("- ") and only in `after` ("+ ").
std::string snapshot_diff(const std::vector<std::string>& before,
                          const std::vector<std::string>& after);
// The association classes the namespace serves (for queries the snapshot makes).
std::vector<std::string_view> association_classes(std::string_view ns);

// A one-line rendering of an instance (path + CIM-XML).
std::string render(const wmi::Instance& instance);
std::string path_text(const wmi::ObjectPath& path);

// Reads a query; aborts the test with the status on error.
std::vector<wmi::Instance> query_or_die(wmi::Connection& c, std::string_view ns,
                                        std::string_view wql);

// A random seed for a non-RapidCheck randomized test: HVSIM_TEST_SEED if set, else drawn from
// std::random_device; printed to stdout either way so a failure can be replayed.
std::uint64_t test_seed(std::string_view test_name);

}  // namespace sim::host::test
