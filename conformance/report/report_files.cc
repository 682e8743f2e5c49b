#include "conformance/report/report_files.h"

#include <fmt/format.h>

#include <array>
#include <fstream>
#include <string>
#include <system_error>
#include <utility>

#include "conformance/report/report_html.h"
#include "conformance/report/report_json.h"
#include "conformance/report/report_junit.h"

namespace conformance {
namespace {

namespace fs = std::filesystem;

wmi::Status protocol_error(std::string message) {
  return wmi::Status(wmi::StatusKind::kProtocol, std::move(message));
}

wmi::Status write_file(const fs::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  out.close();
  if (!out) return protocol_error(fmt::format("cannot write {}", path.string()));
  return {};
}

}  // namespace

wmi::Status write_report_files(const RunResult& run, const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir)) {
    return wmi::invalid_argument(fmt::format("cannot create report directory {}: {}", dir.string(),
                                             ec ? ec.message() : std::string("not a directory")));
  }
  wmi::Result<std::string> junit = report_junit(run);
  if (!junit)
    return protocol_error(
        fmt::format("{}: {}", (dir / "junit.xml").string(), junit.status().message()));
  const std::array<std::pair<const char*, std::string>, 3> files = {{
      {"report.json", report_json(run)},
      {"report.html", report_html(run)},
      {"junit.xml", std::move(junit).value()},
  }};
  std::array<fs::path, 3> temporaries;
  auto remove_temporaries = [&] {
    for (const fs::path& t : temporaries) {
      if (!t.empty()) fs::remove(t, ec);
    }
  };
  for (std::size_t i = 0; i < files.size(); ++i) {
    temporaries[i] = dir / fmt::format(".{}.tmp", files[i].first);
    if (wmi::Status s = write_file(temporaries[i], files[i].second); !s.ok()) {
      remove_temporaries();
      return s;
    }
  }
  for (std::size_t i = 0; i < files.size(); ++i) {
    fs::path final_path = dir / files[i].first;
    fs::rename(temporaries[i], final_path, ec);
    if (ec) {
      remove_temporaries();
      return protocol_error(fmt::format("cannot rename {} to {}: {}", temporaries[i].string(),
                                        final_path.string(), ec.message()));
    }
    temporaries[i].clear();
  }
  return {};
}

}  // namespace conformance
