#include "sim/server/gss_acceptor.h"

#include <fmt/format.h>
#include <gssapi/gssapi_ext.h>
#include <gssapi/gssapi_krb5.h>

#include <cstring>
#include <utility>
#include <vector>

#include "wmi/wsman/gss_message.h"

namespace sim::server {
namespace {

// OIDs in DER content form.
gss_OID_desc kSpnegoOid = {6, const_cast<char*>("\x2b\x06\x01\x05\x05\x02")};
gss_OID_desc kNtlmOid = {10, const_cast<char*>("\x2b\x06\x01\x04\x01\x82\x37\x02\x02\x0a")};
gss_OID_desc kKrb5Oid = {9, const_cast<char*>("\x2a\x86\x48\x86\xf7\x12\x01\x02\x02")};
// The OID Microsoft's early Kerberos used; Windows clients still offer it in SPNEGO.
gss_OID_desc kKrb5MsOid = {9, const_cast<char*>("\x2a\x86\x48\x82\xf7\x12\x01\x02\x02")};

// gss-ntlmssp's credential store key for its users file (gssapi_ntlmssp.h GSS_NTLMSSP_CS_KEYFILE).
constexpr const char* kNtlmKeyfileKey = "ntlmssp_keyfile";
constexpr const char* kKeytabKey = "keytab";

bool same_oid(const gss_OID_desc* a, const gss_OID_desc& b) {
  return a != GSS_C_NO_OID && a->length == b.length &&
         std::memcmp(a->elements, b.elements, b.length) == 0;
}

bool set_has(gss_OID_set set, const gss_OID_desc& oid) {
  if (set == GSS_C_NO_OID_SET) return false;
  for (std::size_t i = 0; i < set->count; ++i) {
    if (same_oid(&set->elements[i], oid)) return true;
  }
  return false;
}

class Name {
 public:
  Name() = default;
  Name(const Name&) = delete;
  Name& operator=(const Name&) = delete;
  ~Name() {
    OM_uint32 minor = 0;
    if (name_ != GSS_C_NO_NAME) gss_release_name(&minor, &name_);
  }
  gss_name_t* out() { return &name_; }
  gss_name_t get() const { return name_; }

 private:
  gss_name_t name_ = GSS_C_NO_NAME;
};

class OidSet {
 public:
  OidSet() = default;
  OidSet(const OidSet&) = delete;
  OidSet& operator=(const OidSet&) = delete;
  ~OidSet() {
    OM_uint32 minor = 0;
    if (set_ != GSS_C_NO_OID_SET) gss_release_oid_set(&minor, &set_);
  }
  gss_OID_set* out() { return &set_; }
  gss_OID_set get() const { return set_; }

 private:
  gss_OID_set set_ = GSS_C_NO_OID_SET;
};

wmi::Status acquire_error(std::string what) {
  return wmi::invalid_argument(fmt::format("Negotiate: {}", what));
}

wmi::Status context_error(std::string what) {
  return wmi::Status(wmi::StatusKind::kProtocol, std::move(what));
}

}  // namespace

const char* to_string(GssMechanism mechanism) {
  switch (mechanism) {
    case GssMechanism::kNone:
      return "none";
    case GssMechanism::kNtlm:
      return "NTLM";
    case GssMechanism::kKerberos:
      return "Kerberos";
  }
  return "unknown";
}

bool is_initial_token(std::string_view token) {
  if (!token.empty() && static_cast<unsigned char>(token[0]) == 0x60) return true;
  if (token.size() >= 12 && token.substr(0, 8) == std::string_view("NTLMSSP\0", 8)) {
    return static_cast<unsigned char>(token[8]) == 1 && token[9] == 0 && token[10] == 0 &&
           token[11] == 0;
  }
  return false;
}

GssCredential::~GssCredential() {
  OM_uint32 minor = 0;
  if (handle_ != GSS_C_NO_CREDENTIAL) gss_release_cred(&minor, &handle_);
}

wmi::Result<std::shared_ptr<const GssCredential>> GssCredential::acquire(
    const GssAcceptorOptions& options) {
  if (options.users_file.empty() && options.keytab.empty()) {
    return acquire_error("needs a users file (NTLM) or a keytab (Kerberos)");
  }
  const std::string& host = options.service_host;
  if (host.empty() || host.find_first_of("@/\\ \t\r\n") != std::string::npos) {
    return acquire_error("the service host must be a host name (no '@', '/', '\\' or spaces)");
  }
  OM_uint32 minor = 0;
  const std::string service = "HTTP@" + host;
  gss_buffer_desc service_buffer{service.size(), const_cast<char*>(service.data())};
  Name name;
  OM_uint32 major =
      gss_import_name(&minor, &service_buffer, GSS_C_NT_HOSTBASED_SERVICE, name.out());
  if (GSS_ERROR(major)) {
    return acquire_error(fmt::format("cannot import the name {}: {}", service,
                                     wmi::wsman::gss_status_text(major, minor)));
  }

  std::vector<gss_key_value_element_desc> store;
  if (!options.users_file.empty()) store.push_back({kNtlmKeyfileKey, options.users_file.c_str()});
  if (!options.keytab.empty()) store.push_back({kKeytabKey, options.keytab.c_str()});
  gss_key_value_set_desc store_set{static_cast<OM_uint32>(store.size()), store.data()};

  // Kerberos alone first, so that a keytab without the service key is reported with MIT's reason
  // (the combined acquisition below would quietly leave Kerberos out).
  if (!options.keytab.empty()) {
    gss_OID_set_desc krb5_only{1, &kKrb5Oid};
    gss_cred_id_t probe = GSS_C_NO_CREDENTIAL;
    major = gss_acquire_cred_from(&minor, name.get(), GSS_C_INDEFINITE, &krb5_only, GSS_C_ACCEPT,
                                  &store_set, &probe, nullptr, nullptr);
    if (GSS_ERROR(major)) {
      return acquire_error(
          fmt::format("no Kerberos acceptor credential for HTTP/{} in keytab {}: {}", host,
                      options.keytab, wmi::wsman::gss_status_text(major, minor)));
    }
    OM_uint32 ignored = 0;
    gss_release_cred(&ignored, &probe);
  }

  std::vector<gss_OID_desc> mechs{kSpnegoOid};
  std::vector<gss_OID_desc> negotiable;
  if (!options.keytab.empty()) {
    mechs.push_back(kKrb5Oid);
    negotiable.push_back(kKrb5Oid);
  }
  if (!options.users_file.empty()) {
    mechs.push_back(kNtlmOid);
    negotiable.push_back(kNtlmOid);
  }
  gss_OID_set_desc mech_set{mechs.size(), mechs.data()};
  std::shared_ptr<GssCredential> credential(new GssCredential());
  OidSet actual;
  major = gss_acquire_cred_from(&minor, name.get(), GSS_C_INDEFINITE, &mech_set, GSS_C_ACCEPT,
                                &store_set, &credential->handle_, actual.out(), nullptr);
  if (GSS_ERROR(major)) {
    return acquire_error(fmt::format("cannot acquire an acceptor credential: {}",
                                     wmi::wsman::gss_status_text(major, minor)));
  }
  credential->kerberos_ = set_has(actual.get(), kKrb5Oid);
  credential->ntlm_ = set_has(actual.get(), kNtlmOid);
  if (!options.users_file.empty() && !credential->ntlm_) {
    return acquire_error(
        "no NTLM acceptor credential (is gss-ntlmssp installed, with /etc/gss/mech.d/"
        "mech.ntlmssp.conf?)");
  }
  if (!options.keytab.empty() && !credential->kerberos_) {
    return acquire_error("no Kerberos acceptor credential");
  }
  if (!set_has(actual.get(), kSpnegoOid)) return acquire_error("no SPNEGO acceptor credential");
  gss_OID_set_desc negotiable_set{negotiable.size(), negotiable.data()};
  major = gss_set_neg_mechs(&minor, credential->handle_, &negotiable_set);
  if (GSS_ERROR(major)) {
    return acquire_error(fmt::format("cannot restrict SPNEGO's mechanisms: {}",
                                     wmi::wsman::gss_status_text(major, minor)));
  }
  return std::shared_ptr<const GssCredential>(std::move(credential));
}

GssAcceptor::GssAcceptor(std::shared_ptr<const GssCredential> credential)
    : credential_(std::move(credential)) {}

GssAcceptor::~GssAcceptor() { reset(); }

void GssAcceptor::reset() {
  if (context_ != GSS_C_NO_CONTEXT) {
    OM_uint32 minor = 0;
    gss_delete_sec_context(&minor, &context_, GSS_C_NO_BUFFER);
    context_ = GSS_C_NO_CONTEXT;
  }
  established_ = false;
  can_seal_ = false;
  mechanism_ = GssMechanism::kNone;
  peer_name_.clear();
}

GssAcceptor::Step GssAcceptor::accept(std::string_view input_token) {
  Step step;
  if (established_) reset();
  if (!credential_) {
    step.error = "no acceptor credential";
    return step;
  }
  OM_uint32 minor = 0;
  gss_buffer_desc input{input_token.size(), const_cast<char*>(input_token.data())};
  Name source;
  gss_OID mech = GSS_C_NO_OID;
  gss_buffer_desc output = GSS_C_EMPTY_BUFFER;
  OM_uint32 flags = 0;
  const OM_uint32 major = gss_accept_sec_context(&minor, &context_, credential_->handle(), &input,
                                                 GSS_C_NO_CHANNEL_BINDINGS, source.out(), &mech,
                                                 &output, &flags, nullptr, nullptr);
  std::string output_token = wmi::wsman::take_gss_buffer(output);
  if (GSS_ERROR(major)) {
    step.error = wmi::wsman::gss_status_text(major, minor);
    reset();
    return step;
  }
  if (major & GSS_S_CONTINUE_NEEDED) {
    step.kind = Step::Kind::kContinue;
    step.output_token = std::move(output_token);
    return step;
  }

  gss_buffer_desc display = GSS_C_EMPTY_BUFFER;
  OM_uint32 name_minor = 0;
  const OM_uint32 name_major = gss_display_name(&name_minor, source.get(), &display, nullptr);
  if (GSS_ERROR(name_major)) {
    step.error = "the client's name cannot be displayed: " +
                 wmi::wsman::gss_status_text(name_major, name_minor);
    reset();
    return step;
  }
  peer_name_ = wmi::wsman::take_gss_buffer(display);
  // gss-ntlmssp counts the C string's terminating NUL in the buffer's length.
  while (!peer_name_.empty() && peer_name_.back() == '\0') peer_name_.pop_back();
  if (same_oid(mech, kNtlmOid)) {
    mechanism_ = GssMechanism::kNtlm;
  } else if (same_oid(mech, kKrb5Oid) || same_oid(mech, kKrb5MsOid)) {
    mechanism_ = GssMechanism::kKerberos;
  } else {
    mechanism_ = GssMechanism::kNone;
  }
  can_seal_ = (flags & GSS_C_CONF_FLAG) != 0;
  established_ = true;
  step.kind = Step::Kind::kComplete;
  step.output_token = std::move(output_token);
  return step;
}

wmi::Result<SealedMessage> GssAcceptor::wrap(std::string_view plain) {
  if (!established_) return context_error("no established security context to seal with");
  return wmi::wsman::seal_message(context_, layout(), plain);
}

wmi::Result<std::string> GssAcceptor::unwrap(std::string_view signature, std::string_view sealed) {
  if (!established_) return context_error("no established security context to unseal with");
  return wmi::wsman::unseal_message(context_, layout(), signature, sealed);
}

}  // namespace sim::server
