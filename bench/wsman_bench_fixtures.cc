#include "bench/wsman_bench_fixtures.h"

#include <fmt/format.h>

#include <algorithm>

#include "wmi/cim/wsman_faults.h"

namespace bench {

namespace {

using sim::host::Host;
constexpr std::string_view kNs = sim::host::kVirtualizationNamespace;
constexpr std::uint64_t kBlock = std::uint64_t{64} << 10;
constexpr std::uint64_t kTiB = std::uint64_t{1} << 40;

std::vector<wmi::Instance> select_all(Host& host, std::string_view class_name) {
  return must(host.query(kNs, "SELECT * FROM " + std::string(class_name)), "query");
}

const std::string& text(const wmi::Instance& instance, std::string_view name) {
  const wmi::CimValue* value = instance.find(name);
  const std::string* s = value == nullptr ? nullptr : value->as_string();
  if (s == nullptr) {
    std::fprintf(stderr, "wsman_bench: %s has no string %.*s\n", instance.class_name().c_str(),
                 static_cast<int>(name.size()), name.data());
    std::abort();
  }
  return *s;
}

const std::string& first_element(const wmi::Instance& instance, std::string_view name) {
  const wmi::CimValue* value = instance.find(name);
  if (value == nullptr || value->is_null() || !value->is_array() || value->elements().empty()) {
    std::fprintf(stderr, "wsman_bench: %s has no %.*s\n", instance.class_name().c_str(),
                 static_cast<int>(name.size()), name.data());
    std::abort();
  }
  return std::get<std::string>(value->elements().front());
}

std::string instance_id(const wmi::ObjectPath& path) {
  const wmi::KeyValue* id = path.key("InstanceID");
  const std::string* s = id == nullptr ? nullptr : std::get_if<std::string>(id);
  return s == nullptr ? std::string() : *s;
}

}  // namespace

std::vector<wmi::ObjectPath> virtual_machines(Host& host) {
  std::vector<wmi::Instance> systems = select_all(host, "Msvm_ComputerSystem");
  std::vector<std::pair<std::string, wmi::ObjectPath>> vms;
  for (const wmi::Instance& system : systems) {
    if (text(system, "Caption") == "Virtual Machine" && system.path()) {
      vms.emplace_back(text(system, "ElementName"), *system.path());
    }
  }
  std::sort(vms.begin(), vms.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<wmi::ObjectPath> out;
  for (auto& [name, path] : vms) out.push_back(std::move(path));
  return out;
}

wmi::ObjectPath singleton(Host& host, std::string_view class_name) {
  std::vector<wmi::Instance> found = select_all(host, class_name);
  if (found.size() != 1 || !found.front().path()) {
    std::fprintf(stderr, "wsman_bench: %zu instances of %.*s\n", found.size(),
                 static_cast<int>(class_name.size()), class_name.data());
    std::abort();
  }
  return *found.front().path();
}

ChangesFixture prepare_changes(Host& host, const wmi::ObjectPath& service,
                               const wmi::ObjectPath& vm, std::size_t ranges) {
  const wmi::PropertyList in{{"AffectedSystem", vm},
                             {"ReferencePointSettings", ""},
                             {"ReferencePointType", std::uint16_t{1}}};
  const wmi::MethodResult created =
      must(host.invoke(service, "CreateReferencePoint", in), "CreateReferencePoint");
  const wmi::CimValue* out = wmi::find_property(created.out, "ResultingReferencePoint");
  if (created.return_value != 0 || out == nullptr || out->as_reference() == nullptr) {
    std::fprintf(stderr, "wsman_bench: CreateReferencePoint returned %u\n", created.return_value);
    std::abort();
  }
  const wmi::Instance point = must(host.get(*out->as_reference()), "reference point");
  ChangesFixture fixture;
  fixture.rct_id = first_element(point, "ResilientChangeTrackingIdentifiers");
  const std::string& disk_id = first_element(point, "VirtualDiskIdentifiers");
  for (const wmi::Instance& disk : select_all(host, "Msvm_StorageAllocationSettingData")) {
    if (text(disk, "InstanceID") != disk_id) continue;
    fixture.disk_path = first_element(disk, "HostResource");
  }
  if (fixture.disk_path.empty()) {
    std::fprintf(stderr, "wsman_bench: no disk %s\n", disk_id.c_str());
    std::abort();
  }
  // One 64 KiB block every 1/ranges of the first TiB (the generated disks are 1 TiB).
  const std::uint64_t stride = kTiB / ranges;
  for (std::size_t i = 0; i < ranges; ++i) {
    const wmi::Status written = host.write_zeroes(disk_id, i * stride, kBlock);
    if (!written.ok()) {
      std::fprintf(stderr, "wsman_bench: write_zeroes: %s\n", written.message().c_str());
      std::abort();
    }
  }
  return fixture;
}

std::set<std::string> reference_point_ids(Host& host) {
  std::set<std::string> ids;
  for (const wmi::Instance& point : select_all(host, "Msvm_VirtualSystemReferencePoint")) {
    ids.insert(text(point, "InstanceID"));
  }
  return ids;
}

ChurnCheck check_churn(const std::vector<ChurnLedger>& ledgers, const std::set<std::string>& before,
                       const std::set<std::string>& after, const LoadResult& result,
                       std::size_t expected_ops) {
  ChurnCheck c;
  std::set<std::string> created;
  std::size_t answered = 0;
  std::set<std::string> held;
  for (const ChurnLedger& ledger : ledgers) {
    c.creates += ledger.creates;
    c.destroys += ledger.destroys;
    answered += ledger.created.size();
    created.insert(ledger.created.begin(), ledger.created.end());
    if (ledger.held) held.insert(instance_id(*ledger.held));
  }
  const std::size_t duplicated = answered - created.size();
  std::size_t leaked = 0;  // on the host, new, and held by no client
  for (const std::string& id : after) leaked += !before.contains(id) && !held.contains(id);
  std::size_t missing = 0;  // held by a client, gone from the host
  for (const std::string& id : held) missing += !after.contains(id);
  const std::size_t balance = c.destroys + held.size();
  const std::size_t unbalanced = c.creates > balance ? c.creates - balance : balance - c.creates;
  c.lost_or_duplicated = duplicated + leaked + missing + unbalanced;

  for (const auto& [subcode, count] : result.faults) {
    const auto fault = wmi::wsman_fault_of(wmi::FaultDetail{"", subcode, 0, ""});
    if (!fault || *fault == wmi::WsmanFault::kInternalError) c.undocumented_faults += count;
  }
  std::size_t errors = 0;
  for (const auto& [what, count] : result.errors) errors += count;

  std::vector<std::string> problems;
  if (c.lost_or_duplicated != 0) {
    problems.push_back(fmt::format(
        "{} lost or duplicated ({} duplicated ids, {} left behind, {} "
        "missing, creates {} vs destroys {} + held {})",
        c.lost_or_duplicated, duplicated, leaked, missing, c.creates, c.destroys, held.size()));
  }
  if (c.undocumented_faults != 0) {
    problems.push_back(fmt::format("{} undocumented faults", c.undocumented_faults));
  }
  if (errors != 0) problems.push_back(fmt::format("{} unexpected answers", errors));
  if (result.transport_failures != 0 || result.aborted) {
    problems.push_back(fmt::format("{} transport failures{}", result.transport_failures,
                                   result.aborted ? ", aborted" : ""));
  }
  if (result.requests != expected_ops) {
    problems.push_back(fmt::format("{} of {} operations answered", result.requests, expected_ops));
  }
  for (const std::string& p : problems) c.problem += (c.problem.empty() ? "" : "; ") + p;
  return c;
}

void release_points(Host& host, const wmi::ObjectPath& service, std::vector<ChurnLedger>& ledgers) {
  for (ChurnLedger& ledger : ledgers) {
    if (!ledger.held) continue;
    auto destroyed =
        host.invoke(service, "DestroyReferencePoint", {{"AffectedReferencePoint", *ledger.held}});
    if (destroyed.ok() && destroyed->return_value == 0) ledger.held.reset();
  }
}

}  // namespace bench
