// Test-only: LeakSanitizer suppressions for the GSS-API libraries' own leaks, compiled into each
// test binary that runs NTLM or Kerberos (add this file to its SOURCES: a static library member
// would never be linked, nothing references these symbols). Without a sanitizer they are unused.
//  * gss-ntlmssp 1.2 never frees the digests it fetches from OpenSSL 3 (EVP_MD_fetch for MD4,
//    MD5, HMAC): a few KiB per NTLM login, on each side.
//  * MIT krb5 1.20's SPNEGO credential acquisition leaks the principal it builds for the
//    host-based acceptor name (tens of bytes per acquisition, once per policy).
// Their stacks reach those libraries only through frames without frame pointers, so malloc stacks
// are unwound the slow way here for the suppressions to match.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:gssntlmssp.so\n"
         "leak:krb5_build_principal_alloc_va\n";
}

extern "C" const char* __asan_default_options() { return "fast_unwind_on_malloc=0"; }
