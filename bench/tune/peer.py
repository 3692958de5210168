#!/usr/bin/python3
"""The Optuna side of bench:tune (Debian's python3-optuna 3.1): the same test functions, seeds,
budget and noise as bench/tune/run.ts, and the sampler's time per trial on a study that already
has N complete trials. Reads a job file, writes a result file (both JSON)."""
import json
import math
import sys
import time
import warnings

import optuna

warnings.filterwarnings("ignore")
optuna.logging.set_verbosity(optuna.logging.WARNING)

H6_A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
H6_P = [[v * 1e-4 for v in r] for r in [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991], [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]]]
H3_A = [[3, 10, 30], [0.1, 10, 35], [3, 10, 30], [0.1, 10, 35]]
H3_P = [[v * 1e-4 for v in r] for r in [[3689, 1170, 2673], [4699, 4387, 7470], [1091, 8732, 5547], [381, 5743, 8828]]]
ALPHA = [1, 1.2, 3, 3.2]


def branin(x):
    x1, x2 = x
    b, c, t = 5.1 / (4 * math.pi ** 2), 5 / math.pi, 1 / (8 * math.pi)
    return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - t) * math.cos(x1) + 10


def hartmann(A, P):
    def f(x):
        s = 0.0
        for i in range(4):
            e = 0.0
            for j in range(len(x)):
                e += A[i][j] * (x[j] - P[i][j]) ** 2
            s += ALPHA[i] * math.exp(-e)
        return -s
    return f


def rosenbrock(x):
    return sum(100 * (x[i + 1] - x[i] * x[i]) ** 2 + (x[i] - 1) ** 2 for i in range(len(x) - 1))


FUNCS = {"branin": branin, "hartmann6": hartmann(H6_A, H6_P), "rosenbrock4": rosenbrock, "noisy": hartmann(H3_A, H3_P)}


def run(fn, seed, trials, noise):
    f = FUNCS[fn["name"]]
    sigma = fn.get("noise") or 0.0
    clean = []

    def objective(t):
        x = [t.suggest_float(f"x{i}", lo, hi) for i, (lo, hi) in enumerate(fn["bounds"])]
        v = f(x)
        clean.append(v)
        return v + sigma * noise[t.number] if sigma else v

    study = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=seed))
    study.optimize(objective, n_trials=trials)
    best = study.best_trial
    return {"best_value": best.value, "best_clean": clean[best.number], "params": [[t.params[f"x{i}"] for i in range(len(fn["bounds"]))] for t in study.trials]}


def timing(fn, history, reps, warmup):
    f = FUNCS[fn["name"]]
    dists = {f"x{i}": optuna.distributions.FloatDistribution(lo, hi) for i, (lo, hi) in enumerate(fn["bounds"])}
    study = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=0))
    study.add_trials([optuna.trial.create_trial(params={f"x{i}": v for i, v in enumerate(x)}, distributions=dists, value=f(x)) for x in history])
    times = []
    for r in range(warmup + reps):
        t0 = time.perf_counter()
        trial = study.ask()
        x = [trial.suggest_float(f"x{i}", lo, hi) for i, (lo, hi) in enumerate(fn["bounds"])]
        t1 = time.perf_counter()
        study.tell(trial, f(x))
        if r >= warmup:
            times.append(t1 - t0)
    return times


def main():
    job = json.load(open(sys.argv[1]))
    out = {"optuna": optuna.__version__, "runs": {}, "timing": {}}
    for fn in job["functions"]:
        out["runs"][fn["name"]] = [run(fn, seed, job["trials"], job["noise"][str(seed)]) for seed in job["seeds"]]
        print(f"peer: {fn['name']} done", file=sys.stderr, flush=True)
    t = job["timing"]
    for size, history in t["histories"].items():
        out["timing"][size] = timing(t["function"], history, t["reps"], t["warmup"])
        print(f"peer: timing at {size} done", file=sys.stderr, flush=True)
    json.dump(out, open(sys.argv[2], "w"))


main()
