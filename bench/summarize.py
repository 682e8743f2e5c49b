#!/usr/bin/env python3
"""Target table (metric, value, baseline, limit, ratio to limit, target, met) from a bench/run JSON.

Times are medians of the repetitions, CPU time (the machine is shared: wall time includes other
processes). Usage: summarize.py SUITE RESULTS.json
"""
import json
import sys

MIB = 1024 * 1024

# Why a target may be missed (printed only for rows that miss); update when the engine changes.
REASONS = {
    "tracked write, hot": "the inlined fast path (record_write -> page -> container -> word, with the "
    "container's live count) is ~15 instructions vs the probe's 3.",
    "tracked write, random 64 TiB, steady": "each write misses on an 8 KiB bitmap allocated with "
    "malloc (4 KiB pages: a TLB miss and page walk on top of the cache miss) after a dependent load "
    "of its 16 B container; the flat probe has one independent load. Huge-page-backed bitmap slabs "
    "are the next step.",
    "query 64 TiB, 0.1 % clustered": "within run-to-run noise of the target on a shared, loaded VM "
    "(~4 ns/range).",
    "query 64 TiB, 1 %": "1 % uniform leaves every container an array of ~650 block numbers: the "
    "first query radix-sorts each array in place, then every query emits ranges from the sorted "
    "runs; the cost is one cache miss per container plus ~3 ns per range on a loaded VM.",
    "SELECT * FROM Msvm_ComputerSystem": "load-sensitive: 7.43 ms in the 08:34 run at load 2.2; "
    "the 13:07 run shared 2 cores with other builds at load ~8 (cache and memory-bandwidth "
    "contention reach CPU time too).",
    "Invoke GetVirtualDiskChanges, 16": "the SOAP layer still costs ~6x the HTTP layer per "
    "request (callgrind, 1 client: WsmanService::handle ~290k instructions, down from ~460k, vs "
    "~50k for the whole probe request). libxml2 2.9.14's DOM parse of the 1.9 KB envelope is "
    "~125k of it (~65 instructions per byte; a reused parser context saved only ~5k, so it was "
    "not kept), xmlFreeDoc ~14k, the rest of decoding ~45k, Host::invoke ~70k (the tracker query "
    "~30k), encoding ~40k; glibc malloc/free is about a fifth of all. With 16 client threads on "
    "the same 2 cores the ratio moves with the machine's load (0.38-0.6 seen in this session).",
    "Enumerate + Pull of 10,000 Msvm_ComputerSystem": "the client's libxml2 DOM decoding of 6.8 "
    "MB alone exceeds the budget (~30 instructions per byte). Without it, the server encodes each "
    "item twice (items_fitting measures, encode_response writes) at ~10k instructions per "
    "instance per pass (~15 per byte: a name check and several std::string appends per property, "
    "escaping), and the answers, the 10,001 instances and their copies are allocated on a heap "
    "glibc has trimmed back to the kernel, so first touches fault (~10 us per 4 KiB on these VMs; "
    "the in-process SELECT itself measures ~7 ms warm and ~90 ms cold). Next: a single-pass "
    "encoder that splices pre-encoded items (~3k instructions per instance) and a server heap "
    "that keeps freed memory (M_TRIM_THRESHOLD).",
    "query 64 TiB, 10 %": "containers are bitmaps at 10 %: the branch-light word scan emits ~4 ns "
    "per range, which is what the target implies.",
}


def load(path):
    with open(path) as f:
        data = json.load(f)
    values = {}
    for b in data["benchmarks"]:
        name = b["run_name"] if "run_name" in b else b["name"]
        if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
            continue
        values[name] = b
        values[name.replace("/repeats:1", "")] = b
    return data, values


def ns(v, name):
    b = v[name]
    scale = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[b.get("time_unit", "ns")]
    return b["cpu_time"] * scale


def storage_rows(v):
    rows = []

    def timed(metric, name, base, limit, target, unit):
        div = {"ns": 1, "ms": 1e6}[unit]
        val = ns(v, name) / div
        b = ns(v, base) / div if base else None
        lim = ns(v, limit) / div if limit else None
        rows.append((metric, val, b, lim, target, unit))

    timed("tracked write, hot (cache-resident), K=1", "BM_Write_Hot/1", "BM_Naive_Write_Random64TiB",
          "BM_Limit_RandomBitSet/1024", 4, "ns")
    timed("tracked write, hot, K=64 live ids", "BM_Write_Hot/64", "BM_Naive_Write_Random64TiB",
          "BM_Limit_RandomBitSet/1024", 4, "ns")
    timed("tracked write, random 64 TiB, steady state, K=1", "BM_Write_Random64TiB/1",
          "BM_Naive_Write_Random64TiB", "BM_Limit_RandomBitSet/1073741824", 45, "ns")
    timed("tracked write, random 64 TiB, steady state, K=64", "BM_Write_Random64TiB/64",
          "BM_Naive_Write_Random64TiB", "BM_Limit_RandomBitSet/1073741824", 45, "ns")
    timed("tracked write, random 64 TiB, first touch (sparse)", "BM_Write_Random64TiB_FirstTouch",
          "BM_Naive_Write_Random64TiB", "BM_Limit_RandomBitSet/1073741824", 45, "ns")
    hot = ns(v, "BM_Write_Hot/64") / ns(v, "BM_Write_Hot/1")
    rnd = ns(v, "BM_Write_Random64TiB/64") / ns(v, "BM_Write_Random64TiB/1")
    rows.append(("write K=64 / K=1, hot", hot, None, None, 1.2, "x"))
    rows.append(("write K=64 / K=1, random 64 TiB", rnd, None, None, 1.2, "x"))
    timed("seal, 128 GiB disk", "BM_Seal/128/iterations:524288", "BM_Naive_Seal_128GiB",
          "BM_Limit_EpochBump", 100, "ns")
    timed("seal, 64 TiB disk", "BM_Seal/65536/iterations:524288", "BM_Naive_Seal_128GiB",
          "BM_Limit_EpochBump", 100, "ns")
    seal = ns(v, "BM_Seal/65536/iterations:524288") / ns(v, "BM_Seal/128/iterations:524288")
    rows.append(("seal 64 TiB / 128 GiB", seal, None, None, 1.2, "x"))
    timed("seal + id text (info)", "BM_Seal_WithIdText/iterations:524288", None, "BM_Limit_EpochBump",
          None, "ns")
    for arg, label, target in [(0, "nothing changed", 0.02), (1, "0.1 % clustered", 5),
                               (2, "1 % uniform", 60), (3, "10 % uniform", 400)]:
        timed(f"query 64 TiB, {label}", f"BM_Query64TiB/{arg}", "BM_Naive_Query64TiB/iterations:2",
              "BM_Limit_FlatScan128MiB", target, "ms")
    timed("query 64 TiB, 1 % uniform, first query after the writes (sorts)",
          "BM_Query64TiB_First/2/iterations:2", "BM_Naive_Query64TiB/iterations:2",
          "BM_Limit_FlatScan128MiB", 60, "ms")
    per_block = v["BM_Naive_Memory_PerBlock/iterations:1"]["bytes_per_changed_block"]
    for k in (1, 8, 64):
        b = v[f"BM_Memory_FullyDirty/{k}/iterations:1"]
        naive = per_block * (1 << 24) * k / MIB
        rows.append((f"memory, fully dirty, K={k} (MiB per TiB)", b["bytes_per_TiB"] / MIB, naive, 2.0,
                     2.2, "MiB"))
    for arg, label in [(0, "0.1 % clustered"), (1, "0.1 % uniform")]:
        b = v[f"BM_Memory_Sparse64TiB/{arg}/iterations:1"]
        naive = per_block * b["changed_blocks"] / MIB
        rows.append((f"memory, 64 TiB {label} (MiB; target 64 KiB/TiB + 3 B/block)", b["bytes"] / MIB,
                     naive, 2 * b["changed_blocks"] / MIB, b["budget_bytes"] / MIB, "MiB"))
    return rows


GB = 1e9


def replica_rows(v):
    """Throughput rows are lower bounds ("min"): met when the value reaches the target."""
    rows = []

    def gbps(name):
        return v[name]["bytes_per_second"] / GB

    for size, label in [(4096, "4 KiB"), (65536, "64 KiB"), (1048576, "1 MiB")]:
        memcpy = gbps(f"BM_LimitMemcpy/{size}")
        rows.append((f"append {label} writes (target 0.75x memcpy)", gbps(f"BM_ReplicaAppend/{size}"),
                     gbps(f"BM_NaiveAppend/{size}"), memcpy, 0.75 * memcpy, "GB/s", "min"))
        rows.append((f"append {label}: page faults per append", v[f"BM_ReplicaAppend/{size}"]["faults_per_op"],
                     v[f"BM_NaiveAppend/{size}"]["faults_per_op"], None, 0.001, "faults"))
    rows.append(("append, zero fill (metadata only)", ns(v, "BM_ReplicaAppendZeroFill"), None,
                 ns(v, "BM_LimitRecordStore"), 5, "ns"))
    for size, label in [(4096, "4 KiB"), (65536, "64 KiB"), (1048576, "1 MiB")]:
        memcpy = gbps(f"BM_LimitApplyMemcpy/{size}")
        rows.append((f"apply {label} records to a 1 GiB replica (target 0.6x memcpy)",
                     gbps(f"BM_ReplicaApply/{size}"), gbps(f"BM_NaiveApply/{size}"), memcpy,
                     0.6 * memcpy, "GB/s", "min"))
    for size, label in [(4096, "4 KiB"), (65536, "64 KiB"), (1048576, "1 MiB")]:
        memcpy = gbps(f"BM_LimitMemcpy/{size}")
        rows.append((f"export {label} records with CRC-32C (target min(8 GB/s, 0.5x memcpy))",
                     gbps(f"BM_ReplicaExport/{size}"), gbps(f"BM_NaiveExport/{size}"), memcpy,
                     min(8.0, 0.5 * memcpy), "GB/s", "min"))
    return rows


def host_rows(v):
    """Times through sim::host::Host (wmi::Connection) in process; memory from heap growth."""
    rows = []

    def timed(metric, name, base, limit, target):
        rows.append((metric, ns(v, name) / 1e6, ns(v, base) / 1e6 if base else None,
                     ns(v, limit) / 1e6 if limit else None, target, "ms"))

    timed("CreateReferencePoint (RCT), 1,000-VM x 8-disk group", "BM_CreateReferencePoint",
          "BM_Naive_CreateReferencePoint", "BM_Limit_Seal8000", 20)
    timed("SELECT * FROM Msvm_ComputerSystem, 10,000 VMs", "BM_SelectComputerSystem",
          "BM_Naive_SelectComputerSystem", "BM_Limit_MemcpyResult", 10)
    timed("same, caller also frees the result (info)", "BM_SelectComputerSystem_WithFree", None,
          "BM_Limit_MemcpyResult", None)
    timed("copy of the same rendered instances (info)", "BM_CopyRenderedInstances", None,
          "BM_Limit_MemcpyResult", None)
    # One incremental backup cycle (issue 6): timed without the data step, which the memcpy probe
    # accounts; the baseline is memcmp bandwidth scaled to reading all 100 TiB (see host_bench.cc).
    cycle = v["BM_IncrementalCycle/iterations:1"]
    changed = cycle["bytes_changed"]
    naive_ms = 100 * 2**40 / v["BM_Naive_CompareEveryBlock"]["bytes_per_second"] * 1e3
    copy_ms = changed / v["BM_Limit_CopyBandwidth"]["bytes_per_second"] * 1e3
    rows.append(("incremental cycle, 100-VM group x 1 TiB, 1 % of blocks changed: snapshot, "
                 "changes, convert, destroy (no data copy)", ns(v, "BM_IncrementalCycle/iterations:1") / 1e6,
                 naive_ms, ns(v, "BM_Limit_CycleChangeQuery/iterations:1") / 1e6, None, "ms"))
    rows.append(("same cycle: changed ranges found (info)", cycle["ranges"], None, None, None, "ranges"))
    rows.append(("same cycle: bytes changed (info)", changed / 2**30, None, None, None, "GiB"))
    rows.append(("same cycle: copying the changed bytes at in-run memcpy bandwidth (info)", copy_ms,
                 None, None, None, "ms"))
    kib = "KiB_per_VM"
    rows.append(("memory per idle VM, 8 empty 1 TiB disks (KiB)",
                 v["BM_Memory_PerVm/iterations:1"][kib], v["BM_Naive_Memory_PerVm/iterations:1"][kib],
                 v["BM_Limit_Memory_PerVm/iterations:1"][kib], 64, "KiB"))
    return rows


def wsman_rows(v):
    """The wire (issue 15): counters of the load runs and wall times (medians of repetitions).

    Invoke rows put the limit probe (the same listener answering a fixed body of the same bytes) in
    the limit column; Enumerate + Pull rows the in-process SELECT on the same host.
    """
    rows = []

    def bench(prefix):
        return next(b for name, b in v.items() if name == prefix or name.startswith(prefix + "/"))

    def wall_ms(b):
        return b["real_time"] * {"ns": 1e-6, "us": 1e-3, "ms": 1, "s": 1e3}[b.get("time_unit", "ns")]

    for clients in (1, 4, 16):
        server = bench(f"BM_Invoke_Server/clients:{clients}")
        probe = bench(f"BM_Invoke_Probe/clients:{clients}")
        target = 0.5 * probe["req_per_s"] if clients == 16 else None
        label = f"{clients} keep-alive client{'s' if clients > 1 else ''}"
        rows.append((f"Invoke GetVirtualDiskChanges, {label}: throughput"
                     + (" (target 0.5x probe)" if target else ""), server["req_per_s"], None,
                     probe["req_per_s"], target, "req/s", "min"))
        for q in ("p50", "p99"):
            rows.append((f"Invoke, {label}: {q} latency", server[f"{q}_us"], None,
                         probe[f"{q}_us"], None, "µs"))
    select_ms = wall_ms(bench("BM_Select_InProcess"))
    for args, short, label, target in [
            ("optimize:1/max:32000", "winrm.exe-style",
             "as winrm.exe sends it (OptimizeEnumeration, MaxElements 32000)", 10 * select_ms),
            ("optimize:0/max:100", "Pull-100", "Enumerate, then Pull with MaxElements 100 (info)",
             None)]:
        b = bench(f"BM_EnumeratePull/{args}")
        rows.append((f"Enumerate + Pull of 10,000 Msvm_ComputerSystem, decoded, {label}"
                     + (" (target 10x SELECT)" if target else ""), wall_ms(b), None, select_ms,
                     target, "ms"))
        rows.append((f"{short}: without the client's decoding (info)",
                     b["without_decode_ms"], None, select_ms, None, "ms"))
        rows.append((f"{short}: the Enumerate's round trip (info)", b["enumerate_ms"], None,
                     select_ms, None, "ms"))
        rows.append((f"{short}: requests (Enumerate + Pulls) (info)", b["requests"], None, None,
                     None, "requests"))
        rows.append((f"{short}: largest answer (info)", b["largest_answer_KiB"], None, None, None,
                     "KiB"))
        rows.append((f"{short}: answers over the MaxEnvelopeSize the client sent (512000 B)",
                     b["answers_over_envelope"], None, None, 0, "answers"))
    rows.append(("SELECT * FROM Msvm_ComputerSystem in process, same host (info)", select_ms, None,
                 None, None, "ms"))
    churn = bench("BM_ReferencePointChurn")
    rows.append(("16 clients x 10,000 CreateReferencePoint/DestroyReferencePoint: operations "
                 "answered", churn["ops"], None, None, 160000, "ops", "min"))
    rows.append(("churn: reference points lost or duplicated (against the host's final state)",
                 churn["lost_or_duplicated"], None, None, 0, "points"))
    rows.append(("churn: faults outside spec/wsman-wire.md's table", churn["undocumented_faults"],
                 None, None, 0, "faults"))
    rows.append(("churn: throughput (info)", churn["req_per_s"], None, None, None, "ops/s"))
    rows.append(("churn: p99 latency (info)", churn["p99_us"], None, None, None, "µs"))
    return rows


def fmt(x):
    if x is None:
        return "–"
    return f"{x:.3g}" if abs(x) < 1000 else f"{x:,.0f}"


def main():
    suite, path = sys.argv[1], sys.argv[2]
    data, values = load(path)
    rows = {"storage": storage_rows, "replica": replica_rows, "host": host_rows,
            "wsman": wsman_rows}[suite](values)
    ctx = data["context"]
    print(f"# {suite} benchmarks — {ctx.get('date', '')} on {ctx.get('host_name', '')}, "
          f"{ctx.get('num_cpus')} CPUs @ {ctx.get('mhz_per_cpu')} MHz, load {ctx.get('load_avg')}")
    print()
    print({
        "storage": "Medians of repetitions, CPU time. Baseline: naive std::set / vector<bool>; limit: in-run probe (memory: flat bitmap 2 MiB/TiB; sparse: 2 B per changed block).",
        "replica": "Medians of repetitions, CPU time. Baseline: one heap std::vector per record (apply: std::map of vectors; export: a fresh buffer per export); limit: in-run memcpy of the same bytes, or a bare 32-byte record store.",
        "host": "Medians of repetitions, CPU time, through sim::host::Host (wmi::Connection) in process; points are destroyed and query results freed with the timer paused. Baseline: rendered wmi::Instances searched linearly per member / re-rendered into and copied out of a std::map registry / kept per VM in one; limit: ChangeTracker::seal on the 8,000 disks, memcpy of the result's bytes, the model's essential bytes. Incremental cycle: 1 % of each disk's 64 KiB blocks dirtied by one 4 KiB zero fill each (Host::write_zeroes; ~1 TiB of real data does not fit in 24 GiB), so the timed cycle is the control plane + RCT change discovery through wmi::Connection and the data copy is accounted at memcpy bandwidth; baseline: comparing every block with the last backup (memcmp bandwidth over 256 MiB scaled to 100 TiB); limit: seal + paged query_changes on 100 bare trackers.",
        "wsman": "Medians of repetitions, wall time and load-run counters, `hvsim serve` (sim::server::Server, --auth none) on loopback in the benchmark's process, driven by keep-alive Boost.Beast clients (one thread and connection each) on the same 2 cores. Limit for Invoke: the same HTTP listener (HttpListener, same options and io threads) answering every POST with the server's own answer bytes; for Enumerate + Pull: SELECT through sim::host::Host on the same host. Invoke = GetVirtualDiskChanges (read-only) on a 1 TiB VHDX with 16 changed ranges, 1.5 s per run. Churn: one run, each client on its own VM.",
    }[suite])
    print()
    print("| metric | value | unit | baseline | limit | ratio to limit | target | met |")
    print("|---|---|---|---|---|---|---|---|")
    missed = 0
    for metric, val, base, lim, target, unit, *kind in rows:
        at_least = kind == ["min"]
        ratio = val / lim if lim else None
        if target is None:
            met = "–"
        else:
            met = "yes" if (val >= target if at_least else val <= target) else "**NO**"
        missed += met == "**NO**"
        bound = "–" if target is None else ("≥ " if at_least else "≤ ") + fmt(target)
        print(f"| {metric} | {fmt(val)} | {unit} | {fmt(base)} | {fmt(lim)} | {fmt(ratio)} | "
              f"{bound} | {met} |")
    print()
    print(f"{missed} target(s) not met." if missed else "All targets met.")
    for metric, val, _, _, target, _, *kind in rows:
        if target is not None and (val < target if kind == ["min"] else val > target):
            reason = next((r for k, r in REASONS.items() if metric.startswith(k)), "not analysed")
            print(f"- {metric}: {reason}")


if __name__ == "__main__":
    main()
