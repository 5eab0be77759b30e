#!/usr/bin/env python3
"""Summarises `jfr print --events jdk.ExecutionSample` output: the top frames by samples (self),
and the top frames anywhere on the stack (total), optionally only for threads whose name matches.

usage: jfr print --events jdk.ExecutionSample rec.jfr | bench/profiling/jfr-top.py [THREAD_REGEX] [N]
"""
import re
import sys
from collections import Counter

thread_filter = re.compile(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1] else None
top_n = int(sys.argv[2]) if len(sys.argv) > 2 else 25
self_counts, total_counts, threads = Counter(), Counter(), Counter()
samples = 0


def flush(thread, frames):
    global samples
    if not frames or (thread_filter and not thread_filter.search(thread or "")):
        return
    samples += 1
    threads[thread] += 1
    self_counts[frames[0]] += 1
    for f in set(frames):
        total_counts[f] += 1


thread, frames, in_stack = None, [], False
for line in sys.stdin:
    s = line.strip()
    if s.startswith("jdk.ExecutionSample"):
        flush(thread, frames)
        thread, frames, in_stack = None, [], False
    elif s.startswith("sampledThread"):
        m = re.search(r'"(.*)"', s)
        thread = m.group(1) if m else s
    elif s.startswith("stackTrace"):
        in_stack = True
    elif in_stack and s and not s.startswith("]") and not s.startswith("..."):
        frames.append(re.sub(r"\s+line:.*", "", s))
flush(thread, frames)

print(f"{samples} samples")
print("\n-- threads --")
for t, c in threads.most_common(10):
    print(f"{100 * c / samples:5.1f}%  {t}")
print("\n-- self --")
for f, c in self_counts.most_common(top_n):
    print(f"{100 * c / samples:5.1f}%  {f}")
print("\n-- total (on the stack) --")
for f, c in total_counts.most_common(top_n):
    print(f"{100 * c / samples:5.1f}%  {f}")
