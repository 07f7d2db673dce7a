"""Shifted-beta-geometric (sBG) reference values, fitted with scipy.

Data: Fader & Hardie (2007), "How to project customer retention", J. Interactive Marketing 21(1):
share of an initial cohort of 1000 customers still active at the start of years 0..7.
Writes sbg_reference.json next to this file.

Run from the repository root (deterministic):
  /tmp/refvenv/bin/python tests/data/make_sbg_reference.py
"""
import json
from importlib.metadata import version
from pathlib import Path

import mpmath as mp
import numpy as np
from scipy.optimize import minimize
from scipy.special import betaln, hyp2f1

HERE = Path(__file__).resolve().parent
DATA = {  # name -> (alive shares for t = 0..7, published (alpha, beta))
    "high_end": ([1.000, 0.869, 0.743, 0.653, 0.593, 0.551, 0.517, 0.491], (0.668, 3.806)),
    "regular": ([1.000, 0.631, 0.468, 0.382, 0.326, 0.289, 0.262, 0.241], (0.704, 1.182)),
}
N0, D = 1000, 0.10


def counts(shares):
    alive = np.rint(np.asarray(shares) * N0).astype(int)
    return -np.diff(alive), int(alive[-1])  # churned in periods 1..7, survivors after period 7


def log_p(t, a, b):  # P(T = t) = B(a+1, b+t-1) / B(a, b), t = 1, 2, ...
    return betaln(a + 1, b + t - 1) - betaln(a, b)


def log_s(t, a, b):  # S(t) = P(T > t) = B(a, b+t) / B(a, b)
    return betaln(a, b + t) - betaln(a, b)


def ll(a, b, churned, survivors):
    t = np.arange(1, len(churned) + 1)
    return float(np.sum(churned * log_p(t, a, b)) + survivors * log_s(len(churned), a, b))


def fit(churned, survivors):
    f = lambda v: -ll(*np.exp(v), churned, survivors)
    v = np.log([1.0, 1.0])
    for _ in range(10):
        res = minimize(f, v, method="Nelder-Mead", options=dict(xatol=1e-12, fatol=1e-12, maxiter=20000))
        done = np.max(np.abs(res.x - v)) < 1e-11
        v = res.x
        if done:
            break
    return [float(x) for x in np.exp(v)]


def derl(a, b, n, d=D):
    """Fader & Hardie (2010) DERL(d | alpha, beta, n) for a customer at the start of period n."""
    return float((b + n - 1) / (a + b + n - 1) * hyp2f1(1.0, b + n, a + b + n, 1.0 / (1.0 + d)))


def derl_by_sum(a, b, n, d=D):
    """Same quantity as a direct sum: sum_{t>=n} S(t)/S(n-1) / (1+d)^(t-n), with mpmath."""
    mp.mp.dps = 30
    S = lambda t: mp.beta(a, b + t) / mp.beta(a, b)
    return float(mp.nsum(lambda t: S(t) / S(n - 1) / (1 + mp.mpf(d)) ** (t - n), [n, mp.inf]))


def block(a, b, churned, survivors):
    out = {"alpha": a, "beta": b, "log_likelihood": ll(a, b, churned, survivors),
           "retention_rate_t1_to_t12": [(b + t - 1) / (a + b + t - 1) for t in range(1, 13)],
           "survival_S_t0_to_t12": [float(np.exp(log_s(t, a, b))) for t in range(13)],
           "pmf_P_T_eq_t_t1_to_t12": [float(np.exp(log_p(t, a, b))) for t in range(1, 13)],
           "derl_d0.10_n1_to_n3": [derl(a, b, n) for n in (1, 2, 3)]}
    check = [derl_by_sum(a, b, n) for n in (1, 2, 3)]
    assert np.allclose(check, out["derl_d0.10_n1_to_n3"], rtol=1e-12), (check, out)
    return out


def main():
    out = {"generator": "tests/data/make_sbg_reference.py",
           "versions": {k: version(k) for k in ["numpy", "scipy", "mpmath"]},
           "notes": {
               "data": "alive shares of 1000 customers at t = 0..7; churned_t = round(1000*s_{t-1}) - round(1000*s_t)",
               "log_likelihood": "sum_{t=1..7} churned_t * ln P(T=t) + survivors_7 * ln S(7), with "
                   "P(T=t) = B(alpha+1, beta+t-1)/B(alpha,beta), S(t) = B(alpha, beta+t)/B(alpha,beta); no constant",
               "retention_rate": "r_t = (beta+t-1)/(alpha+beta+t-1) = S(t)/S(t-1)",
               "derl": "DERL(d|alpha,beta,n) = (beta+n-1)/(alpha+beta+n-1) * 2F1(1, beta+n; alpha+beta+n; 1/(1+d)), "
                   "d = 0.10 (Fader & Hardie 2010, Marketing Science 29(1)); equals "
                   "sum_{t>=n} S(t)/S(n-1) (1+d)^-(t-n) (checked with mpmath to 1e-12)",
               "mle": "Nelder-Mead restarts in log(alpha), log(beta) from (1, 1), tolerance 1e-12",
               "published": "alpha, beta as printed in Fader & Hardie (2007), 3 decimals",
           }}
    for name, (shares, pub) in DATA.items():
        churned, survivors = counts(shares)
        out[name] = {"alive_shares": shares, "churned_per_period": churned.tolist(), "survivors": survivors,
                     "mle": block(*fit(churned, survivors), churned, survivors),
                     "published": block(*pub, churned, survivors)}
    (HERE / "sbg_reference.json").write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
