// The method recipes (method_recipes.h) of the checkpoint services:
// Msvm_VirtualSystemSnapshotService (per VM) and Msvm_CollectionSnapshotService (per group), both
// CIM family, in both namespaces (spec §2, §4). Natural errors: the profile's
// create_snapshot.code.* types and convert_to_reference_point.code.standard_checkpoint.
#include <fmt/format.h>

#include "conformance/suites/recipe_setup.h"

namespace conformance {
namespace {

using Prepared = std::optional<PreparedCall>;
constexpr auto kCim = wmi::ReturnCodeFamily::kCim;

// --- Msvm_VirtualSystemSnapshotService ---------------------------------------------------------

Prepared vm_create_checkpoint(const Setup& s) {
  const auto vm = vm_in(s.session, s.ns, kSql01, s.problem);
  const wmi::PropertyList in = {{"AffectedSystem", vm.value_or(wmi::ObjectPath{})},
                                {"SnapshotSettings", ""},
                                {"SnapshotType", kVmRecoveryCheckpoint}};
  Prepared call = call_on(s, kVmSnapshotService, in);
  add_natural(s, call, "create_snapshot.code.type_unknown", kCim, "SnapshotType 0",
              with(in, "SnapshotType", std::uint16_t{0}));
  add_natural(s, call, "create_snapshot.code.type_vendor_specific", kCim,
              "a vendor-specific SnapshotType", with(in, "SnapshotType", kVendorSpecificType));
  return call;
}

// A checkpoint of sql-01 of `type` as the only in-parameter `parameter`.
Prepared vm_checkpoint_call(const Setup& s, std::string_view method_parameter, std::uint16_t type) {
  const auto vm = vm_in(s.session, s.ns, kSql01, s.problem);
  const auto checkpoint = vm ? vm_checkpoint(s.session, s.ns, *vm, type, s.problem) : std::nullopt;
  return call_on(s, kVmSnapshotService,
                 {{std::string(method_parameter), checkpoint.value_or(wmi::ObjectPath{})}});
}

Prepared vm_destroy_checkpoint(const Setup& s) {
  return vm_checkpoint_call(s, "AffectedSnapshot", kVmRecoveryCheckpoint);
}

Prepared vm_convert_checkpoint(const Setup& s) {
  Prepared call = vm_checkpoint_call(s, "AffectedSnapshot", kVmRecoveryCheckpoint);
  if (!call) return call;
  call->in.push_back({"ReferencePointSettings", ""});
  const auto vm = vm_in(s.session, s.ns, kSql01, s.problem);
  const auto full = vm_checkpoint(s.session, s.ns, *vm, kVmFullCheckpoint, s.problem);
  if (!full) return std::nullopt;
  add_natural(s, call, "convert_to_reference_point.code.standard_checkpoint", kCim,
              "a full (standard) checkpoint", with(call->in, "AffectedSnapshot", *full));
  return call;
}

// --- Msvm_CollectionSnapshotService ------------------------------------------------------------

Prepared group_create_checkpoint(const Setup& s) {
  const auto group = fresh_group(s.session, s.ns, {kSql01, kWeb01}, s.seed, s.problem);
  const wmi::PropertyList in = {{"Collection", group.value_or(wmi::ObjectPath{})},
                                {"SnapshotSettings", ""},
                                {"SnapshotType", kGroupRecoveryCheckpoint}};
  Prepared call = call_on(s, kCollectionSnapshotService, in);
  add_natural(s, call, "create_snapshot.code.type_unknown", kCim, "SnapshotType 0",
              with(in, "SnapshotType", std::uint16_t{0}));
  add_natural(s, call, "create_snapshot.code.type_reserved", kCim, "a DMTF-reserved SnapshotType",
              with(in, "SnapshotType", std::uint16_t{3}));
  add_natural(s, call, "create_snapshot.code.type_vendor_specific", kCim,
              "a vendor-specific SnapshotType", with(in, "SnapshotType", kVendorSpecificType));
  return call;
}

// A checkpoint of a fresh group of sql-01 and web-01 of `type` as the in-parameter `parameter`;
// `group` receives the group.
Prepared group_checkpoint_call(const Setup& s, std::string_view parameter, std::uint16_t type,
                               std::optional<wmi::ObjectPath>& group) {
  group = fresh_group(s.session, s.ns, {kSql01, kWeb01}, s.seed, s.problem);
  const auto checkpoint =
      group ? group_checkpoint(s.session, s.ns, *group, type, s.problem) : std::nullopt;
  return call_on(s, kCollectionSnapshotService,
                 {{std::string(parameter), checkpoint.value_or(wmi::ObjectPath{})}});
}

Prepared group_convert_checkpoint(const Setup& s) {
  std::optional<wmi::ObjectPath> group;
  Prepared call =
      group_checkpoint_call(s, "AffectedSnapshotCollection", kGroupRecoveryCheckpoint, group);
  if (!call) return call;
  const auto standard =
      group_checkpoint(s.session, s.ns, *group, kGroupStandardCheckpoint, s.problem);
  if (!standard) return std::nullopt;
  add_natural(s, call, "convert_to_reference_point.code.standard_checkpoint", kCim,
              "a standard group checkpoint",
              with(call->in, "AffectedSnapshotCollection", *standard));
  return call;
}

Prepared group_destroy_checkpoint(const Setup& s) {
  std::optional<wmi::ObjectPath> group;
  return group_checkpoint_call(s, "AffectedSnapshotCollection", kGroupRecoveryCheckpoint, group);
}

Prepared group_apply_checkpoint(const Setup& s) {
  std::optional<wmi::ObjectPath> group;
  return group_checkpoint_call(s, "SnapshotCollection", kGroupStandardCheckpoint, group);
}

Prepared group_export_checkpoint(const Setup& s) {
  std::optional<wmi::ObjectPath> group;
  Prepared call = group_checkpoint_call(s, "SnapshotCollection", kGroupRecoveryCheckpoint, group);
  if (!call) return call;
  call->in.push_back({"ExportDirectory", export_directory(s.seed)});
  call->in.push_back({"ExportSettingData", ""});
  add_natural(s, call, "export_reference_point.code.directory_empty", kCim,
              "an empty ExportDirectory", with(call->in, "ExportDirectory", ""));
  return call;
}

constexpr MethodRecipe kCheckpointRecipes[] = {
    {kVmSnapshotService, "CreateSnapshot", kCim, false, &prepare_with<vm_create_checkpoint>},
    {kVmSnapshotService, "ConvertToReferencePoint", kCim, false,
     &prepare_with<vm_convert_checkpoint>},
    {kVmSnapshotService, "DestroySnapshot", kCim, false, &prepare_with<vm_destroy_checkpoint>},
    {kCollectionSnapshotService, "CreateSnapshot", kCim, false,
     &prepare_with<group_create_checkpoint>},
    {kCollectionSnapshotService, "ConvertToReferencePoint", kCim, false,
     &prepare_with<group_convert_checkpoint>},
    {kCollectionSnapshotService, "DestroySnapshot", kCim, false,
     &prepare_with<group_destroy_checkpoint>},
    {kCollectionSnapshotService, "ApplySnapshot", kCim, false,
     &prepare_with<group_apply_checkpoint>},
    {kCollectionSnapshotService, "ExportSnapshot", kCim, false,
     &prepare_with<group_export_checkpoint>},
};

}  // namespace

std::span<const MethodRecipe> checkpoint_recipes() { return kCheckpointRecipes; }

}  // namespace conformance
