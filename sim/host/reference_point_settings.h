// Embedded-instance string arguments (spec §4): a setting-data instance given as "" (defaults),
// DSP0201 CIM-XML text, MOF text, or an already-decoded embedded instance. The generic decoder
// serves every such parameter (ReferencePointSettings of the two CreateReferencePoint methods,
// ExportSettingData of the ExportReferencePoint methods and its embedded
// Msvm_VirtualMachineToDisks elements); parse_reference_point_settings reads the consistency a
// CreateReferencePoint asks for. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string_view>

#include "sim/host/model.h"
#include "wmi/cim/cim_value.h"
#include "wmi/cim/instance.h"
#include "wmi/cim/status.h"

namespace sim::host {

// The instance `value` carries, or nullopt for null and "". Fails with kInvalidArgument naming
// `parameter` for a value that is not a string (or instance), text that is neither CIM-XML nor
// MOF, or an instance of a class other than `expected_class`.
wmi::Result<std::optional<wmi::Instance>> parse_embedded_instance(const wmi::CimValue& value,
                                                                  std::string_view expected_class,
                                                                  std::string_view parameter);

// The requested consistency (kApplication when unspecified or 0 Unknown) of `settings`, an
// instance of `setting_data_class`. Fails with kInvalidArgument saying why for what
// parse_embedded_instance rejects, or a ConsistencyLevel that is not an integer 0..2.
wmi::Result<Consistency> parse_reference_point_settings(const wmi::CimValue& settings,
                                                        std::string_view setting_data_class);

}  // namespace sim::host
