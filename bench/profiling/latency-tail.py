#!/usr/bin/env python3
"""Lines up the slowest outputs of a bench step with what happened while they were in flight.

usage: latency-tail.py OUTPUTS.csv|DECODE-LATENCY.csv [--gc GC.log] [--flink neurostream.log] [--top N] [--skip-first-ms MS]

OUTPUTS.csv: written by `neurostream bench` with -Dneurostream.bench.outputs=DIR (ingest, emit and in-Kafka
times per output). GC.log: -Xlog:gc,safepoint:file=GC.log:time. neurostream.log: the run's log (checkpoint
triggers and completions of the CheckpointCoordinator).

Prints the latency percentiles of the outputs after the first --skip-first-ms (warm-up), then the top N
outputs with: latency (ingest -> in Kafka), the part after the job emitted it (emit -> in Kafka), the GC and
safepoint pause time and the checkpoints that fall between its ingestion and its arrival in Kafka; then how
many of the slowest 1 % overlap a GC pause > 5 ms, a safepoint > 5 ms, a checkpoint.
"""
import argparse
import csv
import datetime
import re


def millis(stamp):
    return datetime.datetime.strptime(stamp[:23], "%Y-%m-%dT%H:%M:%S.%f").replace(
        tzinfo=datetime.timezone.utc).timestamp() * 1000


def gc_pauses(path):
    """(end ms, duration ms, kind) of GC pauses and of safepoints (which include them)."""
    out = []
    if not path:
        return out
    for line in open(path):
        m = re.match(r"\[(\S+)\].*Pause .* ([\d.]+)ms$", line.strip())
        if m:
            out.append((millis(m.group(1)), float(m.group(2)), "gc"))
            continue
        m = re.match(r"\[(\S+)\].*Safepoint \"(\w+)\".*Total: (\d+) ns", line.strip())
        if m:
            out.append((millis(m.group(1)), int(m.group(3)) / 1e6, "sp:" + m.group(2)))
    return out


def checkpoints(path):
    """(trigger ms, complete ms or None, id, duration ms) from the CheckpointCoordinator's lines."""
    if not path:
        return []
    trig, done = {}, {}
    day = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
    for line in open(path):
        m = re.search(r"Triggering checkpoint (\d+) .*@ (\d+) for job", line)
        if m:
            trig[int(m.group(1))] = int(m.group(2))
        m = re.match(r"(\d\d:\d\d:\d\d\.\d\d\d) .*Completed checkpoint (\d+) .*checkpointDuration=(\d+) ms", line)
        if m:
            done[int(m.group(2))] = (millis(day + "T" + m.group(1)), int(m.group(3)))
    return [(t, done.get(i, (None, None))[0], i, done.get(i, (None, None))[1]) for i, t in sorted(trig.items())]


def pct(sorted_values, p):
    """Nearest rank, as apps/common/Percentiles."""
    if not sorted_values:
        return float("nan")
    import math
    i = max(0, min(len(sorted_values) - 1, math.ceil(p / 100 * len(sorted_values)) - 1))
    return sorted_values[i]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("csv")
    ap.add_argument("--gc")
    ap.add_argument("--flink")
    ap.add_argument("--top", type=int, default=12)
    ap.add_argument("--skip-first-ms", type=float, default=0)
    a = ap.parse_args()
    lines = open(a.csv).read().splitlines()
    marks = dict(kv.split("=") for l in lines if l.startswith("# ") for kv in l[2:].split())
    rows = [r for r in csv.DictReader([l for l in lines if not l.startswith("#")])]
    if rows and "prediction_in_kafka_epoch_ms" in rows[0]:  # DecodeLatency's CSV (spike-decode)
        rows = [dict(ingest=int(r["spikes_in_kafka_epoch_ms"]), emit=int(r["emitted_epoch_ms"]),
                     out=int(r["prediction_in_kafka_epoch_ms"]), events=0) for r in rows
                if r["prediction_in_kafka_epoch_ms"] and r["spikes_in_kafka_epoch_ms"]]
    else:
        rows = [dict(ingest=int(r["ingestMillis"]), emit=int(r["emitMillis"]), out=int(r["outputMillis"]),
                     events=int(r["events"])) for r in rows]
    if not rows:
        print("no outputs")
        return
    t0 = min(r["out"] for r in rows) + a.skip_first_ms
    rows = [r for r in rows if r["ingest"] >= t0]
    if marks:  # the bench's own selection: after the warm-up, and (if it had caught up) until the feed stopped
        rows = [r for r in rows if r["ingest"] >= int(marks["measureFromMillis"]) and (
                marks["caughtUpAtFeedStop"] != "true" or r["out"] <= int(marks["feedStoppedMillis"]))]
    for r in rows:
        r["lat"] = r["out"] - r["ingest"]
    lat = sorted(r["lat"] for r in rows)
    sink = sorted(r["out"] - r["emit"] for r in rows if r["emit"] >= 0)
    print(f"{len(rows)} outputs: ingest -> in Kafka p50 {pct(lat, 50)} / p99 {pct(lat, 99)} / p99.9 {pct(lat, 99.9)}"
          f" / max {lat[-1]} ms; emit -> in Kafka p50 {pct(sink, 50)} / p99 {pct(sink, 99)} / max {sink[-1] if sink else '-'} ms")
    pauses = gc_pauses(a.gc)
    cps = checkpoints(a.flink)
    gcs = [p for p in pauses if p[2] == "gc"]
    if gcs:
        d = sorted(p[1] for p in gcs)
        print(f"GC pauses: {len(d)}, p50 {pct(d, 50):.1f} / max {d[-1]:.1f} ms")
    if cps:
        print("checkpoints: " + ", ".join(f"{c[2]} ({c[3]} ms)" for c in cps))

    def overlap(r):
        lo, hi = r["ingest"], r["out"]
        g = [p for p in pauses if p[0] - p[1] <= hi and p[0] >= lo]
        gc_ms = sum(p[1] for p in g if p[2] == "gc")
        sp_ms = sum(p[1] for p in g if p[2] != "gc")
        c = [x for x in cps if x[0] <= hi and (x[1] or x[0]) >= lo - 0]
        return gc_ms, sp_ms, c

    top = sorted(rows, key=lambda r: -r["lat"])
    print("slowest: latency ms (emit -> Kafka ms): GC ms / safepoint ms in flight; checkpoints in flight")
    for r in top[:a.top]:
        gc_ms, sp_ms, c = overlap(r)
        print(f"  {datetime.datetime.fromtimestamp(r['ingest'] / 1000, datetime.timezone.utc):%H:%M:%S.%f}"[:-3]
              + f"  {r['lat']:6d} ({r['out'] - r['emit'] if r['emit'] >= 0 else '-'}): GC {gc_ms:.1f} / sp {sp_ms:.1f};"
              + (" cp " + ",".join(str(x[2]) for x in c) if c else ""))
    n = max(1, len(rows) // 100)
    slow = top[:n]
    with_gc = sum(1 for r in slow if overlap(r)[0] > 5)
    with_sp = sum(1 for r in slow if overlap(r)[1] > 5)
    with_cp = sum(1 for r in slow if overlap(r)[2])
    print(f"slowest 1 % ({n}): {with_gc} overlap a GC pause > 5 ms, {with_sp} safepoints > 5 ms, {with_cp} a checkpoint")


if __name__ == "__main__":
    main()
