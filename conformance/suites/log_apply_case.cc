#include "conformance/suites/log_apply_case.h"

#include <gtest/gtest.h>

#include <algorithm>

#include <fmt/format.h>

#include "conformance/oracle/replica_log_stream.h"
#include "conformance/suites/collection_calls.h"
#include "conformance/suites/rct_calls.h"
#include "conformance/suites/regression_name.h"
#include "conformance/suites/replica_log_calls.h"
#include "conformance/suites/suite_calls.h"
#include "wmi/cim/wmi_path.h"

namespace conformance::suites {
namespace {

// Per-VM ExportReferencePoint of `point` since `base` into `directory`, settled.
std::uint32_t export_since(Session& session, const wmi::Instance& point, const wmi::Instance& base,
                           const std::string& directory) {
  const auto service = service_path(session.connection(), kV2, kVmRpService);
  const auto base_text = wmi::format_wmi_path(*base.path(), wmi::PathStyle::kBackslash);
  if (!service || !base_text.ok()) return 2;
  const wmi::Instance settings("Msvm_VirtualSystemReferencePointExportSettingData", "",
                               {{"BaseReferencePoint", *base_text}});
  return settled_code(session, *service, "ExportReferencePoint",
                      {{"ReferencePoint", *point.path()},
                       {"ExportDirectory", directory},
                       {"ExportSettingData",
                        wmi::EmbeddedInstance{std::make_shared<const wmi::Instance>(settings)}}});
}

std::string basename(const std::string& path) {
  const std::size_t slash = path.find_last_of("\\/");
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

const wmi::Instance* point_of_disk(const std::vector<wmi::Instance>& points, Session& session,
                                   const std::string& disk) {
  for (const wmi::Instance& point : points) {
    for (const PointDisk& d : point_disks(session)) {
      if (d.point_id == string_of(point, "InstanceID") && d.path == disk) return &point;
    }
  }
  return nullptr;
}

rc::Gen<LogWrite> gen_log_write() {
  return rc::gen::exec([] {
    const auto sector = *rc::gen::inRange<std::uint64_t>(0, kLogRegion / kLogSector);
    return LogWrite{sector,
                    *rc::gen::inRange<std::uint64_t>(1, kLogRegion / kLogSector - sector + 1)};
  });
}

std::string writes_cpp(const std::vector<LogWrite>& writes) {
  std::string out = "{";
  for (const LogWrite& w : writes) out += fmt::format("{{{}, {}}}, ", w.sector, w.sectors);
  if (!writes.empty()) out.resize(out.size() - 2);
  return out + "}";
}

}  // namespace

rc::Gen<LogApplyCase> gen_log_apply_case() {
  return rc::gen::exec([] {
    LogApplyCase c;
    c.disk = *rc::gen::inRange<std::size_t>(0, 8);
    c.before = *rc::gen::container<std::vector<LogWrite>>(*rc::gen::inRange<std::size_t>(0, 4),
                                                          gen_log_write());
    c.between = *rc::gen::container<std::vector<LogWrite>>(*rc::gen::inRange<std::size_t>(1, 12),
                                                           gen_log_write());
    return c;
  });
}

std::string log_apply_problem(Session& session, const LogApplyCase& c) {
  if (session.data_plane() == nullptr) return "skip: no DataPlane";
  const auto groups = vm_groups(session.connection());
  if (groups.empty() || !replicate_group(session, groups.front())) {
    return "skip: the target does not replicate the first VM group";
  }
  const std::vector<std::string> disks = group_disks(session, groups.front());
  if (disks.empty()) return "skip: the first VM group has no disk";
  const std::string disk = disks[c.disk % disks.size()];
  wmi::DataPlane& data = *session.data_plane();
  std::uint8_t fill = 0;
  const auto write_all = [&](const std::vector<LogWrite>& writes) -> std::string {
    for (const LogWrite& w : writes) {
      const std::vector<std::byte> bytes(std::min<std::uint64_t>(w.sectors, 16) * kLogSector,
                                         std::byte{++fill});
      if (!data.write(disk, w.sector * kLogSector, bytes).ok()) {
        return fmt::format("writing {} at sector {} failed", disk, w.sector);
      }
    }
    return "";
  };
  const auto read_region = [&](const std::string& path, std::uint64_t length) {
    auto bytes = data.read(path, 0, length);
    return bytes.ok() ? std::move(*bytes) : std::vector<std::byte>();
  };
  if (std::string problem = write_all(c.before); !problem.empty()) return problem;
  const NewPoints a = create_points(session, groups.front(), kLogBased);
  const std::vector<std::byte> at_a = read_region(disk, kLogRegion);
  if (std::string problem = write_all(c.between); !problem.empty()) return problem;
  const NewPoints b = create_points(session, groups.front(), kLogBased);
  const std::vector<std::byte> at_b = read_region(disk, kLogRegion);
  const wmi::Instance* point_a = point_of_disk(a.vm_points, session, disk);
  const wmi::Instance* point_b = point_of_disk(b.vm_points, session, disk);
  if (point_a == nullptr || point_b == nullptr) return "no log-based point of " + disk;
  if (at_a.size() != kLogRegion || at_b.size() != kLogRegion) return "reading " + disk + " failed";

  const std::string directory = "L:\\conformance\\log-export";
  if (const std::uint32_t code = export_since(session, *point_b, *point_a, directory); code != 0) {
    return fmt::format("ExportReferencePoint since the earlier point answered {}", code);
  }
  const std::string segment_path = directory + "\\" +
                                   string_of(*point_b, "VirtualSystemIdentifier") +
                                   "\\Virtual Hard Disks\\" + basename(disk) + ".hrl";
  const auto size = oracle::log_stream_size(read_region(segment_path, oracle::kLogHeaderBytes));
  if (!size.ok()) return segment_path + ": " + size.status().to_string();
  const auto segment = oracle::parse_log_stream(read_region(segment_path, *size));
  if (!segment.ok()) return segment_path + ": " + segment.status().to_string();
  if (segment->records.size() != c.between.size()) {  // "record every write in order" (spec §8)
    return fmt::format("{}: {} records for {} writes", segment_path, segment->records.size(),
                       c.between.size());
  }
  std::vector<std::byte> replica = at_a;
  oracle::apply_records(*segment, 0, replica);
  if (replica != at_b) {
    const auto differs = std::mismatch(replica.begin(), replica.end(), at_b.begin()).first;
    return fmt::format(
        "{}: applied to the bytes at the earlier point, byte {} differs from the "
        "primary's",
        segment_path, differs - replica.begin());
  }
  return "";
}

std::string log_apply_snippet(std::uint64_t session_seed, const LogApplyCase& c) {
  const std::string steps =
      fmt::format("{}, {}, {}", c.disk, writes_cpp(c.before), writes_cpp(c.between));
  return fmt::format(
      "// Regression: paste into conformance/suites/replica_log_regressions.cc\n"
      "CONFORMANCE_TEST(ReplicaLogRegression, {}, \"LOG-APPLY-001\") {{\n"
      "  expect_log_apply_reproduces({}u, {{{}}});\n"
      "}}\n",
      regression_test_name(session_seed, steps), session_seed, steps);
}

void expect_log_apply_reproduces(std::uint64_t session_seed, const LogApplyCase& c) {
  auto session = current_target().open(session_seed);
  const std::string problem = log_apply_problem(*session, c);
  if (problem.starts_with("skip: ")) GTEST_SKIP() << problem.substr(6);
  EXPECT_EQ(problem, "");
}

}  // namespace conformance::suites
