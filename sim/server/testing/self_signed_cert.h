// Test-only: a throwaway self-signed TLS certificate (P-256, valid for an hour, CA:TRUE so that it
// verifies itself as a CA file) for 127.0.0.1 and localhost, written as PEM into a temporary
// directory that goes when the object does. Not synchronised.
#pragma once

#include <filesystem>
#include <string>

namespace sim::server::testing {

class SelfSignedCert {
 public:
  SelfSignedCert();
  ~SelfSignedCert();
  SelfSignedCert(const SelfSignedCert&) = delete;
  SelfSignedCert& operator=(const SelfSignedCert&) = delete;

  // "" when the certificate was made; else what failed.
  const std::string& error() const { return error_; }
  std::string cert_file() const { return (dir_ / "cert.pem").string(); }
  std::string key_file() const { return (dir_ / "key.pem").string(); }
  // A second self-signed certificate for the same names, which does not verify the first.
  std::string other_cert_file() const { return (dir_ / "other-cert.pem").string(); }

 private:
  std::filesystem::path dir_;
  std::string error_;
};

}  // namespace sim::server::testing
