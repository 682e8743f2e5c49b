#include "sim/cli/host_commands.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <utility>
#include <variant>
#include <vector>

#include "sim/cli/error_line.h"
#include "sim/cli/instance_format.h"
#include "sim/cli/output_file.h"
#include "sim/cli/return_value.h"
#include "sim/cli/target_command.h"
#include "sim/control/byte_size.h"
#include "sim/host/class_catalog.h"
#include "sim/host/embedded_instance_argument.h"
#include "sim/host/wql/wql_parser.h"
#include "sim/storage/crc32c.h"
#include "wmi/cim/cim_name.h"
#include "wmi/cim/dmtf_datetime.h"
#include "wmi/cim/job_wait.h"
#include "wmi/cim/wmi_path.h"

namespace sim::cli {
namespace {

// Disk reads go to the host in pieces of at most this many bytes, so any length works in bounded
// memory (a multiple of every sector size).
constexpr std::uint64_t kIoChunk = std::uint64_t{64} << 20;
constexpr std::size_t kHeadBytes = 32;

struct Runner {
  const CommandLine& c;
  // query, get and invoke go here; the simulated host itself, or a WS-Man target (`host` null).
  wmi::Connection& connection;
  host::Host* host;
  std::ostream& out;
  std::ostream& err;
  HostCommandResult result;

  HostCommandResult fail(const std::string& message) {
    print_error(err, message);
    result.exit_code = 1;
    return result;
  }
  HostCommandResult fail(const wmi::Status& status) { return fail(status.to_string()); }

  // A failed get or invoke of `path`, in the user's terms: a selector fault (WS-Man's word for a
  // path's keys) says which keys the class is named by and which the path gave.
  std::string explain(const wmi::Status& status, const wmi::ObjectPath& path) const {
    const bool selectors =
        status.fault() && status.fault()->subcode.find("InvalidSelectors") != std::string::npos;
    const auto ns = host::served_namespace(path.namespace_name);
    const host::ClassDef* def =
        selectors && ns ? host::find_class(*ns, path.class_name, host::Mutant::kNone) : nullptr;
    if (def == nullptr) return status.to_string();
    std::string needed;
    for (std::string_view key : def->keys)
      needed += fmt::format("{}{}", needed.empty() ? "" : ", ", key);
    std::string given;
    for (const auto& key : path.keys)
      given += fmt::format("{}{}", given.empty() ? "" : ", ", key.name);
    return fmt::format("bad path \"{}\": {} (an instance of {} is named by {}; the path gives {})",
                       c.path, status.message(), def->name,
                       needed.empty() ? "no key: it is a singleton, Class=@" : needed,
                       given.empty() ? "none" : given);
  }

  // The path of c.path, in c.namespace_name when the text names no namespace.
  wmi::Result<wmi::ObjectPath> target_path() {
    auto path = wmi::parse_wmi_path(c.path);
    if (!path.ok()) {
      return wmi::invalid_argument(
          fmt::format("bad WMI path \"{}\": {}", c.path, path.status().message()));
    }
    if (path->namespace_name.empty()) {
      path->namespace_name =
          wmi::normalize_namespace(c.namespace_name.empty() ? kDefaultNamespace : c.namespace_name);
    }
    return path;
  }

  // The --value lines of `instance`; an error when it has no such property.
  wmi::Result<std::string> value_lines(const wmi::Instance& instance) {
    const wmi::CimValue* value = instance.find(c.value_property);
    if (value == nullptr) {
      return wmi::invalid_argument(
          fmt::format("--value: {} has no property {}", instance.class_name(), c.value_property));
    }
    return format_value_raw(*value);
  }

  // The namespaces the query runs in: --namespace; else the one its OF {path} names; else every
  // namespace the host serves.
  std::vector<std::string> query_namespaces(const sim::wql::Query& query) const {
    if (!c.namespace_name.empty()) return {wmi::normalize_namespace(c.namespace_name)};
    const wmi::ObjectPath* source = std::visit(
        [](const auto& q) -> const wmi::ObjectPath* {
          if constexpr (requires { q.source; }) return &q.source;
          return nullptr;
        },
        query);
    if (source != nullptr && !source->namespace_name.empty()) {
      return {wmi::normalize_namespace(source->namespace_name)};
    }
    if (host == nullptr) return {std::string(kDefaultNamespace)};  // a remote host: its own
    return {host::kServedNamespaces.begin(), host::kServedNamespaces.end()};
  }

  static std::string instance_count(std::size_t n) {
    return fmt::format("{} instance{}", n, n == 1 ? "" : "s");
  }

  // Runs the query in each namespace. One that fails while another answers is reported as a note
  // on `err` (a class absent from one namespace, spec §2); failing in all is the command failing.
  HostCommandResult query() {
    auto parsed = sim::wql::parse_query(c.wql);
    if (!parsed.ok()) return fail(parsed.status().message());
    const std::vector<std::string> namespaces = query_namespaces(*parsed);
    result.reached_host = true;
    std::vector<wmi::Instance> instances;
    std::vector<std::string> counts;
    std::vector<std::pair<std::string, wmi::Status>> failures;
    for (const std::string& ns : namespaces) {
      auto answer = connection.query(ns, c.wql);
      if (!answer.ok()) {
        failures.emplace_back(ns, answer.status());
        continue;
      }
      counts.push_back(instance_count(answer->size()) + " in " + ns);
      std::move(answer->begin(), answer->end(), std::back_inserter(instances));
    }
    if (counts.empty()) return fail(failures.front().second);
    for (const auto& [ns, status] : failures) {
      print_problem(err, "note", fmt::format("{}: {}", ns, status.to_string()));
    }
    if (!c.value_property.empty()) {
      std::string lines;
      for (const wmi::Instance& i : instances) {
        auto more = value_lines(i);
        if (!more.ok()) return fail(more.status().message());
        lines += *more;
      }
      out << lines;
    } else if (c.json) {
      Json array = Json::array();
      for (const wmi::Instance& i : instances) array.push_back(instance_to_json(i));
      out << dump_json(array) << "\n";
    } else {
      for (const wmi::Instance& i : instances) out << format_instance_text(i) << "\n";
      if (namespaces.size() == 1) {
        out << "# " << instance_count(instances.size()) << "\n";
      } else {
        for (const std::string& count : counts) out << "# " << count << "\n";
      }
    }
    return result;
  }

  HostCommandResult get() {
    auto path = target_path();
    if (!path.ok()) return fail(path.status().message());
    result.reached_host = true;
    auto instance = connection.get(*path);
    if (!instance.ok()) return fail(explain(instance.status(), *path));
    if (!c.value_property.empty()) {
      auto lines = value_lines(*instance);
      if (!lines.ok()) return fail(lines.status().message());
      out << *lines;
      return result;
    }
    out << (c.json ? dump_json(instance_to_json(*instance)) + "\n"
                   : format_instance_text(*instance));
    return result;
  }

  static std::string job_state_name(std::uint64_t state) {
    switch (state) {
      case 7:
        return "Completed";
      case 8:
        return "Terminated";
      case 9:
        return "Killed";
      case 10:
        return "Exception";
      case 32768:
        return "Completed with warnings";
      default:
        return "not terminal";
    }
  }

  // c.params with every uint64 in-parameter written with a size unit ("64GiB", as the disk
  // commands take) turned into its decimal count; a value without a unit stays as typed.
  wmi::Result<wmi::PropertyList> sized_params(const wmi::ObjectPath& path) const {
    wmi::PropertyList params = c.params;
    const auto ns = host::served_namespace(path.namespace_name);
    const host::ClassDef* def =
        ns ? host::find_class(*ns, path.class_name, host::Mutant::kNone) : nullptr;
    if (def == nullptr) return params;
    const auto method = std::find_if(def->methods.begin(), def->methods.end(),
                                     [&](const auto& m) { return wmi::iequals(m.name, c.method); });
    if (method == def->methods.end()) return params;
    for (wmi::Property& param : params) {
      const auto spec =
          std::find_if(method->params.begin(), method->params.end(),
                       [&](const auto& p) { return p.in && wmi::iequals(p.name, param.name); });
      const std::string* text = param.value.as_string();
      if (spec == method->params.end() || spec->type != wmi::CimType::kUint64 || spec->is_array ||
          text == nullptr || text->empty() ||
          std::all_of(text->begin(), text->end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
        continue;
      }
      auto size = control::parse_byte_size(*text);
      if (!size.ok()) return wmi::invalid_argument(param.name + ": " + size.status().message());
      param.value = std::to_string(*size);
    }
    return params;
  }

  // Why each in-parameter that looks like an embedded instance (text opening with '<' or
  // "instance of") is not one, in the host's decoder's words: printed beside a failing
  // ReturnValue, which cannot say it.
  std::vector<std::string> embedded_instance_problems() const {
    std::vector<std::string> problems;
    for (const wmi::Property& param : c.params) {
      const std::string* text = param.value.as_string();
      if (text == nullptr) continue;
      const std::size_t start = text->find_first_not_of(" \t\r\n");
      if (start == std::string::npos) continue;
      const std::string_view opening = std::string_view(*text).substr(start, 11);
      if (!opening.starts_with("<") && !wmi::iequals(opening, "instance of")) continue;
      auto decoded = host::decode_embedded_instance(param.value, param.name, "");
      if (!decoded.ok() &&
          decoded.status().message().find(" is neither CIM-XML") != std::string::npos) {
        problems.push_back(one_line(decoded.status().message()));
      }
    }
    return problems;
  }

  HostCommandResult invoke() {
    auto path = target_path();
    if (!path.ok()) return fail(path.status().message());
    auto params = sized_params(*path);
    if (!params.ok()) return fail(params.status().message());
    result.reached_host = true;
    auto arguments =
        host ? wmi::Result<wmi::PropertyList>(*params) : wire_arguments(*path, c.method, *params);
    if (!arguments.ok()) return fail(arguments.status().message());
    auto called = connection.invoke(*path, c.method, *arguments);
    if (!called.ok()) return fail(explain(called.status(), *path));
    const std::uint32_t rv = called->return_value;
    const std::string meaning = return_value_meaning(path->class_name, c.method, rv);
    const std::vector<std::string> problems =
        rv != 0 && rv != 4096 ? embedded_instance_problems() : std::vector<std::string>{};

    std::optional<wmi::Instance> job;
    std::optional<wmi::Status> wait_error;
    if (c.wait && rv == 4096) {
      const wmi::CimValue* job_ref = wmi::find_property(called->out, "Job");
      if (job_ref == nullptr || job_ref->as_reference() == nullptr) {
        wait_error = wmi::Status(wmi::StatusKind::kProtocol,
                                 "ReturnValue 4096 without a Job reference out-parameter");
      } else {
        wmi::PollPolicy policy;
        policy.interval = std::chrono::duration_cast<std::chrono::milliseconds>(c.poll_interval);
        policy.max_polls = c.max_polls;
        if (host != nullptr) {  // a remote host's jobs take real time: sleep
          control::VirtualClock* clock = host->virtual_clock();
          policy.wait = [clock](std::chrono::milliseconds d) {
            if (clock != nullptr) (void)clock->advance(d);
          };
        }
        auto finished = wmi::wait_for_job(connection, *job_ref->as_reference(), policy);
        if (finished.ok()) {
          job = std::move(finished).value();
        } else {
          wait_error = finished.status();
        }
      }
    }

    if (c.json) {
      Json j = Json::object();
      j["ReturnValue"] = rv;
      j["meaning"] = meaning;
      if (!problems.empty()) j["problems"] = problems;
      j["out"] = properties_to_json(called->out);
      if (job) j["job"] = instance_to_json(*job);
      out << dump_json(j) << "\n";
    } else {
      out << fmt::format("ReturnValue = {} ({})\n", rv, meaning);
      for (const std::string& problem : problems) out << "# " << problem << "\n";
      out << format_properties_text(called->out, "");
      if (job) {
        const wmi::CimValue* code = job->find("ErrorCode");
        const std::uint64_t s = wmi::job_state(*job).value_or(0);
        out << fmt::format("# job finished: JobState = {} ({}), ErrorCode = {}\n", s,
                           job_state_name(s), code ? format_value_text(*code) : "NULL");
        out << format_instance_text(*job);
      }
    }
    if (wait_error) return fail("waiting for the job: " + wait_error->to_string());
    if (c.expect && *c.expect != rv) {
      return fail(fmt::format("{}.{} returned {} ({}), expected {}", path->class_name, c.method, rv,
                              meaning, *c.expect));
    }
    return result;
  }

  HostCommandResult disk_write() {
    result.reached_host = true;
    if (auto s = host->fill(c.disk, c.offset, c.length, std::byte{c.fill}, c.offline); !s.ok()) {
      return fail(s);
    }
    out << fmt::format("{} {} bytes of 0x{:02X} at offset {} to {}\n",
                       c.offline ? "modified offline" : "wrote", c.length, c.fill, c.offset,
                       c.disk);
    return result;
  }

  HostCommandResult disk_read() {
    // A read changes nothing on the host; one that writes a local file must not be replayed.
    result.reached_host = c.output.empty();
    if (auto s = host->check_read(c.disk, c.offset, c.length); !s.ok()) return fail(s);
    std::optional<OutputFile> file;
    if (!c.output.empty()) {
      auto opened = OutputFile::create(c.output);
      if (!opened.ok()) return fail(opened.status().message());
      file.emplace(std::move(opened).value());
    }
    std::uint32_t crc = 0;
    std::vector<std::byte> head;
    std::optional<std::byte> uniform;
    bool mixed = false;
    for (std::uint64_t done = 0; done < c.length;) {
      const std::uint64_t n = std::min(kIoChunk, c.length - done);
      auto data = host->read(c.disk, c.offset + done, n);
      if (!data.ok()) return fail(data.status());
      if (file) {
        if (auto s = file->write_at(done, *data); !s.ok()) return fail(s.message());
      }
      crc = storage::crc32c(*data, crc);
      for (std::size_t i = 0; i < data->size() && head.size() < kHeadBytes; ++i) {
        head.push_back((*data)[i]);
      }
      if (!data->empty() && !mixed) {
        if (!uniform) uniform = data->front();
        mixed = std::any_of(data->begin(), data->end(), [&](std::byte b) { return b != *uniform; });
      }
      done += n;
    }
    if (file) {
      if (auto s = file->finish(c.length); !s.ok()) return fail(s.message());
    }
    std::string hex;
    for (std::byte b : head) hex += fmt::format("{}{:02x}", hex.empty() ? "" : " ", int(b));
    out << fmt::format("disk = {}\noffset = {}\nlength = {}\ncrc32c = 0x{:08X}\n", c.disk, c.offset,
                       c.length, crc);
    out << "uniform = "
        << (mixed || !uniform ? std::string("no") : fmt::format("0x{:02X}", int(*uniform))) << "\n";
    out << "head = " << hex << "\n";
    if (!c.output.empty()) out << "output = " << c.output << "\n";
    return result;
  }

  HostCommandResult disk_resize() {
    result.reached_host = true;
    if (auto s = host->resize(c.disk, c.new_size); !s.ok()) return fail(s);
    out << fmt::format("resized {} to {} bytes\n", c.disk, c.new_size);
    return result;
  }

  HostCommandResult export_list() {
    const auto files = host->list_files(c.directories.front());
    if (files.empty()) return fail("no exported file under " + c.directories.front());
    for (const auto& [path, size] : files) out << size << "\t" << path << "\n";
    return result;
  }

  HostCommandResult export_restore() {
    auto restored = host->restore_export(c.directories, c.disk);
    if (!restored.ok()) return fail(restored.status());
    auto file = OutputFile::create(c.output);
    if (!file.ok()) return fail(file.status().message());
    std::uint64_t held = 0;
    const std::uint64_t chunk = storage::DiskContent::kChunkBytes;
    std::vector<std::byte> buffer;
    for (const auto& [start, end] :
         restored->content.held_extents(0, (restored->size + chunk - 1) / chunk * chunk)) {
      const std::uint64_t to = std::min(end, restored->size);
      buffer.resize(to - start);
      restored->content.read(start, buffer);
      if (auto s = file->write_at(start, buffer); !s.ok()) return fail(s.message());
      held += buffer.size();
    }
    if (auto s = file->finish(restored->size); !s.ok()) return fail(s.message());
    out << fmt::format("disk = {}\nsize = {}\nheld = {}\noutput = {}\n", restored->instance_id,
                       restored->size, held, c.output);
    return result;
  }

  HostCommandResult crash() {
    result.reached_host = true;
    if (auto s = host->crash_host(); !s.ok()) return fail(s);
    out << "host crashed and came back\n";
    return result;
  }

  void print_now() {
    const wmi::Datetime now = wmi::Timestamp{host->clock().now(), 0};
    auto text = wmi::format_dmtf_datetime(now);
    out << "now = " << (text.ok() ? *text : text.status().message()) << "\n";
  }

  HostCommandResult clock_advance() {
    control::VirtualClock* clock = host->virtual_clock();
    if (clock == nullptr) return fail("the host does not run on a virtual clock");
    result.reached_host = true;
    if (auto s = clock->advance(c.duration); !s.ok()) return fail(s);
    print_now();
    return result;
  }

  HostCommandResult clock_now() {
    print_now();
    return result;
  }
};

}  // namespace

wmi::Result<host::HostOptions> host_options(const HostSetup& setup) {
  auto faults = control::FaultPlan::create(setup.faults.rules);
  if (!faults.ok()) return faults.status();
  host::HostOptions options;
  options.profile = setup.profile;
  options.inventory = setup.inventory;
  options.seed = setup.seed;
  options.faults = std::move(faults).value();
  return options;
}

wmi::Result<std::unique_ptr<host::Host>> build_host(const HostSetup& setup) {
  auto options = host_options(setup);
  if (!options.ok()) return options.status();
  return host::Host::create(std::move(options).value());
}

HostCommandResult run_host_command(const CommandLine& command, host::Host& host, std::ostream& out,
                                   std::ostream& err) {
  Runner r{command, host, &host, out, err, {}};
  switch (command.kind) {
    case CommandKind::kQuery:
      return r.query();
    case CommandKind::kGet:
      return r.get();
    case CommandKind::kInvoke:
      return r.invoke();
    case CommandKind::kDiskWrite:
      return r.disk_write();
    case CommandKind::kDiskRead:
      return r.disk_read();
    case CommandKind::kDiskResize:
      return r.disk_resize();
    case CommandKind::kCrash:
      return r.crash();
    case CommandKind::kClockAdvance:
      return r.clock_advance();
    case CommandKind::kClockNow:
      return r.clock_now();
    case CommandKind::kExportList:
      return r.export_list();
    case CommandKind::kExportRestore:
      return r.export_restore();
    default:
      return r.fail("not a host command");
  }
}

HostCommandResult run_connection_command(const CommandLine& command, wmi::Connection& connection,
                                         std::ostream& out, std::ostream& err) {
  Runner r{command, connection, nullptr, out, err, {}};
  switch (command.kind) {
    case CommandKind::kQuery:
      return r.query();
    case CommandKind::kGet:
      return r.get();
    case CommandKind::kInvoke:
      return r.invoke();
    default:
      return r.fail("only query, get and invoke run against --target");
  }
}

}  // namespace sim::cli
