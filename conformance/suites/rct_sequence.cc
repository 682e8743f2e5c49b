#include "conformance/suites/rct_sequence.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include <fmt/format.h>

#include "conformance/oracle/profile_expectations.h"
#include "conformance/oracle/written_ranges.h"
#include "conformance/suites/collection_states.h"
#include "conformance/suites/rct_calls.h"
#include "conformance/suites/suite_calls.h"

namespace conformance::suites {
namespace {

using oracle::ByteRange;
using oracle::WrittenRanges;

constexpr std::uint64_t kExactnessBlock = 1024 * 1024;  // coarser than any profile's granularity
constexpr std::uint64_t kGrowth = 1024 * 1024 * 1024;   // a resize grows a disk by 1 GiB

// What the oracle knows about one RCT id.
struct TrackedId {
  std::string path;
  std::string point_id;
  WrittenRanges written;     // since the id was sealed
  bool coarsened = false;    // a host crash since: the answer may be coarser, never smaller
  bool invalidated = false;  // resized or changed offline since
};

class SequenceRun {
 public:
  explicit SequenceRun(Session& session) : session_(session) {}

  // False when the target offers no group with RCT-sealable disks.
  bool start() {
    const auto groups = vm_groups(session_.connection());
    if (groups.empty()) return false;
    group_ = groups.front();
    disks_ = group_disks(session_, group_);
    if (disks_.empty()) return false;
    refresh_ids();
    return true;
  }

  // False when the step was refused (recorded in `findings`).
  bool run(const RctCommand& c, RctFindings& findings) {
    const std::string& disk = disks_[c.disk % disks_.size()];
    switch (c.op) {
      case RctOp::kWrite: {
        const std::vector<std::byte> data(c.length, std::byte{static_cast<unsigned char>(c.pick)});
        if (!session_.data_plane()->write(disk, c.offset, data).ok()) return refuse(c, findings);
        for (auto& [id, tracked] : ids_) {
          if (tracked.path == disk) tracked.written.add(c.offset, c.length);
        }
        return true;
      }
      case RctOp::kSeal:
        if (ids_.size() < 40) {
          if (create_group_point(session_, group_, 2) != 0) return refuse(c, findings);
          refresh_ids();
        }
        return true;
      case RctOp::kQuery:
        query(c, findings);
        return true;
      case RctOp::kDestroy: {
        const auto points = group_points(session_);
        if (points.empty()) return true;
        if (destroy_group_point(session_, points[c.pick % points.size()]) != 0) {
          return refuse(c, findings);
        }
        refresh_ids();
        return true;
      }
      case RctOp::kCrash:
        if (!session_.data_plane()->crash_host().ok()) return refuse(c, findings);
        for (auto& [id, tracked] : ids_) tracked.coarsened = true;
        return true;
      case RctOp::kResize:
      case RctOp::kModifyOffline: {
        if (c.op == RctOp::kResize) {
          if (!session_.data_plane()->resize(disk, grown_size(disk)).ok())
            return refuse(c, findings);
        } else {
          const std::vector<std::byte> data(c.length, std::byte{0xEE});
          if (!session_.data_plane()->modify_offline(disk, c.offset, data).ok()) {
            return refuse(c, findings);
          }
        }
        for (auto& [id, tracked] : ids_) {
          if (tracked.path == disk) tracked.invalidated = true;
        }
        return true;
      }
    }
    return true;
  }

 private:
  static bool refuse(const RctCommand& c, RctFindings& findings) {
    findings.refused.push_back(fmt::format("{}(disk {}, pick {}, offset {}, length {}) failed",
                                           rct_op_name(c.op), c.disk, c.pick, c.offset, c.length));
    return false;
  }

  void query(const RctCommand& c, RctFindings& findings) {
    if (ids_.empty()) return;
    auto it = ids_.begin();
    std::advance(it, static_cast<long>(c.pick % ids_.size()));
    const auto& [id, tracked] = *it;
    const ByteRange window{c.offset, c.length};
    const ChangesAnswer answer = disk_changes(session_, tracked.path, id, window);
    const std::string what = "id " + id + " of " + tracked.path + ", window [" +
                             std::to_string(window.offset) + ", +" + std::to_string(window.length) +
                             ")";
    if (!answer.problem.empty()) {
      findings.bad_pages.push_back(what + ": " + answer.problem);
      return;
    }
    if (tracked.invalidated) {
      const std::set<std::uint32_t> allowed = {
          profile_.code("get_virtual_disk_changes.code.rct_changed_offline").value_or(32768),
          profile_.code("get_virtual_disk_changes.code.rct_no_tracking_data").value_or(32768)};
      if (!allowed.contains(answer.code)) {
        findings.wrong_codes.push_back(what + " after a resize or offline change answered " +
                                       std::to_string(answer.code));
      }
      return;
    }
    if (answer.code != 0) {
      findings.unsound.push_back(what + " of a live point answered " + std::to_string(answer.code));
      return;
    }
    std::uint64_t processed = 0;
    for (std::uint64_t page : answer.processed) processed += page;
    if (processed != window.length) {
      findings.bad_pages.push_back(what + ": the pages processed " + std::to_string(processed) +
                                   " bytes");
    }
    if (answer.largest_page > profile_.rct_max_ranges_per_call) {
      findings.bad_pages.push_back(what + ": a page of " + std::to_string(answer.largest_page) +
                                   " ranges");
    }
    if (const auto missed = tracked.written.first_uncovered(answer.ranges, window)) {
      findings.unsound.push_back(what + ": written byte " + std::to_string(*missed) +
                                 " is in no returned range");
    }
    if (!tracked.coarsened) {
      if (const auto extra =
              tracked.written.first_unwritten_block(answer.ranges, kExactnessBlock)) {
        findings.inexact.push_back(what + ": the 1 MiB block at " + std::to_string(*extra) +
                                   " is reported but was not written");
      }
    }
  }

  // The ids the points now carry: new ones start with nothing written; vanished ones are
  // forgotten (their codes are the example tests').
  void refresh_ids() {
    std::map<std::string, TrackedId> now;
    for (const PointDisk& disk : point_disks(session_)) {
      if (disk.rct_id.empty() || disk.path.empty()) continue;
      auto old = ids_.find(disk.rct_id);
      now[disk.rct_id] =
          old != ids_.end() ? old->second : TrackedId{disk.path, disk.point_id, {}, false, false};
    }
    ids_ = std::move(now);
  }

  // A size past the disk's end (found by doubling reads), plus 1 GiB: a resize that grows.
  std::uint64_t grown_size(const std::string& disk) {
    std::uint64_t past_end = kGrowth;
    while (session_.data_plane()->read(disk, past_end, kRctSector).ok()) past_end *= 2;
    return past_end + kGrowth;
  }

  Session& session_;
  const oracle::ProfileExpectations profile_ = profile_or_defaults();
  wmi::ObjectPath group_;
  std::vector<std::string> disks_;
  std::map<std::string, TrackedId> ids_;
};

}  // namespace

RctFindings run_rct_sequence(Session& session, const std::vector<RctCommand>& commands) {
  RctFindings findings;
  if (session.data_plane() == nullptr) return findings;
  SequenceRun run(session);
  findings.started = run.start();
  if (!findings.started) return findings;
  for (const RctCommand& c : commands) {
    if (!run.run(c, findings)) break;
  }
  return findings;
}

void expect_no_rct_findings(std::uint64_t session_seed, const std::vector<RctCommand>& commands) {
  auto session = current_target().open(session_seed);
  const RctFindings findings = run_rct_sequence(*session, commands);
  ASSERT_TRUE(findings.started) << "the target has no DataPlane or no group with RCT disks";
  for (const auto* kind : {&findings.unsound, &findings.inexact, &findings.wrong_codes,
                           &findings.bad_pages, &findings.refused}) {
    for (const std::string& finding : *kind) ADD_FAILURE() << finding;
  }
}

}  // namespace conformance::suites
