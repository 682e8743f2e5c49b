#include "conformance/runner/repo_file.h"

#include <fstream>
#include <sstream>

namespace conformance {

wmi::Result<std::filesystem::path> resolve_repo_file(std::string_view path) {
  const std::filesystem::path given(path);
  std::error_code error;
  if (std::filesystem::is_regular_file(given, error)) return given;
  if (given.is_relative()) {
    const std::filesystem::path in_tree = std::filesystem::path(HVSIM_SOURCE_DIR) / given;
    if (std::filesystem::is_regular_file(in_tree, error)) return in_tree;
    return wmi::not_found("no file " + given.string() + " (nor " + in_tree.string() + ")");
  }
  return wmi::not_found("no file " + given.string());
}

wmi::Result<std::string> read_text_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return wmi::not_found("cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace conformance
