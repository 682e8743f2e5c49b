// host_bench: the simulated host's targets (issue 5, DESIGN.md "Targets") measured through the full
// in-process dispatch path (sim::host::Host as a wmi::Connection): CreateReferencePoint on a
// 1,000-VM × 8-disk group, SELECT * FROM Msvm_ComputerSystem over 10,000 VMs, and heap per idle VM.
// Each sits beside a naive baseline (rendered wmi::Instances searched linearly, re-rendered through
// or kept in a std::map registry) and a limit probe (ChangeTracker::seal on the 8,000 disks, memcpy
// of the query result's bytes, the bytes of the model's essential data) measured in the same run.
// Hosts are built outside timed regions; points are destroyed and query results freed with the
// timer paused, so every iteration starts from the same state. Run through `bench/run host`.
#include <benchmark/benchmark.h>
#include <malloc.h>
#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "sim/control/inventory_generator.h"
#include "sim/host/host.h"
#include "sim/storage/change_tracker.h"
#include "sim/storage/guid.h"
#include "sim/storage/virtual_disk.h"
#include "wmi/cim/wmi_path.h"

namespace {

using sim::host::Host;
using sim::storage::ChangeTracker;

constexpr std::string_view kNs = sim::host::kVirtualizationNamespace;
constexpr std::uint64_t kTiB = std::uint64_t{1} << 40;
constexpr std::uint64_t kBlock = std::uint64_t{64} << 10;
constexpr std::uint64_t kSeed = 5;
constexpr std::size_t kGroupVms = 1000;
constexpr std::size_t kGroupDisks = 8;
constexpr std::size_t kQueryVms = 10000;
constexpr std::size_t kMemoryVms = 1000;

template <typename T>
T must(wmi::Result<T> result, const char* what) {
  if (!result.ok()) {
    std::fprintf(stderr, "host_bench: %s: %s\n", what, result.status().message().c_str());
    std::abort();
  }
  return std::move(*result);
}

sim::control::Inventory inventory(std::size_t vms, std::size_t disks) {
  return must(sim::control::generate_inventory(vms, disks, kTiB, kSeed), "generate_inventory");
}

std::unique_ptr<Host> make_host(sim::control::Inventory inv) {
  sim::host::HostOptions options;
  options.inventory = std::move(inv);
  options.seed = kSeed;
  return must(Host::create(std::move(options)), "Host::create");
}

// Built once per process (a 1,000 × 8 host takes a while): shared by the repetitions.
Host& group_host() {
  static const std::unique_ptr<Host> host = make_host(inventory(kGroupVms, kGroupDisks));
  return *host;
}
Host& query_host() {
  static const std::unique_ptr<Host> host = make_host(inventory(kQueryVms, 1));
  return *host;
}

std::vector<wmi::Instance> select_all(Host& host, const char* class_name) {
  return must(host.query(kNs, std::string("SELECT * FROM ") + class_name), class_name);
}

std::string path_text(const wmi::ObjectPath& path) {
  return must(wmi::format_wmi_path(path, wmi::PathStyle::kSlash), "format_wmi_path");
}

const std::string& string_property(const wmi::Instance& instance, std::string_view name) {
  return *instance.find(name)->as_string();
}

std::size_t heap_in_use() {
  const struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;
}

long minor_faults() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_minflt;
}

void report_faults(benchmark::State& state, long before) {
  state.counters["faults_per_op"] = benchmark::Counter(
      static_cast<double>(minor_faults() - before) / static_cast<double>(state.iterations()));
}

// ---- CreateReferencePoint (type 2, RCT) on the 1,000-VM × 8-disk group "all-vms" -------------

void BM_CreateReferencePoint(benchmark::State& state) {
  Host& host = group_host();
  const wmi::ObjectPath service =
      *select_all(host, "Msvm_CollectionReferencePointService").front().path();
  const wmi::ObjectPath group = *select_all(host, "Msvm_VirtualSystemCollection").front().path();
  const wmi::PropertyList in{{"Collection", group},
                             {"ReferencePointSettings", ""},
                             {"ReferencePointType", std::uint16_t{2}}};
  const long faults = minor_faults();
  for (auto _ : state) {
    auto created = host.invoke(service, "CreateReferencePoint", in);
    state.PauseTiming();
    if (!created.ok() || created->return_value != 0) std::abort();
    const wmi::CimValue* point =
        wmi::find_property(created->out, "ResultingReferencePointCollection");
    const wmi::PropertyList destroy{{"AffectedReferencePointCollection", *point}};
    auto destroyed = host.invoke(service, "DestroyReferencePoint", destroy);
    if (!destroyed.ok() || destroyed->return_value != 0) std::abort();
    created = wmi::MethodResult{};
    state.ResumeTiming();
  }
  report_faults(state, faults);
  state.counters["ns_per_disk"] =
      benchmark::Counter(kGroupVms * kGroupDisks, benchmark::Counter::kIsIterationInvariantRate |
                                                      benchmark::Counter::kInvert);
}
BENCHMARK(BM_CreateReferencePoint)->Unit(benchmark::kMillisecond);

// Naive: the instances rendered once into flat lists, searched linearly for every member (its
// system, then every disk whose InstanceID names it), each point stored as a rendered instance in
// a std::map registry keyed by path text.
struct NaiveGroupModel {
  std::vector<wmi::Instance> systems;
  std::vector<wmi::Instance> disks;
  std::vector<std::unique_ptr<ChangeTracker>> trackers;  // parallel to disks
  std::vector<std::string> members;
  std::map<std::string, wmi::Instance> registry;
};

NaiveGroupModel naive_group_model() {
  Host& host = group_host();
  NaiveGroupModel m;
  m.systems = select_all(host, "Msvm_ComputerSystem");
  m.disks = select_all(host, "Msvm_StorageAllocationSettingData");
  for (std::size_t i = 0; i < m.disks.size(); ++i) {
    m.trackers.push_back(std::make_unique<ChangeTracker>(kTiB, true, i + 1));
    if (!m.trackers.back()->enable(kBlock).ok()) std::abort();
  }
  for (const wmi::Instance& system : m.systems) {
    if (string_property(system, "Caption") == "Virtual Machine") {
      m.members.push_back(string_property(system, "Name"));
    }
  }
  return m;
}

// Returns the (tracker, id) pairs it sealed, for the untimed clean-up.
std::vector<std::pair<std::size_t, std::string>> naive_create(NaiveGroupModel& m) {
  std::vector<std::pair<std::size_t, std::string>> sealed;
  for (const std::string& guid : m.members) {
    const wmi::Instance* vm = nullptr;
    for (const wmi::Instance& system : m.systems) {
      if (string_property(system, "Name") == guid) vm = &system;
    }
    if (vm == nullptr) std::abort();
    std::vector<wmi::CimElement> disk_ids;
    std::vector<wmi::CimElement> rct_ids;
    for (std::size_t i = 0; i < m.disks.size(); ++i) {
      const std::string& id = string_property(m.disks[i], "InstanceID");
      if (id.find(guid) == std::string::npos) continue;
      disk_ids.emplace_back(id);
      rct_ids.emplace_back(m.trackers[i]->seal()->to_string());
      sealed.emplace_back(i, std::get<std::string>(rct_ids.back()));
    }
    const std::string instance_id = "Microsoft:" + std::to_string(sealed.size());
    wmi::Instance point("Msvm_VirtualSystemReferencePoint", std::string(kNs),
                        {{"InstanceID", instance_id},
                         {"ReferencePointType", std::uint16_t{2}},
                         {"ResilientChangeTrackingIdentifiers",
                          *wmi::CimValue::array(wmi::CimType::kString, std::move(rct_ids))},
                         {"VirtualDiskIdentifiers",
                          *wmi::CimValue::array(wmi::CimType::kString, std::move(disk_ids))},
                         {"VirtualSystemIdentifier", guid}});
    wmi::ObjectPath path;
    path.namespace_name = std::string(kNs);
    path.class_name = point.class_name();
    path.keys = {{"InstanceID", instance_id}, {"VirtualSystemIdentifier", guid}};
    point.set_path(path);
    m.registry.emplace(path_text(path), std::move(point));
  }
  return sealed;
}

void BM_Naive_CreateReferencePoint(benchmark::State& state) {
  NaiveGroupModel m = naive_group_model();
  for (auto _ : state) {
    auto sealed = naive_create(m);
    state.PauseTiming();
    for (const auto& [tracker, id] : sealed) {
      if (!m.trackers[tracker]->forget(id).ok()) std::abort();
    }
    m.registry.clear();
    sealed = {};
    state.ResumeTiming();
  }
}
BENCHMARK(BM_Naive_CreateReferencePoint)->Unit(benchmark::kMillisecond);

// Limit: ChangeTracker::seal on 8,000 trackers directly (no id text, no model, no dispatch).
void BM_Limit_Seal8000(benchmark::State& state) {
  std::vector<std::unique_ptr<ChangeTracker>> trackers;
  for (std::size_t i = 0; i < kGroupVms * kGroupDisks; ++i) {
    trackers.push_back(std::make_unique<ChangeTracker>(kTiB, true, i + 1));
    if (!trackers.back()->enable(kBlock).ok()) std::abort();
  }
  std::vector<sim::storage::RctId> ids(trackers.size());
  for (auto _ : state) {
    for (std::size_t i = 0; i < trackers.size(); ++i) ids[i] = *trackers[i]->seal();
    state.PauseTiming();
    for (std::size_t i = 0; i < trackers.size(); ++i) {
      if (!trackers[i]->forget(ids[i].to_string()).ok()) std::abort();
    }
    state.ResumeTiming();
  }
  state.counters["ns_per_disk"] = benchmark::Counter(
      static_cast<double>(trackers.size()),
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_Limit_Seal8000)->Unit(benchmark::kMillisecond);

// ---- SELECT * FROM Msvm_ComputerSystem over 10,000 VMs ----------------------------------------

// The query as the caller sees it return; the caller frees the result with the timer paused
// (BM_SelectComputerSystem_WithFree includes that).
void BM_SelectComputerSystem(benchmark::State& state) {
  Host& host = query_host();
  std::size_t count = 0;
  const long faults = minor_faults();
  for (auto _ : state) {
    auto result = host.query(kNs, "SELECT * FROM Msvm_ComputerSystem");
    benchmark::DoNotOptimize(result->data());
    state.PauseTiming();
    count = result->size();
    result = std::vector<wmi::Instance>{};
    state.ResumeTiming();
  }
  report_faults(state, faults);
  state.counters["instances"] = static_cast<double>(count);
}
BENCHMARK(BM_SelectComputerSystem)->Unit(benchmark::kMillisecond);

void BM_SelectComputerSystem_WithFree(benchmark::State& state) {
  Host& host = query_host();
  for (auto _ : state) {
    auto result = host.query(kNs, "SELECT * FROM Msvm_ComputerSystem");
    benchmark::DoNotOptimize(result->data());
  }
}
BENCHMARK(BM_SelectComputerSystem_WithFree)->Unit(benchmark::kMillisecond);

// Naive: every query renders each system into a std::map registry keyed by path text, then deep-
// copies the instances of the class out of it.
struct NaiveSystem {
  std::string guid;
  std::string name;
  std::uint16_t enabled_state;
};

wmi::Instance naive_render(const std::string& host_name, const NaiveSystem& vm, bool is_host) {
  wmi::ObjectPath path;
  path.host = host_name;
  path.namespace_name = std::string(kNs);
  path.class_name = "Msvm_ComputerSystem";
  path.keys = {{"CreationClassName", std::string("Msvm_ComputerSystem")}, {"Name", vm.guid}};
  wmi::Instance instance(
      "Msvm_ComputerSystem", std::string(kNs),
      {{"Caption", is_host ? "Hosting Computer System" : "Virtual Machine"},
       {"CreationClassName", "Msvm_ComputerSystem"},
       {"Description", is_host ? "Microsoft Hosting Computer System" : "Microsoft Virtual Machine"},
       {"ElementName", vm.name},
       {"EnabledState", vm.enabled_state},
       {"HealthState", std::uint16_t{5}},
       {"Name", vm.guid},
       {"OperationalStatus", *wmi::CimValue::array(wmi::CimType::kUint16, {std::uint16_t{2}})},
       {"RequestedState", std::uint16_t{12}}});
  instance.set_path(std::move(path));
  return instance;
}

void BM_Naive_SelectComputerSystem(benchmark::State& state) {
  const sim::control::Inventory inv = inventory(kQueryVms, 1);
  std::vector<NaiveSystem> model;
  for (const auto& vm : inv.vms) model.push_back({vm.guid, vm.name, vm.enabled_state});
  const NaiveSystem host_system{inv.host_name, inv.host_name, 2};
  std::size_t count = 0;
  for (auto _ : state) {
    std::map<std::string, wmi::Instance> registry;
    wmi::Instance h = naive_render(inv.host_name, host_system, true);
    registry.emplace(path_text(*h.path()), std::move(h));
    for (const NaiveSystem& vm : model) {
      wmi::Instance instance = naive_render(inv.host_name, vm, false);
      registry.emplace(path_text(*instance.path()), std::move(instance));
    }
    std::vector<wmi::Instance> out;
    for (const auto& [path, instance] : registry) {
      if (instance.class_name() == "Msvm_ComputerSystem") out.push_back(instance);
    }
    benchmark::DoNotOptimize(out.data());
    state.PauseTiming();
    count = out.size();
    out = {};
    state.ResumeTiming();
  }
  state.counters["instances"] = static_cast<double>(count);
}
BENCHMARK(BM_Naive_SelectComputerSystem)->Unit(benchmark::kMillisecond);

// Heap and inline bytes of an instance with everything it owns (strings past the inline buffer,
// property and key lists, array elements, reference paths).
std::size_t string_bytes(const std::string& s) { return s.size() > 15 ? s.capacity() + 1 : 0; }

std::size_t path_bytes(const wmi::ObjectPath& path) {
  std::size_t bytes = string_bytes(path.namespace_name) + string_bytes(path.class_name) +
                      (path.host ? string_bytes(*path.host) : 0) +
                      path.keys.capacity() * sizeof(wmi::KeyBinding);
  for (const wmi::KeyBinding& key : path.keys) {
    bytes += string_bytes(key.name);
    if (const auto* text = std::get_if<std::string>(&key.value)) bytes += string_bytes(*text);
  }
  return bytes;
}

std::size_t element_bytes(const wmi::CimElement& element) {
  if (const auto* text = std::get_if<std::string>(&element)) return string_bytes(*text);
  if (const auto* path = std::get_if<wmi::ObjectPath>(&element)) return path_bytes(*path);
  return 0;
}

std::size_t instance_bytes(const wmi::Instance& instance) {
  std::size_t bytes = sizeof(wmi::Instance) + string_bytes(instance.class_name()) +
                      string_bytes(instance.namespace_name()) +
                      instance.properties().capacity() * sizeof(wmi::Property) +
                      (instance.path() ? path_bytes(*instance.path()) : 0);
  for (const wmi::Property& property : instance.properties()) {
    bytes += string_bytes(property.name);
    if (property.value.is_null()) continue;
    if (!property.value.is_array()) {
      bytes += element_bytes(property.value.scalar());
      continue;
    }
    bytes += property.value.elements().capacity() * sizeof(wmi::CimElement);
    for (const wmi::CimElement& element : property.value.elements()) {
      bytes += element_bytes(element);
    }
  }
  return bytes;
}

// Limit: memcpy of as many bytes as the query's result holds (its instances with every string,
// list and path they own) into a prefaulted buffer.
void BM_Limit_MemcpyResult(benchmark::State& state) {
  std::size_t bytes = 0;
  for (const wmi::Instance& instance : select_all(query_host(), "Msvm_ComputerSystem")) {
    bytes += instance_bytes(instance);
  }
  std::vector<char> source(bytes, 1);
  std::vector<char> target(bytes, 0);  // value-initialised: prefaulted
  for (auto _ : state) {
    std::memcpy(target.data(), source.data(), bytes);
    benchmark::DoNotOptimize(target.data());
    benchmark::ClobberMemory();
  }
  state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_Limit_MemcpyResult)->Unit(benchmark::kMillisecond);

// Info: copying the same 10,001 instances, already rendered (the copy is freed untimed).
void BM_CopyRenderedInstances(benchmark::State& state) {
  const std::vector<wmi::Instance> rendered = select_all(query_host(), "Msvm_ComputerSystem");
  for (auto _ : state) {
    std::vector<wmi::Instance> copy = rendered;
    benchmark::DoNotOptimize(copy.data());
    state.PauseTiming();
    copy = {};
    state.ResumeTiming();
  }
  state.counters["instances"] = static_cast<double>(rendered.size());
}
BENCHMARK(BM_CopyRenderedInstances)->Unit(benchmark::kMillisecond);

// ---- one incremental backup cycle: 100-VM group, 1 TiB disks, 1 % of the blocks changed --------
//
// What is real and what is accounted. 1 % of 100 × 1 TiB is ~1 TiB of changed data, which no
// 24 GiB machine holds, so the changed blocks are dirtied with zero fills (Host::write_zeroes: one
// 4 KiB zero fill in 1 % of each disk's 64 KiB RCT blocks, a tracked change that stores no payload)
// — RCT sees exactly the changes a guest's writes would make. The timed cycle is everything a
// vendor runs through wmi::Connection except moving the bytes: CreateSnapshot (group SnapshotType
// 2), GetVirtualDiskChanges on every member disk paged by ProcessedByteLength until the disk is
// covered, ConvertToReferencePoint, the new point's RCT ids (ASSOCIATORS OF the point collection),
// DestroyReferencePoint on the previous point. The data step is not run (reading ~1 TiB of zeros
// per iteration would take minutes and measure memcpy); it is accounted by BM_Limit_CopyBandwidth:
// memcpy bandwidth in this run × the bytes the cycle reported changed. Baseline: discovering the
// changes without RCT by comparing every block against the last backup (memcmp of 256 MiB against
// a copy, scaled linearly to 100 TiB). Limit: the engine alone — ChangeTracker seal and paged
// query_changes on 100 bare trackers with the same writes, no model and no dispatch.

constexpr std::size_t kCycleVms = 100;
constexpr std::uint64_t kDirtyEvery = 100;  // one dirtied block in each run of 100: exactly 1 %
constexpr std::uint64_t kDirtyBytes = 4096;

// The dirtied byte offsets of disk `disk`: one block chosen at random in each run of 100 blocks.
std::vector<std::uint64_t> dirty_offsets(std::size_t disk) {
  std::mt19937_64 engine(kSeed * 1000 + disk);
  std::vector<std::uint64_t> offsets;
  const std::uint64_t runs = kTiB / kBlock / kDirtyEvery;
  offsets.reserve(runs);
  for (std::uint64_t run = 0; run < runs; ++run) {
    offsets.push_back((run * kDirtyEvery + engine() % kDirtyEvery) * kBlock);
  }
  return offsets;
}

wmi::MethodResult call(Host& host, const wmi::ObjectPath& target, std::string_view method,
                       const wmi::PropertyList& in) {
  wmi::MethodResult r = must(host.invoke(target, method, in), "invoke");
  if (r.return_value != 0) {
    std::fprintf(stderr, "host_bench: %.*s returned %u\n", static_cast<int>(method.size()),
                 method.data(), static_cast<unsigned>(r.return_value));
    std::abort();
  }
  return r;
}

const wmi::ObjectPath& out_path(const wmi::MethodResult& r, std::string_view name) {
  const wmi::CimValue* value = wmi::find_property(r.out, name);
  if (value == nullptr || value->as_reference() == nullptr) std::abort();
  return *value->as_reference();
}

std::vector<std::string> string_array(const wmi::Instance& instance, std::string_view name) {
  std::vector<std::string> out;
  for (const wmi::CimElement& e : instance.find(name)->elements()) {
    out.push_back(std::get<std::string>(e));
  }
  return out;
}

struct CycleDisk {
  std::string path;    // HostResource, the Path GetVirtualDiskChanges takes
  std::string rct_id;  // the previous point's id for this disk
};

struct CycleHost {
  std::unique_ptr<Host> host;
  wmi::ObjectPath group;
  wmi::ObjectPath snapshot_service;
  wmi::ObjectPath point_service;
  wmi::ObjectPath image_service;
  std::map<std::string, std::string> path_of_disk;  // SASD InstanceID -> HostResource
  std::vector<std::vector<std::uint64_t>> dirty;    // per disk, in path_of_disk order
  wmi::ObjectPath previous_point;
  std::vector<CycleDisk> disks;
};

// The point collection's per-disk RCT ids, as a vendor reads them after ConvertToReferencePoint.
std::vector<CycleDisk> point_disks(CycleHost& c, const wmi::ObjectPath& point_collection) {
  std::vector<CycleDisk> disks;
  for (const wmi::Instance& point :
       must(c.host->query(kNs, "ASSOCIATORS OF {" + path_text(point_collection) +
                                   "} WHERE AssocClass=Msvm_CollectedReferencePoints"),
            "ASSOCIATORS OF point collection")) {
    const std::vector<std::string> ids = string_array(point, "VirtualDiskIdentifiers");
    const std::vector<std::string> rct = string_array(point, "ResilientChangeTrackingIdentifiers");
    for (std::size_t i = 0; i < ids.size(); ++i)
      disks.push_back({c.path_of_disk.at(ids[i]), rct[i]});
  }
  return disks;
}

// CreateSnapshot (group, type 2) then ConvertToReferencePoint; returns the point collection.
wmi::ObjectPath snapshot_and_convert(CycleHost& c) {
  const wmi::MethodResult created =
      call(*c.host, c.snapshot_service, "CreateSnapshot",
           {{"Collection", c.group}, {"SnapshotType", std::uint16_t{2}}});
  const wmi::ObjectPath snapshot = out_path(created, "ResultingSnapshotCollection");
  return out_path(call(*c.host, c.snapshot_service, "ConvertToReferencePoint",
                       {{"AffectedSnapshotCollection", snapshot}}),
                  "ResultingReferencePointCollection");
}

void dirty_disks(CycleHost& c) {
  std::size_t d = 0;
  for (const auto& [id, path] : c.path_of_disk) {
    for (const std::uint64_t offset : c.dirty[d]) {
      if (!c.host->write_zeroes(path, offset, kDirtyBytes).ok()) std::abort();
    }
    ++d;
  }
}

CycleHost& cycle_host() {
  static CycleHost c = [] {
    CycleHost c;
    c.host = make_host(inventory(kCycleVms, 1));
    Host& host = *c.host;
    c.snapshot_service = *select_all(host, "Msvm_CollectionSnapshotService").front().path();
    c.point_service = *select_all(host, "Msvm_CollectionReferencePointService").front().path();
    c.image_service = *select_all(host, "Msvm_ImageManagementService").front().path();
    const wmi::ObjectPath management =
        *select_all(host, "Msvm_CollectionManagementService").front().path();
    c.group = out_path(call(host, management, "DefineCollection",
                            {{"Name", std::string("cycle-bench")},
                             {"Id", std::string()},
                             {"Type", std::uint16_t{0}}}),
                       "DefinedCollection");
    for (const wmi::Instance& system : select_all(host, "Msvm_ComputerSystem")) {
      if (string_property(system, "Caption") != "Virtual Machine") continue;
      call(host, management, "AddMember", {{"Member", *system.path()}, {"Collection", c.group}});
    }
    for (const wmi::Instance& sasd : select_all(host, "Msvm_StorageAllocationSettingData")) {
      c.path_of_disk.emplace(string_property(sasd, "InstanceID"),
                             string_array(sasd, "HostResource").at(0));
    }
    if (c.path_of_disk.size() != kCycleVms) std::abort();
    for (std::size_t d = 0; d < kCycleVms; ++d) c.dirty.push_back(dirty_offsets(d));
    c.previous_point = snapshot_and_convert(c);  // the first, full cycle: base RCT ids
    c.disks = point_disks(c, c.previous_point);
    return c;
  }();
  return c;
}

void BM_IncrementalCycle(benchmark::State& state) {
  CycleHost& c = cycle_host();
  std::uint64_t ranges = 0;
  std::uint64_t changed = 0;
  for (auto _ : state) {
    state.PauseTiming();
    dirty_disks(c);
    ranges = 0;
    changed = 0;
    state.ResumeTiming();
    const wmi::MethodResult created =
        call(*c.host, c.snapshot_service, "CreateSnapshot",
             {{"Collection", c.group}, {"SnapshotType", std::uint16_t{2}}});
    const wmi::ObjectPath snapshot = out_path(created, "ResultingSnapshotCollection");
    for (const CycleDisk& disk : c.disks) {
      for (std::uint64_t offset = 0; offset < kTiB;) {
        const wmi::MethodResult page = call(*c.host, c.image_service, "GetVirtualDiskChanges",
                                            {{"Path", disk.path},
                                             {"LimitId", disk.rct_id},
                                             {"TargetSnapshotId", std::string()},
                                             {"ByteOffset", offset},
                                             {"ByteLength", kTiB - offset}});
        const auto processed = wmi::find_property(page.out, "ProcessedByteLength")->as_uint();
        const wmi::CimValue* lengths = wmi::find_property(page.out, "ChangedByteLengths");
        for (const wmi::CimElement& length : lengths->elements()) {
          changed += std::get<std::uint64_t>(length);
          ++ranges;
        }
        if (!processed || *processed == 0) std::abort();
        offset += *processed;
      }
    }
    const wmi::ObjectPath point =
        out_path(call(*c.host, c.snapshot_service, "ConvertToReferencePoint",
                      {{"AffectedSnapshotCollection", snapshot}}),
                 "ResultingReferencePointCollection");
    std::vector<CycleDisk> next = point_disks(c, point);
    call(*c.host, c.point_service, "DestroyReferencePoint",
         {{"AffectedReferencePointCollection", c.previous_point}});
    c.previous_point = point;
    c.disks = std::move(next);
  }
  state.counters["ranges"] = static_cast<double>(ranges);
  state.counters["bytes_changed"] = static_cast<double>(changed);
}
BENCHMARK(BM_IncrementalCycle)->Iterations(1)->Unit(benchmark::kMillisecond);

// Limit: the engine alone on 100 bare 1 TiB trackers with the same writes: seal, then page
// query_changes (1,024 ranges per page, the default profile's rct_max_ranges_per_call) over each
// disk; the older id is forgotten as the cycle's DestroyReferencePoint would.
void BM_Limit_CycleChangeQuery(benchmark::State& state) {
  std::vector<std::unique_ptr<ChangeTracker>> trackers;
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < kCycleVms; ++i) {
    trackers.push_back(std::make_unique<ChangeTracker>(kTiB, true, i + 1));
    if (!trackers.back()->enable(kBlock).ok()) std::abort();
    ids.push_back(trackers.back()->seal()->to_string());
  }
  std::vector<std::vector<std::uint64_t>> dirty;
  for (std::size_t d = 0; d < kCycleVms; ++d) dirty.push_back(dirty_offsets(d));
  std::uint64_t ranges = 0;
  for (auto _ : state) {
    state.PauseTiming();
    for (std::size_t d = 0; d < kCycleVms; ++d) {
      for (const std::uint64_t offset : dirty[d]) trackers[d]->on_write(offset, kDirtyBytes, {});
    }
    ranges = 0;
    state.ResumeTiming();
    for (std::size_t d = 0; d < kCycleVms; ++d) {
      const std::string next = trackers[d]->seal()->to_string();
      for (std::uint64_t offset = 0; offset < kTiB;) {
        auto page = trackers[d]->query_changes(ids[d], offset, kTiB - offset, std::size_t{1024});
        if (!page.ok()) std::abort();
        ranges += page->ranges.size();
        offset += page->processed_length;
      }
      if (!trackers[d]->forget(ids[d]).ok()) std::abort();
      ids[d] = next;
    }
  }
  state.counters["ranges"] = static_cast<double>(ranges);
}
BENCHMARK(BM_Limit_CycleChangeQuery)->Iterations(1)->Unit(benchmark::kMillisecond);

// Baseline (scaled): change discovery without RCT — compare every block with the last backup's
// copy. Measures memcmp over 256 MiB against an equal copy; summarize.py scales the bytes/s to the
// group's 100 TiB.
constexpr std::size_t kProbeBytes = std::size_t{256} << 20;

void BM_Naive_CompareEveryBlock(benchmark::State& state) {
  std::vector<std::byte> disk(kProbeBytes, std::byte{0x5A});
  std::vector<std::byte> backup(disk);
  for (auto _ : state) {
    benchmark::DoNotOptimize(std::memcmp(disk.data(), backup.data(), kProbeBytes));
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kProbeBytes));
}
BENCHMARK(BM_Naive_CompareEveryBlock)->Unit(benchmark::kMillisecond);

// Limit for the data step the cycle does not run: memcpy bandwidth over 256 MiB; summarize.py
// turns it into the time to copy the bytes the cycle reported changed.
void BM_Limit_CopyBandwidth(benchmark::State& state) {
  std::vector<std::byte> from(kProbeBytes, std::byte{0x5A});
  std::vector<std::byte> to(kProbeBytes);
  for (auto _ : state) {
    std::memcpy(to.data(), from.data(), kProbeBytes);
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kProbeBytes));
}
BENCHMARK(BM_Limit_CopyBandwidth)->Unit(benchmark::kMillisecond);

// ---- memory per idle VM (8 empty 1 TiB disks) ---------------------------------------------------

constexpr double kKiB = 1024.0;

void BM_Memory_PerVm(benchmark::State& state) {
  for (auto _ : state) {
    const std::size_t before = heap_in_use();
    std::unique_ptr<Host> host = make_host(inventory(kMemoryVms, kGroupDisks));
    const std::size_t after = heap_in_use();
    state.counters["KiB_per_VM"] = static_cast<double>(after - before) / kMemoryVms / kKiB;
  }
}
BENCHMARK(BM_Memory_PerVm)->Iterations(1)->Repetitions(1)->Unit(benchmark::kMillisecond);

// Naive: the same disks (VirtualDisk, tracking on) plus every instance of each VM (system,
// settings, 8 disk settings) rendered and kept in a std::map registry keyed by path text.
void BM_Naive_Memory_PerVm(benchmark::State& state) {
  std::unique_ptr<Host> host = make_host(inventory(kMemoryVms, kGroupDisks));
  for (auto _ : state) {
    const std::size_t before = heap_in_use();
    std::vector<std::unique_ptr<sim::storage::VirtualDisk>> disks;
    std::mt19937_64 engine(kSeed);
    for (std::size_t i = 0; i < kMemoryVms * kGroupDisks; ++i) {
      auto disk = sim::storage::VirtualDisk::create(
          {kTiB, 512, sim::storage::DiskFormat::kVhdx, sim::storage::Guid::random(engine), i + 1});
      if (!disk) std::abort();
      disks.push_back(std::move(*disk));
      if (!disks.back()->change_tracker().enable(kBlock).ok()) std::abort();
    }
    std::map<std::string, wmi::Instance> registry;
    for (const char* cls : {"Msvm_ComputerSystem", "Msvm_VirtualSystemSettingData",
                            "Msvm_StorageAllocationSettingData"}) {
      for (wmi::Instance& instance : select_all(*host, cls)) {
        std::string key = path_text(*instance.path());
        registry.emplace(std::move(key), std::move(instance));
      }
    }
    const std::size_t after = heap_in_use();
    state.counters["KiB_per_VM"] = static_cast<double>(after - before) / kMemoryVms / kKiB;
  }
}
BENCHMARK(BM_Naive_Memory_PerVm)->Iterations(1)->Repetitions(1)->Unit(benchmark::kMillisecond);

// Limit: the bytes of the model's essential data per VM — its GUID and name, and per disk a
// descriptor (size, sector, format, disk GUID, tracking session GUID, sequence, granularity).
void BM_Limit_Memory_PerVm(benchmark::State& state) {
  struct DiskDescriptor {
    std::uint64_t size;
    sim::storage::Guid id;
    sim::storage::Guid session;
    std::uint32_t sector;
    std::uint32_t sequence;
    std::uint8_t format;
    std::uint8_t granularity_log2;
  };
  const sim::control::Inventory inv = inventory(kMemoryVms, kGroupDisks);
  for (auto _ : state) {
    std::size_t bytes = 0;
    for (const auto& vm : inv.vms) {
      bytes += vm.guid.size() + vm.name.size() + vm.disks.size() * sizeof(DiskDescriptor);
    }
    state.counters["KiB_per_VM"] = static_cast<double>(bytes) / kMemoryVms / kKiB;
  }
}
BENCHMARK(BM_Limit_Memory_PerVm)->Iterations(1)->Repetitions(1)->Unit(benchmark::kMillisecond);

}  // namespace

// The allocator keeps what is freed (as a long-running client in steady state does): without
// this, glibc returns the top of the heap after each query and the next one re-faults ~25 MB at
// ~10 µs per 4 KiB page, which measures the hypervisor, not the host.
int main(int argc, char** argv) {
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
