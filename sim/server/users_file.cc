#include "sim/server/users_file.h"

#include <fmt/format.h>
#include <openssl/crypto.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <utility>

#include "wmi/cim/utf8.h"

namespace sim::server {
namespace {

// Wipes a string's bytes before it is released (best effort: copies made by reallocation are out
// of reach).
void wipe_string(std::string& s) {
  if (!s.empty()) OPENSSL_cleanse(s.data(), s.size());
  s.clear();
}

char lower_ascii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// DOMAIN and USER: printable ASCII without whitespace and without the characters that separate
// fields or name forms (':' fields, '\' DOMAIN\USER, '@' USER@DOMAIN, '/' principal names).
const char* name_problem(std::string_view name) {
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x21 || u > 0x7E) return "has a character outside printable ASCII, or whitespace";
    if (c == '\\' || c == '@' || c == '/') return "has one of the characters '\\', '@', '/'";
  }
  return nullptr;
}

const char* password_problem(std::string_view password) {
  if (password.empty()) return "the password is empty";
  for (std::size_t i = 0; i < password.size();) {
    const auto decoded = wmi::utf8::decode(password, i);
    if (!decoded) return "the password is not valid UTF-8";
    if (decoded->code_point < 0x20 || decoded->code_point == 0x7F) {
      return "the password has a control character";
    }
    i += decoded->length;
  }
  return nullptr;
}

}  // namespace

bool iequals_ascii(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower_ascii(a[i]) != lower_ascii(b[i])) return false;
  }
  return true;
}

std::string display_name(const UserEntry& entry) {
  if (entry.domain.empty()) return entry.user;
  return entry.domain + "\\" + entry.user;
}

UsersFile::UsersFile(UsersFile&& other) noexcept
    : source_(std::move(other.source_)), entries_(std::move(other.entries_)) {
  other.entries_.clear();
}

UsersFile& UsersFile::operator=(UsersFile&& other) noexcept {
  if (this != &other) {
    wipe();
    source_ = std::move(other.source_);
    entries_ = std::move(other.entries_);
    other.entries_.clear();
  }
  return *this;
}

UsersFile::~UsersFile() { wipe(); }

void UsersFile::wipe() {
  for (auto& entry : entries_) wipe_string(entry.password);
  entries_.clear();
}

wmi::Result<UsersFile> UsersFile::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return wmi::invalid_argument(
        fmt::format("users file {}: cannot open it ({})", path, std::strerror(errno)));
  }
  std::string text;
  char buffer[4096];
  while (in) {
    in.read(buffer, sizeof buffer);
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxFileBytes) {
      wipe_string(text);
      OPENSSL_cleanse(buffer, sizeof buffer);
      return wmi::invalid_argument(
          fmt::format("users file {}: larger than {} bytes", path, kMaxFileBytes));
    }
  }
  OPENSSL_cleanse(buffer, sizeof buffer);
  if (in.bad()) {
    wipe_string(text);
    return wmi::invalid_argument(fmt::format("users file {}: read error", path));
  }
  auto parsed = parse(text, path);
  wipe_string(text);
  return parsed;
}

wmi::Result<UsersFile> UsersFile::parse(std::string_view text, std::string_view source) {
  UsersFile file;
  file.source_ = std::string(source);
  const auto error = [&](std::size_t line, std::string_view what) {
    return wmi::invalid_argument(fmt::format("users file {} line {}: {}", source, line, what));
  };
  if (text.size() > kMaxFileBytes) {
    return wmi::invalid_argument(
        fmt::format("users file {}: larger than {} bytes", source, kMaxFileBytes));
  }
  if (text.substr(0, 3) == "\xEF\xBB\xBF") {
    return error(1, "starts with a byte-order mark (gss-ntlmssp would read it as part of DOMAIN)");
  }

  std::size_t line_number = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    ++line_number;
    std::size_t end = text.find('\n', pos);
    std::string_view line =
        text.substr(pos, end == std::string_view::npos ? text.size() - pos : end - pos);
    pos = end == std::string_view::npos ? text.size() : end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);

    if (line.size() > kMaxLineBytes) {
      return error(line_number, fmt::format("longer than {} bytes", kMaxLineBytes));
    }
    if (line.find('\0') != std::string_view::npos) return error(line_number, "has a NUL byte");
    if (line.find('\r') != std::string_view::npos) {
      return error(line_number, "has a carriage return that does not end the line");
    }
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;  // blank
    if (line.front() == '#') continue;                                      // comment
    if (line.front() == ' ' || line.front() == '\t') {
      return error(line_number,
                   "starts with whitespace (a comment's '#' must be in the first column)");
    }

    const std::size_t first = line.find(':');
    const std::size_t second = first == std::string_view::npos ? first : line.find(':', first + 1);
    if (second == std::string_view::npos) {
      return error(line_number, "is not DOMAIN:USER:PASSWORD (fewer than two ':')");
    }
    if (line.find(':', second + 1) != std::string_view::npos) {
      return error(line_number,
                   "is not DOMAIN:USER:PASSWORD (more than two ':'; a password cannot contain "
                   "':', and the smbpasswd format is not supported)");
    }
    UserEntry entry;
    entry.domain = std::string(line.substr(0, first));
    entry.user = std::string(line.substr(first + 1, second - first - 1));
    const std::string_view password = line.substr(second + 1);

    if (const char* problem = name_problem(entry.domain)) {
      return error(line_number, fmt::format("DOMAIN {}", problem));
    }
    if (entry.user.empty()) return error(line_number, "USER is empty");
    if (const char* problem = name_problem(entry.user)) {
      return error(line_number, fmt::format("USER {}", problem));
    }
    if (const char* problem = password_problem(password)) return error(line_number, problem);
    for (const auto& earlier : file.entries_) {
      if (iequals_ascii(earlier.domain, entry.domain) && iequals_ascii(earlier.user, entry.user)) {
        return error(line_number, "repeats an earlier DOMAIN and USER");
      }
    }
    entry.password = std::string(password);
    file.entries_.push_back(std::move(entry));
  }
  if (file.entries_.empty()) {
    return wmi::invalid_argument(
        fmt::format("users file {}: no DOMAIN:USER:PASSWORD line", source));
  }
  return file;
}

const UserEntry* UsersFile::find(std::string_view login) const {
  const std::size_t slash = login.find('\\');
  if (slash == std::string_view::npos) {
    for (const auto& entry : entries_) {
      if (iequals_ascii(entry.user, login)) return &entry;
    }
    return nullptr;
  }
  const std::string_view domain = login.substr(0, slash);
  const std::string_view user = login.substr(slash + 1);
  if (domain.empty()) return nullptr;
  for (const auto& entry : entries_) {
    if (!entry.domain.empty() && iequals_ascii(entry.domain, domain) &&
        iequals_ascii(entry.user, user)) {
      return &entry;
    }
  }
  return nullptr;
}

}  // namespace sim::server
