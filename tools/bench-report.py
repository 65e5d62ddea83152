#!/usr/bin/env python3
"""Turn tests/vm/bench.sh output into docs/performance.md and .json.

Arguments are CLOCK:LOG, CLOCK being icount or wall (tools/bench.sh), or
CLOCK@REV:LOG for a log kept from an earlier run of revision REV.
Each RESULT line is "RESULT ROUND CONFIG BENCH NS".  A configuration's
ratio for one round is its time divided by the "none" time of the same
round; the report gives the minimum and the median over rounds.
"""
import argparse
import datetime
import json
import re
import statistics
import sys

BENCHES = [
    ("open", "open+read+close of a file"),
    ("stat", "stat of a file"),
    ("exec", "fork+exec+wait of a small static binary"),
    ("unix", "unix stream connect+accept"),
    ("tcp", "TCP loopback connect+accept"),
    ("macro", "tar -x, find, grep, configure-like script"),
]
# "none-again" is the baseline measured a second time at the end of each
# round: its ratio is the noise of the measurement, not a configuration.
CONFIGS = ["none-again", "phtrack-learning", "phtrack-phd", "phtrack-enforcing",
           "tomoyo-learning"]
CONFIG_TITLES = ["none again (noise)", "phtrack learning", "phtrack learning + phd",
                 "phtrack enforcing", "TOMOYO learning"]
LEARNING, TOMOYO = "phtrack-learning", "tomoyo-learning"
CLOCKS = {
    "icount": "Instruction clock (QEMU -icount: one guest instruction is one "
              "nanosecond of guest time)",
    "wall": "Wall clock (the host's time)",
}


def parse(path):
    kernel = None
    res = {}
    mem = {}
    events = []
    for line in open(path, errors="replace"):
        m = re.match(r"@@PH-START (\S+)", line)
        if m:
            kernel = m.group(1)
        f = line.split()
        if len(f) == 5 and f[0] == "RESULT":
            res.setdefault(f[3], {}).setdefault(f[2], {})[int(f[1])] = int(f[4])
        elif len(f) >= 3 and f[0] == "MEM":
            mem[f[1]] = [int(x) for x in f[2:] if x.isdigit()]
        elif len(f) >= 3 and f[0] == "EVENTS":
            events.append([f[1]] + [int(x) for x in f[2:] if x.lstrip("-").isdigit()])
    return kernel, res, mem, events


def summarize(res):
    out = {}
    for bench, _ in BENCHES:
        if bench not in res or "none" not in res[bench]:
            continue
        base = res[bench]["none"]
        row = {"none_median_ns": statistics.median(base.values())}
        for cfg in CONFIGS:
            vals = res[bench].get(cfg, {})
            ratios = [vals[r] / base[r] for r in vals if r in base and base[r]]
            if ratios:
                row[cfg] = {"min": min(ratios), "median": statistics.median(ratios),
                            "max": max(ratios), "rounds": len(ratios)}
        out[bench] = row
    return out


def table(results, title):
    """The markdown rows of one kernel's results on one clock."""
    md = [f"### {title}", "",
          "Ratios to none, min / median / max over the rounds.", "",
          "| workload | none (median) | " + " | ".join(CONFIG_TITLES) + " | target met |",
          "| --- | --- | " + " | ".join("---" for _ in CONFIGS) + " | --- |"]
    for bench, desc in BENCHES:
        r = results.get(bench)
        if not r:
            continue
        cells = []
        for cfg in CONFIGS:
            c = r.get(cfg)
            cells.append(f"{c['min']:.3f} / {c['median']:.3f} / {c['max']:.3f}"
                         if c else "n/a")
        p, t = r.get(LEARNING), r.get(TOMOYO)
        met = "n/a"
        if p and t and bench != "macro":
            met = "yes" if p["median"] <= 1.05 and p["median"] <= t["median"] else "no"
        md.append(f"| {desc} | {r['none_median_ns'] / 1000:.1f} us | " +
                  " | ".join(cells) + f" | {met} |")
    md.append("")
    return md


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--md", required=True)
    ap.add_argument("--json", required=True)
    ap.add_argument("--host-synth", type=int, default=0,
                    help="rows/s of ph-synth on the host, for the TCG factor")
    ap.add_argument("--how", default="",
                    help="the command line of this generation, for the report")
    ap.add_argument("logs", nargs="+")
    a = ap.parse_args()
    data = {"date": datetime.date.today().isoformat(), "kernels": [],
            "host_synth_rows_per_s": a.host_synth}
    by_kernel = {}
    mem_rank = {}  # which boot's memory figures a kernel shows
    for arg in a.logs:
        clock, sep, path = arg.partition(":")
        # CLOCK@REV: a log kept from an earlier run, of revision REV.
        clock, _, rev = clock.partition("@")
        if not sep or clock not in CLOCKS:
            sys.exit(f"bench-report: expected CLOCK:LOG with CLOCK one of "
                     f"{', '.join(CLOCKS)}, got {arg}")
        kernel, res, mem, events = parse(path)
        if not res:
            sys.exit(f"bench-report: no results in {path}")
        k = by_kernel.get(kernel)
        if k is None:
            k = by_kernel[kernel] = {"kernel": kernel, "results": {}, "rounds": {},
                                     "memory": {}, "events": []}
            data["kernels"].append(k)
        rounds = max(len(v) for b in res.values() for v in b.values())
        summary = summarize(res)
        if clock in k["results"]:
            # Its memory figures come from a learning pass of its own, not
            # from the measured one: only the enforcing policy's are kept.
            mem = {m: v for m, v in mem.items() if m.startswith("enforce_")}
            # A later log of the same kernel and clock: the columns it
            # measured replace those of the earlier one (PH_BENCH_CONFIGS).
            cols = sorted({c for r in summary.values() for c in r if c in CONFIGS},
                          key=CONFIGS.index)
            for bench, row in summary.items():
                base = k["results"][clock].setdefault(bench, row)
                for c in cols:
                    if c in row:
                        base[c] = row[c]
            for c in cols:
                k.setdefault("columns", {}).setdefault(clock, {})[c] = (rounds, rev)
        else:
            k["results"][clock] = summary
            if rev:
                k.setdefault("earlier", {})[clock] = rev
            k["rounds"][clock] = rounds
        # Memory comes from this run's boots before an earlier run's, the
        # wall-clock boot first; the event path only the wall clock measures.
        rank = (0 if rev else 2) + (1 if clock == "wall" else 0)
        if mem and rank >= mem_rank.get(kernel, -1):
            k["memory"].update(mem)
            mem_rank[kernel] = rank
        elif mem:
            k["memory"] = {**mem, **k["memory"]}
        if events:
            k["events"], k["events_rev"] = events, rev
    with open(a.json, "w") as f:
        json.dump(data, f, indent=1)
    md = ["# Performance", "",
          "Generated by `make bench` (tools/bench.sh, tests/vm/bench.sh) on "
          f"{data['date']}. Do not edit by hand: run `make bench` again.", ""]
    if a.how:
        md += [f"This generation: `{a.how}`. The sections below the Target, "
               "each marked with its own command, are kept from their last "
               "generation.", ""]
    md += ["## Method", "",
          "- Everything runs **under QEMU TCG emulation** (no KVM on the "
          "reference machine), 1 vCPU: with two, the emulated inter-processor "
          "interrupts of cross-CPU wakeups widened the spread between repeats "
          "of the same configuration several-fold. Absolute times are emulated; "
          "the ratios are the figures to read.",
          "- **Two clocks, one boot per kernel each.** The *instruction clock* "
          "boot runs QEMU with `-icount shift=0,sleep=off`: the guest's clock "
          "advances one nanosecond per guest instruction executed, so a time is "
          "a count of the work done, repeatable to a fraction of a percent and "
          "immune to what the host is doing (the none-again column shows it). It "
          "does not see memory stalls, and it counts each iteration of a `rep` "
          "string instruction (memset, memcpy) as one instruction, which weighs "
          "bulk copies and clears more than hardware does. The *wall clock* boot "
          "uses the host's time: it includes every cost of emulation, and its "
          "noise band, between boots and between minutes of one boot, is several "
          "percent, as large as the margin being judged. **The target is judged "
          "on the instruction clock**; the wall-clock table is the cross-check.",
          "- The kernel runs with `security=tomoyo`; TOMOYO's profile is "
          "`mode=disabled` except in the TOMOYO configuration. The baseline "
          "**none** is therefore \"no phtrack module, TOMOYO present but "
          "disabled\".",
          "- Each round measures, in this order: none; phtrack learning (module "
          "loaded, the workload run once to let learning converge, then "
          "measured); the same with phd running and storing (the workload run "
          "once more first); phtrack enforcing from a loaded policy (`ph policy "
          "save` of what was learned, `pipe:[N]` made `pipe:[\\$]`, 1,000 pattern "
          "entries that match nothing added at the end of phx's domain, loaded "
          "into a fresh module with an empty learned list, `ph mode enforcing`: "
          "every check is a learned-list miss, a hash lookup among the loaded "
          "exact lines and, for what only a pattern holds, the scan of the "
          "domain's patterns, the 1,000 first); TOMOYO learning (profile switched to "
          "`mode=learning`, workload run once, then measured); none again. Ratios "
          "are taken against the first none figure of the same round; min and "
          "median over the rounds. The **none again** column is the baseline's "
          "ratio to itself a few minutes later: the noise band the other "
          "columns must be read against.",
          "- Microbenchmarks are `phx bench` (tests/vm/helpers/phx_bench.c): "
          "open+read+close 20000x, stat 20000x, fork+exec+wait 600x, unix "
          "connect+accept 6000x, TCP connect+accept 2000x, each run as 5 equal "
          "batches whose median time per operation is the figure (a host "
          "hiccup then moves one batch, not the figure). The macro workload "
          "unpacks a tarball of /bin, /lib and /etc, runs find and grep over it, "
          "and runs a configure-like loop of small programs.",
          "- **Noise.** On the wall clock, run-to-run variation is large: a "
          "minimum ratio well below 1.0, or a none-again median far from 1.0, "
          "means the variation between runs exceeds the overhead being measured. "
          "Read those medians against the none-again column. The wall-clock boots "
          "run one at a time, after the instruction-clock boots (which run "
          "together); run it on an otherwise idle host. The first round's "
          "baseline of an instruction-clock boot is sometimes slow (cold caches "
          "of the guest), which shows as a low minimum.",
          "- With one vCPU, phd's own work runs on the CPU the workload uses: "
          "the phd column includes storing every event (each exec is one), "
          "which is why its exec figure is far above the others'.",
          "- The event path is measured after the wall-clock rounds by the `phd_storm` "
          "scenario (tests/vm/phd_storm.sh): storms of opens of a watched "
          "file, stored by phd, flat out and paced; phd's drain rate of a "
          "backlog; and `ph-synth`, the store's write path alone, in the guest "
          "and on the host. The host/guest ratio of `ph-synth` is the TCG "
          "slowdown of the store path.",
          ""]
    for k in data["kernels"]:
        md += [f"## Kernel {k['kernel']}", ""]
        for clock, title in CLOCKS.items():
            res = k["results"].get(clock)
            if res:
                title = f"{title}, {k['rounds'][clock]} rounds"
                rev = k.get("earlier", {}).get(clock)
                if rev:
                    title += (f", kept from an earlier run of revision {rev} "
                              "(it does not include later changes)")
                md += table(res, title)
                for c, (n, crev) in k.get("columns", {}).get(clock, {}).items():
                    src = (f"an earlier run of revision {crev}" if crev else "this run")
                    md += [f"The *{CONFIG_TITLES[CONFIGS.index(c)]}* column is from "
                           f"{src}, {n} round(s) of that configuration alone "
                           "(`PH_BENCH_CONFIGS`, tools/bench.sh), against the none "
                           "figure of its own rounds.", ""]
        m = k["memory"]
        if m:
            md += ["Memory after the first converged learning run (module "
                   "accounting, `ph status`):", ""]
            if "entries" in m and len(m["entries"]) == 2 and m["entries"][0]:
                n, b = m["entries"]
                md.append(f"- learned entries: {n}, {b} bytes, "
                          f"{b / n:.0f} bytes per entry")
            if "module_bytes" in m and "domains" in m and m["domains"][0]:
                md.append(f"- module memory: {m['module_bytes'][0]} bytes for "
                          f"{m['domains'][0]} domains and "
                          f"{m.get('tasks', [0])[0]} task records")
            if "dropped" in m:
                md.append(f"- events dropped: {m['dropped'][0]}")
            if m.get("phd_rss_kb"):
                md.append(f"- phd resident memory while storing (VmRSS): "
                          f"{m['phd_rss_kb'][0]} kB")
            if m.get("enforce_policy"):
                p = m["enforce_policy"] + [0] * 5
                md.append(f"- enforcing policy: {p[4]} access lines in {p[3]} domains, "
                          f"with {p[1]} added pattern entries in each of the "
                          f"{p[0]} domain(s) of phx")
            if "enforce_denied" in m:
                md.append(f"- accesses denied during the first enforcing run: "
                          f"{m['enforce_denied'][0] if m['enforce_denied'] else 0}.")
        ev = k.get("events") or []
        if ev:
            md += ["", "Event path (watch events stored by phd; rates are events per "
                   "second under TCG" +
                   (f"; kept from the earlier run of revision {k['events_rev']}"
                    if k.get("events_rev") else "") + "):", "",
                   "| asked rate | events | generated at | stored | stored rate | "
                   "loss recorded by phd | dropped by the module |",
                   "| --- | --- | --- | --- | --- | --- | --- |"]
            for e in ev:
                if e[0] == "STORM" and len(e) == 8:
                    _, rate, n, gen, got, st, gap, drop = e
                    md.append(f"| {'flat out' if rate == 0 else rate} | {n} | {gen} | "
                              f"{got} | {st} | {gap} | {drop} |")
            md.append("")
            for e in ev:
                if e[0] == "DRAIN" and len(e) == 4:
                    md.append(f"- phd drain of a {e[1]}-event backlog: {e[3]} events/s")
                elif e[0] == "SYNTH" and len(e) == 2:
                    line = f"- store write path alone (`ph-synth`) in the guest: {e[1]} rows/s"
                    if data["host_synth_rows_per_s"] and e[1]:
                        f = data["host_synth_rows_per_s"] / e[1]
                        line += (f"; on the host {data['host_synth_rows_per_s']} rows/s, "
                                 f"a TCG factor of {f:.1f}")
                    md.append(line)
                elif e[0] == "PHDRSS" and len(e) == 3:
                    md.append(f"- phd after the storms: VmRSS {e[1]} kB, peak {e[2]} kB")
            md.append("- Loss starts where the stored rate falls behind the "
                      "generated rate for longer than the queue (`event_queue_len`, "
                      "65536 here) and phd's 64 MiB socket buffer absorb; in these "
                      "runs the guest could not generate events faster than phd "
                      "stored them.")
        md.append("")
    md += ["## Target", "",
           "Each microbenchmark ratio for converged learning mode at most 1.05, "
           "and at most TOMOYO's ratio on the same kernel, judged on the "
           "instruction clock's medians. Rows where phtrack's median exceeds "
           "either are not met yet.", ""]
    md += kept_sections(a.md)
    with open(a.md, "w") as f:
        f.write("\n".join(md))


def kept_sections(path):
    """The sections of PATH other commands generate (tools/perf-section.sh):
    from a "<!-- NAME: ... -->" line to its "<!-- /NAME -->" line."""
    out, name = [], None
    try:
        lines = open(path).read().split("\n")
    except OSError:
        return out
    for line in lines:
        m = re.match(r"<!-- ([\w-]+): .* -->$", line)
        if name is None and m:
            name = m.group(1)
        if name is not None:
            out.append(line)
            if line == f"<!-- /{name} -->":
                name = None
                out.append("")
    return out


if __name__ == "__main__":
    main()
