// The export configuration file (docs/formats/export.md): formatting then parsing is the identity,
// and text that is not a version-1 configuration is refused naming what is wrong.
#include "sim/host/export_config.h"

#include <gtest/gtest.h>

namespace sim::host {
namespace {

ExportConfig sample() {
  ExportConfig c;
  c.vm_guid = "76025F59-0F17-4B48-8F74-15952224C2B7";
  c.vm_name = "web = 01";  // " = " inside a value
  c.reference_point_id = "Microsoft:95815C84-9E67-4E4D-88FC-84A20E44D744";
  c.reference_point_type = 1;
  c.consistency_level = 2;
  c.base_reference_point_id = "Microsoft:D967FCD2-6750-4071-B025-58525D872D6C";
  ExportedDisk d;
  d.instance_id = "Microsoft:x\\0\\L";
  d.host_path = "C:\\Hyper-V\\x\\Disk0.vhdx";
  d.virtual_size = 1 << 30;
  d.logical_sector_size = 4096;
  d.kind = ExportDataKind::kLogSegment;
  d.data_file = "D:\\e\\x\\Virtual Hard Disks\\Disk0.vhdx.hrl";
  d.data_file_size = 123;
  c.disks = {d, d};
  c.disks[1].kind = ExportDataKind::kRctChanges;
  c.disks[1].rct_id = "rctX:5bfde23b:ce75:4303:b54f:6c18394f105c:00000001";
  return c;
}

TEST(ExportConfig, FormatThenParseIsTheIdentity) {
  const ExportConfig c = sample();
  auto parsed = parse_export_config(format_export_config(c));
  ASSERT_TRUE(parsed.ok()) << parsed.status().to_string();
  EXPECT_EQ(format_export_config(*parsed), format_export_config(c));
  EXPECT_EQ(parsed->vm_name, "web = 01");
  EXPECT_EQ(parsed->reference_point_collection_id, "");
  ASSERT_EQ(parsed->disks.size(), 2u);
  EXPECT_EQ(parsed->disks[0].kind, ExportDataKind::kLogSegment);
  EXPECT_EQ(parsed->disks[1].rct_id, c.disks[1].rct_id);
  EXPECT_EQ(parsed->disks[0].virtual_size, std::uint64_t{1} << 30);
}

TEST(ExportConfig, RefusesWhatIsNotAConfiguration) {
  const std::string good = format_export_config(sample());
  const auto refused = [](const std::string& text, std::string_view part) {
    auto parsed = parse_export_config(text);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.status().kind(), wmi::StatusKind::kInvalidArgument);
    EXPECT_NE(parsed.status().message().find(part), std::string::npos) << parsed.status().message();
  };
  refused("", "empty");
  refused("hvsim-reference-point-export 2\n", "line 1");
  const auto replaced = [&](std::string_view from, std::string_view to) {
    std::string text = good;
    text.replace(text.find(from), from.size(), to);
    return text;
  };
  refused(replaced("DiskCount = 2", "DiskCount = two"), "DiskCount is not a number");
  refused(replaced("Disk.1.DataKind = rct-changes", "Disk.1.DataKind = delta"), "unknown");
  refused(replaced("Disk.0.VirtualSize = ", "Disk.0.Size = "), "missing Disk.0.VirtualSize");
  refused(replaced("ReferencePointType = 1", "ReferencePointType"), "line");
  refused(good + "VirtualMachineId = again\n", "given twice");
  refused(replaced("DiskCount = 2", "DiskCount = 99999999"), "too large");
  // Found while seeding the export_config fuzz corpus: 258 used to wrap to level 2.
  refused(replaced("ConsistencyLevel = 2", "ConsistencyLevel = 258"), "ConsistencyLevel");
}

}  // namespace
}  // namespace sim::host
