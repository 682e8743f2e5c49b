#include "wmi/wsman/gss_initiator.h"

#include <fmt/format.h>
#include <gssapi/gssapi_ext.h>
#include <gssapi/gssapi_krb5.h>

#include <utility>

#include "wmi/wsman/gss_message.h"

namespace wmi::wsman {
namespace {

// OIDs in DER content form.
gss_OID_desc kSpnegoOid = {6, const_cast<char*>("\x2b\x06\x01\x05\x05\x02")};
gss_OID_desc kNtlmOid = {10, const_cast<char*>("\x2b\x06\x01\x04\x01\x82\x37\x02\x02\x0a")};
gss_OID_desc kKrb5Oid = {9, const_cast<char*>("\x2a\x86\x48\x86\xf7\x12\x01\x02\x02")};

// gss-ntlmssp's credential-store key for the password (gssapi_ntlmssp.h GSS_NTLMSSP_CS_PASSWORD).
constexpr const char* kNtlmPasswordKey = "ntlmssp_password";

Status auth_error(std::string_view what, OM_uint32 major, OM_uint32 minor) {
  return Status(StatusKind::kAuth, fmt::format("{}: {}", what, gss_status_text(major, minor)));
}

Status context_error(std::string what) { return Status(StatusKind::kProtocol, std::move(what)); }

// An owned gss_name_t.
class Name {
 public:
  Name() = default;
  Name(const Name&) = delete;
  Name& operator=(const Name&) = delete;
  ~Name() {
    OM_uint32 minor = 0;
    if (name_ != GSS_C_NO_NAME) gss_release_name(&minor, &name_);
  }
  Status import(std::string_view text, gss_OID type) {
    OM_uint32 minor = 0;
    gss_buffer_desc buffer{text.size(), const_cast<char*>(text.data())};
    const OM_uint32 major = gss_import_name(&minor, &buffer, type, &name_);
    if (GSS_ERROR(major)) {
      return invalid_argument(
          fmt::format("the name \"{}\" cannot be used: {}", text, gss_status_text(major, minor)));
    }
    return {};
  }
  gss_name_t get() const { return name_; }
  gss_name_t release() { return std::exchange(name_, GSS_C_NO_NAME); }

 private:
  gss_name_t name_ = GSS_C_NO_NAME;
};

void release_credential(gss_cred_id_t& credential) {
  OM_uint32 minor = 0;
  if (credential != GSS_C_NO_CREDENTIAL) gss_release_cred(&minor, &credential);
  credential = GSS_C_NO_CREDENTIAL;
}

// SPNEGO offering only `inner`, on `credential` (a SPNEGO credential).
Status restrict_to(gss_cred_id_t credential, gss_OID_desc& inner) {
  OM_uint32 minor = 0;
  gss_OID_set_desc negotiable{1, &inner};
  const OM_uint32 major = gss_set_neg_mechs(&minor, credential, &negotiable);
  if (GSS_ERROR(major)) return auth_error("cannot restrict SPNEGO's mechanisms", major, minor);
  return {};
}

// A SPNEGO credential offering NTLM with `user` and `password`.
Result<gss_cred_id_t> ntlm_credential(const GssInitiatorOptions& options) {
  if (options.user.empty() || options.password.empty()) {
    return invalid_argument("NTLM needs a user (DOMAIN\\user or user) and a password");
  }
  Name user;
  if (Status s = user.import(options.user, GSS_C_NT_USER_NAME); !s.ok()) return s;
  gss_key_value_element_desc element{kNtlmPasswordKey, options.password.c_str()};
  gss_key_value_set_desc store{1, &element};
  gss_OID_set_desc mechs{1, &kSpnegoOid};
  OM_uint32 minor = 0;
  gss_cred_id_t credential = GSS_C_NO_CREDENTIAL;
  const OM_uint32 major =
      gss_acquire_cred_from(&minor, user.get(), GSS_C_INDEFINITE, &mechs, GSS_C_INITIATE, &store,
                            &credential, nullptr, nullptr);
  if (GSS_ERROR(major)) {
    return auth_error(
        "no NTLM credential (is gss-ntlmssp installed, with /etc/gss/mech.d/mech.ntlmssp.conf?)",
        major, minor);
  }
  if (Status s = restrict_to(credential, kNtlmOid); !s.ok()) {
    release_credential(credential);
    return s;
  }
  return credential;
}

// A SPNEGO credential offering Kerberos: the credential cache's ticket, or one got with the
// password.
Result<gss_cred_id_t> kerberos_credential(const GssInitiatorOptions& options) {
  Name principal;
  if (!options.user.empty()) {
    if (Status s = principal.import(options.user, const_cast<gss_OID>(GSS_KRB5_NT_PRINCIPAL_NAME));
        !s.ok()) {
      return s;
    }
  }
  OM_uint32 minor = 0;
  OM_uint32 major = 0;
  gss_OID_set_desc krb5_only{1, &kKrb5Oid};
  gss_OID_set_desc spnego{1, &kSpnegoOid};
  gss_cred_id_t credential = GSS_C_NO_CREDENTIAL;
  if (!options.password.empty()) {
    if (options.user.empty()) return invalid_argument("Kerberos with a password needs a user");
    gss_buffer_desc password{options.password.size(), const_cast<char*>(options.password.data())};
    major = gss_acquire_cred_with_password(&minor, principal.get(), &password, GSS_C_INDEFINITE,
                                           &spnego, GSS_C_INITIATE, &credential, nullptr, nullptr);
    if (GSS_ERROR(major)) {
      return auth_error(fmt::format("no Kerberos ticket for {}", options.user), major, minor);
    }
  } else {
    // Kerberos alone first, for MIT's own reason when there is no ticket.
    gss_cred_id_t probe = GSS_C_NO_CREDENTIAL;
    major = gss_acquire_cred(&minor, principal.get(), GSS_C_INDEFINITE, &krb5_only, GSS_C_INITIATE,
                             &probe, nullptr, nullptr);
    if (GSS_ERROR(major)) {
      return auth_error(
          options.user.empty()
              ? std::string("no Kerberos ticket in the credential cache")
              : fmt::format("no Kerberos ticket for {} in the credential cache", options.user),
          major, minor);
    }
    release_credential(probe);
    major = gss_acquire_cred(&minor, principal.get(), GSS_C_INDEFINITE, &spnego, GSS_C_INITIATE,
                             &credential, nullptr, nullptr);
    if (GSS_ERROR(major)) return auth_error("no SPNEGO credential for Kerberos", major, minor);
  }
  if (Status s = restrict_to(credential, kKrb5Oid); !s.ok()) {
    release_credential(credential);
    return s;
  }
  return credential;
}

}  // namespace

const char* to_string(GssMechanism mechanism) {
  switch (mechanism) {
    case GssMechanism::kNegotiate:
      return "Negotiate";
    case GssMechanism::kNtlm:
      return "NTLM";
    case GssMechanism::kKerberos:
      return "Kerberos";
  }
  return "unknown";
}

Result<std::unique_ptr<GssInitiator>> GssInitiator::create(GssInitiatorOptions options) {
  const std::string& host = options.service_host;
  if (host.empty() || host.find_first_of("@/\\ \t\r\n") != std::string::npos) {
    return invalid_argument("the service host must be a host name (no '@', '/', '\\' or spaces)");
  }
  std::unique_ptr<GssInitiator> out(new GssInitiator());
  out->service_host_ = host;
  Name target;
  if (Status s = target.import("HTTP@" + host, GSS_C_NT_HOSTBASED_SERVICE); !s.ok()) return s;
  out->target_ = target.release();

  Result<gss_cred_id_t> credential = Status(StatusKind::kAuth, "no mechanism");
  switch (options.mechanism) {
    case GssMechanism::kNtlm:
      out->mechanism_ = GssMechanism::kNtlm;
      credential = ntlm_credential(options);
      break;
    case GssMechanism::kKerberos:
      out->mechanism_ = GssMechanism::kKerberos;
      credential = kerberos_credential(options);
      break;
    case GssMechanism::kNegotiate: {
      // Kerberos from the cache when no password is given, or with the password for a
      // user@REALM; NTLM otherwise, and when Kerberos has no credential.
      const bool password = !options.password.empty();
      const bool principal = options.user.find('@') != std::string::npos;
      if (!password || principal) {
        out->mechanism_ = GssMechanism::kKerberos;
        credential = kerberos_credential(options);
        if (credential.ok() || !password) break;
      }
      out->mechanism_ = GssMechanism::kNtlm;
      auto ntlm = ntlm_credential(options);
      if (!ntlm.ok() && !credential.ok() && principal) {
        return Status(StatusKind::kAuth,
                      fmt::format("Negotiate: {}; {}", credential.status().message(),
                                  ntlm.status().message()));
      }
      credential = std::move(ntlm);
      break;
    }
  }
  if (!credential.ok()) return credential.status();
  out->credential_ = *credential;
  return out;
}

GssInitiator::~GssInitiator() {
  reset();
  OM_uint32 minor = 0;
  release_credential(credential_);
  if (target_ != GSS_C_NO_NAME) gss_release_name(&minor, &target_);
}

void GssInitiator::reset() {
  if (context_ != GSS_C_NO_CONTEXT) {
    OM_uint32 minor = 0;
    gss_delete_sec_context(&minor, &context_, GSS_C_NO_BUFFER);
    context_ = GSS_C_NO_CONTEXT;
  }
  started_ = false;
  established_ = false;
  can_seal_ = false;
}

Result<std::string> GssInitiator::step(std::string_view server_token) {
  if (established_) {
    if (server_token.empty()) return std::string();
    return Status(StatusKind::kAuth, "the server sent a token after the context was established");
  }
  if (started_ && server_token.empty()) {
    reset();
    return Status(StatusKind::kAuth, "the server sent no token to continue the handshake with");
  }
  started_ = true;
  OM_uint32 minor = 0;
  const OM_uint32 flags = GSS_C_MUTUAL_FLAG | GSS_C_INTEG_FLAG | GSS_C_REPLAY_FLAG |
                          GSS_C_SEQUENCE_FLAG | GSS_C_CONF_FLAG;
  gss_buffer_desc input{server_token.size(), const_cast<char*>(server_token.data())};
  gss_buffer_desc output = GSS_C_EMPTY_BUFFER;
  OM_uint32 granted = 0;
  const OM_uint32 major = gss_init_sec_context(&minor, credential_, &context_, target_, &kSpnegoOid,
                                               flags, GSS_C_INDEFINITE, GSS_C_NO_CHANNEL_BINDINGS,
                                               server_token.empty() ? GSS_C_NO_BUFFER : &input,
                                               nullptr, &output, &granted, nullptr);
  std::string token = take_gss_buffer(output);
  if (GSS_ERROR(major)) {
    reset();
    Status failed = auth_error(
        fmt::format("{} handshake with HTTP service failed", to_string(mechanism_)), major, minor);
    // gss-ntlmssp refuses a CHALLENGE whose target name (which only a gss-ntlmssp server, such as
    // hvsim serve, sends) differs from the service name this client uses.
    if (mechanism_ == GssMechanism::kNtlm && !server_token.empty() &&
        failed.message().find("Invalid argument") != std::string::npos) {
      return Status(StatusKind::kAuth,
                    failed.message() + " (the server may name itself other than HTTP@" +
                        service_host_ +
                        ": give its service host, e.g. --spn-host localhost for hvsim serve)");
    }
    return failed;
  }
  if ((major & GSS_S_CONTINUE_NEEDED) == 0) {
    established_ = true;
    can_seal_ = (granted & GSS_C_CONF_FLAG) != 0;
  }
  return token;
}

Result<SealedMessage> GssInitiator::wrap(std::string_view plain) {
  if (!established_) return context_error("no established security context to seal with");
  return seal_message(context_, layout(), plain);
}

Result<std::string> GssInitiator::unwrap(std::string_view signature, std::string_view sealed) {
  if (!established_) return context_error("no established security context to unseal with");
  return unseal_message(context_, layout(), signature, sealed);
}

}  // namespace wmi::wsman
