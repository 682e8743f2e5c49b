#include "sim/server/testing/self_signed_cert.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <random>

namespace sim::server::testing {
namespace {

bool write_pem(const std::string& path, EVP_PKEY* key, X509* cert) {
  FILE* f = std::fopen(path.c_str(), "w");
  if (f == nullptr) return false;
  const int written = cert ? PEM_write_X509(f, cert)
                           : PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(f);
  return written == 1;
}

// A certificate for 127.0.0.1 and localhost signed by `key`; "" or what failed.
std::string make(EVP_PKEY* key, const std::string& cert_path, long serial) {
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), serial);
  X509_gmtime_adj(X509_getm_notBefore(cert), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  std::string error;
  for (auto [nid, value] : {std::pair{NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost"},
                            std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    if (ext == nullptr) {
      error = "cannot make an extension";
      break;
    }
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
  }
  if (error.empty() && X509_sign(cert, key, EVP_sha256()) <= 0) error = "cannot sign";
  if (error.empty() && !write_pem(cert_path, nullptr, cert)) error = "cannot write " + cert_path;
  X509_free(cert);
  return error;
}

}  // namespace

SelfSignedCert::SelfSignedCert() {
  std::random_device rd;
  dir_ = std::filesystem::temp_directory_path() / ("hvsim-cert-" + std::to_string(rd()));
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) {
    error_ = "cannot create " + dir_.string();
    return;
  }
  EVP_PKEY* key = EVP_EC_gen("P-256");
  EVP_PKEY* other = EVP_EC_gen("P-256");
  if (key == nullptr || other == nullptr) {
    error_ = "cannot make a key";
  } else if (!write_pem(key_file(), key, nullptr)) {
    error_ = "cannot write " + key_file();
  } else {
    error_ = make(key, cert_file(), 1);
    if (error_.empty()) error_ = make(other, other_cert_file(), 2);
  }
  EVP_PKEY_free(key);
  EVP_PKEY_free(other);
}

SelfSignedCert::~SelfSignedCert() {
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

}  // namespace sim::server::testing
