// The ReferencePointSettings argument of the two CreateReferencePoint methods: an embedded
// setting-data instance (Msvm_CollectionReferencePointSettingData for a VM group,
// Msvm_VirtualSystemReferencePointSettingData for one VM) given as "" (defaults), DSP0201 CIM-XML
// text, MOF text, or an already-decoded embedded instance (spec §4). Pure function; thread-safe.
#pragma once

#include <string_view>

#include "sim/host/model.h"
#include "wmi/cim/cim_value.h"
#include "wmi/cim/status.h"

namespace sim::host {

// The requested consistency (kApplication when unspecified or 0 Unknown) of `settings`, an
// instance of `setting_data_class`. Fails with kInvalidArgument saying why for text that is
// neither CIM-XML nor MOF, an instance of another class, or a ConsistencyLevel that is not an
// integer 0..2.
wmi::Result<Consistency> parse_reference_point_settings(const wmi::CimValue& settings,
                                                        std::string_view setting_data_class);

}  // namespace sim::host
