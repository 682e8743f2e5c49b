// The ReferencePointSettings argument of CreateReferencePoint: an embedded
// Msvm_CollectionReferencePointSettingData given as "" (defaults), DSP0201 CIM-XML text, MOF text,
// or an already-decoded embedded instance (spec §4). Pure function; thread-safe.
#pragma once

#include "sim/host/model.h"
#include "wmi/cim/cim_value.h"
#include "wmi/cim/status.h"

namespace sim::host {

// The requested consistency (kApplication when unspecified or 0 Unknown). Fails with
// kInvalidArgument saying why for text that is neither CIM-XML nor MOF, an instance of another
// class, or a ConsistencyLevel that is not an integer 0..2.
wmi::Result<Consistency> parse_reference_point_settings(const wmi::CimValue& settings);

}  // namespace sim::host
