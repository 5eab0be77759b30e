#!/usr/bin/python3
"""The 1000-neuron LIF network of io.neurostream.bench.kernels.Brian2Comparison, in Brian2.

Reads the network written by the Java driver (same neurons, synapses, weights, drives, delay) from
DIR and simulates it with Brian2's runtime mode and the Cython code-generation target. Prints one
JSON line: mean rates (all, E, I) and the wall and CPU time of the timed run (the code is compiled
during an untimed 10 ms warm-up run first; the CPU time of C++ standalone is that of the binary, a
child process).

Usage: /usr/bin/python3 lif_network.py DIR SECONDS [cython|cpp_standalone]
Model (Brunel 2000 neuron, delta synapses): tau dv/dt = v0 - v, threshold 20 mV, reset 10 mV,
refractory 2 ms (v clamped, input ignored: Java's LifKernel does the same).
"""
import json
import resource
import sys
import time

import numpy as np
from brian2 import (NeuronGroup, Synapses, SpikeMonitor, Network, defaultclock, prefs, set_device,
                    device, ms, mV, second)

directory, seconds = sys.argv[1], float(sys.argv[2])
target = sys.argv[3] if len(sys.argv) > 3 else "cython"
meta = json.load(open(f"{directory}/network.json"))
pre = np.fromfile(f"{directory}/pre.i32", dtype="<i4")
post = np.fromfile(f"{directory}/post.i32", dtype="<i4")
weight = np.fromfile(f"{directory}/weight.f64", dtype="<f8")
drive = np.fromfile(f"{directory}/drive.f64", dtype="<f8")
n, n_exc = meta["n"], meta["nExc"]

if target == "cpp_standalone":
    set_device("cpp_standalone", directory=f"{directory}/standalone", build_on_run=False)
else:
    prefs.codegen.target = "cython"
defaultclock.dt = meta["dtMicros"] / 1000.0 * ms

tau = meta["tauMemMs"] * ms
v_thresh = meta["vThreshMv"] * mV
v_reset = meta["vResetMv"] * mV
group = NeuronGroup(n, """dv/dt = (v0 - v) / tau : volt (unless refractory)
                          v0 : volt (constant)""",
                    threshold="v >= v_thresh", reset="v = v_reset",
                    refractory=meta["refractoryMs"] * ms, method="exact")
group.v = meta["vRestMv"] * mV
group.v0 = (meta["vRestMv"] + drive) * mV
syn = Synapses(group, group, "w : volt (constant)", on_pre="v_post += w * int(not_refractory_post)")
syn.connect(i=pre, j=post)
syn.w = weight * mV
syn.delay = meta["delayMs"] * ms
spikes = SpikeMonitor(group, record=False)
net = Network(group, syn, spikes)

if target == "cpp_standalone":
    net.run(seconds * second)
    start = time.perf_counter()
    device.build(directory=f"{directory}/standalone", compile=True, run=False)
    build_s = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    device.run(directory=f"{directory}/standalone", with_output=False, run_args=[])
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (usage.ru_utime + usage.ru_stime)
    counts = np.array(spikes.count[:])
else:
    net.run(10 * ms)                 # compiles the code objects
    before = np.array(spikes.count[:])
    start = time.perf_counter()
    cpu_start = time.process_time()
    net.run(seconds * second)
    wall = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    counts = np.array(spikes.count[:]) - before

rates = counts / seconds
print(json.dumps({"target": target, "seconds": seconds, "wallSeconds": wall, "cpuSeconds": cpu,
                  "meanRateHz": float(rates.mean()), "excRateHz": float(rates[:n_exc].mean()),
                  "inhRateHz": float(rates[n_exc:].mean()), "spikes": int(counts.sum())}))
