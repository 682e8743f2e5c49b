// wsman_bench: `hvsim serve` on the wire (issue 15 §4, DESIGN.md "Targets"), measured on loopback
// through keep-alive HTTP/1.1 clients (wsman_load_client.h) beside, in the same run:
//  - the limit probe: the same HTTP listener (sim::server::HttpListener, Boost.Beast, same options
//    and io threads, no authentication) whose SoapHandler answers a fixed SOAP body, byte for byte
//    the server's own answer to the same request, so the probe costs exactly the HTTP work;
//  - the in-process SELECT through sim::host::Host, for Enumerate + Pull.
//
// Invoke: Msvm_ImageManagementService.GetVirtualDiskChanges, the real Hyper-V method a backup
// product calls most (once per disk per backup, paged), on a 1 TiB VHDX whose tracker holds 16
// changed 64 KiB ranges since an RCT reference point: read-only (the host's state does not grow
// however often it is called), answered at once under doc-strict, and a non-trivial answer (two
// 16-element arrays). Each client posts the same envelope over its own connection for a fixed time
// (count-bounded too); throughput, p50 and p99 for 1, 4 and 16 clients, server and probe.
//
// Enumerate + Pull: SELECT * FROM Msvm_ComputerSystem (WQL to .../root/virtualization/v2/*) over a
// generated 10,000-VM inventory, as winrm.exe / WinRb send it (OptimizeEnumeration, MaxElements
// 32000, MaxEnvelopeSize 512000, then Pull until EndOfSequence), each answer decoded into
// wmi::Instances by the client: the caller ends with what the in-process SELECT returns. For
// information, a client that sizes its own batches: Enumerate, then Pull with MaxElements 100.
//
// Reference-point churn: 16 clients, each alternating CreateReferencePoint (RCT) and
// DestroyReferencePoint on its own VM, 10,000 operations each. Afterwards the host (in process) is
// checked: every created InstanceID distinct, creates answered 0 == destroys answered 0 + points
// still held by a client, and exactly those points left. Faults are counted by subcode; anything
// lost, duplicated or faulted outside spec/wsman-wire.md's table fails the benchmark.
//
// Every loop is bounded in count and in time. Run through `bench/run wsman`.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "bench/wsman_bench_fixtures.h"
#include "bench/wsman_load_client.h"
#include "bench/wsman_scripts.h"
#include "sim/control/inventory_generator.h"
#include "sim/host/host.h"
#include "sim/server/auth_policies.h"
#include "sim/server/http_listener.h"
#include "sim/server/server.h"
#include "wmi/wsman/wsman_names.h"

namespace {

using bench::must;
using sim::host::Host;
namespace ws = wmi::wsman;

constexpr std::string_view kNs = sim::host::kVirtualizationNamespace;
constexpr std::uint64_t kTiB = std::uint64_t{1} << 40;
constexpr std::uint64_t kSeed = 5;
constexpr std::size_t kChurnClients = 16;
constexpr std::size_t kChurnOpsPerClient = 10000;
constexpr std::size_t kInvokeVms = kChurnClients + 1;  // the last one holds the Invoke's point
constexpr std::size_t kEnumerateVms = 10000;
constexpr std::size_t kChangedRanges = 16;
constexpr char kSelect[] = "SELECT * FROM Msvm_ComputerSystem";

std::unique_ptr<sim::server::Server> start_server(std::size_t vms) {
  sim::server::ServerConfig config;
  config.host.inventory =
      must(sim::control::generate_inventory(vms, 1, kTiB, kSeed), "generate_inventory");
  config.host.seed = kSeed;
  config.listener.address = sim::server::ListenAddress{"127.0.0.1", 0, false};
  config.auth = sim::server::no_auth_policy();
  return must(sim::server::Server::start(std::move(config)), "Server::start");
}

bench::Endpoint endpoint_of(std::uint16_t port) { return bench::Endpoint{"127.0.0.1", port}; }

// The small host: 17 VMs with one 1 TiB disk each, the Invoke's envelope and answer, the probe.
struct InvokeWorld {
  std::unique_ptr<sim::server::Server> server;
  std::unique_ptr<sim::server::HttpListener> probe;
  std::string request;  // GetVirtualDiskChanges envelope
  std::string answer;   // the server's answer to it: the probe's fixed body
  std::string answer_type;
  std::vector<wmi::ObjectPath> vms;  // in name order
  wmi::ObjectPath reference_point_service;
};

InvokeWorld& invoke_world() {
  static InvokeWorld* world = [] {
    auto* w = new InvokeWorld;
    w->server = start_server(kInvokeVms);
    Host& host = w->server->host();
    w->vms = bench::virtual_machines(host);
    w->reference_point_service = bench::singleton(host, "Msvm_VirtualSystemReferencePointService");
    const bench::ChangesFixture changes =
        bench::prepare_changes(host, w->reference_point_service, w->vms.back(), kChangedRanges);
    w->request = bench::changes_request(
        w->server->url(), bench::singleton(host, "Msvm_ImageManagementService"), changes, kTiB, 0);
    auto connection =
        must(bench::WireConnection::open(endpoint_of(w->server->port()), 1u << 20), "connect");
    const bench::HttpReply reply = must(connection->post(w->request), "GetVirtualDiskChanges");
    if (reply.status != 200 || !bench::returned_zero(reply.body)) {
      std::fprintf(stderr, "wsman_bench: GetVirtualDiskChanges answered %d:\n%s\n", reply.status,
                   reply.body.c_str());
      std::abort();
    }
    w->answer = reply.body;
    w->answer_type = reply.content_type;

    sim::server::ListenerOptions options;
    options.address = sim::server::ListenAddress{"127.0.0.1", 0, false};
    options.body_limit = ws::kDefaultMaxEnvelopeSize + 4096;  // as Server::start sets it
    sim::server::SoapHandler fixed = [body = w->answer,
                                      type = w->answer_type](const sim::server::HttpRequest&) {
      return sim::server::HttpResponse{200, type, body};
    };
    sim::server::OversizeHandler oversize = [](std::size_t) {
      return sim::server::HttpResponse{413, "text/plain", "too large"};
    };
    w->probe =
        must(sim::server::HttpListener::start(std::move(options), sim::server::no_auth_policy(),
                                              std::move(fixed), std::move(oversize)),
             "probe HttpListener::start");
    return w;
  }();
  return *world;
}

sim::server::Server& enumerate_server() {
  static sim::server::Server* server = start_server(kEnumerateVms).release();
  return *server;
}

void report_load(benchmark::State& state, std::string_view label, const bench::LoadResult& result) {
  state.SetIterationTime(std::max(result.seconds, 1e-9));
  state.counters["req_per_s"] = result.requests_per_second();
  state.counters["p50_us"] = result.percentile_us(0.50);
  state.counters["p99_us"] = result.percentile_us(0.99);
  state.counters["requests"] = static_cast<double>(result.requests);
  std::size_t faults = 0;
  for (const auto& [subcode, count] : result.faults) faults += count;
  std::size_t errors = 0;
  for (const auto& [what, count] : result.errors) errors += count;
  state.counters["faults"] = static_cast<double>(faults);
  state.counters["errors"] = static_cast<double>(errors);
  bench::print_problems(label, result);
}

// ---- Invoke throughput and latency: server vs probe ---------------------------------------------

bench::LoadOptions invoke_load(std::size_t clients) {
  bench::LoadOptions options;
  options.clients = clients;
  options.warmup_requests = 50;
  options.max_requests = 200000;  // far above what 1.5 s allows: time bounds the phase
  options.duration = std::chrono::milliseconds(1500);
  options.grace = std::chrono::seconds(10);
  return options;
}

void run_invoke(benchmark::State& state, std::uint16_t port) {
  InvokeWorld& w = invoke_world();
  const auto clients = static_cast<std::size_t>(state.range(0));
  for (auto _ : state) {
    const bench::LoadResult result = bench::run_load(
        endpoint_of(port), invoke_load(clients),
        [&](std::size_t) { return std::make_unique<bench::RepeatScript>(w.request); });
    report_load(state, port == w.server->port() ? "invoke (server)" : "invoke (probe)", result);
    if (result.transport_failures != 0 || result.aborted || !result.errors.empty() ||
        !result.faults.empty()) {
      state.SkipWithError("the load run had failures (see stderr)");
    }
  }
  state.counters["request_bytes"] = static_cast<double>(w.request.size());
  state.counters["answer_bytes"] = static_cast<double>(w.answer.size());
}

void BM_Invoke_Server(benchmark::State& state) { run_invoke(state, invoke_world().server->port()); }
void BM_Invoke_Probe(benchmark::State& state) { run_invoke(state, invoke_world().probe->port()); }

// Interleaved so that drift of the shared machine hits server and probe alike.
BENCHMARK(BM_Invoke_Server)
    ->ArgName("clients")
    ->Arg(1)
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Invoke_Probe)
    ->ArgName("clients")
    ->Arg(1)
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Invoke_Server)
    ->ArgName("clients")
    ->Arg(4)
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Invoke_Probe)
    ->ArgName("clients")
    ->Arg(4)
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Invoke_Server)
    ->ArgName("clients")
    ->Arg(16)
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Invoke_Probe)
    ->ArgName("clients")
    ->Arg(16)
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);

// ---- Enumerate + Pull of 10,000 Msvm_ComputerSystem vs the in-process SELECT --------------------

// Args: OptimizeEnumeration (0/1), MaxElements (Enumerate's with optimisation, and every Pull's).
void BM_EnumeratePull(benchmark::State& state) {
  sim::server::Server& server = enumerate_server();
  const bench::EnumerationClient client{server.url(), state.range(0) != 0,
                                        static_cast<std::uint32_t>(state.range(1))};
  for (auto _ : state) {
    auto connection =
        must(bench::WireConnection::open(endpoint_of(server.port()), 256u << 20), "connect");
    bench::EnumerationResult result = client.run(*connection, std::chrono::seconds(120));
    state.SetIterationTime(std::max(result.seconds, 1e-9));
    state.counters["instances"] = static_cast<double>(result.instances.size());
    state.counters["client_decode_ms"] = result.decode_seconds * 1e3;
    state.counters["without_decode_ms"] = (result.seconds - result.decode_seconds) * 1e3;
    state.counters["enumerate_ms"] = result.first_answer_seconds * 1e3;
    state.counters["requests"] = static_cast<double>(result.requests);
    state.counters["MiB_received"] = static_cast<double>(result.bytes) / (1 << 20);
    state.counters["largest_answer_KiB"] = static_cast<double>(result.largest_answer) / 1024;
    state.counters["answers_over_envelope"] = static_cast<double>(result.oversized_answers);
    if (!result.error.empty()) {
      state.SkipWithError(result.error.c_str());
      break;
    }
    result = bench::EnumerationResult{};  // freed outside the measured span
  }
}
BENCHMARK(BM_EnumeratePull)
    ->ArgNames({"optimize", "max"})
    ->Args({1, 32000})
    ->Args({0, 100})
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);

// The same query in process, on the host the server serves; wall time like the wire figures. The
// result is freed with the timer paused, as the wire client's is.
void BM_Select_InProcess(benchmark::State& state) {
  Host& host = enumerate_server().host();
  std::size_t count = 0;
  for (auto _ : state) {
    auto result = host.query(kNs, kSelect);
    benchmark::DoNotOptimize(result->data());
    state.PauseTiming();
    count = result->size();
    result = std::vector<wmi::Instance>{};
    state.ResumeTiming();
  }
  state.counters["instances"] = static_cast<double>(count);
}
BENCHMARK(BM_Select_InProcess)->UseRealTime()->Unit(benchmark::kMillisecond);

// ---- 16 clients x 10,000 create/destroy operations: nothing lost or duplicated ------------------

void BM_ReferencePointChurn(benchmark::State& state) {
  InvokeWorld& w = invoke_world();
  Host& host = w.server->host();
  for (auto _ : state) {
    const std::set<std::string> before = bench::reference_point_ids(host);
    std::vector<bench::ChurnLedger> ledgers(kChurnClients);
    bench::LoadOptions options;
    options.clients = kChurnClients;
    options.max_requests = kChurnOpsPerClient;
    options.duration = std::chrono::seconds(300);
    options.grace = std::chrono::seconds(30);
    const bench::LoadResult result =
        bench::run_load(endpoint_of(w.server->port()), options, [&](std::size_t i) {
          return std::make_unique<bench::ChurnScript>(w.server->url(), w.reference_point_service,
                                                      w.vms[i], ledgers[i]);
        });
    report_load(state, "reference-point churn", result);
    const bench::ChurnCheck check =
        bench::check_churn(ledgers, before, bench::reference_point_ids(host), result,
                           kChurnClients * kChurnOpsPerClient);
    state.counters["ops"] = static_cast<double>(result.requests);
    state.counters["creates_ok"] = static_cast<double>(check.creates);
    state.counters["destroys_ok"] = static_cast<double>(check.destroys);
    state.counters["lost_or_duplicated"] = static_cast<double>(check.lost_or_duplicated);
    state.counters["undocumented_faults"] = static_cast<double>(check.undocumented_faults);
    for (const auto& [subcode, count] : result.faults) {
      state.counters["fault " + subcode] = static_cast<double>(count);
    }
    bench::release_points(host, w.reference_point_service, ledgers);
    if (!check.problem.empty()) state.SkipWithError(check.problem.c_str());
  }
}
BENCHMARK(BM_ReferencePointChurn)
    ->Iterations(1)
    ->Repetitions(1)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
