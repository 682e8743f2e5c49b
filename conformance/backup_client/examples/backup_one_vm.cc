// Example: backing up one VM with the reference backup client (README "Writing a backup client").
// An in-process simulated host stands in for Hyper-V: the client sees it only as a
// wmi::Connection and a wmi::DataPlane, exactly as it would see a real host. The VM web-01 is
// backed up in full, a guest write lands, and an incremental follows; the restored image must equal
// the live disk. Exit status 0 when it does. The example alone includes sim/, to build the host.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "conformance/backup_client/backup_client.h"
#include "sim/control/inventory_json.h"
#include "sim/control/profile.h"
#include "sim/host/host.h"

namespace {

constexpr std::string_view kV2 = "root/virtualization/v2";
constexpr std::string_view kWeb01 = "76025F59-0F17-4B48-8F74-15952224C2B7";
constexpr std::uint64_t kDiskSize = 4 << 20;  // web-01's 64 GiB disk, shrunk for a quick example

std::string file_text(const std::string& relative_path) {
  std::ifstream in(std::string(HVSIM_SOURCE_DIR) + "/" + relative_path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

int fail(const std::string& what) {
  std::fprintf(stderr, "backup_one_vm: %s\n", what.c_str());
  return 1;
}

}  // namespace

int main() {
  // The host: fixtures/inventories/small.json under the doc-strict profile.
  auto profile = sim::control::load_profile(file_text("fixtures/profiles/doc-strict.json"));
  auto inventory = sim::control::load_inventory(file_text("fixtures/inventories/small.json"));
  if (!profile.ok() || !inventory.ok()) return fail("cannot load the fixtures");
  sim::host::HostOptions options;
  options.profile = *profile;
  options.inventory = *inventory;
  auto host = sim::host::Host::create(std::move(options));
  if (!host.ok()) return fail(host.status().to_string());
  wmi::Connection& connection = **host;
  wmi::DataPlane& data_plane = **host;

  // web-01's disk, found the way any client finds it.
  std::string disk;
  auto sasds = connection.query(kV2, "SELECT * FROM Msvm_StorageAllocationSettingData");
  if (!sasds.ok()) return fail(sasds.status().to_string());
  for (const wmi::Instance& sasd : *sasds) {
    const wmi::CimValue* id = sasd.find("InstanceID");
    const std::string* text = id == nullptr ? nullptr : id->as_string();
    if (text != nullptr && text->starts_with("Microsoft:" + std::string(kWeb01) + "\\"))
      disk = *text;
  }
  if (disk.empty() || !data_plane.resize(disk, kDiskSize).ok()) return fail("no disk for web-01");

  // Job polls advance the simulator's virtual clock instead of sleeping; against a real host,
  // leave BackupClientOptions::poll at its default (a Get every 100 ms).
  wmi::PollPolicy polls;
  polls.wait = [&host](std::chrono::milliseconds wait) {
    (void)(*host)->virtual_clock()->advance(wait);
  };

  // [README excerpt begins]
  conformance::backup_client::BackupClient client(connection, data_plane, {.poll = polls});
  wmi::ObjectPath vm;
  vm.namespace_name = kV2;
  vm.class_name = "Msvm_ComputerSystem";
  vm.keys = {{"CreationClassName", std::string("Msvm_ComputerSystem")},
             {"Name", std::string(kWeb01)}};
  for (int cycle = 0; cycle < 2; ++cycle) {  // a full backup, then an incremental one
    if (cycle == 1) {                        // the guest writes between the two
      const std::vector<std::byte> data(8192, std::byte{0x5A});
      if (!data_plane.write(disk, 65536, data).ok()) return fail("write");
    }
    auto checkpoint = client.take_checkpoint(vm);  // CreateSnapshot(32768), waits for the job
    if (!checkpoint.ok()) return fail(checkpoint.status().to_string());
    // Reads the changes since the last point, ConvertToReferencePoint, destroys the older point.
    const wmi::Status backed_up = client.back_up(*checkpoint);
    if (!backed_up.ok()) return fail(backed_up.to_string());
  }
  const std::vector<std::byte>& restored = client.images(std::string(kWeb01)).at(0);
  // [README excerpt ends]

  auto live = data_plane.read(disk, 0, kDiskSize);
  if (!live.ok()) return fail(live.status().to_string());
  if (restored != *live) return fail("the restored image differs from the disk");
  std::printf("backup_one_vm: full + incremental of web-01 restore its %llu-byte disk exactly\n",
              static_cast<unsigned long long>(kDiskSize));
  return 0;
}
