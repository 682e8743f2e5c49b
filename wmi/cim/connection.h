// wmi::Connection: the whole control plane of a Hyper-V host as the suites and tools see it.
// Implemented by sim::Host (in process), wmi::WsmanConnection (any WS-Man endpoint) and
// wmi::ComConnection (Windows). Callers must not be able to tell them apart except by speed.
//
// Contract for every method: a CIM ReturnValue is data (MethodResult), never an error; a Status
// error means the call did not reach the provider or could not be read back (transport, auth, SOAP
// fault, protocol, not found, invalid argument). Implementations never throw. Thread-safety is the
// implementation's to state; callers that share one across threads must check it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "wmi/cim/instance.h"
#include "wmi/cim/object_path.h"
#include "wmi/cim/status.h"

namespace wmi {

// What Identify answers (WS-Man wsmid:IdentifyResponse; the COM backend fills it from the OS).
struct Identity {
  std::string protocol_version;
  std::string product_vendor;
  std::string product_version;
  friend bool operator==(const Identity&, const Identity&) = default;
};

// The result of a method call: the ReturnValue and the out-parameters (references carry keys only).
struct MethodResult {
  std::uint32_t return_value = 0;
  PropertyList out;
  friend bool operator==(const MethodResult&, const MethodResult&) = default;
};

class Connection {
 public:
  virtual ~Connection() = default;

  // The instance at `path` with every property; kNotFound when the class or instance does not exist
  // in that namespace. The returned instance carries its path.
  virtual Result<Instance> get(const ObjectPath& path) = 0;

  // Runs a WQL query (SELECT, ASSOCIATORS OF, REFERENCES OF) in `namespace_name`; every returned
  // instance carries its path. kInvalidArgument for WQL that cannot be parsed or names an unknown
  // class.
  virtual Result<std::vector<Instance>> query(std::string_view namespace_name,
                                              std::string_view wql) = 0;

  // Calls `method` on the instance or singleton service at `target` with `in` parameters.
  virtual Result<MethodResult> invoke(const ObjectPath& target, std::string_view method,
                                      const PropertyList& in) = 0;

  // Who answers: protocol version, vendor, product version.
  virtual Result<Identity> identify() = 0;
};

}  // namespace wmi
