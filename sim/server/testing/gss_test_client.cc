#include "sim/server/testing/gss_test_client.h"

#include <gssapi/gssapi_ext.h>

#include <utility>

namespace sim::server::testing {
namespace {

gss_OID_desc kSpnegoOid = {6, const_cast<char*>("\x2b\x06\x01\x05\x05\x02")};
gss_OID_desc kNtlmOid = {10, const_cast<char*>("\x2b\x06\x01\x04\x01\x82\x37\x02\x02\x0a")};
gss_OID_desc kKrb5Oid = {9, const_cast<char*>("\x2a\x86\x48\x86\xf7\x12\x01\x02\x02")};

std::string status_text(OM_uint32 major, OM_uint32 minor) {
  std::string out;
  for (int type : {GSS_C_GSS_CODE, GSS_C_MECH_CODE}) {
    const OM_uint32 code = type == GSS_C_GSS_CODE ? major : minor;
    if (code == 0) continue;
    OM_uint32 context = 0;
    do {
      OM_uint32 m = 0;
      gss_buffer_desc text = GSS_C_EMPTY_BUFFER;
      if (GSS_ERROR(gss_display_status(&m, code, type, GSS_C_NO_OID, &context, &text))) break;
      if (!out.empty()) out += "; ";
      out.append(static_cast<const char*>(text.value), text.length);
      gss_release_buffer(&m, &text);
    } while (context != 0);
  }
  return out;
}

wmi::Status failure(std::string_view what, OM_uint32 major, OM_uint32 minor) {
  return wmi::Status(wmi::StatusKind::kAuth, std::string(what) + ": " + status_text(major, minor));
}

std::string take(gss_buffer_desc& buffer) {
  std::string out;
  if (buffer.length > 0) out.assign(static_cast<const char*>(buffer.value), buffer.length);
  OM_uint32 minor = 0;
  gss_release_buffer(&minor, &buffer);
  return out;
}

}  // namespace

GssTestClient::GssTestClient(Options options) : options_(std::move(options)) {
  OM_uint32 minor = 0;
  gss_buffer_desc target{options_.target.size(), options_.target.data()};
  OM_uint32 major = gss_import_name(&minor, &target, GSS_C_NT_HOSTBASED_SERVICE, &target_);
  if (GSS_ERROR(major)) {
    setup_error_ = "import target: " + status_text(major, minor);
    return;
  }
  gss_OID_desc mech = options_.spnego                          ? kSpnegoOid
                      : options_.mechanism == Mechanism::kNtlm ? kNtlmOid
                                                               : kKrb5Oid;
  gss_OID_set_desc mechs{1, &mech};
  if (options_.mechanism == Mechanism::kNtlm) {
    gss_name_t user = GSS_C_NO_NAME;
    gss_buffer_desc user_buffer{options_.user.size(), options_.user.data()};
    major = gss_import_name(&minor, &user_buffer, GSS_C_NT_USER_NAME, &user);
    if (GSS_ERROR(major)) {
      setup_error_ = "import user: " + status_text(major, minor);
      return;
    }
    // The password goes in gss-ntlmssp's own credential-store key: under SPNEGO every mechanism
    // is asked for a credential, and MIT's Kerberos would take gss_acquire_cred_with_password's
    // password (or the store's generic "password") and ask the system krb5.conf's KDC, over the
    // network, for a ticket.
    gss_key_value_element_desc element{"ntlmssp_password", options_.password.c_str()};
    gss_key_value_set_desc store{1, &element};
    major = gss_acquire_cred_from(&minor, user, GSS_C_INDEFINITE, &mechs, GSS_C_INITIATE, &store,
                                  &credential_, nullptr, nullptr);
    OM_uint32 ignored = 0;
    gss_release_name(&ignored, &user);
  } else {
    major = gss_acquire_cred(&minor, GSS_C_NO_NAME, GSS_C_INDEFINITE, &mechs, GSS_C_INITIATE,
                             &credential_, nullptr, nullptr);
  }
  if (GSS_ERROR(major)) {
    setup_error_ = "acquire initiator credential: " + status_text(major, minor);
    return;
  }
  if (options_.spnego) {
    gss_OID_desc inner = options_.mechanism == Mechanism::kNtlm ? kNtlmOid : kKrb5Oid;
    gss_OID_set_desc negotiable{1, &inner};
    major = gss_set_neg_mechs(&minor, credential_, &negotiable);
    if (GSS_ERROR(major)) setup_error_ = "set SPNEGO mechanisms: " + status_text(major, minor);
  }
}

GssTestClient::~GssTestClient() {
  OM_uint32 minor = 0;
  if (context_ != GSS_C_NO_CONTEXT) gss_delete_sec_context(&minor, &context_, GSS_C_NO_BUFFER);
  if (credential_ != GSS_C_NO_CREDENTIAL) gss_release_cred(&minor, &credential_);
  if (target_ != GSS_C_NO_NAME) gss_release_name(&minor, &target_);
}

wmi::Result<std::string> GssTestClient::step(std::string_view server_token) {
  if (!setup_error_.empty()) return wmi::Status(wmi::StatusKind::kAuth, setup_error_);
  if (started_ && server_token.empty() && !established_) {
    return wmi::Status(wmi::StatusKind::kAuth, "the server sent no token to continue with");
  }
  started_ = true;
  OM_uint32 minor = 0;
  gss_OID_desc mech = options_.spnego                          ? kSpnegoOid
                      : options_.mechanism == Mechanism::kNtlm ? kNtlmOid
                                                               : kKrb5Oid;
  OM_uint32 flags = GSS_C_MUTUAL_FLAG | GSS_C_INTEG_FLAG | GSS_C_REPLAY_FLAG | GSS_C_SEQUENCE_FLAG;
  if (options_.confidentiality) flags |= GSS_C_CONF_FLAG;
  gss_buffer_desc input{server_token.size(), const_cast<char*>(server_token.data())};
  gss_buffer_desc output = GSS_C_EMPTY_BUFFER;
  const OM_uint32 major =
      gss_init_sec_context(&minor, credential_, &context_, target_, &mech, flags, GSS_C_INDEFINITE,
                           GSS_C_NO_CHANNEL_BINDINGS, &input, nullptr, &output, nullptr, nullptr);
  std::string token = take(output);
  if (GSS_ERROR(major)) return failure("init_sec_context", major, minor);
  established_ = (major & GSS_S_CONTINUE_NEEDED) == 0;
  return token;
}

wmi::Result<SealedMessage> GssTestClient::wrap(std::string_view plain) {
  OM_uint32 minor = 0;
  int sealed = 0;
  SealedMessage out;
  if (options_.mechanism == Mechanism::kKerberos) {
    std::string data(plain);
    gss_iov_buffer_desc iov[3];
    iov[0].type = GSS_IOV_BUFFER_TYPE_HEADER | GSS_IOV_BUFFER_FLAG_ALLOCATE;
    iov[0].buffer = GSS_C_EMPTY_BUFFER;
    iov[1].type = GSS_IOV_BUFFER_TYPE_DATA;
    iov[1].buffer = {data.size(), data.data()};
    iov[2].type = GSS_IOV_BUFFER_TYPE_PADDING | GSS_IOV_BUFFER_FLAG_ALLOCATE;
    iov[2].buffer = GSS_C_EMPTY_BUFFER;
    const OM_uint32 major = gss_wrap_iov(&minor, context_, 1, GSS_C_QOP_DEFAULT, &sealed, iov, 3);
    if (!GSS_ERROR(major)) {
      out.signature.assign(static_cast<const char*>(iov[0].buffer.value), iov[0].buffer.length);
      out.sealed = data;
      out.sealed.append(static_cast<const char*>(iov[2].buffer.value), iov[2].buffer.length);
    }
    OM_uint32 ignored = 0;
    gss_release_iov_buffer(&ignored, iov, 3);
    if (GSS_ERROR(major)) return failure("wrap_iov", major, minor);
    return out;
  }
  gss_buffer_desc input{plain.size(), const_cast<char*>(plain.data())};
  gss_buffer_desc output = GSS_C_EMPTY_BUFFER;
  const OM_uint32 major =
      gss_wrap(&minor, context_, 1, GSS_C_QOP_DEFAULT, &input, &sealed, &output);
  std::string token = take(output);
  if (GSS_ERROR(major)) return failure("wrap", major, minor);
  out.signature = token.substr(0, 16);
  out.sealed = token.substr(16);
  return out;
}

wmi::Result<std::string> GssTestClient::unwrap(std::string_view signature,
                                               std::string_view sealed) {
  OM_uint32 minor = 0;
  int conf = 0;
  if (options_.mechanism == Mechanism::kKerberos) {
    std::string header(signature);
    std::string data(sealed);
    gss_iov_buffer_desc iov[2];
    iov[0].type = GSS_IOV_BUFFER_TYPE_HEADER;
    iov[0].buffer = {header.size(), header.data()};
    iov[1].type = GSS_IOV_BUFFER_TYPE_DATA;
    iov[1].buffer = {data.size(), data.data()};
    const OM_uint32 major = gss_unwrap_iov(&minor, context_, &conf, nullptr, iov, 2);
    if (GSS_ERROR(major)) return failure("unwrap_iov", major, minor);
    data.resize(iov[1].buffer.length);
    return data;
  }
  std::string token(signature);
  token.append(sealed);
  gss_buffer_desc input{token.size(), token.data()};
  gss_buffer_desc output = GSS_C_EMPTY_BUFFER;
  const OM_uint32 major = gss_unwrap(&minor, context_, &input, &output, &conf, nullptr);
  std::string plain = take(output);
  if (GSS_ERROR(major)) return failure("unwrap", major, minor);
  return plain;
}

}  // namespace sim::server::testing
