// ClassDef: what the dispatcher knows about one CIM class — its name, superclass, keys, how to
// list and find its instances in the model, and its methods with their typed parameters. Each
// class file (computer_system.cc, collection_reference_point_service.cc, …) defines one ClassDef;
// class_catalog.h says which namespaces have which class. Constant data; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "wmi/cim/cim_type.h"
#include "wmi/cim/instance.h"
#include "wmi/cim/object_path.h"
#include "wmi/cim/return_code.h"

namespace sim::host {

class HostState;

// Where instances are being rendered: references and paths carry this namespace and host name.
struct RenderScope {
  const HostState& state;
  std::string_view namespace_name;
};

struct ParamSpec {
  std::string_view name;
  wmi::CimType type;
  bool in = true;
  bool out = false;
  bool is_array = false;
};

// An in-parameter after typing: the declared type, or null when the caller left it out.
struct CallArgs {
  wmi::ObjectPath target;
  std::string_view namespace_name;
  wmi::PropertyList in;  // every declared in-parameter, in declaration order
  const wmi::CimValue& operator[](std::string_view name) const;
};

// What a method did. code 0: success (out holds the out-parameters except Job, `affected` what it
// created or changed, for Msvm_AffectedJobElement). Otherwise an error code of the method's
// family and a one-line description; nothing changed.
struct MethodOutcome {
  std::uint32_t code = 0;
  std::string message;
  wmi::PropertyList out;
  std::vector<wmi::ObjectPath> affected;
  // A method whose job has its own class (MethodSpec::job_class): that class's properties,
  // shown on the job once it succeeds.
  wmi::PropertyList job_details;

  static MethodOutcome error(std::uint32_t code, std::string message) {
    return MethodOutcome{code, std::move(message), {}, {}, {}};
  }
};

struct MethodSpec {
  std::string_view name;
  wmi::ReturnCodeFamily family;
  std::span<const ParamSpec> params;
  // JobType of the job that carries this method when it answers 4096; 0: the method never starts
  // a job (the profile's delivery does not apply).
  std::uint16_t job_type = 0;
  // Pure: the outcome run() would have now, without changing anything (code 0 when it would
  // succeed; out and affected need not be filled). Only for methods with a job_type.
  MethodOutcome (*check)(const HostState&, const CallArgs&) = nullptr;
  // Does the work: changes state only when it succeeds, and then entirely.
  MethodOutcome (*run)(HostState&, const CallArgs&) = nullptr;
  // The method changes nothing; its result is its out-parameters. When the profile delivers its
  // success through a job it runs at the call, and the 4096 answer carries those out-parameters
  // beside Job (clients read them from the method's answer once the job has ended [field]); the
  // job has nothing left to do and completes.
  bool read_only = false;
  // The class of the job it starts, a subclass of Msvm_ConcreteJob (e.g. an export job); "":
  // Msvm_ConcreteJob.
  std::string_view job_class = {};
};

struct ClassDef {
  std::string_view name;
  std::string_view superclass;  // "" for a root class
  std::span<const std::string_view> keys;
  // Appends every instance in `scope` (nullptr: the class has no instances of its own).
  void (*enumerate)(const RenderScope& scope, std::vector<wmi::Instance>& out) = nullptr;
  // The instance at `path` (keys already validated); nullptr: found by enumerating.
  std::optional<wmi::Instance> (*find)(const RenderScope& scope,
                                       const wmi::ObjectPath& path) = nullptr;
  std::span<const MethodSpec> methods = {};
  bool singleton = false;  // a service addressed by the profile's singleton selectors
};

}  // namespace sim::host
