// conformance::RecordingConnection: a wmi::Connection that forwards every call to another and
// records each invoke as an Observation in an EvidenceLog — namespace, class, method, a short
// rendering of the arguments, the ReturnValue (none when the call failed), the ReferencePointType
// of a CreateReferencePoint, and, once a later Get shows the invoke's job terminal, the job's
// ErrorCode. Gets and queries are forwarded unrecorded (they are how the suites look, not what
// they provoke). Answers are never changed. Not synchronised, like the suites.
#pragma once

#include <map>
#include <string>

#include "conformance/runner/evidence_log.h"
#include "wmi/cim/connection.h"

namespace conformance {

class RecordingConnection final : public wmi::Connection {
 public:
  // Both must outlive this.
  RecordingConnection(wmi::Connection& inner, EvidenceLog& log) : inner_(inner), log_(log) {}

  wmi::Result<wmi::Instance> get(const wmi::ObjectPath& path) override;
  wmi::Result<std::vector<wmi::Instance>> query(std::string_view namespace_name,
                                                std::string_view wql) override;
  wmi::Result<wmi::MethodResult> invoke(const wmi::ObjectPath& target, std::string_view method,
                                        const wmi::PropertyList& in) override;
  wmi::Result<wmi::Identity> identify() override;

 private:
  wmi::Connection& inner_;
  EvidenceLog& log_;
  // Jobs started by recorded invokes, by their path's text, awaiting a terminal Get.
  std::map<std::string, EvidenceLog::Handle> pending_jobs_;
};

// "Collection=Msvm_VirtualSystemCollection, ReferencePointType=2, ReferencePointSettings=\"\"":
// scalars by value, references by class, strings quoted and cut at 40 characters.
std::string render_arguments(const wmi::PropertyList& in);

}  // namespace conformance
