// Backup-chain properties (issue 6; spec §5): the reference backup client
// (conformance/backup_client/backup_client.h) takes a
// recovery checkpoint, reads it (every byte the first time, then only the ranges
// GetVirtualDiskChanges reports against the previous point), converts it to a reference point and
// destroys the previous point, cycle after cycle, while RapidCheck-generated writes land on the
// VM's disks between cycles and during them (after the checkpoint, before the reads). After every
// cycle the client's restored images equal the disks at the checkpoint's instant (a flat oracle
// beside the host), byte for byte, and the host holds exactly one point and no checkpoint.
// Small disks (2 MiB) keep full reads cheap; image comparisons are plain bools (RC_ASSERT would
// copy both sides to print them). RapidCheck prints the seed. Under random fault rules on the
// chain's methods a cycle fails exactly when a rule other than a delay fires before the new point
// exists, and then changes no restored image and leaves nothing the client cannot clean up; a
// failed DestroyReferencePoint only leaves a stale point the client retries (faults are last in
// this file).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <map>

#include "conformance/backup_client/backup_client.h"
#include "sim/host/snapshot_test_support.h"

namespace sim::host {
namespace {

using namespace test;
using conformance::backup_client::BackupClient;

constexpr std::uint64_t kBlock = 4096;  // aligned for both 512- and 4096-byte sectors
constexpr std::uint64_t kMiB = std::uint64_t{1} << 20;

// small.json with every disk at 2 MiB (sql-01 has two, web-01 one).
control::Inventory small_disk_inventory() {
  control::Inventory inventory = small_inventory();
  for (control::VmInventory& vm : inventory.vms) {
    for (control::DiskInventory& disk : vm.disks) disk.size = 2 * kMiB;
  }
  return inventory;
}

bool same_images(const std::vector<std::vector<std::byte>>& a,
                 const std::vector<std::vector<std::byte>>& b) {
  return a == b;
}

struct Write {
  std::size_t disk;  // index into the VM's disks (modulo their number)
  std::uint64_t block;
  std::uint64_t blocks;
  std::uint8_t seed;
};

rc::Gen<Write> gen_write() {
  return rc::gen::exec([] {
    return Write{*rc::gen::inRange<std::size_t>(0, 8), *rc::gen::inRange<std::uint64_t>(0, 512),
                 *rc::gen::inRange<std::uint64_t>(1, 17), *rc::gen::arbitrary<std::uint8_t>()};
  });
}

struct Cycle {
  std::vector<Write> between;  // before the checkpoint
  std::vector<Write> during;   // after the checkpoint, before the reads
};

rc::Gen<Cycle> gen_cycle() {
  return rc::gen::exec([] {
    return Cycle{*rc::gen::resize(12, rc::gen::container<std::vector<Write>>(gen_write())),
                 *rc::gen::resize(12, rc::gen::container<std::vector<Write>>(gen_write()))};
  });
}

// The VM's live disks and a flat copy of each: what the disks hold now.
struct Oracle {
  std::vector<std::string> paths;
  std::vector<std::vector<std::byte>> bytes;

  Oracle(Host& host, std::string_view vm) : paths(vm_disk_paths(host, vm)) {
    for (const std::string& path : paths) {
      std::vector<std::byte> image;
      for (std::uint64_t at = 0;; at += kMiB) {
        auto chunk = host.read(path, at, kMiB);
        if (!chunk.ok()) break;
        image.insert(image.end(), chunk->begin(), chunk->end());
      }
      bytes.push_back(std::move(image));
    }
  }

  void apply(Host& host, const Write& w) {
    const std::size_t d = w.disk % paths.size();
    const std::uint64_t size = bytes[d].size();
    const std::uint64_t length = std::min(w.blocks * kBlock, size);
    const std::uint64_t offset = std::min(w.block * kBlock, size - length);
    std::vector<std::byte> data(length);
    for (std::uint64_t i = 0; i < length; ++i) {
      data[i] = static_cast<std::byte>(w.seed + i * 7 + i / kBlock);
    }
    const wmi::Status written = host.write(paths[d], offset, data);
    if (!written.ok()) RC_FAIL(written.to_string());
    std::copy(data.begin(), data.end(), bytes[d].begin() + static_cast<std::ptrdiff_t>(offset));
  }
};

wmi::PollPolicy virtual_clock_polls(Host& host) {
  wmi::PollPolicy policy;
  policy.wait = [&host](std::chrono::milliseconds d) {
    if (control::VirtualClock* clock = host.virtual_clock()) (void)clock->advance(d);
  };
  return policy;
}

std::size_t reference_points_of(Host& host, std::string_view vm) {
  return query_or_die(host, kV2,
                      "SELECT * FROM Msvm_VirtualSystemReferencePoint WHERE "
                      "VirtualSystemIdentifier = '" +
                          std::string(vm) + "'")
      .size();
}

void check_single_vm_chain(std::string_view profile, std::string_view vm) {
  const auto cycles = *rc::gen::resize(4, rc::gen::nonEmpty<std::vector<Cycle>>(
                                              rc::gen::container<std::vector<Cycle>>(gen_cycle())));
  auto host = make_host({.profile = fixture_profile(profile), .inventory = small_disk_inventory()});
  Oracle oracle(*host, vm);
  BackupClient client(*host, *host, {.poll = virtual_clock_polls(*host)});
  for (const Cycle& cycle : cycles) {
    for (const Write& w : cycle.between) oracle.apply(*host, w);
    auto checkpoint = client.take_checkpoint(vm_path(vm));
    if (!checkpoint.ok()) RC_FAIL(checkpoint.status().to_string());
    const auto at_instant = oracle.bytes;
    for (const Write& w : cycle.during) oracle.apply(*host, w);
    const wmi::Status backed_up = client.back_up(*checkpoint);
    if (!backed_up.ok()) RC_FAIL(backed_up.to_string());
    RC_ASSERT(same_images(client.images(std::string(vm)), at_instant));
    RC_ASSERT(checkpoints_of(*host, vm).empty());
    RC_ASSERT(reference_points_of(*host, vm) == 1u);
  }
}

RC_GTEST_PROP(BackupChainProperty, SingleVmChainIsByteExactDocStrict, ()) {
  check_single_vm_chain("doc-strict", *rc::gen::element(kSql01, kWeb01));
}

RC_GTEST_PROP(BackupChainProperty, SingleVmChainIsByteExactAsyncJobs, ()) {
  check_single_vm_chain("async-jobs", *rc::gen::element(kSql01, kWeb01));
}

// The group path on finance (sql-01, web-01), and beside it a second host given the same writes
// and backed up through the per-VM path: both chains equal the oracle, so they agree byte for byte.
void check_group_chain(std::string_view profile) {
  const auto cycles = *rc::gen::resize(3, rc::gen::nonEmpty<std::vector<Cycle>>(
                                              rc::gen::container<std::vector<Cycle>>(gen_cycle())));
  const control::Profile p = fixture_profile(profile);
  auto group_host = make_host({.profile = p, .inventory = small_disk_inventory()});
  auto vm_host = make_host({.profile = p, .inventory = small_disk_inventory()});
  const std::vector<std::string> vms = {std::string(kSql01), std::string(kWeb01)};
  std::vector<Oracle> group_oracles, vm_oracles;
  for (const std::string& vm : vms) {
    group_oracles.emplace_back(*group_host, vm);
    vm_oracles.emplace_back(*vm_host, vm);
  }
  const auto apply = [&](const Write& w) {
    group_oracles[w.disk / 4 % vms.size()].apply(*group_host, w);
    vm_oracles[w.disk / 4 % vms.size()].apply(*vm_host, w);
  };
  BackupClient group_client(*group_host, *group_host, {.poll = virtual_clock_polls(*group_host)});
  BackupClient vm_client(*vm_host, *vm_host, {.poll = virtual_clock_polls(*vm_host)});
  for (const Cycle& cycle : cycles) {
    for (const Write& w : cycle.between) apply(w);
    auto snapshot = group_client.take_group_checkpoint(group_path(kFinance));
    if (!snapshot.ok()) RC_FAIL(snapshot.status().to_string());
    std::vector<wmi::ObjectPath> checkpoints;
    for (const std::string& vm : vms) {
      auto checkpoint = vm_client.take_checkpoint(vm_path(vm));
      if (!checkpoint.ok()) RC_FAIL(checkpoint.status().to_string());
      checkpoints.push_back(*checkpoint);
    }
    std::vector<std::vector<std::vector<std::byte>>> at_instant;
    for (const Oracle& oracle : group_oracles) at_instant.push_back(oracle.bytes);
    for (const Write& w : cycle.during) apply(w);
    const wmi::Status group_backed_up = group_client.back_up_group(*snapshot);
    if (!group_backed_up.ok()) RC_FAIL(group_backed_up.to_string());
    for (const wmi::ObjectPath& checkpoint : checkpoints) {
      const wmi::Status backed_up = vm_client.back_up(checkpoint);
      if (!backed_up.ok()) RC_FAIL(backed_up.to_string());
    }
    for (std::size_t v = 0; v < vms.size(); ++v) {
      RC_ASSERT(same_images(group_client.images(vms[v]), at_instant[v]));
      RC_ASSERT(same_images(vm_client.images(vms[v]), group_client.images(vms[v])));
      RC_ASSERT(checkpoints_of(*group_host, vms[v]).empty());
      RC_ASSERT(reference_points_of(*group_host, vms[v]) == 1u);
      RC_ASSERT(reference_points_of(*vm_host, vms[v]) == 1u);
    }
    RC_ASSERT(
        query_or_die(*group_host, kV2, "SELECT * FROM Msvm_ReferencePointCollection").size() == 1u);
  }
}

RC_GTEST_PROP(BackupChainProperty, GroupChainIsByteExactAndAgreesWithPerVmDocStrict, ()) {
  check_group_chain("doc-strict");
}

RC_GTEST_PROP(BackupChainProperty, GroupChainIsByteExactAndAgreesWithPerVmAsyncJobs, ()) {
  check_group_chain("async-jobs");
}

// A client that forgets DestroyReferencePoint: each cycle leaves one more point on the VM (the
// model counts them), its chain stays byte-exact, and once the profile's
// reference_point.limit_per_vm is reached the next cycle's ConvertToReferencePoint is refused with
// the profile's code. That failed cycle changes neither the points nor the restored images, and
// the client removes the checkpoint it left.
RC_GTEST_PROP(BackupChainProperty, ForgottenDestroysAccumulateUntilTheLimit, ()) {
  const std::string vm(*rc::gen::element(kSql01, kWeb01));
  const auto limit = *rc::gen::inRange<std::uint32_t>(1, 5);
  control::Profile profile = fixture_profile(*rc::gen::element("doc-strict", "async-jobs"));
  profile.reference_point_limit_per_vm = limit;
  auto host = make_host({.profile = profile, .inventory = small_disk_inventory()});
  Oracle oracle(*host, vm);
  BackupClient client(*host, *host, {.poll = virtual_clock_polls(*host), .keep_old_points = true});
  std::vector<std::vector<std::byte>> last_instant;
  for (std::uint32_t cycle = 1; cycle <= limit + 1; ++cycle) {
    for (const Write& w :
         *rc::gen::resize(6, rc::gen::container<std::vector<Write>>(gen_write()))) {
      oracle.apply(*host, w);
    }
    auto checkpoint = client.take_checkpoint(vm_path(vm));
    if (!checkpoint.ok()) RC_FAIL(checkpoint.status().to_string());
    const auto at_instant = oracle.bytes;
    const wmi::Status backed_up = client.back_up(*checkpoint);
    if (cycle <= limit) {
      if (!backed_up.ok()) RC_FAIL(backed_up.to_string());
      RC_ASSERT(same_images(client.images(vm), at_instant));
      RC_ASSERT(reference_points_of(*host, vm) == cycle);
      last_instant = at_instant;
      continue;
    }
    RC_ASSERT(!backed_up.ok());
    RC_ASSERT(backed_up.message().find(std::to_string(profile.codes.reference_point_limit)) !=
              std::string::npos);
    RC_ASSERT(reference_points_of(*host, vm) == limit);
    RC_ASSERT(same_images(client.images(vm), last_instant));
    RC_ASSERT(client.abandon(*checkpoint).ok());
    RC_ASSERT(checkpoints_of(*host, vm).empty());
  }
}

// --- Backup chains under random fault rules.

// One rule on a method the chain calls (any class, any namespace): a code, a failing job, a job
// timing out, a delay or a dropped connection, firing once or always, possibly after skipping.
rc::Gen<control::FaultRule> gen_chain_fault() {
  return rc::gen::exec([] {
    control::FaultRule rule;
    rule.match.method = *rc::gen::weightedElement<std::string>({{2, "CreateSnapshot"},
                                                                {2, "GetVirtualDiskChanges"},
                                                                {2, "ConvertToReferencePoint"},
                                                                {3, "DestroyReferencePoint"},
                                                                {1, "DestroySnapshot"}});
    switch (*rc::gen::inRange(0, 5)) {
      case 0:
        rule.action =
            control::ReturnCodeFault{*rc::gen::element<std::uint32_t>(1, 2, 5, 32768, 32775)};
        break;
      case 1:
        rule.action = control::FailJobFault{*rc::gen::inRange<std::uint8_t>(0, 101),
                                            *rc::gen::inRange<std::uint32_t>(1, 65536)};
        break;
      case 2:
        rule.action = control::JobTimeoutFault{};
        break;
      case 3:
        rule.action =
            control::DelayFault{std::chrono::milliseconds(*rc::gen::inRange(1, 3'600'001))};
        break;
      default:
        rule.action = control::TransportFault{control::TransportFaultKind::kDrop};
    }
    rule.skip = *rc::gen::inRange<std::uint64_t>(0, 3);
    if (*rc::gen::arbitrary<bool>()) rule.max_fires = 1;
    return rule;
  });
}

bool is_delay(const control::FaultRule& rule) {
  return std::holds_alternative<control::DelayFault>(rule.action);
}

// Installs `rules` on `host` until it goes out of scope. fired(): a rule other than a delay fired
// on a method a cycle needs (anything but DestroyReferencePoint of old points and DestroySnapshot,
// which only clean up).
struct FaultWindow {
  Host& host;
  std::vector<control::FaultRule> rules;

  FaultWindow(Host& h, std::vector<control::FaultRule> r) : host(h), rules(std::move(r)) {
    auto plan = control::FaultPlan::create(rules);
    if (!plan.ok()) RC_FAIL(plan.status().to_string());
    host.set_faults(std::move(*plan));
  }
  bool fired() const {
    const auto counters = host.fault_counters();
    for (std::size_t i = 0; i < rules.size(); ++i) {
      const bool cleans_up = rules[i].match.method == "DestroyReferencePoint" ||
                             rules[i].match.method == "DestroySnapshot";
      if (counters[i].fired > 0 && !is_delay(rules[i]) && !cleans_up) return true;
    }
    return false;
  }
  ~FaultWindow() { host.set_faults(control::FaultPlan()); }
};

// Random cycles of one VM (`group` false: the per-VM path on vms[0]) or of the finance group (the
// group path), each under up to two random rules; the last cycle runs without faults. After every
// cycle (rules removed, a left checkpoint abandoned): each VM's images equal its newest committed
// instant; each VM holds its current point plus the client's stale ones and no checkpoint. After
// the fault-free last cycle the chain is exact again and every stale point is gone.
void check_chain_under_faults(std::string_view profile, const std::vector<std::string>& vms,
                              bool group) {
  auto host = make_host({.profile = fixture_profile(profile), .inventory = small_disk_inventory()});
  std::vector<Oracle> oracles;
  for (const std::string& vm : vms) oracles.emplace_back(*host, vm);
  const auto write_some = [&] {
    for (const Write& w :
         *rc::gen::resize(8, rc::gen::container<std::vector<Write>>(gen_write()))) {
      oracles[w.disk / 4 % vms.size()].apply(*host, w);
    }
  };
  BackupClient client(*host, *host, {.poll = virtual_clock_polls(*host)});
  const auto take = [&] {
    return group ? client.take_group_checkpoint(group_path(kFinance))
                 : client.take_checkpoint(vm_path(vms[0]));
  };
  const auto back_up = [&](const wmi::ObjectPath& p) {
    return group ? client.back_up_group(p) : client.back_up(p);
  };
  const auto abandon = [&](const wmi::ObjectPath& p) {
    return group ? client.abandon_group(p) : client.abandon(p);
  };
  const auto faulty = *rc::gen::inRange(1, 5);
  std::vector<std::vector<std::vector<std::byte>>> committed(vms.size());
  bool any_failed = false, any_stale = false;
  for (int cycle = 0; cycle <= faulty; ++cycle) {
    const auto rules =
        cycle == faulty
            ? std::vector<control::FaultRule>()
            : *rc::gen::resize(
                  2, rc::gen::container<std::vector<control::FaultRule>>(gen_chain_fault()));
    write_some();
    std::vector<std::vector<std::vector<std::byte>>> at_instant;
    for (const Oracle& oracle : oracles) at_instant.push_back(oracle.bytes);
    std::optional<wmi::ObjectPath> left;  // a checkpoint abandon() could not remove under faults
    bool cycle_failed = true;
    {
      FaultWindow window(*host, rules);
      auto checkpoint = take();
      if (checkpoint.ok()) {
        write_some();
        cycle_failed = !back_up(*checkpoint).ok();
        if (cycle_failed && !abandon(*checkpoint).ok()) left = *checkpoint;
      }
      RC_ASSERT(cycle_failed == window.fired());
    }
    if (left) RC_ASSERT(abandon(*left).ok());  // retried without faults
    if (!cycle_failed) committed = at_instant;
    for (std::size_t v = 0; v < vms.size(); ++v) {
      RC_ASSERT(same_images(client.images(vms[v]), committed[v]));
      RC_ASSERT(checkpoints_of(*host, vms[v]).empty());
      RC_ASSERT(reference_points_of(*host, vms[v]) ==
                (committed[v].empty() ? 0 : 1) + client.stale_points());
    }
    any_failed = any_failed || cycle_failed;
    any_stale = any_stale || client.stale_points() > 0;
  }
  RC_CLASSIFY(any_failed, "a cycle failed");
  RC_CLASSIFY(any_stale, "a point went stale");
  RC_ASSERT(client.stale_points() == 0u);
  for (const std::string& vm : vms) RC_ASSERT(reference_points_of(*host, vm) == 1u);
}

RC_GTEST_PROP(BackupChainProperty, FaultsNeverCorruptTheSingleVmChainDocStrict, ()) {
  check_chain_under_faults("doc-strict", {std::string(*rc::gen::element(kSql01, kWeb01))}, false);
}

RC_GTEST_PROP(BackupChainProperty, FaultsNeverCorruptTheSingleVmChainAsyncJobs, ()) {
  check_chain_under_faults("async-jobs", {std::string(*rc::gen::element(kSql01, kWeb01))}, false);
}

RC_GTEST_PROP(BackupChainProperty, FaultsNeverCorruptTheGroupChainDocStrict, ()) {
  check_chain_under_faults("doc-strict", {std::string(kSql01), std::string(kWeb01)}, true);
}

RC_GTEST_PROP(BackupChainProperty, FaultsNeverCorruptTheGroupChainAsyncJobs, ()) {
  check_chain_under_faults("async-jobs", {std::string(kSql01), std::string(kWeb01)}, true);
}

}  // namespace
}  // namespace sim::host
