#include "sim/cli/state_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>

#include "sim/control/inventory_json.h"
#include "sim/control/strict_json.h"
#include "sim/storage/crc32c.h"

namespace sim::cli {
namespace {

using control::Json;
using control::JsonField;

constexpr std::string_view kDocument = "state file";

// Reads a member that another loader understands: re-serialises it and hands it on.
template <typename T, typename Loader>
wmi::Result<T> load_member(const JsonField& root, std::string_view key, Loader loader) {
  auto field = root.required(key);
  if (!field.ok()) return field.status();
  if (auto s = field->expect_any_object(); !s.ok()) return s;
  auto loaded = loader(field->node().dump());
  if (!loaded.ok()) {
    return wmi::invalid_argument(
        fmt::format("{} at /{}: {}", kDocument, key, loaded.status().message()));
  }
  return std::move(loaded).value();
}

wmi::Result<JournalEntry> parse_entry(const JsonField& field) {
  if (auto s = field.expect_object({"argv", "exit", "stdout_crc32c"}); !s.ok()) return s;
  JournalEntry entry;
  auto argv = field.required("argv");
  if (!argv.ok()) return argv.status();
  if (auto s = argv->expect_array(); !s.ok()) return s;
  if (argv->size() == 0) return argv->error("a journal entry needs a command");
  for (std::size_t i = 0; i < argv->size(); ++i) {
    auto word = argv->element(i).string();
    if (!word.ok()) return word.status();
    entry.argv.push_back(std::move(word).value());
  }
  auto exit_code = field.required("exit");
  if (!exit_code.ok()) return exit_code.status();
  auto code = exit_code->integer(0, 255);
  if (!code.ok()) return code.status();
  entry.exit_code = static_cast<int>(*code);
  auto crc = field.required("stdout_crc32c");
  if (!crc.ok()) return crc.status();
  auto crc_value = crc->integer(0, std::numeric_limits<std::uint32_t>::max());
  if (!crc_value.ok()) return crc_value.status();
  entry.stdout_crc32c = static_cast<std::uint32_t>(*crc_value);
  return entry;
}

std::uint32_t checksum(std::string_view body) {
  return storage::crc32c(std::as_bytes(std::span(body.data(), body.size())));
}

// The body after a valid header; the error says what is wrong with the header or the body's size
// and checksum.
wmi::Result<std::string_view> checked_body(std::string_view file_text) {
  const std::size_t newline = file_text.find('\n');
  const std::string_view header =
      file_text.substr(0, newline == std::string_view::npos ? 0 : newline);
  if (!file_text.starts_with("hvsim-state-")) {
    return wmi::invalid_argument(
        file_text.starts_with("{")
            ? fmt::format("written by an older hvsim (format hvsim-state-1); this one reads {} "
                          "only: start a new state file",
                          kStateFormat)
            : fmt::format("not an hvsim state file (it does not start with \"{}\")", kStateFormat));
  }
  const std::string_view version = header.substr(0, header.find(' '));
  if (version != kStateFormat) {
    return wmi::invalid_argument(
        fmt::format("format \"{}\" is not {}, the one this hvsim reads", version, kStateFormat));
  }
  std::size_t length = 0;
  std::uint32_t crc = 0;
  const std::string_view fields = header.substr(version.size());
  const auto field = [&](std::string_view key, auto& into, int base) {
    const std::size_t at = fields.find(key);
    if (at == std::string_view::npos) return false;
    const char* begin = fields.data() + at + key.size();
    const char* end = fields.data() + fields.size();
    const auto parsed = std::from_chars(begin, end, into, base);
    return parsed.ec == std::errc() && (parsed.ptr == end || *parsed.ptr == ' ');
  };
  const std::string expected_fields = " length=N crc32c=XXXXXXXX";
  if (!field(" length=", length, 10) || !field(" crc32c=", crc, 16) ||
      fields.size() != fmt::format(" length={} crc32c={:08x}", length, crc).size()) {
    return wmi::invalid_argument(
        fmt::format("the header is not \"{}{}\"", kStateFormat, expected_fields));
  }
  const std::string_view body = file_text.substr(newline + 1);
  if (body.size() != length || checksum(body) != crc) {
    return wmi::invalid_argument(
        "its contents do not match the header's length and checksum: the file was altered or "
        "damaged (hvsim writes state files only whole)");
  }
  return body;
}

}  // namespace

wmi::Result<State> parse_state(std::string_view file_text) {
  auto body = checked_body(file_text);
  if (!body.ok()) return body.status();
  auto json = control::parse_strict_json(*body, kDocument);
  if (!json.ok()) return json.status();
  const JsonField root(*json, kDocument);
  if (auto s = root.expect_object({"seed", "inventory", "profile", "faults", "journal"}); !s.ok()) {
    return s;
  }

  State state;
  auto seed = root.required("seed");
  if (!seed.ok()) return seed.status();
  auto seed_value = seed->integer(0, std::numeric_limits<std::uint64_t>::max());
  if (!seed_value.ok()) return seed_value.status();
  state.setup.seed = *seed_value;

  auto inventory = load_member<control::Inventory>(
      root, "inventory", [](const std::string& t) { return control::load_inventory(t); });
  if (!inventory.ok()) return inventory.status();
  state.setup.inventory = std::move(inventory).value();
  auto profile = load_member<control::Profile>(
      root, "profile", [](const std::string& t) { return control::load_profile(t); });
  if (!profile.ok()) return profile.status();
  state.setup.profile = std::move(profile).value();
  auto faults = load_member<control::FaultRuleSet>(
      root, "faults", [](const std::string& t) { return control::load_fault_rules(t); });
  if (!faults.ok()) return faults.status();
  state.setup.faults = std::move(faults).value();

  auto journal = root.required("journal");
  if (!journal.ok()) return journal.status();
  if (auto s = journal->expect_array(); !s.ok()) return s;
  for (std::size_t i = 0; i < journal->size(); ++i) {
    auto entry = parse_entry(journal->element(i));
    if (!entry.ok()) return entry.status();
    state.journal.push_back(std::move(entry).value());
  }
  return state;
}

std::string format_state(const State& state) {
  Json root = Json::object();
  root["seed"] = state.setup.seed;
  // The loaders' canonical text, parsed back into the tree (it is JSON they just wrote).
  root["inventory"] = Json::parse(control::save_inventory(state.setup.inventory));
  root["profile"] = Json::parse(control::save_profile(state.setup.profile));
  root["faults"] = Json::parse(control::save_fault_rules(state.setup.faults));
  Json journal = Json::array();
  for (const JournalEntry& entry : state.journal) {
    Json e = Json::object();
    e["argv"] = entry.argv;
    e["exit"] = entry.exit_code;
    e["stdout_crc32c"] = entry.stdout_crc32c;
    journal.push_back(std::move(e));
  }
  root["journal"] = std::move(journal);
  const std::string body =
      root.dump(2, ' ', false, nlohmann::detail::error_handler_t::replace) + "\n";
  return fmt::format("{} length={} crc32c={:08x}\n{}", kStateFormat, body.size(), checksum(body),
                     body);
}

wmi::Result<std::string> read_text_file(const std::filesystem::path& path, std::string_view what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return wmi::not_found(
        fmt::format("cannot read {} {}: {}", what, path.string(), std::strerror(errno)));
  }
  std::ostringstream contents;
  contents << in.rdbuf();
  if (in.bad()) {
    return wmi::not_found(fmt::format("cannot read {} {}: read error", what, path.string()));
  }
  return contents.str();
}

wmi::Status write_file_atomically(const std::filesystem::path& path, std::string_view contents) {
  const std::filesystem::path dir =
      path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  const std::filesystem::path temp =
      dir / fmt::format(".{}.tmp.{}", path.filename().string(), ::getpid());
  const auto fail = [&](std::string_view step) {
    const std::string reason = std::strerror(errno);
    ::unlink(temp.c_str());
    return wmi::Status(
        wmi::StatusKind::kInvalidArgument,
        fmt::format("cannot save {}: {} {}: {}", path.string(), step, temp.string(), reason));
  };
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return fail("create");
  std::size_t written = 0;
  while (written < contents.size()) {
    const ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      return fail("write");
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    ::close(fd);
    return fail("flush");
  }
  if (::close(fd) != 0) return fail("close");
  if (::rename(temp.c_str(), path.c_str()) != 0) return fail("rename");
  return wmi::Status();
}

}  // namespace sim::cli
