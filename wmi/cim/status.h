// wmi::Status and wmi::Result<T>: how every hvsim component reports a failure that is not a CIM
// ReturnValue (transport, authentication, SOAP fault, protocol, parse, not found, bad argument).
// Exceptions never cross a component boundary; functions that can fail return one of these.
// Value types; not synchronised.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace wmi {

enum class StatusKind {
  kOk,
  kTransport,        // connection refused, reset, TLS, timeout on the wire
  kAuth,             // 401 or credentials refused
  kFault,            // a SOAP fault came back; see Status::fault()
  kProtocol,         // the peer answered something we cannot read
  kNotFound,         // class or instance does not exist
  kInvalidArgument,  // caller's input is malformed (paths, XML, datetimes, WQL, ...)
};

// Detail of a WS-Management SOAP fault (spec/wsman-wire.md "Faults").
struct FaultDetail {
  std::string code;              // e.g. "s:Sender"
  std::string subcode;           // e.g. "w:InvalidSelectors"
  std::uint32_t wsman_code = 0;  // f:WSManFault Code, e.g. 2150858813
  std::string message;

  friend bool operator==(const FaultDetail&, const FaultDetail&) = default;
};

class Status {
 public:
  Status() = default;  // ok
  Status(StatusKind kind, std::string message) : kind_(kind), message_(std::move(message)) {}
  // A Status carrying a SOAP fault's detail. The kind is kFault unless the fault means one of the
  // other kinds: the WS-Man client reads a:DestinationUnreachable back as kNotFound,
  // n:CannotProcessFilter and w:InvalidParameter as kInvalidArgument, w:AccessDenied as kAuth
  // (wmi/wsman/fault_status.h), and keeps the detail either way.
  static Status fault(FaultDetail detail, std::string message,
                      StatusKind kind = StatusKind::kFault) {
    Status s(kind, std::move(message));
    s.fault_ = std::move(detail);
    return s;
  }

  bool ok() const { return kind_ == StatusKind::kOk; }
  StatusKind kind() const { return kind_; }
  const std::string& message() const { return message_; }
  // The SOAP fault this Status came from or becomes, whatever its kind; nullopt when none.
  const std::optional<FaultDetail>& fault() const { return fault_; }

  // "<kind>: <message>", for logs and one-line CLI errors.
  std::string to_string() const;

 private:
  StatusKind kind_ = StatusKind::kOk;
  std::string message_;
  std::optional<FaultDetail> fault_;
};

const char* to_string(StatusKind kind);

inline Status invalid_argument(std::string message) {
  return Status(StatusKind::kInvalidArgument, std::move(message));
}
inline Status not_found(std::string message) {
  return Status(StatusKind::kNotFound, std::move(message));
}

// Either a T or a non-ok Status. Accessing value() of an error is a programming error (asserts).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }

  const T& value() const& { return std::get<T>(v_); }
  T& value() & { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  // The error; an ok Status when this holds a value.
  Status status() const { return ok() ? Status() : std::get<Status>(v_); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace wmi
