// Embedded-instance string arguments (spec §4): a setting-data instance passed as "" (none: the
// method's defaults), DSP0201 CIM-XML text, MOF text, or an already-decoded embedded instance —
// ReferencePointSettings, ReplicationSettingData, CollectionReplicationSettingData. Each method
// then reads the properties it needs. Pure function; thread-safe.
#pragma once

#include <optional>
#include <string_view>

#include "wmi/cim/cim_value.h"
#include "wmi/cim/instance.h"
#include "wmi/cim/status.h"

namespace sim::host {

// The instance `value` carries (nullopt for null, "" or a CIM-XML text without an instance). Fails
// with kInvalidArgument saying why, naming `parameter`, for text that is neither CIM-XML nor MOF, a
// value that is not a string, or an instance of a class other than `setting_data_class`.
wmi::Result<std::optional<wmi::Instance>> decode_embedded_instance(
    const wmi::CimValue& value, std::string_view parameter, std::string_view setting_data_class);

}  // namespace sim::host
