// Embedded setting-data arguments (spec §4): the ReferencePointSettings of the CreateReferencePoint
// and ConvertToReferencePoint methods (Msvm_CollectionReferencePointSettingData for a VM group,
// Msvm_VirtualSystemReferencePointSettingData for one VM) and the SnapshotSettings of the
// CreateSnapshot methods (Msvm_VirtualSystemSnapshotSettingData), each given as "" (defaults),
// DSP0201 CIM-XML text, MOF text, or an already-decoded embedded instance. One decoder serves all.
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string_view>

#include "sim/host/model.h"
#include "wmi/cim/cim_value.h"
#include "wmi/cim/status.h"

namespace sim::host {

// The requested consistency (kApplication when unspecified or 0 Unknown) of `settings`, an
// instance of `setting_data_class`. Fails like decode_embedded_instance
// (embedded_instance_argument.h), and for a ConsistencyLevel that is not an integer 0..2.
wmi::Result<Consistency> parse_reference_point_settings(const wmi::CimValue& settings,
                                                        std::string_view setting_data_class);

// Msvm_VirtualSystemSnapshotSettingData, as asked for.
struct SnapshotSettings {
  Consistency consistency = Consistency::kApplication;  // ConsistencyLevel 0..2 (0 → application)
  bool ignore_non_snapshottable_disks = false;          // IgnoreNonSnapshottableDisks
  std::uint16_t guest_backup_type = 0;  // GuestBackupType 0 undefined, 1 full, 2 copy
};

// The SnapshotSettings argument (an Msvm_VirtualSystemSnapshotSettingData). Fails like
// decode_embedded_instance (embedded_instance_argument.h), and for a ConsistencyLevel or
// GuestBackupType that is not an integer 0..2 or an IgnoreNonSnapshottableDisks that is not a
// boolean.
wmi::Result<SnapshotSettings> parse_snapshot_settings(const wmi::CimValue& settings);

}  // namespace sim::host
