// Finding hvconform's data files (fixtures/profiles/*.json, fixtures/inventories/*.json) from any
// working directory: a path that exists as given (absolute, or relative to the working directory)
// is used as is; otherwise a relative path is looked up under the source tree the binary was built
// from (HVSIM_SOURCE_DIR, compiled in). Reads files; thread-safe.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "wmi/cim/status.h"

namespace conformance {

// The file `path` names, by the rule above; kNotFound naming both places tried.
wmi::Result<std::filesystem::path> resolve_repo_file(std::string_view path);

// The whole text of `path`; kNotFound when it cannot be read.
wmi::Result<std::string> read_text_file(const std::filesystem::path& path);

}  // namespace conformance
