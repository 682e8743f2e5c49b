#include "wmi/wsman/gss_message.h"

#include <fmt/format.h>
#include <gssapi/gssapi_ext.h>

namespace wmi::wsman {
namespace {

// An NTLM message signature (MS-NLMP 2.2.2.9): what precedes the sealed data in gss_wrap's token.
constexpr std::size_t kNtlmSignatureBytes = 16;

void append_status(std::string& out, OM_uint32 code, int type) {
  OM_uint32 context = 0;
  do {
    OM_uint32 minor = 0;
    gss_buffer_desc text = GSS_C_EMPTY_BUFFER;
    if (GSS_ERROR(gss_display_status(&minor, code, type, GSS_C_NO_OID, &context, &text))) break;
    if (text.length > 0) {
      if (!out.empty()) out += "; ";
      out.append(static_cast<const char*>(text.value), text.length);
    }
    gss_release_buffer(&minor, &text);
  } while (context != 0);
}

Status protection_error(std::string_view what, OM_uint32 major, OM_uint32 minor) {
  return Status(StatusKind::kProtocol, fmt::format("{}: {}", what, gss_status_text(major, minor)));
}

Status protection_error(std::string what) { return Status(StatusKind::kProtocol, std::move(what)); }

}  // namespace

std::string gss_status_text(OM_uint32 major, OM_uint32 minor) {
  std::string out;
  append_status(out, major, GSS_C_GSS_CODE);
  if (minor != 0) append_status(out, minor, GSS_C_MECH_CODE);
  if (out.empty()) out = fmt::format("GSS-API major status {:#x}", major);
  return out;
}

std::string take_gss_buffer(gss_buffer_desc& buffer) {
  std::string out;
  if (buffer.length > 0 && buffer.value != nullptr) {
    out.assign(static_cast<const char*>(buffer.value), buffer.length);
  }
  OM_uint32 minor = 0;
  gss_release_buffer(&minor, &buffer);
  return out;
}

Result<SealedMessage> seal_message(gss_ctx_id_t context, SealLayout layout,
                                   std::string_view plain) {
  OM_uint32 minor = 0;
  int sealed_flag = 0;
  SealedMessage out;
  if (layout == SealLayout::kKerberos) {
    std::string data(plain);
    gss_iov_buffer_desc iov[3];
    iov[0].type = GSS_IOV_BUFFER_TYPE_HEADER | GSS_IOV_BUFFER_FLAG_ALLOCATE;
    iov[0].buffer = GSS_C_EMPTY_BUFFER;
    iov[1].type = GSS_IOV_BUFFER_TYPE_DATA;
    iov[1].buffer = {data.size(), data.data()};
    iov[2].type = GSS_IOV_BUFFER_TYPE_PADDING | GSS_IOV_BUFFER_FLAG_ALLOCATE;
    iov[2].buffer = GSS_C_EMPTY_BUFFER;
    const OM_uint32 major =
        gss_wrap_iov(&minor, context, 1, GSS_C_QOP_DEFAULT, &sealed_flag, iov, 3);
    if (!GSS_ERROR(major)) {
      out.signature.assign(static_cast<const char*>(iov[0].buffer.value), iov[0].buffer.length);
      out.sealed = std::move(data);
      if (iov[2].buffer.length > 0) {
        out.sealed.append(static_cast<const char*>(iov[2].buffer.value), iov[2].buffer.length);
      }
    }
    OM_uint32 ignored = 0;
    gss_release_iov_buffer(&ignored, iov, 3);
    if (GSS_ERROR(major)) return protection_error("cannot seal", major, minor);
  } else {
    gss_buffer_desc input{plain.size(), const_cast<char*>(plain.data())};
    gss_buffer_desc output = GSS_C_EMPTY_BUFFER;
    const OM_uint32 major =
        gss_wrap(&minor, context, 1, GSS_C_QOP_DEFAULT, &input, &sealed_flag, &output);
    std::string token = take_gss_buffer(output);
    if (GSS_ERROR(major)) return protection_error("cannot seal", major, minor);
    if (token.size() < kNtlmSignatureBytes)
      return protection_error("cannot seal: short NTLM token");
    out.signature = token.substr(0, kNtlmSignatureBytes);
    out.sealed = token.substr(kNtlmSignatureBytes);
  }
  if (sealed_flag == 0) {
    return protection_error("cannot seal: the context offers no confidentiality");
  }
  return out;
}

Result<std::string> unseal_message(gss_ctx_id_t context, SealLayout layout,
                                   std::string_view signature, std::string_view sealed) {
  OM_uint32 minor = 0;
  int sealed_flag = 0;
  std::string plain;
  if (layout == SealLayout::kKerberos) {
    std::string header(signature);
    plain.assign(sealed);
    gss_iov_buffer_desc iov[2];
    iov[0].type = GSS_IOV_BUFFER_TYPE_HEADER;
    iov[0].buffer = {header.size(), header.data()};
    iov[1].type = GSS_IOV_BUFFER_TYPE_DATA;
    iov[1].buffer = {plain.size(), plain.data()};
    const OM_uint32 major = gss_unwrap_iov(&minor, context, &sealed_flag, nullptr, iov, 2);
    if (GSS_ERROR(major)) return protection_error("cannot unseal", major, minor);
    plain.resize(iov[1].buffer.length);
  } else {
    std::string token;
    token.reserve(signature.size() + sealed.size());
    token.append(signature);
    token.append(sealed);
    gss_buffer_desc input{token.size(), token.data()};
    gss_buffer_desc output = GSS_C_EMPTY_BUFFER;
    const OM_uint32 major = gss_unwrap(&minor, context, &input, &output, &sealed_flag, nullptr);
    plain = take_gss_buffer(output);
    if (GSS_ERROR(major)) return protection_error("cannot unseal", major, minor);
  }
  if (sealed_flag == 0) return protection_error("the message was signed but not sealed");
  return plain;
}

}  // namespace wmi::wsman
