#include "sim/server/gss_acceptor.h"

#include <fmt/format.h>
#include <gssapi/gssapi_ext.h>
#include <gssapi/gssapi_krb5.h>

#include <cstring>
#include <utility>
#include <vector>

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

void append_status(std::string& out, OM_uint32 code, int type) {
  OM_uint32 context = 0;
  do {
    OM_uint32 minor = 0;
    gss_buffer_desc text = GSS_C_EMPTY_BUFFER;
    const OM_uint32 major = gss_display_status(&minor, code, type, GSS_C_NO_OID, &context, &text);
    if (GSS_ERROR(major)) break;
    if (text.length > 0) {
      if (!out.empty()) out += "; ";
      out.append(static_cast<const char*>(text.value), text.length);
    }
    gss_release_buffer(&minor, &text);
  } while (context != 0);
}

// "<major text>; <minor text>" as GSS-API words them.
std::string status_text(OM_uint32 major, OM_uint32 minor) {
  std::string out;
  append_status(out, major, GSS_C_GSS_CODE);
  if (minor != 0) append_status(out, minor, GSS_C_MECH_CODE);
  if (out.empty()) out = fmt::format("GSS-API major status {:#x}", major);
  return out;
}

std::string take_buffer(gss_buffer_desc& buffer) {
  std::string out;
  if (buffer.length > 0 && buffer.value != nullptr) {
    out.assign(static_cast<const char*>(buffer.value), buffer.length);
  }
  OM_uint32 minor = 0;
  gss_release_buffer(&minor, &buffer);
  return out;
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
    return acquire_error(
        fmt::format("cannot import the name {}: {}", service, status_text(major, minor)));
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
                      options.keytab, status_text(major, minor)));
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
    return acquire_error(
        fmt::format("cannot acquire an acceptor credential: {}", status_text(major, minor)));
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
    return acquire_error(
        fmt::format("cannot restrict SPNEGO's mechanisms: {}", status_text(major, minor)));
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
  std::string output_token = take_buffer(output);
  if (GSS_ERROR(major)) {
    step.error = status_text(major, minor);
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
    step.error = "the client's name cannot be displayed: " + status_text(name_major, name_minor);
    reset();
    return step;
  }
  peer_name_ = take_buffer(display);
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
  OM_uint32 minor = 0;
  int sealed_flag = 0;
  SealedMessage out;
  if (mechanism_ == GssMechanism::kKerberos) {
    std::string data(plain);
    gss_iov_buffer_desc iov[3];
    iov[0].type = GSS_IOV_BUFFER_TYPE_HEADER | GSS_IOV_BUFFER_FLAG_ALLOCATE;
    iov[0].buffer = GSS_C_EMPTY_BUFFER;
    iov[1].type = GSS_IOV_BUFFER_TYPE_DATA;
    iov[1].buffer = {data.size(), data.data()};
    iov[2].type = GSS_IOV_BUFFER_TYPE_PADDING | GSS_IOV_BUFFER_FLAG_ALLOCATE;
    iov[2].buffer = GSS_C_EMPTY_BUFFER;
    const OM_uint32 major =
        gss_wrap_iov(&minor, context_, 1, GSS_C_QOP_DEFAULT, &sealed_flag, iov, 3);
    if (!GSS_ERROR(major)) {
      out.signature.assign(static_cast<const char*>(iov[0].buffer.value), iov[0].buffer.length);
      out.sealed = std::move(data);
      if (iov[2].buffer.length > 0) {
        out.sealed.append(static_cast<const char*>(iov[2].buffer.value), iov[2].buffer.length);
      }
    }
    OM_uint32 ignored = 0;
    gss_release_iov_buffer(&ignored, iov, 3);
    if (GSS_ERROR(major)) return context_error("cannot seal: " + status_text(major, minor));
  } else {
    gss_buffer_desc input{plain.size(), const_cast<char*>(plain.data())};
    gss_buffer_desc output = GSS_C_EMPTY_BUFFER;
    const OM_uint32 major =
        gss_wrap(&minor, context_, 1, GSS_C_QOP_DEFAULT, &input, &sealed_flag, &output);
    std::string token = take_buffer(output);
    if (GSS_ERROR(major)) return context_error("cannot seal: " + status_text(major, minor));
    constexpr std::size_t kNtlmSignatureBytes = 16;
    if (token.size() < kNtlmSignatureBytes) return context_error("cannot seal: short NTLM token");
    out.signature = token.substr(0, kNtlmSignatureBytes);
    out.sealed = token.substr(kNtlmSignatureBytes);
  }
  if (sealed_flag == 0) return context_error("cannot seal: the context offers no confidentiality");
  return out;
}

wmi::Result<std::string> GssAcceptor::unwrap(std::string_view signature, std::string_view sealed) {
  if (!established_) return context_error("no established security context to unseal with");
  OM_uint32 minor = 0;
  int sealed_flag = 0;
  std::string plain;
  if (mechanism_ == GssMechanism::kKerberos) {
    std::string header(signature);
    plain.assign(sealed);
    gss_iov_buffer_desc iov[2];
    iov[0].type = GSS_IOV_BUFFER_TYPE_HEADER;
    iov[0].buffer = {header.size(), header.data()};
    iov[1].type = GSS_IOV_BUFFER_TYPE_DATA;
    iov[1].buffer = {plain.size(), plain.data()};
    const OM_uint32 major = gss_unwrap_iov(&minor, context_, &sealed_flag, nullptr, iov, 2);
    if (GSS_ERROR(major)) return context_error("cannot unseal: " + status_text(major, minor));
    plain.resize(iov[1].buffer.length);
  } else {
    std::string token;
    token.reserve(signature.size() + sealed.size());
    token.append(signature);
    token.append(sealed);
    gss_buffer_desc input{token.size(), token.data()};
    gss_buffer_desc output = GSS_C_EMPTY_BUFFER;
    const OM_uint32 major = gss_unwrap(&minor, context_, &input, &output, &sealed_flag, nullptr);
    plain = take_buffer(output);
    if (GSS_ERROR(major)) return context_error("cannot unseal: " + status_text(major, minor));
  }
  if (sealed_flag == 0) return context_error("the message was signed but not sealed");
  return plain;
}

}  // namespace sim::server
