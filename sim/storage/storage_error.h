// sim::storage::Error, Status and Result<T>: how the storage engines (virtual disk content and
// change tracking) report a failure. Each error carries the numeric code a real host returns for
// the same condition (facility 0x3A virtual-disk codes, or a Win32 HRESULT for plain bad arguments)
// plus a human-readable message; the host layer turns the code into a CIM ReturnValue or job error.
// Exceptions never leave sim/storage. Value types; not synchronised.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>

namespace sim::storage {

// Numeric codes, as the real Hyper-V virtual-disk API reports them (spec §7).
enum class ErrorCode : std::uint32_t {
  kInvalidParameter = 0x80070057,  // E_INVALIDARG: offset/length/alignment/granularity out of rules
  kDataCorrupt = 0x80070017,       // ERROR_CRC as HRESULT: a replica-log stream failed a check
  kNotSupported = 0x80070032,    // ERROR_NOT_SUPPORTED as HRESULT: e.g. tracking a VHD-format disk
  kChangedOffline = 0xC03A0022,  // the disk was resized or modified offline since that id
  kInvalidTrackingState = 0xC03A0023,  // the tracker cannot issue another id in this session
  kInvalidTrackingId = 0xC03A0029,     // the id text is not an RCT id at all (malformed)
  kTrackingDisabled = 0xC03A002A,      // change tracking is off for this disk
  kNoTrackingData = 0xC03A0030,  // well-formed id that is unknown, forgotten, stale or foreign
};

// "0xC03A0029 (invalid tracking id)".
std::string to_string(ErrorCode code);

struct Error {
  ErrorCode code;
  std::string message;

  // "<code as hex> (<name>): <message>".
  std::string to_string() const;
};

// Ok, or an Error.
class [[nodiscard]] Status {
 public:
  Status() = default;                                            // ok
  Status(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT: implicit by design

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  // The error; only meaningful when !ok().
  const Error& error() const { return error_; }
  ErrorCode code() const { return error_.code; }

 private:
  Error error_{ErrorCode::kInvalidParameter, {}};
  bool ok_ = true;
};

// Either a T or an Error. Accessing value() of an error throws std::bad_variant_access (a bug).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }

  const T& value() const& { return std::get<T>(v_); }
  T& value() & { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  // The error; only meaningful when !ok().
  const Error& error() const { return std::get<Error>(v_); }
  ErrorCode code() const { return error().code; }
  Status status() const { return ok() ? Status() : Status(error()); }

 private:
  std::variant<T, Error> v_;
};

inline Error invalid_parameter(std::string message) {
  return Error{ErrorCode::kInvalidParameter, std::move(message)};
}

}  // namespace sim::storage
