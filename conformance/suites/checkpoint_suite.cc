// Area 6, checkpoints (spec §4, §5): ConvertToReferencePoint on Msvm_VirtualSystemSnapshotService
// takes recovery checkpoints only. A property creates a checkpoint of a random type (2 full,
// 3 disk, 32768 recovery) on a random VM of the inventory's finance group in a random namespace
// the target serves, and converts it: a recovery checkpoint becomes a point of that VM and is
// deleted (SNAP-CONVERT-002); any other is refused with a non-reserved code and nothing changes
// (SNAP-CONVERT-001). Results of 4096 answers are read only through Msvm_AffectedJobElement.
#include <rapidcheck.h>

#include <string>

#include "conformance/catalogue/conformance_test.h"
#include "conformance/oracle/return_codes.h"
#include "conformance/suites/collection_calls.h"
#include "conformance/suites/recipe_setup.h"
#include "conformance/target/target.h"
#include "wmi/cim/cim_name.h"

namespace conformance {
namespace {

struct ConvertCase {
  std::unique_ptr<Session> session;
  std::string ns;
  std::string vm;
  wmi::ObjectPath checkpoint;
  PointSnapshot before, after;
  CallOutcome converted;
};

// Creates a checkpoint of `type` on `vm` in `ns` and converts it (RC_FAIL when the set-up fails).
ConvertCase convert_checkpoint(std::string ns, std::string vm, std::uint16_t type) {
  ConvertCase c;
  c.session = current_target().open(*rc::gen::arbitrary<std::uint64_t>());
  c.ns = std::move(ns);
  c.vm = std::move(vm);
  wmi::Connection& connection = c.session->connection();
  const auto service = service_path(connection, c.ns, kVmSnapshotService);
  const auto system = find_instance(connection, c.ns, "Msvm_ComputerSystem", "Name", c.vm);
  if (!service || !system) RC_FAIL("no " + std::string(kVmSnapshotService) + " or VM in " + c.ns);
  const CallOutcome created = call_and_settle(*c.session, *service, "CreateSnapshot",
                                              {{"AffectedSystem", *system},
                                               {"SnapshotSettings", std::string()},
                                               {"SnapshotType", std::uint64_t{type}}});
  const auto checkpoint =
      result_reference(created, "ResultingSnapshot", "Msvm_VirtualSystemSettingData");
  if (!created.succeeded() || !checkpoint) {
    RC_FAIL("CreateSnapshot type " + std::to_string(type) + ": " + created.describe());
  }
  c.checkpoint = *checkpoint;
  c.before = snapshot_points(connection, c.ns);
  c.converted = call_and_settle(
      *c.session, *service, "ConvertToReferencePoint",
      {{"AffectedSnapshot", c.checkpoint}, {"ReferencePointSettings", std::string()}});
  c.after = snapshot_points(connection, c.ns);
  if (!c.before.problem.empty() || !c.after.problem.empty()) {
    RC_FAIL(c.before.problem + c.after.problem);
  }
  return c;
}

std::string generated_namespace() {
  const auto namespaces = current_target().namespaces();
  RC_PRE(!namespaces.empty());
  return *rc::gen::elementOf(namespaces);
}

std::string generated_vm() { return std::string(*rc::gen::element(kSql01, kWeb01)); }

CONFORMANCE_PROP(CheckpointSuite, ConvertRefusesStandardAndDiskCheckpoints, "SNAP-CONVERT-001") {
  const std::uint16_t type = *rc::gen::element<std::uint16_t>(2, 3);
  ConvertCase c = convert_checkpoint(generated_namespace(), generated_vm(), type);
  RC_ASSERT(c.converted.transport.ok());
  const std::uint32_t code = c.converted.effective_code();
  RC_LOG() << "type " << type << " in " << c.ns << ": " << c.converted.describe() << "\n";
  RC_ASSERT(code != 0u);
  RC_ASSERT(!oracle::is_reserved(oracle::ReturnCodeFamily::kCim, code));
  RC_ASSERT(c.before == c.after);
  RC_ASSERT(c.session->connection().get(c.checkpoint).ok());
}

CONFORMANCE_PROP(CheckpointSuite, ConvertTurnsARecoveryCheckpointIntoAPoint, "SNAP-CONVERT-002") {
  ConvertCase c = convert_checkpoint(generated_namespace(), generated_vm(), kVmRecoveryCheckpoint);
  RC_LOG() << "in " << c.ns << ": " << c.converted.describe() << "\n";
  RC_ASSERT(c.converted.succeeded());
  const auto point =
      result_reference(c.converted, "ResultingReferencePoint", "Msvm_VirtualSystemReferencePoint");
  RC_ASSERT(point.has_value());
  const auto instance = c.session->connection().get(*point);
  RC_ASSERT(instance.ok());
  const wmi::CimValue* owner = instance->find("VirtualSystemIdentifier");
  RC_ASSERT(owner != nullptr);
  const std::string* owner_text = owner->as_string();
  RC_ASSERT(owner_text != nullptr);
  RC_ASSERT(wmi::iequals(*owner_text, c.vm));
  RC_ASSERT(c.after.vm_points.size() == c.before.vm_points.size() + 1);
  RC_ASSERT(c.session->connection().get(c.checkpoint).status().kind() ==
            wmi::StatusKind::kNotFound);
}

}  // namespace
}  // namespace conformance
