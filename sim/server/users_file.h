// The `--users FILE` of `hvsim serve`: who may log in, with which password. One file serves Basic
// (read here) and NTLM (read by gss-ntlmssp itself, as its NTLM user file), so the format is
// gss-ntlmssp 1.2's own, Heimdal's NTLM user file:
//
//   # a comment (a '#' in the first column)
//   HVSIM:alice:S3cret!        DOMAIN:USER:PASSWORD
//   :bob:another secret        an empty DOMAIN
//
// Parsing is strict, so that every line means the same to this parser and to gss-ntlmssp's:
//  * one entry a line, exactly two ':' (gss-ntlmssp reads a third ':' as the smbpasswd format, so
//    a password cannot contain ':'); '\n' or "\r\n" line ends; blank lines allowed;
//  * DOMAIN: empty, or printable ASCII without whitespace, ':', '\', '/', '@';
//    USER: non-empty, same characters; PASSWORD: non-empty UTF-8 without control characters
//    (leading and trailing spaces are part of it); a line at most 1022 bytes (gss-ntlmssp reads
//    lines with a 1024-byte buffer); no NUL byte, no byte-order mark;
//  * the same DOMAIN and USER (compared ignoring ASCII case) at most once; at least one entry.
// Errors name the file and line and the rule broken, never the content of a line.
//
// Who a login name designates (the same rule gss-ntlmssp applies to an NTLM login):
//  * "DOMAIN\USER": the entry with that DOMAIN and USER, ignoring ASCII case (an entry with an
//    empty DOMAIN never matches a login that names a domain);
//  * "USER": the first entry, in file order, with that USER, whatever its DOMAIN.
// NTLMv2 additionally hashes the domain exactly as the client typed it, so an NTLM login must spell
// DOMAIN with the file's case (pywinrm upper-cases it; write domains in upper case); Basic ignores
// case.
//
// Secrets: passwords stay in memory only as long as the UsersFile lives (wiped when it goes);
// nothing here formats them. A UsersFile is immutable after load: share it freely between threads.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "wmi/cim/status.h"

namespace sim::server {

struct UserEntry {
  std::string domain;    // may be empty
  std::string user;      // never empty
  std::string password;  // a secret: never log, format or copy it into a message
};

class UsersFile {
 public:
  // Longest line gss-ntlmssp reads whole (fgets with a 1024-byte buffer, the newline included).
  static constexpr std::size_t kMaxLineBytes = 1022;
  // Largest file accepted.
  static constexpr std::size_t kMaxFileBytes = 1 << 20;

  // Reads and parses the file at `path`.
  static wmi::Result<UsersFile> load(const std::string& path);
  // Parses `text`; `source` names it in error messages (a path, or e.g. "<test>").
  static wmi::Result<UsersFile> parse(std::string_view text, std::string_view source);

  UsersFile(const UsersFile&) = delete;
  UsersFile& operator=(const UsersFile&) = delete;
  UsersFile(UsersFile&& other) noexcept;
  UsersFile& operator=(UsersFile&& other) noexcept;
  ~UsersFile();  // wipes the passwords

  // The entry `login` ("DOMAIN\USER" or "USER") designates; nullptr when none.
  const UserEntry* find(std::string_view login) const;

  const std::vector<UserEntry>& entries() const { return entries_; }
  // Where it was read from: the path given to load(), or the source given to parse().
  const std::string& source() const { return source_; }

 private:
  UsersFile() = default;
  void wipe();

  std::string source_;
  std::vector<UserEntry> entries_;
};

// How a user is named to the SOAP layer and in logs: "DOMAIN\USER", or "USER" when DOMAIN is
// empty; spelled as in the file.
std::string display_name(const UserEntry& entry);

// Whether `a` and `b` are equal ignoring ASCII case.
bool iequals_ascii(std::string_view a, std::string_view b);

}  // namespace sim::server
