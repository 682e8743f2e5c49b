#include "sim/cli/host_commands.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <utility>
#include <variant>
#include <vector>

#include "sim/cli/instance_format.h"
#include "sim/cli/return_value.h"
#include "sim/cli/target_command.h"
#include "sim/host/wql/wql_parser.h"
#include "sim/storage/crc32c.h"
#include "wmi/cim/dmtf_datetime.h"
#include "wmi/cim/job_wait.h"
#include "wmi/cim/wmi_path.h"

namespace sim::cli {
namespace {

// Disk I/O goes to the host in pieces of at most this many bytes, so any length works in bounded
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
    err << "hvsim: error: " << message << "\n";
    result.exit_code = 1;
    return result;
  }
  HostCommandResult fail(const wmi::Status& status) { return fail(status.to_string()); }

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
      err << "hvsim: note: " << ns << ": " << status.to_string() << "\n";
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
    if (!instance.ok()) return fail(instance.status());
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

  HostCommandResult invoke() {
    auto path = target_path();
    if (!path.ok()) return fail(path.status().message());
    result.reached_host = true;
    auto arguments =
        host ? wmi::Result<wmi::PropertyList>(c.params) : wire_arguments(*path, c.method, c.params);
    if (!arguments.ok()) return fail(arguments.status().message());
    auto called = connection.invoke(*path, c.method, *arguments);
    if (!called.ok()) return fail(called.status());
    const std::uint32_t rv = called->return_value;
    const std::string meaning = return_value_meaning(path->class_name, c.method, rv);

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
      j["out"] = properties_to_json(called->out);
      if (job) j["job"] = instance_to_json(*job);
      out << dump_json(j) << "\n";
    } else {
      out << fmt::format("ReturnValue = {} ({})\n", rv, meaning);
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

  wmi::Status check_range() {
    if (c.offset > std::numeric_limits<std::uint64_t>::max() - c.length) {
      return wmi::invalid_argument(
          fmt::format("offset {} + length {} overflows 64 bits", c.offset, c.length));
    }
    return wmi::Status();
  }

  HostCommandResult disk_write() {
    if (auto s = check_range(); !s.ok()) return fail(s.message());
    result.reached_host = true;
    const std::vector<std::byte> chunk(std::min(c.length, kIoChunk), std::byte{c.fill});
    std::uint64_t done = 0;
    do {  // at least one call: the host decides what a zero length means
      const std::uint64_t n = std::min(kIoChunk, c.length - done);
      const std::span<const std::byte> data(chunk.data(), n);
      const wmi::Status s = c.offline ? host->modify_offline(c.disk, c.offset + done, data)
                                      : host->write(c.disk, c.offset + done, data);
      if (!s.ok()) return fail(s);
      done += n;
    } while (done < c.length);
    out << fmt::format("{} {} bytes of 0x{:02X} at offset {} to {}\n",
                       c.offline ? "modified offline" : "wrote", c.length, c.fill, c.offset,
                       c.disk);
    return result;
  }

  HostCommandResult disk_read() {
    if (auto s = check_range(); !s.ok()) return fail(s.message());
    // A read changes nothing on the host; one that writes a local file must not be replayed.
    result.reached_host = c.output.empty();
    std::ofstream file;
    if (!c.output.empty()) {
      file.open(c.output, std::ios::binary | std::ios::trunc);
      if (!file) return fail("cannot write " + c.output);
    }
    std::uint32_t crc = 0;
    std::vector<std::byte> head;
    std::optional<std::byte> uniform;
    bool mixed = false;
    std::uint64_t done = 0;
    do {
      const std::uint64_t n = std::min(kIoChunk, c.length - done);
      auto data = host->read(c.disk, c.offset + done, n);
      if (!data.ok()) return fail(data.status());
      if (file.is_open()) {
        file.write(reinterpret_cast<const char*>(data->data()),
                   static_cast<std::streamsize>(data->size()));
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
    } while (done < c.length);
    if (file.is_open()) {
      file.close();
      if (file.fail()) return fail("cannot write " + c.output);
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
    std::ofstream file(c.output, std::ios::binary | std::ios::trunc);
    std::uint64_t held = 0;
    const std::uint64_t chunk = storage::DiskContent::kChunkBytes;
    std::vector<std::byte> buffer;
    for (const auto& [start, end] :
         restored->content.held_extents(0, (restored->size + chunk - 1) / chunk * chunk)) {
      const std::uint64_t to = std::min(end, restored->size);
      buffer.resize(to - start);
      restored->content.read(start, buffer);
      file.seekp(static_cast<std::streamoff>(start));
      file.write(reinterpret_cast<const char*>(buffer.data()),
                 static_cast<std::streamsize>(buffer.size()));
      held += buffer.size();
    }
    file.close();
    std::error_code ec;
    if (file.fail()) return fail("cannot write " + c.output);
    std::filesystem::resize_file(c.output, restored->size, ec);
    if (ec) return fail("cannot write " + c.output + ": " + ec.message());
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
