#!/usr/bin/python3
"""Peer of bench:cwsc: GR2M calibrated by scipy's differential evolution on every basin.

Reads the basins and each basin's evaluation budget written by bench/cwsc/run.ts, checks that
this GR2M gives the same KGE as catchment's on given parameters, then calibrates every basin with
scipy.optimize.differential_evolution (vectorized over the population, polish off, tolerances 0
so that it spends the budget) and prints JSON: wall seconds per round, KGE and evaluations per basin.
"""
import json
import sys
import time

import numpy as np
from scipy.optimize import differential_evolution

ROUTING = 60.0


def gr2m_kge(x1, x2, p, pet, q, warm_up):
    """KGE of GR2M for a population of parameter sets (x1, x2 arrays) on one basin."""
    n = x1.shape[0]
    s = 0.5 * x1
    r = np.full(n, 0.5 * ROUTING)
    sums = np.zeros((6, n))
    for t in range(p.shape[0]):
        phi = np.tanh(p[t] / x1)
        s1 = (s + x1 * phi) / (1 + phi * s / x1)
        p1 = p[t] + s - s1
        psi = np.tanh(pet[t] / x1)
        s2 = s1 * (1 - psi) / (1 + psi * (1 - s1 / x1))
        ratio = s2 / x1
        s = s2 / np.cbrt(1 + ratio * ratio * ratio)
        r1 = r + p1 + (s2 - s)
        r2 = x2 * r1
        qs = r2 * r2 / (r2 + ROUTING)
        r = r2 - qs
        if t >= warm_up and np.isfinite(q[t]):
            o = q[t]
            sums[0] += 1
            sums[1] += o
            sums[2] += o * o
            sums[3] += qs
            sums[4] += qs * qs
            sums[5] += qs * o
    cnt, so, soo, ss, sss, sso = sums
    mo, ms = so / cnt, ss / cnt
    vo, vs = soo / cnt - mo * mo, sss / cnt - ms * ms
    with np.errstate(invalid="ignore", divide="ignore"):
        rr = (sso / cnt - mo * ms) / np.sqrt(vo * vs)
        k = 1 - np.sqrt((rr - 1) ** 2 + (np.sqrt(vs / vo) - 1) ** 2 + (ms / mo - 1) ** 2)
    return np.where(np.isfinite(k), k, -np.inf)


def main():
    job = json.load(open(sys.argv[1]))
    warm_up = job["warm_up"]
    bounds = job["bounds"]
    basins = [{k: np.array(v, dtype=float) if k != "name" else v for k, v in b.items()} for b in job["basins"]]
    # the same model: KGE at catchment's calibrated parameters
    worst = 0.0
    for c in job["check"]:
        b = basins[c["basin"]]
        k = gr2m_kge(np.array([c["x1"]]), np.array([c["x2"]]), b["p"], b["pet"], b["q"], warm_up)[0]
        worst = max(worst, abs(k - c["kge"]))
    if worst > 1e-9:
        raise SystemExit(f"the Python GR2M disagrees with catchment's: KGE differs by {worst}")
    popsize = job["popsize"]
    rounds = []
    result = None
    for _ in range(job["rounds"]):
        t0 = time.perf_counter()
        kges, nfev = [], []
        for b, budget in zip(basins, job["evaluations"]):
            pop = popsize * len(bounds)
            maxiter = max(1, int(round(budget / pop)) - 1)

            used = [0]

            def loss(x, b=b, used=used):
                used[0] += x.shape[1]  # candidates evaluated (scipy 1.10 counts vectorized calls as one)
                return 1 - gr2m_kge(x[0], x[1], b["p"], b["pet"], b["q"], warm_up)

            r = differential_evolution(loss, bounds, maxiter=maxiter, popsize=popsize, tol=0, atol=0, polish=False,
                                       seed=job["seed"], vectorized=True, updating="deferred")
            kges.append(1 - float(r.fun))
            nfev.append(used[0])
        rounds.append(time.perf_counter() - t0)
        result = {"kge": kges, "nfev": nfev}
    print(json.dumps({"seconds": rounds, "worst_check": worst, **result}))


main()
