// Msvm_Error: the embedded error instance GetError / GetErrorEx return for a job that did not
// succeed (spec §6), as CIM-XML text. Pure functions.
#pragma once

#include <string>

#include "sim/host/job.h"

namespace sim::host {

// The Msvm_Error describing how `job` failed (Message, MessageID, ErrorSource, CIMStatusCode,
// PerceivedSeverity, ErrorType, ...). Precondition: the job ended with a non-zero ErrorCode.
wmi::Instance job_error_instance(const Job& job, std::string_view error_source);

// job_error_instance as DSP0201 CIM-XML.
std::string job_error_xml(const Job& job, std::string_view error_source);

}  // namespace sim::host
