// The control namespace root/hvsim in process: every method's effect through the host's DataPlane
// and queries, bad input changing nothing, the Hyper-V namespaces untouched, job progress through
// HvSim_Clock.Advance without sleeping — and, without the decorator, no root/hvsim at all.
#include "sim/server/control_namespace.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "sim/host/host_test_support.h"
#include "wmi/cim/cim_name.h"

namespace sim::server {
namespace {

using host::test::fixture_profile;
using host::test::group_path;
using host::test::kV2;
using host::test::kWeb01;
using host::test::out_reference;
using host::test::small_inventory;
using std::chrono::milliseconds;
using std::chrono::seconds;
using wmi::CimValue;
using wmi::StatusKind;

constexpr std::string_view kNs = kControlNamespace;
constexpr std::string_view kClasses[] = {"HvSim_DiskIo", "HvSim_Host", "HvSim_Clock",
                                         "HvSim_FaultRules"};

// A monotonic source the test moves by hand: nothing here sleeps.
struct FakeSource {
  std::shared_ptr<std::atomic<std::int64_t>> ns =
      std::make_shared<std::atomic<std::int64_t>>(1'000'000'000);
  std::chrono::steady_clock::time_point operator()() const {
    return std::chrono::steady_clock::time_point(std::chrono::nanoseconds(ns->load()));
  }
  void add(std::chrono::nanoseconds d) const { *ns += d.count(); }
};

wmi::ObjectPath control_path(std::string_view class_name, std::string_view ns = kNs) {
  wmi::ObjectPath path;
  path.namespace_name = std::string(ns);
  path.class_name = std::string(class_name);
  return path;
}

std::vector<std::byte> bytes(std::size_t n, unsigned char fill) {
  return std::vector<std::byte>(n, static_cast<std::byte>(fill));
}

// Test-side base64 (independent of the implementation's), for building arguments.
std::string b64(const std::vector<std::byte>& data) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::uint32_t bits = 0;
  int count = 0;
  for (std::byte b : data) {
    bits = (bits << 8) | std::to_integer<std::uint32_t>(b);
    count += 8;
    while (count >= 6) {
      count -= 6;
      out += kAlphabet[(bits >> count) & 63];
    }
  }
  if (count > 0) out += kAlphabet[(bits << (6 - count)) & 63];
  while (out.size() % 4 != 0) out += '=';
  return out;
}

const std::string* out_string(const wmi::MethodResult& r, std::string_view name) {
  const CimValue* v = wmi::find_property(r.out, name);
  return v == nullptr ? nullptr : v->as_string();
}

bool is_fault(const wmi::Status& status, std::string_view subcode) {
  return status.kind() == StatusKind::kFault && status.fault().has_value() &&
         status.fault()->subcode == subcode;
}

class ControlNamespaceTest : public ::testing::Test {
 protected:
  void SetUp() override { build("doc-strict"); }

  void build(std::string_view profile, double factor = 1.0) {
    auto clock = control::ScaledClock::create(control::kDefaultEpoch, factor, source);
    ASSERT_TRUE(clock.ok()) << clock.status().to_string();
    scaled = std::move(*clock);
    host::HostOptions options;
    options.profile = fixture_profile(profile);
    options.inventory = small_inventory();
    options.clock = scaled;
    auto h = host::Host::create(std::move(options));
    ASSERT_TRUE(h.ok()) << h.status().to_string();
    host = std::move(*h);
    auto c = ControlledHost::create(host, scaled);
    ASSERT_TRUE(c.ok()) << c.status().to_string();
    control = std::move(*c);
    // web-01's one disk, by both of its names.
    for (const wmi::Instance& sasd :
         host::test::query_or_die(*host, kV2, "SELECT * FROM Msvm_StorageAllocationSettingData")) {
      const std::string id = host::test::string_property(sasd, "InstanceID");
      if (id.find(kWeb01) == std::string::npos) continue;
      disk_id = id;
      disk_path = host::test::string_array_property(sasd, "HostResource").at(0);
    }
    ASSERT_FALSE(disk_id.empty());
  }

  wmi::Result<wmi::MethodResult> call(std::string_view class_name, std::string_view method,
                                      const wmi::PropertyList& in = {}) {
    return control->invoke(control_path(class_name), method, in);
  }
  // A call that must reach the method; its MethodResult.
  wmi::MethodResult ok_call(std::string_view class_name, std::string_view method,
                            const wmi::PropertyList& in = {}) {
    auto r = call(class_name, method, in);
    EXPECT_TRUE(r.ok()) << class_name << "." << method << ": " << r.status().to_string();
    return r.ok() ? *r : wmi::MethodResult{host::test::kNoResult, {}};
  }
  std::vector<std::byte> host_read(std::uint64_t offset, std::uint64_t length) {
    auto r = host->read(disk_path, offset, length);
    EXPECT_TRUE(r.ok()) << r.status().to_string();
    return r.ok() ? *r : std::vector<std::byte>{};
  }
  wmi::Instance get_ok(std::string_view class_name) {
    auto r = control->get(control_path(class_name));
    EXPECT_TRUE(r.ok()) << class_name << ": " << r.status().to_string();
    return r.ok() ? *r : wmi::Instance{};
  }

  FakeSource source;
  std::shared_ptr<control::ScaledClock> scaled;
  std::shared_ptr<host::Host> host;
  std::unique_ptr<ControlledHost> control;
  std::string disk_id;
  std::string disk_path;
};

// ------------------------------------------------------------------------------------------------
// Without --enable-control: the Host alone knows nothing of root/hvsim.

TEST(HostWithoutControl, RootHvsimDoesNotExist) {
  auto plain = host::test::make_host();
  for (std::string_view ns : {std::string_view("root/hvsim"), std::string_view("ROOT\\HVSIM")}) {
    for (std::string_view class_name : kClasses) {
      const wmi::ObjectPath path = control_path(class_name, ns);
      auto got = plain->get(path);
      EXPECT_EQ(got.status().kind(), StatusKind::kNotFound) << class_name;
      EXPECT_NE(got.status().message().find("not served"), std::string::npos)
          << got.status().message();
      EXPECT_EQ(plain->invoke(path, "Now", {}).status().kind(), StatusKind::kNotFound);
      EXPECT_EQ(plain->invoke(path, "Write", {{"Disk", "x"}}).status().kind(),
                StatusKind::kNotFound);
      auto listed = plain->query(ns, "SELECT * FROM " + std::string(class_name));
      EXPECT_EQ(listed.status().kind(), StatusKind::kNotFound) << class_name;
    }
  }
  // Nor do its classes appear in the Hyper-V namespaces.
  for (std::string_view ns : host::kServedNamespaces) {
    for (std::string_view class_name : kClasses) {
      EXPECT_EQ(plain->query(ns, "SELECT * FROM " + std::string(class_name)).status().kind(),
                StatusKind::kInvalidArgument)
          << class_name;
      EXPECT_EQ(plain->get(control_path(class_name, ns)).status().kind(), StatusKind::kNotFound);
    }
  }
}

TEST(ControlledHostCreate, NeedsTheHostAndItsOwnScaledClock) {
  FakeSource source;
  auto made = control::ScaledClock::create(control::kDefaultEpoch, 1.0, source);
  ASSERT_TRUE(made.ok());
  std::shared_ptr<control::ScaledClock> clock = std::move(*made);
  std::shared_ptr<host::Host> on_virtual = host::test::make_host();  // a VirtualClock host
  auto mismatched = ControlledHost::create(on_virtual, clock);
  EXPECT_EQ(mismatched.status().kind(), StatusKind::kInvalidArgument);
  EXPECT_NE(mismatched.status().message().find("not the host's clock"), std::string::npos);
  EXPECT_EQ(ControlledHost::create(nullptr, clock).status().kind(), StatusKind::kInvalidArgument);
  EXPECT_EQ(ControlledHost::create(on_virtual, nullptr).status().kind(),
            StatusKind::kInvalidArgument);
}

// ------------------------------------------------------------------------------------------------
// Classes: keyless singletons, gettable and listed.

TEST_F(ControlNamespaceTest, EveryClassIsAKeylessSingletonThatGetAndSelectReturn) {
  for (std::string_view class_name : kClasses) {
    const wmi::Instance got = get_ok(class_name);
    EXPECT_EQ(got.class_name(), class_name);
    EXPECT_EQ(got.namespace_name(), kNs);
    ASSERT_TRUE(got.path().has_value());
    EXPECT_EQ(got.path()->class_name, class_name);
    EXPECT_EQ(got.path()->namespace_name, kNs);
    EXPECT_TRUE(got.path()->keys.empty());
    EXPECT_FALSE(got.properties().empty()) << class_name;
    // Its own path gets it again.
    EXPECT_TRUE(control->get(*got.path()).ok());

    auto listed = control->query(kNs, "SELECT * FROM " + std::string(class_name));
    ASSERT_TRUE(listed.ok()) << listed.status().to_string();
    ASSERT_EQ(listed->size(), 1u);
    EXPECT_EQ((*listed)[0].class_name(), class_name);
    EXPECT_EQ((*listed)[0].path(), got.path());
  }
  // Names in any case, the namespace in either spelling.
  EXPECT_TRUE(control->get(control_path("hvsim_clock", "ROOT\\HvSim")).ok());
  auto lower = control->query("Root/HVSIM", "select * from hvsim_diskio");
  ASSERT_TRUE(lower.ok()) << lower.status().to_string();
  EXPECT_EQ((*lower)[0].class_name(), "HvSim_DiskIo");
}

TEST_F(ControlNamespaceTest, ReadOnlyProperties) {
  const wmi::Instance disk_io = get_ok("HvSim_DiskIo");
  EXPECT_EQ(disk_io.find("MaxTransferLength")->as_uint(), kMaxTransferBytes);

  const wmi::Instance host_instance = get_ok("HvSim_Host");
  EXPECT_EQ(host_instance.find("CrashCount")->as_uint(), 0u);

  const wmi::Instance clock = get_ok("HvSim_Clock");
  const auto* now = std::get_if<wmi::Datetime>(&clock.find("Now")->scalar());
  ASSERT_NE(now, nullptr);
  EXPECT_EQ(std::get<wmi::Timestamp>(*now).utc(), control::kDefaultEpoch);
  EXPECT_EQ(std::get<double>(clock.find("TimeScale")->scalar()), 1.0);
  EXPECT_EQ(std::get<wmi::Interval>(std::get<wmi::Datetime>(clock.find("Advanced")->scalar())),
            wmi::Interval{});

  const wmi::Instance rules = get_ok("HvSim_FaultRules");
  EXPECT_EQ(rules.find("RuleCount")->as_uint(), 0u);
  EXPECT_TRUE(rules.find("Matched")->is_array());
  EXPECT_TRUE(rules.find("Matched")->elements().empty());
  EXPECT_TRUE(rules.find("Fired")->elements().empty());
}

TEST_F(ControlNamespaceTest, OnlySelectStarFromAControlClassIsAnswered) {
  for (std::string_view wql : {
           "SELECT Now FROM HvSim_Clock",
           "SELECT * FROM HvSim_Clock WHERE TimeScale = 1",
           "ASSOCIATORS OF {HvSim_Clock=@}",
           "REFERENCES OF {HvSim_Clock=@}",
           "SELECT * FROM",
           "DELETE FROM HvSim_Clock",
           "",
           "SELECT * FROM HvSim_Nothing",
           "SELECT * FROM Msvm_ComputerSystem",
           "SELECT * FROM CIM_ManagedElement",
       }) {
    auto r = control->query(kNs, wql);
    EXPECT_EQ(r.status().kind(), StatusKind::kInvalidArgument) << wql;
  }
}

TEST_F(ControlNamespaceTest, UnknownClassesMethodsAndSelectorsAnswerAsTheHostDoes) {
  // Unknown class: kNotFound for Get and Invoke (the host's answer for a class its namespace
  // lacks).
  EXPECT_EQ(control->get(control_path("HvSim_Nothing")).status().kind(), StatusKind::kNotFound);
  EXPECT_EQ(call("HvSim_Nothing", "Now").status().kind(), StatusKind::kNotFound);
  EXPECT_EQ(control->get(control_path("Msvm_ComputerSystem")).status().kind(),
            StatusKind::kNotFound);
  // Unknown method: a:ActionNotSupported, as the host answers.
  auto unknown = call("HvSim_Clock", "Rewind");
  EXPECT_TRUE(is_fault(unknown.status(), "a:ActionNotSupported")) << unknown.status().to_string();
  EXPECT_EQ(unknown.status().fault()->wsman_code, 2150858771u);
  auto host_answer = host->invoke(host::test::crp_service(), "Rewind", {});
  EXPECT_EQ(host_answer.status().fault()->subcode, unknown.status().fault()->subcode);
  EXPECT_TRUE(is_fault(call("HvSim_DiskIo", "Now").status(), "a:ActionNotSupported"));
  // Any selector: w:InvalidSelectors, for Get and Invoke.
  wmi::ObjectPath keyed = control_path("HvSim_Clock");
  keyed.keys = {{"Name", std::string("clock")}};
  EXPECT_TRUE(is_fault(control->get(keyed).status(), "w:InvalidSelectors"));
  EXPECT_TRUE(is_fault(control->invoke(keyed, "Now", {}).status(), "w:InvalidSelectors"));
}

TEST_F(ControlNamespaceTest, HyperVNamespacesPassThroughUnchangedAndNeverShowRootHvsim) {
  for (std::string_view ns : host::kServedNamespaces) {
    for (std::string_view class_name : kClasses) {
      EXPECT_EQ(control->query(ns, "SELECT * FROM " + std::string(class_name)).status().kind(),
                StatusKind::kInvalidArgument)
          << class_name << " in " << ns;
      EXPECT_EQ(control->get(control_path(class_name, ns)).status().kind(), StatusKind::kNotFound);
      EXPECT_EQ(control->invoke(control_path(class_name, ns), "Now", {}).status().kind(),
                StatusKind::kNotFound);
    }
    // Everything the namespace has is what the host answers directly.
    auto through = control->query(ns, "SELECT * FROM CIM_ManagedElement");
    auto direct = host->query(ns, "SELECT * FROM CIM_ManagedElement");
    ASSERT_TRUE(through.ok() && direct.ok());
    EXPECT_EQ(*through, *direct);
    for (const wmi::Instance& instance : *through) {
      EXPECT_FALSE(instance.class_name().starts_with("HvSim_")) << instance.class_name();
    }
  }
  EXPECT_EQ(control->identify()->product_vendor, host->identify()->product_vendor);
  auto vm = control->get(host::test::vm_path(kWeb01));
  ASSERT_TRUE(vm.ok());
  EXPECT_EQ(*vm, *host->get(host::test::vm_path(kWeb01)));
  // A Hyper-V method through the decorator reaches the host.
  auto r = control->invoke(
      host::test::crp_service(), "CreateReferencePoint",
      {{"Collection", group_path(host::test::kFinance)}, {"ReferencePointType", std::uint16_t{2}}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->return_value, 0u);
  EXPECT_EQ(
      host::test::query_or_die(*host, kV2, "SELECT * FROM Msvm_ReferencePointCollection").size(),
      1u);
}

// ------------------------------------------------------------------------------------------------
// HvSim_DiskIo.

TEST_F(ControlNamespaceTest, WriteThenReadByEitherDiskName) {
  const auto data = bytes(4096, 0xA5);
  const auto w =
      ok_call("HvSim_DiskIo", "Write",
              {{"Disk", disk_path}, {"Offset", std::uint64_t{8192}}, {"Data", b64(data)}});
  EXPECT_EQ(w.return_value, 0u);
  ASSERT_EQ(w.out.size(), 1u);
  EXPECT_EQ(w.out[0].name, "Error");
  EXPECT_TRUE(w.out[0].value.is_null());
  EXPECT_EQ(host_read(8192, 4096), data);  // the host's DataPlane sees it

  for (const std::string& name : {disk_path, disk_id}) {
    const auto r =
        ok_call("HvSim_DiskIo", "Read",
                {{"Disk", name}, {"Offset", std::uint64_t{8192}}, {"Length", std::uint64_t{4096}}});
    EXPECT_EQ(r.return_value, 0u);
    ASSERT_NE(out_string(r, "Data"), nullptr);
    EXPECT_EQ(*out_string(r, "Data"), b64(data)) << name;
    EXPECT_TRUE(wmi::find_property(r.out, "Error")->is_null());
  }
}

TEST_F(ControlNamespaceTest, TextArgumentsAsTheWireSendsThemAreTypedStrictly) {
  const auto data = bytes(512, 0x3C);
  const auto w = ok_call("HvSim_DiskIo", "write",  // method names in any case
                         {{"disk", disk_id}, {"OFFSET", "1024"}, {"Data", b64(data)}});
  EXPECT_EQ(w.return_value, 0u);
  EXPECT_EQ(host_read(1024, 512), data);
  const auto r =
      ok_call("HvSim_DiskIo", "Read", {{"Disk", disk_id}, {"Offset", "1024"}, {"Length", "512"}});
  EXPECT_EQ(*out_string(r, "Data"), b64(data));
  // A typed integer of another width is accepted too.
  const auto r32 =
      ok_call("HvSim_DiskIo", "Read",
              {{"Disk", disk_id}, {"Offset", std::uint32_t{1024}}, {"Length", std::uint16_t{512}}});
  EXPECT_EQ(*out_string(r32, "Data"), b64(data));
}

TEST_F(ControlNamespaceTest, WriteZeroesZeroesTheRange) {
  ASSERT_TRUE(host->write(disk_path, 0, bytes(8192, 0xFF)).ok());
  const auto z = ok_call("HvSim_DiskIo", "WriteZeroes",
                         {{"Disk", disk_path}, {"Offset", "4096"}, {"Length", "4096"}});
  EXPECT_EQ(z.return_value, 0u);
  EXPECT_EQ(host_read(0, 4096), bytes(4096, 0xFF));
  EXPECT_EQ(host_read(4096, 4096), bytes(4096, 0));
}

TEST_F(ControlNamespaceTest, ModifyOfflineChangesContent) {
  ASSERT_TRUE(host->write(disk_path, 0, bytes(512, 0x01)).ok());
  const auto m = ok_call("HvSim_DiskIo", "ModifyOffline",
                         {{"Disk", disk_path}, {"Offset", "0"}, {"Data", b64(bytes(512, 0x02))}});
  EXPECT_EQ(m.return_value, 0u);
  EXPECT_EQ(host_read(0, 512), bytes(512, 0x02));
}

TEST_F(ControlNamespaceTest, ResizeGrowsTheDisk) {
  const std::uint64_t old_size = std::uint64_t{64} << 30;
  // Past the end: the host refuses (ReturnValue, Error) and nothing changes.
  const auto before = ok_call("HvSim_DiskIo", "Read",
                              {{"Disk", disk_path}, {"Offset", old_size}, {"Length", "512"}});
  EXPECT_EQ(before.return_value, kControlInvalidParameter);
  ASSERT_NE(out_string(before, "Error"), nullptr);
  EXPECT_TRUE(wmi::find_property(before.out, "Data")->is_null());

  const auto grown =
      ok_call("HvSim_DiskIo", "Resize", {{"Disk", disk_path}, {"NewSize", old_size + (1 << 20)}});
  EXPECT_EQ(grown.return_value, 0u);
  const auto after = ok_call("HvSim_DiskIo", "Read",
                             {{"Disk", disk_path}, {"Offset", old_size}, {"Length", "512"}});
  EXPECT_EQ(after.return_value, 0u);
  EXPECT_EQ(*out_string(after, "Data"), b64(bytes(512, 0)));
  // An unaligned size is the host's refusal.
  const auto odd =
      ok_call("HvSim_DiskIo", "Resize", {{"Disk", disk_path}, {"NewSize", old_size + 1}});
  EXPECT_EQ(odd.return_value, kControlInvalidParameter);
  EXPECT_NE(out_string(odd, "Error"), nullptr);
}

TEST_F(ControlNamespaceTest, ReadIsBoundedTo16MiB) {
  const auto most = ok_call("HvSim_DiskIo", "Read",
                            {{"Disk", disk_path}, {"Offset", "0"}, {"Length", kMaxTransferBytes}});
  EXPECT_EQ(most.return_value, 0u);
  EXPECT_EQ(out_string(most, "Data")->size(), (kMaxTransferBytes + 2) / 3 * 4);
  auto more = call("HvSim_DiskIo", "Read",
                   {{"Disk", disk_path}, {"Offset", "0"}, {"Length", kMaxTransferBytes + 512}});
  ASSERT_TRUE(is_fault(more.status(), "w:InvalidParameter")) << more.status().to_string();
  EXPECT_NE(more.status().message().find("16 MiB"), std::string::npos);
  EXPECT_NE(more.status().message().find("Length"), std::string::npos);
}

// Every refusal leaves the disk as it was: a read before equals a read after.
TEST_F(ControlNamespaceTest, BadInputChangesNothing) {
  const auto original = bytes(4096, 0x5A);
  ASSERT_TRUE(host->write(disk_path, 0, original).ok());
  const std::string good = b64(bytes(512, 0x77));
  // Canonical base64 of one byte 'A' is "QQ=="; these are not.
  const std::string bad_data[] = {
      "QQ",      // no padding
      "QR==",    // non-zero unused bits
      "QQ==\n",  // a line break
      " QQ==",   // a space
      "QQ=A",    // '=' inside
      "Q===",    // too much padding
      "====",    // only padding
      "QQ-_",    // the URL-safe alphabet
      good + "\r\n",
      "\xC3\xA9QQ=",  // non-ASCII
  };
  struct Case {
    std::string what;
    std::string method;
    wmi::PropertyList in;
    std::string_view fault;  // "" when the call must reach the method and answer != 0
  };
  std::vector<Case> cases;
  for (const std::string& data : bad_data) {
    cases.push_back({"base64 " + data,
                     "Write",
                     {{"Disk", disk_path}, {"Offset", "0"}, {"Data", data}},
                     "w:InvalidParameter"});
    cases.push_back({"offline base64 " + data,
                     "ModifyOffline",
                     {{"Disk", disk_path}, {"Offset", "0"}, {"Data", data}},
                     "w:InvalidParameter"});
  }
  const wmi::PropertyList typo = {{"Disk", disk_path}, {"Offfset", "0"}, {"Data", good}};
  cases.push_back({"unknown parameter", "Write", typo, "w:InvalidParameter"});
  cases.push_back({"parameter twice",
                   "Write",
                   {{"Disk", disk_path}, {"Offset", "0"}, {"offset", "512"}, {"Data", good}},
                   "w:InvalidParameter"});
  cases.push_back(
      {"missing Disk", "Write", {{"Offset", "0"}, {"Data", good}}, "w:InvalidParameter"});
  cases.push_back(
      {"null Data",
       "Write",
       {{"Disk", disk_path}, {"Offset", "0"}, {"Data", CimValue::null(wmi::CimType::kString)}},
       "w:InvalidParameter"});
  cases.push_back({"missing Offset",
                   "WriteZeroes",
                   {{"Disk", disk_path}, {"Length", "512"}},
                   "w:InvalidParameter"});
  for (const char* offset : {"abc", "-1", "1e3", " 0", "0x10", "18446744073709551616", ""}) {
    cases.push_back({std::string("offset ") + offset,
                     "Write",
                     {{"Disk", disk_path}, {"Offset", offset}, {"Data", good}},
                     "w:InvalidParameter"});
  }
  cases.push_back({"negative typed offset",
                   "Write",
                   {{"Disk", disk_path}, {"Offset", std::int64_t{-512}}, {"Data", good}},
                   "w:InvalidParameter"});
  cases.push_back({"boolean length",
                   "WriteZeroes",
                   {{"Disk", disk_path}, {"Offset", "0"}, {"Length", true}},
                   "w:InvalidParameter"});
  cases.push_back({"array disk",
                   "Write",
                   {{"Disk", *CimValue::array(wmi::CimType::kString, {disk_path})},
                    {"Offset", "0"},
                    {"Data", good}},
                   "w:InvalidParameter"});
  cases.push_back({"over 16 MiB",
                   "Write",
                   {{"Disk", disk_path},
                    {"Offset", "0"},
                    {"Data", std::string((kMaxTransferBytes / 3 + 1) * 4, 'A')}},
                   "w:InvalidParameter"});
  cases.push_back({"zeroes without Disk",
                   "WriteZeroes",
                   {{"Offset", "0"}, {"Length", "512"}},
                   "w:InvalidParameter"});
  cases.push_back(
      {"resize text", "Resize", {{"Disk", disk_path}, {"NewSize", "big"}}, "w:InvalidParameter"});
  // Well-formed calls the host refuses: ReturnValue and Error.
  cases.push_back({"unknown disk",
                   "Write",
                   {{"Disk", "C:\\nowhere.vhdx"}, {"Offset", "0"}, {"Data", good}},
                   ""});
  cases.push_back(
      {"unaligned offset", "Write", {{"Disk", disk_path}, {"Offset", "100"}, {"Data", good}}, ""});
  cases.push_back({"unaligned length",
                   "Write",
                   {{"Disk", disk_path}, {"Offset", "0"}, {"Data", b64(bytes(100, 1))}},
                   ""});
  cases.push_back({"past the end",
                   "Write",
                   {{"Disk", disk_path}, {"Offset", std::uint64_t{64} << 30}, {"Data", good}},
                   ""});
  cases.push_back(
      {"empty data", "Write", {{"Disk", disk_path}, {"Offset", "0"}, {"Data", ""}}, ""});
  cases.push_back({"zeroes past the end",
                   "WriteZeroes",
                   {{"Disk", disk_path}, {"Offset", "0"}, {"Length", std::uint64_t{65} << 30}},
                   ""});
  cases.push_back({"offline unknown disk",
                   "ModifyOffline",
                   {{"Disk", "nope"}, {"Offset", "0"}, {"Data", good}},
                   ""});
  cases.push_back({"shrink to nothing", "Resize", {{"Disk", disk_path}, {"NewSize", "0"}}, ""});

  const wmi::Instance disk_before =
      host::test::query_or_die(*host, kV2, "SELECT * FROM Msvm_StorageAllocationSettingData")[0];
  for (const Case& c : cases) {
    auto r = call("HvSim_DiskIo", c.method, c.in);
    if (!c.fault.empty()) {
      EXPECT_TRUE(is_fault(r.status(), c.fault)) << c.what << ": " << r.status().to_string();
      if (!r.ok()) {
        EXPECT_FALSE(r.status().message().empty()) << c.what;
      }
    } else {
      ASSERT_TRUE(r.ok()) << c.what << ": " << r.status().to_string();
      EXPECT_NE(r->return_value, 0u) << c.what;
      const std::string* error = out_string(*r, "Error");
      ASSERT_NE(error, nullptr) << c.what;
      EXPECT_FALSE(error->empty()) << c.what;
    }
    EXPECT_EQ(host_read(0, 4096), original) << c.what;
  }
  EXPECT_EQ(
      host::test::query_or_die(*host, kV2, "SELECT * FROM Msvm_StorageAllocationSettingData")[0],
      disk_before);
  // An unknown disk is "not found"; a refused range "invalid parameter".
  EXPECT_EQ(ok_call("HvSim_DiskIo", "Read", {{"Disk", "nope"}, {"Offset", "0"}, {"Length", "512"}})
                .return_value,
            kControlNotFound);
  EXPECT_EQ(
      ok_call("HvSim_DiskIo", "Read", {{"Disk", disk_path}, {"Offset", "1"}, {"Length", "512"}})
          .return_value,
      kControlInvalidParameter);
}

// ------------------------------------------------------------------------------------------------
// HvSim_Host.

TEST_F(ControlNamespaceTest, CrashKeepsContentAndIsCounted) {
  ASSERT_TRUE(host->write(disk_path, 0, bytes(512, 0x42)).ok());
  const auto r = ok_call("HvSim_Host", "Crash");
  EXPECT_EQ(r.return_value, 0u);
  EXPECT_TRUE(wmi::find_property(r.out, "Error")->is_null());
  EXPECT_EQ(host_read(0, 512), bytes(512, 0x42));
  EXPECT_EQ(get_ok("HvSim_Host").find("CrashCount")->as_uint(), 1u);
  EXPECT_TRUE(
      is_fault(call("HvSim_Host", "Crash", {{"Hard", "true"}}).status(), "w:InvalidParameter"));
  EXPECT_EQ(get_ok("HvSim_Host").find("CrashCount")->as_uint(), 1u);
}

// ------------------------------------------------------------------------------------------------
// HvSim_Clock.

wmi::TimePoint now_of(const wmi::MethodResult& r) {
  return std::get<wmi::Timestamp>(
             std::get<wmi::Datetime>(wmi::find_property(r.out, "Now")->scalar()))
      .utc();
}

TEST_F(ControlNamespaceTest, NowAndAdvance) {
  EXPECT_EQ(now_of(ok_call("HvSim_Clock", "Now")), control::kDefaultEpoch);
  source.add(seconds(2));  // real time passes, at scale 1
  EXPECT_EQ(now_of(ok_call("HvSim_Clock", "Now")), control::kDefaultEpoch + seconds(2));

  const auto a = ok_call("HvSim_Clock", "Advance", {{"Milliseconds", std::uint64_t{1500}}});
  EXPECT_EQ(a.return_value, 0u);
  EXPECT_EQ(now_of(a), control::kDefaultEpoch + milliseconds(3500));
  EXPECT_TRUE(wmi::find_property(a.out, "Error")->is_null());
  EXPECT_EQ(scaled->now(), control::kDefaultEpoch + milliseconds(3500));
  EXPECT_EQ(host->clock().now(), control::kDefaultEpoch + milliseconds(3500));
  // Text, as over the wire; 0 is a no-op.
  EXPECT_EQ(now_of(ok_call("HvSim_Clock", "Advance", {{"Milliseconds", "500"}})),
            control::kDefaultEpoch + seconds(4));
  EXPECT_EQ(now_of(ok_call("HvSim_Clock", "Advance", {{"Milliseconds", "0"}})),
            control::kDefaultEpoch + seconds(4));
  const wmi::Instance clock = get_ok("HvSim_Clock");
  EXPECT_EQ(std::get<wmi::Interval>(std::get<wmi::Datetime>(clock.find("Advanced")->scalar())),
            wmi::Interval{milliseconds(2000)});
}

TEST_F(ControlNamespaceTest, AdvanceRefusesBadValuesAndStaysPut) {
  ASSERT_EQ(ok_call("HvSim_Clock", "Advance", {{"Milliseconds", "1000"}}).return_value, 0u);
  const wmi::TimePoint before = scaled->now();
  for (const CimValue& bad : {CimValue("-5"), CimValue("1.5"), CimValue("soon"),
                              CimValue(std::int32_t{-1}), CimValue::null(wmi::CimType::kUint64)}) {
    auto r = call("HvSim_Clock", "Advance", {{"Milliseconds", bad}});
    EXPECT_TRUE(is_fault(r.status(), "w:InvalidParameter")) << r.status().to_string();
  }
  EXPECT_TRUE(is_fault(call("HvSim_Clock", "Advance").status(), "w:InvalidParameter"));
  EXPECT_TRUE(
      is_fault(call("HvSim_Clock", "Advance", {{"Seconds", "1"}}).status(), "w:InvalidParameter"));
  // Past the last instant a CIM datetime can write: ReturnValue 32773, Error, Now unchanged.
  for (const CimValue& far :
       {CimValue(std::uint64_t{18446744073709551615u}),
        CimValue(std::uint64_t{9223372036854775807u}), CimValue("400000000000000")}) {
    const auto r = ok_call("HvSim_Clock", "Advance", {{"Milliseconds", far}});
    EXPECT_EQ(r.return_value, kControlInvalidParameter);
    ASSERT_NE(out_string(r, "Error"), nullptr);
    EXPECT_NE(out_string(r, "Error")->find("9999-12-31"), std::string::npos);
    EXPECT_EQ(now_of(r), before);
  }
  EXPECT_EQ(scaled->now(), before);
}

// The point of HvSim_Clock.Advance: a job's virtual time passes without anyone sleeping.
TEST_F(ControlNamespaceTest, AdvanceMovesJobProgressWithoutSleeping) {
  build("async-jobs");  // jobs take 3 polls and 2-2.5 s
  const auto started = host::test::value_or_fail(
      host::test::create_reference_point(*control, group_path(host::test::kFinance)));
  ASSERT_EQ(started.return_value, 4096u);
  const wmi::ObjectPath* job = out_reference(started, "Job");
  ASSERT_NE(job, nullptr);
  auto job_state = [&] {
    auto got = control->get(*job);
    EXPECT_TRUE(got.ok()) << got.status().to_string();
    return got.ok() ? host::test::uint_property(*got, "JobState").value_or(0) : 0;
  };
  // No simulated time passes however often it is polled: 3 (Starting), 0 % done.
  for (int poll = 0; poll < 6; ++poll) EXPECT_EQ(job_state(), 3u) << poll;
  EXPECT_EQ(host::test::uint_property(*control->get(*job), "PercentComplete"), 0u);
  ASSERT_EQ(ok_call("HvSim_Clock", "Advance", {{"Milliseconds", "2500"}}).return_value, 0u);
  EXPECT_EQ(job_state(), 7u);
  EXPECT_EQ(
      host::test::query_or_die(*host, kV2, "SELECT * FROM Msvm_ReferencePointCollection").size(),
      1u);
}

// Real time, scaled, moves jobs too (the injected source stands in for real elapsed time).
TEST_F(ControlNamespaceTest, ScaledRealTimeMovesJobs) {
  build("async-jobs", 60.0);
  const auto started = host::test::value_or_fail(
      host::test::create_reference_point(*control, group_path(host::test::kFinance)));
  ASSERT_EQ(started.return_value, 4096u);
  const wmi::ObjectPath job = *out_reference(started, "Job");
  for (int poll = 0; poll < 4; ++poll) {  // the source stands still: 3 (Starting)
    EXPECT_EQ(host::test::uint_property(*control->get(job), "JobState"), 3u);
  }
  source.add(milliseconds(20));  // 1.2 s simulated: part of the way (4 Running)
  EXPECT_EQ(host::test::uint_property(*control->get(job), "JobState"), 4u);
  source.add(milliseconds(30));  // 3 s simulated in all
  EXPECT_EQ(host::test::uint_property(*control->get(job), "JobState"), 7u);
  EXPECT_EQ(std::get<double>(get_ok("HvSim_Clock").find("TimeScale")->scalar()), 60.0);
}

// ------------------------------------------------------------------------------------------------
// HvSim_FaultRules.

constexpr std::string_view kCrpFails = R"({
  "description": "CreateReferencePoint answers 32768",
  "rules": [{"name": "crp", "match": {"class": "Msvm_CollectionReferencePointService",
             "method": "CreateReferencePoint"}, "action": {"type": "return-code", "code": 32768}}]
})";

TEST_F(ControlNamespaceTest, InstallAndClearFaultRules) {
  const auto installed =
      ok_call("HvSim_FaultRules", "Install", {{"Rules", std::string(kCrpFails)}});
  EXPECT_EQ(installed.return_value, 0u);
  EXPECT_EQ(wmi::find_property(installed.out, "RuleCount")->as_uint(), 1u);

  auto refused = host::test::create_reference_point(*control, group_path(host::test::kFinance));
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(refused->return_value, 32768u);
  const wmi::Instance rules = get_ok("HvSim_FaultRules");
  EXPECT_EQ(rules.find("RuleCount")->as_uint(), 1u);
  ASSERT_EQ(rules.find("Fired")->elements().size(), 1u);
  EXPECT_EQ(CimValue(rules.find("Fired")->elements()[0]).as_uint(), 1u);
  EXPECT_EQ(CimValue(rules.find("Matched")->elements()[0]).as_uint(), 1u);

  EXPECT_EQ(ok_call("HvSim_FaultRules", "Clear").return_value, 0u);
  EXPECT_EQ(get_ok("HvSim_FaultRules").find("RuleCount")->as_uint(), 0u);
  auto works = host::test::create_reference_point(*control, group_path(host::test::kFinance));
  ASSERT_TRUE(works.ok());
  EXPECT_EQ(works->return_value, 0u);
}

TEST_F(ControlNamespaceTest, BadFaultRulesChangeNothing) {
  ASSERT_EQ(
      ok_call("HvSim_FaultRules", "Install", {{"Rules", std::string(kCrpFails)}}).return_value, 0u);
  for (std::string_view bad : {
           std::string_view("not json"),
           std::string_view(R"({"rules": [{"action": {"type": "explode"}}]})"),
           std::string_view(R"({"rules": [{"action": {"type": "return-code", "code": 0}}]})"),
           std::string_view(R"({"rules": [], "extra": 1})"),
           std::string_view(R"({"rules": [{"action": {"type": "delay", "ms": 1},
                                           "probability": 2}]})"),
           std::string_view(""),
       }) {
    auto r = call("HvSim_FaultRules", "Install", {{"Rules", std::string(bad)}});
    EXPECT_TRUE(is_fault(r.status(), "w:InvalidParameter"))
        << bad << ": " << r.status().to_string();
  }
  EXPECT_TRUE(is_fault(call("HvSim_FaultRules", "Install").status(), "w:InvalidParameter"));
  // The earlier rule is still installed and still fires.
  EXPECT_EQ(get_ok("HvSim_FaultRules").find("RuleCount")->as_uint(), 1u);
  auto refused = host::test::create_reference_point(*control, group_path(host::test::kFinance));
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(refused->return_value, 32768u);
}

// Fault rules never apply to root/hvsim: a rule that drops every call cannot lock a client out.
TEST_F(ControlNamespaceTest, FaultRulesNeverApplyToTheControlNamespace) {
  constexpr std::string_view kDropAll =
      R"({"rules": [{"action": {"type": "transport", "fault": "drop"}}]})";
  ASSERT_EQ(ok_call("HvSim_FaultRules", "Install", {{"Rules", std::string(kDropAll)}}).return_value,
            0u);
  EXPECT_EQ(control->get(host::test::vm_path(kWeb01)).status().kind(), StatusKind::kTransport);
  EXPECT_TRUE(control->get(control_path("HvSim_Clock")).ok());
  EXPECT_TRUE(control->query(kNs, "SELECT * FROM HvSim_FaultRules").ok());
  EXPECT_EQ(
      ok_call("HvSim_DiskIo", "Read", {{"Disk", disk_path}, {"Offset", "0"}, {"Length", "512"}})
          .return_value,
      0u);
  EXPECT_EQ(ok_call("HvSim_FaultRules", "Clear").return_value, 0u);
  EXPECT_TRUE(control->get(host::test::vm_path(kWeb01)).ok());
}

// ------------------------------------------------------------------------------------------------
// Several server threads at once.

TEST_F(ControlNamespaceTest, ConcurrentCallsAreConsistent) {
  constexpr int kThreads = 4;
  constexpr int kRounds = 50;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const std::uint64_t offset = static_cast<std::uint64_t>(t) << 20;
      for (int i = 0; i < kRounds; ++i) {
        const auto data = bytes(512, static_cast<unsigned char>(t * 16 + i % 16));
        auto w = control->invoke(control_path("HvSim_DiskIo"), "Write",
                                 {{"Disk", disk_path}, {"Offset", offset}, {"Data", b64(data)}});
        auto r = control->invoke(control_path("HvSim_DiskIo"), "Read",
                                 {{"Disk", disk_path}, {"Offset", offset}, {"Length", "512"}});
        auto a = control->invoke(control_path("HvSim_Clock"), "Advance", {{"Milliseconds", "1"}});
        auto g = control->get(control_path("HvSim_Clock"));
        auto v = control->get(host::test::vm_path(kWeb01));
        if (!w.ok() || w->return_value != 0 || !r.ok() || r->return_value != 0 ||
            *out_string(*r, "Data") != b64(data) || !a.ok() || a->return_value != 0 || !g.ok() ||
            !v.ok()) {
          ++failures;
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(scaled->advanced(), milliseconds(kThreads * kRounds));
  EXPECT_EQ(scaled->now(), control::kDefaultEpoch + milliseconds(kThreads * kRounds));
}

}  // namespace
}  // namespace sim::server
