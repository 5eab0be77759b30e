#!/usr/bin/python3
"""ReservoirPy 0.3.16 side of io.neurostream.bench.kernels.ReservoirPyComparison.

Runs the Mackey-Glass task of the learning issue (input x(t), target x(t+10), t = 0..7,099 from
shared/data/timeseries/mackey-glass-tau17.csv, column x_norm; t = 0-99 warm-up, 100-5,099 train,
5,100-7,099 test) with ReservoirPy's own nodes, and times its two kernels:
  - ESN steps/s: Reservoir(N, lr=0.3, sr=1.25, 10% connectivity, Win/bias Bernoulli +-1,
    W normal) run over the 7,100 inputs (Reservoir.run, one step per sample);
  - RLS update steps/s: RLS(output_dim=1, alpha, input_bias=True) trained online on the 5,000
    training states (Node.train of an online node: one update per sample), features [1, x].
Both as wall time and as CPU time of the process (all its threads: BLAS may use more than one).
It also reports the test NRMSE (RMSE / population std of the test target) of the RLS readout, so
that the Java side can show it solves the same task.

Usage: /usr/bin/python3 esn_rls.py RESERVOIRPY_SOURCE_TREE CSV SIZES(comma) SEED [REPEATS]
Prints one JSON line per size. ReservoirPy is not vendored: pass the path of a source tree
(git archive v0.3.16 of reservoirpy/reservoirpy); it needs numpy, scipy, joblib, tqdm, dill.
"""
import json
import sys
import time

sys.path.insert(0, sys.argv[1])
import numpy as np  # noqa: E402
import reservoirpy  # noqa: E402
from reservoirpy.nodes import Reservoir, RLS  # noqa: E402

csv, sizes, seed = sys.argv[2], [int(s) for s in sys.argv[3].split(",")], int(sys.argv[4])
repeats = int(sys.argv[5]) if len(sys.argv) > 5 else 3
reservoirpy.verbosity(0)
series = np.loadtxt(csv, delimiter=",", skiprows=1, usecols=2)
horizon, steps, warmup, train_end = 10, 7100, 100, 5100
u = series[:steps].reshape(-1, 1)
y = series[horizon:steps + horizon].reshape(-1, 1)

for n in sizes:
    esn_best, rls_best, nrmse = float("inf"), float("inf"), None
    esn_cpu, rls_cpu = float("inf"), float("inf")
    for rep in range(repeats):
        reservoir = Reservoir(n, lr=0.3, sr=1.25, input_scaling=1.0, bias_scaling=1.0,
                              rc_connectivity=0.1, input_connectivity=0.1, seed=seed)
        reservoir.initialize(u[:1])
        reservoir.run(u[:10])                         # first call: lazy set-up outside the timing
        reservoir.reset()
        start, cpu = time.perf_counter(), time.process_time()
        states = reservoir.run(u)
        esn_best = min(esn_best, time.perf_counter() - start)
        esn_cpu = min(esn_cpu, time.process_time() - cpu)

        rls = RLS(output_dim=1, alpha=1e-6, input_bias=True)
        rls.initialize(states[:1], y[:1])
        start, cpu = time.perf_counter(), time.process_time()
        rls.train(states[warmup:train_end], y[warmup:train_end])  # call=True: predict, then update
        rls_best = min(rls_best, time.perf_counter() - start)
        rls_cpu = min(rls_cpu, time.process_time() - cpu)
        pred = rls.run(states[train_end:])
        target = y[train_end:]
        nrmse = float(np.sqrt(np.mean((pred - target) ** 2)) / np.std(target))
    print(json.dumps({"units": n, "esnSteps": steps, "esnSeconds": esn_best,
                      "esnStepsPerSecond": steps / esn_best,
                      "esnCpuStepsPerSecond": steps / esn_cpu, "rlsUpdates": train_end - warmup,
                      "rlsSeconds": rls_best, "rlsUpdatesPerSecond": (train_end - warmup) / rls_best,
                      "rlsCpuUpdatesPerSecond": (train_end - warmup) / rls_cpu,
                      "rlsTestNrmse": nrmse, "reservoirpyVersion": reservoirpy.__version__,
                      "numpyVersion": np.__version__}), flush=True)
