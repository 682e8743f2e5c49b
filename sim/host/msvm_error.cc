// Msvm_Error (CIM_Error): never enumerated; GetError / GetErrorEx embed it as CIM-XML.
#include "sim/host/msvm_error.h"

#include "sim/host/class_defs.h"
#include "sim/host/class_names.h"
#include "wmi/cim/cim_xml.h"

namespace sim::host {

namespace {

// CIM_Error.ErrorType and CIMStatusCode for a family's error code.
struct ErrorClassification {
  std::uint16_t error_type;      // 4 software error, 10 unsupported operation
  std::uint32_t cim_status;      // 1 CIM_ERR_FAILED, 4 INVALID_PARAMETER, 7 NOT_SUPPORTED
  std::uint16_t probable_cause;  // 0 unknown, 111 timeout
};

ErrorClassification classify_error(wmi::ReturnCodeFamily family, std::uint32_t code) {
  const bool cim = family == wmi::ReturnCodeFamily::kCim;
  if (code == (cim ? 1u : 32770u)) return {10, 7, 0};
  if (code == (cim ? 4u : 32773u)) return {4, 4, 0};
  if (code == (cim ? 3u : 32772u)) return {4, 1, 111};
  return {4, 1, 0};
}

}  // namespace

wmi::Instance job_error_instance(const Job& job, std::string_view error_source) {
  const ErrorClassification c = classify_error(job.family, job.error_code);
  constexpr std::uint16_t kSeverityHigh = 4;
  wmi::PropertyList p;
  p.push_back({"CIMStatusCode", c.cim_status});
  p.push_back({"ErrorSource", std::string(error_source)});
  p.push_back({"ErrorSourceFormat", std::uint16_t{0}});
  p.push_back({"ErrorType", c.error_type});
  p.push_back({"Message", job.error_description});
  p.push_back({"MessageID", std::to_string(job.error_code)});
  p.push_back({"OwningEntity", "Microsoft-Windows-Hyper-V-VMMS"});
  p.push_back({"PerceivedSeverity", kSeverityHigh});
  p.push_back({"ProbableCause", c.probable_cause});
  return wmi::Instance(std::string(cls::kError), "", std::move(p));
}

std::string job_error_xml(const Job& job, std::string_view error_source) {
  // The instance holds only scalars of known types: the writer cannot fail on it.
  return *wmi::to_cim_xml(job_error_instance(job, error_source));
}

const ClassDef kErrorClass{cls::kError, "CIM_Error", {}};

}  // namespace sim::host
